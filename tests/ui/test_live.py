"""Two app windows on one server project, coded by two coders: each sees the other's work live."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from PySide6.QtCore import QSettings
from workspace_support import EMOJI_TEXT, OTHER_TEXT, select_span

from coder.domain.errors import ConnectionLost
from coder.domain.model import ImportedText
from coder.services import codebook, codings, sources, team
from coder.services.project import create_project, open_project
from coder.ui.session import CoderFilter
from coder.ui.settings import AppSettings
from pg_server import PgServer

WITHIN_MS = 2_000


@pytest.fixture
def team_url(pg_server: PgServer, server_url: str) -> Iterator[str]:
    with create_project(server_url) as project:
        sources.store(
            project,
            [ImportedText("a-first.txt", "txt", EMOJI_TEXT * 40), ImportedText("b.txt", "txt", OTHER_TEXT)],
        )
        codebook.add_code(project, "Alpha", colour="#f4a6a6")
        codebook.add_code(project, "Beta", colour="#a6d8f4")
        team.add_member(project, "ana", "coder")
        team.add_member(project, "ben", "coder")
    yield server_url


def _as(pg_server: PgServer, url: str, role: str) -> str:
    return pg_server.url(str(psycopg.conninfo.conninfo_to_dict(url)["dbname"]), user=role)


def _window(qtbot: Any, url: str, tmp_path: Path, name: str) -> Any:
    from coder.ui.app import build_window

    settings = AppSettings(QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat))
    window = build_window(open_project(url), settings, "not used on a server")
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.live.label.text() == "Server: connected", timeout=10_000)
    return window


def _close(window: Any) -> None:
    window.live.stop()
    window.session.project.close()


def test_each_window_shows_the_other_coders_codings_within_two_seconds(
    qtbot: Any, pg_server: PgServer, team_url: str, tmp_path: Path
) -> None:
    ana = _window(qtbot, _as(pg_server, team_url, "ana"), tmp_path, "ana")
    ben = _window(qtbot, _as(pg_server, team_url, "ben"), tmp_path, "ben")
    try:
        assert (ana.session.coder.name, ben.session.coder.name) == ("ana", "ben")
        first = ana.session.sources[0].id
        for window in (ana, ben):
            window.sources.choose(first)
            window.open_source(first)
            window.session.set_filter(CoderFilter.ALL)
        # Ben reads further down and has a passage selected; Ana codes near the top.
        ben_view = ben.document
        select_span(qtbot, ben_view, 40, 52)
        ben_view.verticalScrollBar().setValue(ben_view.verticalScrollBar().maximum() // 2)
        scrolled, selected = ben_view.verticalScrollBar().value(), ben_view.textCursor().selectedText()
        assert scrolled > 0
        start = EMOJI_TEXT.index("Opening")
        select_span(qtbot, ana.document, start, start + len("Opening"))
        made = ana.coding.apply(ana.session.codebook.codes[0].id)
        assert made is not None and made.coder_id == ana.session.coder.id
        qtbot.waitUntil(lambda: made.id in ben_view.index.by_id, timeout=WITHIN_MS)
        assert ben_view.verticalScrollBar().value() == scrolled
        assert ben_view.textCursor().selectedText() == selected
        assert ben.session.coder_name(made.coder_id) == "ana"
        # And the other way round, with a removal as well.
        select_span(qtbot, ben_view, 8, 12)
        theirs = ben.coding.apply(ben.session.codebook.codes[1].id)
        assert theirs is not None
        qtbot.waitUntil(lambda: theirs.id in ana.document.index.by_id, timeout=WITHIN_MS)
        ben.session.remove_codings([theirs.id])
        qtbot.waitUntil(lambda: theirs.id not in ana.document.index.by_id, timeout=WITHIN_MS)
        # A codebook change by a lead arrives too.
        with open_project(team_url) as lead:
            codebook.add_code(lead, "Gamma")
        qtbot.waitUntil(lambda: "Gamma" in [c.name for c in ana.session.codebook.codes], timeout=WITHIN_MS)
    finally:
        _close(ana)
        _close(ben)


def test_a_lost_connection_shows_in_the_status_bar_and_heals(
    qtbot: Any, pg_server: PgServer, team_url: str, tmp_path: Path
) -> None:
    ana = _window(qtbot, _as(pg_server, team_url, "ana"), tmp_path, "ana")
    shown: list[str] = []
    ana.live.sig_connection.connect(lambda _status: shown.append(ana.live.label.text()))
    try:
        with psycopg.connect(pg_server.admin_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'ana'")
        # Reconnecting can take only a moment: every state the status bar showed is recorded.
        qtbot.waitUntil(lambda: shown[-2:] == ["Server: connection lost, retrying…", "Server: connected"])
        # The pool replaces the connections the server dropped: the next action simply works.
        first = ana.session.sources[0].id
        ana.open_source(first)
        select_span(qtbot, ana.document, 0, 7)
        assert ana.coding.apply(ana.session.codebook.codes[0].id) is not None
    finally:
        _close(ana)


@pytest.mark.parametrize("committed", [False, True], ids=["lost before commit", "lost after commit"])
def test_a_change_that_meets_a_lost_connection_is_kept_and_applied_once(
    qtbot: Any, pg_server: PgServer, team_url: str, tmp_path: Path, committed: bool, monkeypatch: Any
) -> None:
    ana = _window(qtbot, _as(pg_server, team_url, "ana"), tmp_path, "ana")
    try:
        session = ana.session
        first = session.sources[0].id
        ana.open_source(first)
        real_add = session.add_coding
        calls: list[str] = []

        def breaks_once(*args: Any, **kwargs: Any) -> Any:
            calls.append("add")
            if len(calls) == 1:
                if committed:  # the commit reached the server, its answer did not reach us
                    real_add(*args, **kwargs)
                raise ConnectionLost("the connection to the server project was lost")
            return real_add(*args, **kwargs)

        monkeypatch.setattr(session, "add_coding", breaks_once)
        select_span(qtbot, ana.document, 0, 7)
        ana.coding.apply(session.codebook.codes[0].id)
        assert len(ana.live.waiting) == 1
        assert "1 change(s) waiting" in ana.live.label.text()
        ana.live.retry_waiting()  # as when the server is back
        assert ana.live.waiting == []
        stored = codings.list_codings(session.project, source_id=first)
        assert [(c.start, c.end) for c in stored] == [(0, 7)]  # once, not twice, not lost
        assert calls == (["add"] if committed else ["add", "add"])
        assert not ana.session.undo_stack.command(0).isObsolete()
        ana.session.undo_stack.undo()
        assert codings.list_codings(session.project, source_id=first) == []
    finally:
        _close(ana)


def test_open_server_project_asks_for_a_password_only_when_the_server_wants_one(
    qtbot: Any, window: Any, team_url: str, tmp_path: Path, monkeypatch: Any
) -> None:
    from coder.domain.errors import PasswordNeeded
    from coder.ui import live

    asked: list[str] = []
    tried: list[str | None] = []

    def open_with(url: str, password: str | None = None) -> Any:
        tried.append(password)
        if password is None:
            raise PasswordNeeded("the server asks for a password")
        return open_project(url)

    def answer(*_args: Any) -> tuple[str, bool]:
        asked.append("password")
        return "s3cret-typed", True

    monkeypatch.setattr(live, "open_project", open_with)
    monkeypatch.setattr(live.QInputDialog, "getText", answer)
    assert window.server.open_url(team_url)
    try:
        assert tried == [None, "s3cret-typed"] and asked == ["password"]
        assert window.session.project.is_server
        qtbot.waitUntil(lambda: window.live.label.text() == "Server: connected", timeout=10_000)
        window.settings.store.sync()
        stored = Path(window.settings.store.fileName()).read_text(encoding="utf-8")
        assert "s3cret" not in stored and "postgresql" not in stored
    finally:
        window.live.stop()
        window.session.project.close()
