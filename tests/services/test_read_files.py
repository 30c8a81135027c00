"""Reading many files at once: texts converted ahead on other threads come back in order, whole."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from coder.domain.errors import CoderError
from coder.services import sources
from coder.services.project import Project, open_project
from coder.services.sources import read_files


def test_files_come_back_in_order_and_the_first_bad_one_stops_the_batch(tmp_path: Path) -> None:
    paths = []
    for number in range(40):  # more than are read ahead at once
        suffix = ".md" if number % 3 == 0 else ".txt"
        path = tmp_path / f"f{number:02d}{suffix}"
        path.write_text(f"Text number {number}.\n" * (number + 1), encoding="utf-8")
        paths.append(path)
    imported = read_files(paths)
    assert [item.name for item in imported] == [path.name for path in paths]
    for item, path in zip(imported, paths, strict=True):
        assert item.text == path.read_text(encoding="utf-8")
        assert item.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert item.format == path.suffix[1:]

    (tmp_path / "f05.txt").write_bytes(b"")
    (tmp_path / "f09.txt").write_bytes(b"")
    with pytest.raises(CoderError, match="f05.txt"):
        read_files(paths)


def test_an_import_stores_files_as_it_reads_them_and_a_refusal_undoes_them_all(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "STORE_BATCH", 2)  # batches go in before the bad file is read
    before = sources.list_sources(project)
    paths = []
    for number in range(7):
        path = tmp_path / f"g{number}.txt"
        path.write_text(f"Text {number}.", encoding="utf-8")
        paths.append(path)
    (tmp_path / "g5.txt").write_bytes(b"\x00\x01binary")
    with pytest.raises(CoderError, match="g5.txt"):
        sources.import_files(project, paths)
    assert sources.list_sources(project) == before == []

    (tmp_path / "g5.txt").write_text("Text 5.", encoding="utf-8")
    twice = [*paths[:4], tmp_path / "again" / "g1.txt"]
    twice[-1].parent.mkdir()
    twice[-1].write_text("Another g1.", encoding="utf-8")
    with pytest.raises(CoderError, match="g1.txt"):
        sources.import_files(project, twice)  # a name given twice in one batch
    assert sources.list_sources(project) == before == []

    stored = sources.import_files(project, paths)
    assert [info.name for info in stored] == [path.name for path in paths]
    assert [info.name for info in sources.list_sources(project)] == sorted(path.name for path in paths)
    with pytest.raises(CoderError, match="g1.txt"):
        sources.import_files(project, [tmp_path / "again" / "g1.txt", paths[3]])  # already there
    assert len(sources.list_sources(project)) == 7


def test_an_import_of_files_goes_through_a_rollback_journal_and_ends_in_wal_mode(
    project_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = open_project(project_path)
    journal = Path(f"{project_path}-journal")
    monkeypatch.setattr(sources, "STORE_BATCH", 2)
    seen: list[bool] = []

    class Watch:
        def update(self, done: int, total: int | None = None, message: str = "") -> None:
            seen.append(journal.exists())

        def cancelled(self) -> bool:
            return False

    paths = []
    for number in range(12):
        path = tmp_path / f"h{number:02d}.txt"
        path.write_text(f"Text {number}. " * 500, encoding="utf-8")
        paths.append(path)
    sources.import_files(project, paths, Watch())
    assert any(seen)  # the text went into the file, its old pages kept in a rollback journal
    assert not journal.exists()
    with project.read() as uow:
        assert uow.sql.value("PRAGMA journal_mode") == "wal"
    assert len(sources.list_sources(project)) == 12
