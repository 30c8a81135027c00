"""A server project while others work on it: their commits arrive as changes, lost connections heal,
readers never wait, and many writers at once lose nothing."""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import replace

import psycopg
import pytest

from coder.domain.changes import Changes
from coder.domain.model import ImportedText
from coder.services import codebook, coders, codings, sources
from coder.services.project import Project, create_project, open_project
from pg_server import PgServer

TEXT = "Moscow and Beijing sign a treaty; Washington watches. " * 20


@pytest.fixture
def url(server_url: str) -> str:
    with create_project(server_url) as project:
        sources.store(project, [ImportedText("a.txt", "txt", TEXT)])
        codebook.add_code(project, "Alliance")
    return server_url


@pytest.fixture
def two(url: str) -> Iterator[tuple[Project, Project]]:
    first, second = open_project(url), open_project(url)
    try:
        yield first, second
    finally:
        first.close()
        second.close()


class Heard:
    def __init__(self, project: Project) -> None:
        self.changes: queue.Queue[Changes] = queue.Queue()
        self.status: queue.Queue[str] = queue.Queue()
        self.stop = project.watch(self.changes.put, self.status.put)
        assert self.status.get(timeout=10) == "connected"

    def next(self, seconds: float = 2.0) -> Changes:
        return self.changes.get(timeout=seconds)


def _ids(project: Project) -> tuple[str, str, str]:
    source = sources.list_sources(project)[0]
    code = codebook.get_codebook(project).codes[0]
    coder = coders.ensure_coder(project, "ana")
    return source.id, code.id, coder.id


def test_another_sessions_codings_arrive_within_two_seconds(two: tuple[Project, Project]) -> None:
    watcher, writer = two
    source_id, code_id, coder_id = _ids(writer)
    heard = Heard(watcher)
    own = Heard(writer)
    try:
        made = codings.add_coding(writer, source_id, code_id, coder_id, 0, 6, memo="first")
        started = time.monotonic()
        changes = heard.next()
        assert time.monotonic() - started < 2.0
        assert changes.added == (made,)
        codings.update_coding(writer, made.id, memo="changed")
        assert [c.memo for c in heard.next().updated] == ["changed"]
        codings.remove_codings(writer, [made.id])
        removed = heard.next().removed
        assert [(c.id, c.source_id, c.code_id, c.start, c.end, c.memo) for c in removed] == [
            (made.id, source_id, code_id, 0, 6, "changed")
        ]
        book = codebook.get_codebook(writer)
        codebook.update_code(writer, replace(book.codes[0], name="Renamed"))
        assert heard.next().codebook
        with pytest.raises(queue.Empty):
            own.next(0.5)  # a session does not hear itself: it reports its own changes
    finally:
        heard.stop()
        own.stop()


def test_a_lost_connection_is_reported_retried_and_ends_in_a_reload(
    pg_server: PgServer, two: tuple[Project, Project]
) -> None:
    watcher, writer = two
    source_id, code_id, coder_id = _ids(writer)
    heard = Heard(watcher)
    try:
        with psycopg.connect(pg_server.admin_url, autocommit=True) as admin:
            killed = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %'"
            ).fetchall()
        assert killed
        assert heard.status.get(timeout=5) == "lost"
        assert heard.status.get(timeout=10) == "connected"
        while not (changes := heard.next(5)).everything:
            pass
        made = codings.add_coding(writer, source_id, code_id, coder_id, 1, 7)
        while not (changes := heard.next()).added:
            pass
        assert changes.added == (made,)
    finally:
        heard.stop()


def test_an_action_after_the_server_dropped_every_connection_simply_works(
    pg_server: PgServer, two: tuple[Project, Project]
) -> None:
    project, _other = two
    source_id, code_id, coder_id = _ids(project)
    for _ in range(3):  # several pooled connections, all dropped
        assert len(sources.list_sources(project)) == 1
    database = psycopg.conninfo.conninfo_to_dict(project.location)["dbname"]
    with psycopg.connect(pg_server.admin_url, autocommit=True) as admin:
        dropped = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (database,)
        ).fetchall()
    assert dropped
    assert len(sources.list_sources(project)) == 1
    made = codings.add_coding(project, source_id, code_id, coder_id, 0, 4)
    assert codings.list_codings(project) == [made]


def test_a_reader_is_not_blocked_by_a_long_write(two: tuple[Project, Project]) -> None:
    writer, reader = two
    source_id, code_id, coder_id = _ids(writer)
    holding, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def long_write() -> None:
        try:
            with writer.write():
                codings.add_coding(writer, source_id, code_id, coder_id, 0, 5)
                codebook.add_code(writer, "Written meanwhile")
                holding.set()
                release.wait(30)
        except BaseException as error:  # noqa: BLE001
            failures.append(error)
            holding.set()

    thread = threading.Thread(target=long_write)
    thread.start()
    try:
        assert holding.wait(10)
        assert codings.list_codings(reader) == []  # the last committed state, at once
        assert [c.name for c in codebook.get_codebook(reader).codes] == ["Alliance"]
        assert thread.is_alive()
    finally:
        release.set()
        thread.join(30)
    assert not failures
    assert len(codings.list_codings(reader)) == 1


def _write_codings(url: str, number: int, count: int, start: multiprocessing.synchronize.Barrier) -> None:
    with open_project(url) as project:
        source_id, code_id, _ = _ids(project)
        coder_id = coders.ensure_coder(project, f"coder {number}").id
        start.wait(120)
        for index in range(count):
            codings.add_coding(project, source_id, code_id, coder_id, index, index + 3 + number)


def test_eight_processes_writing_codings_at_once_lose_nothing(url: str) -> None:
    context = multiprocessing.get_context("fork")  # each process opens its own project and connections
    start = context.Barrier(8)
    workers = [context.Process(target=_write_codings, args=(url, n, 40, start)) for n in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(180)
    assert [worker.exitcode for worker in workers] == [0] * 8
    with open_project(url) as project:
        made = codings.list_codings(project)
        names = {c.id: c.name for c in coders.list_coders(project)}
    assert len(made) == 8 * 40
    per_coder = {name: 0 for name in names.values() if name.startswith("coder ")}
    for coding in made:
        per_coder[names[coding.coder_id]] += 1
    assert per_coder == {f"coder {n}": 40 for n in range(8)}


def test_two_sessions_renaming_one_code_cannot_overwrite_each_other(two: tuple[Project, Project]) -> None:
    from coder.domain.errors import Conflict

    first, second = two
    code = codebook.get_codebook(first).codes[0]
    mine = codebook.get_codebook(second).codes[0]
    codebook.update_code(first, replace(code, name="Alliance building"), check_version=True)
    with pytest.raises(Conflict, match="was changed by postgres after you opened it"):
        codebook.update_code(second, replace(mine, name="Alliances"), check_version=True)
    assert [c.name for c in codebook.get_codebook(second).codes] == ["Alliance building"]
