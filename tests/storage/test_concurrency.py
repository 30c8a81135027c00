"""Readers never wait for writers; writers queue instead of failing."""

from __future__ import annotations

import threading
from pathlib import Path

from coder.domain.model import ImportedText
from coder.services import sources
from coder.services.project import open_project


def test_a_reader_is_not_blocked_by_an_open_write(project_path: Path) -> None:
    writer_project = open_project(project_path)
    reader_project = open_project(project_path)
    sources.store(writer_project, [ImportedText("before.txt", "txt", "already here")])
    holding = threading.Event()
    release = threading.Event()
    failures: list[BaseException] = []

    def hold_the_write_lock() -> None:
        try:
            with writer_project.write() as uow:
                uow.sources.insert(sources.records_for([ImportedText("during.txt", "txt", "not yet")]))
                holding.set()
                release.wait(30)
        except BaseException as error:  # noqa: BLE001
            failures.append(error)
            holding.set()

    thread = threading.Thread(target=hold_the_write_lock)
    thread.start()
    try:
        assert holding.wait(10)
        # While the writer holds the lock, a reader sees the last committed state at once.
        names = [info.name for info in sources.list_sources(reader_project)]
        assert names == ["before.txt"]
        assert thread.is_alive()
    finally:
        release.set()
        thread.join(30)
    assert not failures
    assert [info.name for info in sources.list_sources(reader_project)] == ["before.txt", "during.txt"]
    writer_project.close()
    reader_project.close()


def test_eight_writers_at_once_all_succeed(project_path: Path) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def import_many(number: int) -> None:
        project = open_project(project_path)
        try:
            start.wait(10)
            batch = [
                ImportedText(f"w{number}-{i}.txt", "txt", f"text {number} {i} " * 2000) for i in range(40)
            ]
            sources.store(project, batch)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            project.close()

    threads = [threading.Thread(target=import_many, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    project = open_project(project_path)
    assert len(sources.list_sources(project)) == 8 * 40
    project.close()
