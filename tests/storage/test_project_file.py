"""The project file: pragmas, identity, invariants enforced by the database, migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from coder.domain.errors import Conflict
from coder.services import codebook, coders, codings, sources
from coder.services.project import create_project, open_project
from coder.storage import db, migrations
from coder.storage.db import NotAProject


def _source(project_path: Path, text: str = "abcdef") -> tuple[object, str]:
    project = open_project(project_path)
    file = project_path.parent / "s.txt"
    file.write_text(text, encoding="utf-8")
    info = sources.import_files(project, [file])[0]
    return project, info.id


def test_new_project_has_identity_version_and_wal(project_path: Path) -> None:
    raw = sqlite3.connect(project_path)
    assert raw.execute("PRAGMA application_id").fetchone()[0] == db.APPLICATION_ID
    assert raw.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()


def test_connections_enforce_foreign_keys(project_path: Path) -> None:
    project = open_project(project_path)
    with project.transaction() as session:
        assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
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
    with pytest.raises(sqlite3.IntegrityError, match="past the end"):
        raw.execute(
            "INSERT INTO codings VALUES ('x', ?, ?, ?, 0, 4, '', '2024-01-01', '2024-01-01')",
            (source_id, code.id, coder.id),
        )
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute(
            "INSERT INTO codings VALUES ('y', ?, ?, ?, 2, 2, '', '2024-01-01', '2024-01-01')",
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


def test_migration_path_backs_up_and_upgrades(project_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, source_id = _source(project_path, "keep me")
    project.close()
    step = "ALTER TABLE codes ADD COLUMN shortcut TEXT;"
    monkeypatch.setattr(db, "MIGRATIONS", [*migrations.MIGRATIONS, step])
    monkeypatch.setattr(db, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    open_project(project_path).close()
    raw = sqlite3.connect(project_path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION + 1
    assert "shortcut" in [row[1] for row in raw.execute("PRAGMA table_info(codes)")]
    assert raw.execute("SELECT text FROM sources").fetchone()[0] == "keep me"
    raw.close()
    backup = project_path.with_name(f"{project_path.name}.v{migrations.SCHEMA_VERSION}.bak")
    assert backup.exists()


def test_table_classes_match_the_migrated_schema(project_path: Path) -> None:
    from sqlmodel import SQLModel

    raw = sqlite3.connect(project_path)
    for table in SQLModel.metadata.sorted_tables:
        columns = {row[1] for row in raw.execute(f"PRAGMA table_info({table.name})")}
        assert columns == {c.name for c in table.columns}, table.name
    raw.close()


def test_failed_transaction_leaves_nothing(project_path: Path) -> None:
    project, source_id = _source(project_path, "abcdef")
    code = codebook.add_code(project, "K")
    coder = coders.ensure_coder(project, "A")
    good = codings.add_coding(project, source_id, code.id, coder.id, 0, 2)
    bad = codings.add_coding(project, source_id, code.id, coder.id, 2, 4)
    codings.remove_codings(project, [bad.id])
    with pytest.raises(IntegrityError):
        codings.restore_codings(project, [bad, good])  # good's id already exists
    assert [c.id for c in codings.list_codings(project)] == [good.id]
    project.close()
