"""The project file: pragmas, identity, invariants enforced by the database, migrations, schema checks."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from coder.domain.errors import Conflict, InvalidInput
from coder.services import codebook, coders, codings, sources
from coder.services.project import create_project, open_project, save_copy
from coder.storage import migrations, rows, sqlite_file
from coder.storage.sqlite_file import NotAProject


def _source(project_path: Path, text: str = "abcdef") -> tuple[object, str]:
    project = open_project(project_path)
    file = project_path.parent / "s.txt"
    file.write_text(text, encoding="utf-8")
    info = sources.import_files(project, [file])[0]
    return project, info.id


def test_new_project_has_identity_version_and_wal(project_path: Path) -> None:
    raw = sqlite3.connect(project_path)
    assert raw.execute("PRAGMA application_id").fetchone()[0] == sqlite_file.APPLICATION_ID
    assert raw.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()


def test_connections_enforce_foreign_keys(project_path: Path) -> None:
    project = open_project(project_path)
    with project.read() as uow:
        assert uow.sql.value("PRAGMA foreign_keys") == 1
    project.close()


def test_source_text_cannot_be_changed_even_by_sql(project_path: Path) -> None:
    project, _ = _source(project_path)
    project.close()
    raw = sqlite3.connect(project_path)
    with pytest.raises(sqlite3.IntegrityError, match="never changes"):
        raw.execute("UPDATE sources SET text = 'x'")
    raw.close()


def test_database_refuses_coding_past_the_end(project_path: Path) -> None:
    project, source_id = _source(project_path, "abc")
    code = codebook.add_code(project, "K")
    coder = coders.ensure_coder(project, "A")
    project.close()
    raw = sqlite3.connect(project_path)
    raw.execute("PRAGMA foreign_keys = ON")
    columns = 'id, source_id, code_id, coder_id, start, "end", memo, created_at, changed_at'
    with pytest.raises(sqlite3.IntegrityError, match="past the end"):
        raw.execute(
            f"INSERT INTO codings ({columns}) VALUES ('x', ?, ?, ?, 0, 4, '', '2024-01-01', '2024-01-01')",
            (source_id, code.id, coder.id),
        )
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute(
            f"INSERT INTO codings ({columns}) VALUES ('y', ?, ?, ?, 2, 2, '', '2024-01-01', '2024-01-01')",
            (source_id, code.id, coder.id),
        )
    raw.close()


def test_sibling_names_are_unique_but_cousins_may_share(project_path: Path) -> None:
    project = open_project(project_path)
    a = codebook.add_code(project, "A")
    b = codebook.add_code(project, "B")
    codebook.add_code(project, "Same", parent_id=a.id)
    codebook.add_code(project, "Same", parent_id=b.id)
    with pytest.raises(Conflict):
        codebook.add_code(project, "Same", parent_id=a.id)
    with pytest.raises(Conflict):
        codebook.add_code(project, "A")
    project.close()


def test_create_refuses_existing_path(project_path: Path) -> None:
    with pytest.raises(Conflict):
        create_project(project_path)


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"just some notes\n", "not a SQLite database"),
        (b"", "not a SQLite database"),
    ],
)
def test_non_projects_are_refused(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "notes.coder"
    path.write_bytes(content)
    with pytest.raises(NotAProject, match=expected):
        open_project(path)
    assert path.read_bytes() == content


def test_other_sqlite_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE t (x)")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(NotAProject, match="another program"):
        open_project(path)
    assert path.read_bytes() == before


def test_newer_schema_is_refused(project_path: Path) -> None:
    raw = sqlite3.connect(project_path)
    raw.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    with pytest.raises(NotAProject, match="newer version"):
        open_project(project_path)


def test_tables_without_a_version_are_refused(project_path: Path) -> None:
    raw = sqlite3.connect(project_path)
    raw.execute("PRAGMA user_version = 0")
    raw.commit()
    raw.close()
    with pytest.raises(NotAProject, match="no schema version"):
        open_project(project_path)


def test_migration_path_backs_up_and_upgrades(project_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, _source_id = _source(project_path, "keep me")
    project.close()
    step = "ALTER TABLE codes ADD COLUMN nickname TEXT;"
    monkeypatch.setattr(sqlite_file, "MIGRATIONS", [*migrations.MIGRATIONS, step])
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, step])
    monkeypatch.setattr(sqlite_file, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    sqlite_file.expected_schema.cache_clear()
    try:
        open_project(project_path).close()
        raw = sqlite3.connect(project_path)
        assert raw.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION + 1
        assert "nickname" in [row[1] for row in raw.execute("PRAGMA table_info(codes)")]
        assert raw.execute("SELECT text FROM sources").fetchone()[0] == "keep me"
        raw.close()
    finally:
        sqlite_file.expected_schema.cache_clear()
    backup = project_path.with_name(f"{project_path.name}.v{migrations.SCHEMA_VERSION}.bak")
    assert backup.exists()


def test_a_version_1_file_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.coder"
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.executescript(migrations.MIGRATION_1)
    raw.execute(f"PRAGMA application_id = {sqlite_file.APPLICATION_ID}")
    raw.execute("PRAGMA user_version = 1")
    raw.execute(
        "INSERT INTO sources VALUES ('s', 'a.txt', 'txt', 'abc', 3, 'x', '[]', 'a.txt', NULL, "
        "'2024-01-01 00:00:00.000000')"
    )
    raw.close()
    project = open_project(path)
    assert [s.name for s in sources.list_sources(project)] == ["a.txt"]
    project.close()
    assert path.with_name("old.coder.v1.bak").exists()


def test_column_lists_match_the_schema(project_path: Path) -> None:
    raw = sqlite3.connect(project_path)
    for table, columns in (("sources", rows.SOURCE_INFO), ("codes", rows.CODE), ("codings", rows.CODING)):
        present = {row[1] for row in raw.execute(f"PRAGMA table_info({table})")}
        wanted = {name.strip().strip('"') for name in columns.split(",")}
        assert wanted <= present, table
    raw.close()


def test_failed_transaction_leaves_nothing(project_path: Path) -> None:
    project, source_id = _source(project_path, "abcdef")
    code = codebook.add_code(project, "K")
    coder = coders.ensure_coder(project, "A")
    good = codings.add_coding(project, source_id, code.id, coder.id, 0, 2)
    bad = codings.add_coding(project, source_id, code.id, coder.id, 2, 4)
    codings.remove_codings(project, [bad.id])
    with pytest.raises(Conflict):
        codings.restore_codings(project, [bad, good])  # good's id already exists
    assert [c.id for c in codings.list_codings(project)] == [good.id]
    project.close()


# ----------------------------------------------------------------------------- a file's own schema


@pytest.mark.parametrize(
    "sql, kind",
    [
        (
            "CREATE TRIGGER wipe AFTER INSERT ON sources BEGIN DELETE FROM codings; END",
            "trigger 'wipe'",
        ),
        ("CREATE VIEW everything AS SELECT * FROM codings", "view 'everything'"),
        ("CREATE INDEX ix_extra ON codings (memo)", "index 'ix_extra'"),
        ("CREATE TABLE extra (x)", "table 'extra'"),
    ],
)
def test_a_file_with_objects_of_its_own_is_refused_unchanged(project_path: Path, sql: str, kind: str) -> None:
    project, source_id = _source(project_path)
    code = codebook.add_code(project, "K")
    coder = coders.ensure_coder(project, "A")
    codings.add_coding(project, source_id, code.id, coder.id, 0, 2)
    project.close()
    raw = sqlite3.connect(project_path)
    raw.execute(sql)
    raw.commit()
    raw.execute("PRAGMA journal_mode = DELETE")
    raw.close()
    before = project_path.read_bytes()
    with pytest.raises(NotAProject, match=kind) as refused:
        open_project(project_path)
    assert "\n" not in str(refused.value)
    assert project_path.read_bytes() == before
    raw = sqlite3.connect(project_path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    raw.close()


def test_a_changed_trigger_is_refused(project_path: Path) -> None:
    raw = sqlite3.connect(project_path)
    raw.execute("DROP TRIGGER codings_within_text_insert")
    raw.execute("CREATE TRIGGER codings_within_text_insert BEFORE INSERT ON codings BEGIN SELECT 1; END")
    raw.commit()
    raw.close()
    with pytest.raises(NotAProject, match="changed trigger 'codings_within_text_insert'"):
        open_project(project_path)


def test_a_refused_foreign_database_keeps_its_journal_mode(tmp_path: Path) -> None:
    path = tmp_path / "other.coder"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE t (x)")
    raw.commit()
    raw.close()
    with pytest.raises(NotAProject):
        open_project(path)
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    raw.close()


# ----------------------------------------------------------------------------- copies and damage


def test_copying_the_file_alone_after_a_change_keeps_the_change(project_path: Path, tmp_path: Path) -> None:
    project, source_id = _source(project_path)
    code = codebook.add_code(project, "K")
    coder = coders.ensure_coder(project, "A")
    made = codings.add_coding(project, source_id, code.id, coder.id, 1, 3)
    copy = tmp_path / "copy.coder"
    shutil.copyfile(project_path, copy)  # the app is still open: only the main file is copied
    other = open_project(copy)
    assert [c.id for c in codings.list_codings(other)] == [made.id]
    other.close()
    project.close()


def test_save_a_copy_while_open(project_path: Path, tmp_path: Path) -> None:
    project, source_id = _source(project_path)
    code = codebook.add_code(project, "K")
    coder = coders.ensure_coder(project, "A")
    made = codings.add_coding(project, source_id, code.id, coder.id, 1, 3)
    target = tmp_path / "saved.coder"
    save_copy(project, target)
    with pytest.raises(Conflict):
        save_copy(project, target)
    with pytest.raises(InvalidInput):
        save_copy(project, tmp_path / "saved.txt")
    project.close()
    copy = open_project(target)
    assert [c.id for c in codings.list_codings(copy)] == [made.id]
    copy.close()


def test_a_damaged_file_is_refused_in_one_sentence(project_path: Path) -> None:
    project, _ = _source(project_path, "some text " * 2000)
    project.close()
    data = bytearray(project_path.read_bytes())
    for offset in range(4096, len(data), 97):
        data[offset] = 0xFF
    project_path.write_bytes(bytes(data))
    with pytest.raises((NotAProject, sqlite_file.StorageError)) as refused:
        project = open_project(project_path)
        sources.list_sources(project)
    message = str(refused.value)
    assert "damaged" in message and "\n" not in message


@pytest.mark.parametrize(
    "driver_message, expected",
    [
        ("database or disk is full", "is full; free some space"),
        ("attempt to write a readonly database", "read-only"),
        ("database is locked", "busy with another change"),
        ("database disk image is malformed", "damaged"),
        ("unable to open database file", "cannot be opened"),
    ],
)
def test_driver_errors_become_sentences(driver_message: str, expected: str) -> None:
    error = sqlite_file.translate(sqlite3.OperationalError(driver_message), "p.coder")
    assert expected in str(error)
    assert "sqlite" not in str(error).lower() and "SELECT" not in str(error)
