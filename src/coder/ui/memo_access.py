"""The app's calls for memos, the journal and search: one service call each, then the change signal.

Like :class:`coder.ui.session.Session` (whose project, coder and signal they use), every write is
one committed transaction followed by ``sig_data_changed`` with ``Changed(memos=True)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from coder.analysis.text_search import Query
from coder.domain.memos import JOURNAL, Memo
from coder.services import coders, codings, memos, search
from coder.ui.changes import Changed
from coder.ui.session import CoderFilter, Session


def _changed(session: Session) -> None:
    session.sig_data_changed.emit(Changed(memos=True))


def mine(session: Session, kind: str, target_id: str) -> Memo | None:
    return memos.get_memo(session.project, kind, target_id, session.coder.id)


def others(session: Session, kind: str, target_id: str) -> list[tuple[str, Memo]]:
    """(coder name, memo) of the other coders whose work the view shows (none while coding blind)."""
    if session.coder_filter is CoderFilter.MINE:
        return []
    shown = session.visible_coder_ids()
    found = [
        memo
        for memo in memos.memos_on(session.project, kind, target_id)
        if memo.coder_id != session.coder.id and (shown is None or memo.coder_id in shown)
    ]
    names = coder_names(session) if found else {}
    return [(names.get(memo.coder_id, "?"), memo) for memo in found]


def save(session: Session, kind: str, target_id: str, coder_id: str, text: str, version: int) -> Memo:
    memo = memos.set_memo(session.project, kind, target_id, coder_id, text, version)
    if memo.version != version:
        _changed(session)
    return memo


def journal(session: Session) -> list[Memo]:
    return memos.journal_entries(session.project)


def coder_names(session: Session) -> dict[str, str]:
    """Every coder's name by id, as stored now (others may have joined since the app started)."""
    return {coder.id: coder.name for coder in coders.list_coders(session.project)}


def add_entry(session: Session, title: str, text: str, entry_id: str) -> Memo:
    entry = memos.add_journal_entry(session.project, session.coder.id, title, text, entry_id)
    _changed(session)
    return entry


def edit_entry(session: Session, entry_id: str, title: str, text: str, version: int) -> tuple[Memo, Memo]:
    before, after = memos.edit_journal_entry(session.project, entry_id, title, text, version)
    _changed(session)
    return before, after


def delete_entry(session: Session, entry_id: str) -> Memo:
    removed = memos.delete_journal_entry(session.project, entry_id)
    _changed(session)
    return removed


def restore(session: Session, restored: Sequence[Memo]) -> None:
    memos.restore_memos(session.project, restored)
    _changed(session)


def find(session: Session, query: Query, code_id: str | None) -> search.SearchResult:
    """Every source, the journal and the memos of the coders the view shows.

    With ``code_id``, only hits inside that code's codings by the coders the view shows.
    """
    shown = session.visible_coder_ids()
    result = search.search(
        session.project, query, code_id=code_id, coder_ids=shown if code_id else None, memos=True
    )
    visible = tuple(
        hit for hit in result.memo_hits if hit.kind == JOURNAL or shown is None or hit.memo.coder_id in shown
    )
    return replace(result, memo_hits=visible)


def coded_spans(session: Session, code_id: str) -> set[tuple[str, int, int]]:
    """(source, start, end) of every coding of ``code_id`` by the current coder."""
    found = codings.list_codings(session.project, coder_ids=[session.coder.id], code_ids=[code_id])
    return {(coding.source_id, coding.start, coding.end) for coding in found}
