"""Memos on sources and codes (one per coder), and the project journal.

A memo is changed with optimistic concurrency: the caller passes the version it read (0 when there
was no memo yet), and a memo that someone changed since is refused with a sentence naming who did,
on a file project as on a server. Journal edits return what undo needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from coder.domain.errors import Conflict, InvalidInput, NotFound
from coder.domain.memos import CODE, JOURNAL, SOURCE, Memo
from coder.domain.model import new_id, now
from coder.exporters.memos_document import MemoEntry, MemosDocument, render, sections
from coder.services.codebook import codebook_in
from coder.services.project import Project
from coder.storage.unit_of_work import UnitOfWork

MAX_TITLE = 500


def target_name(uow: UnitOfWork, kind: str, target_id: str) -> str:
    """The source's name or the code's name; refuses a target no longer in the project."""
    if kind == SOURCE:
        source = uow.sources.info(target_id)
        if source is None:
            raise NotFound("that source is no longer in the project")
        return source.name
    if kind == CODE:
        code = uow.codes.get(target_id)
        if code is None:
            raise NotFound("that code is no longer in the codebook")
        return code.name
    raise InvalidInput(f"'{kind}' is not a kind of memo; a memo is on a source or a code")


def _coder_name(uow: UnitOfWork, coder_id: str) -> str:
    name = uow.coders.names().get(coder_id)
    if name is None:
        raise NotFound("that coder is no longer in the project")
    return name


def _refuse_stale(current: Memo, what: str, own_name: str) -> None:
    who = current.changed_by or "another coder"
    if who == own_name:
        who = f"{own_name} (you, in another window or on another computer)"
    raise Conflict(
        f"{what} was changed by {who} after you opened it, so your change was not saved; "
        "it now shows the version that was saved"
    )


# ---------------------------------------------------------------------- memos on sources and codes


def get_memo(project: Project, kind: str, target_id: str, coder_id: str) -> Memo | None:
    """A coder's memo on a source or code, or None when they have not written one."""
    with project.read() as uow:
        return uow.memos.get(kind, target_id, coder_id)


def memos_on(project: Project, kind: str, target_id: str) -> list[Memo]:
    """Every coder's memo on one source or code (empty ones left out), by coder name."""
    with project.read() as uow:
        names = uow.coders.names()
        found = [memo for memo in uow.memos.of_target(kind, target_id) if memo.text.strip()]
    return sorted(found, key=lambda memo: names.get(memo.coder_id, ""))


def set_memo(project: Project, kind: str, target_id: str, coder_id: str, text: str, version: int) -> Memo:
    """Store a coder's memo on a source or code; ``version`` is the one read (0: there was none).

    Returns the memo as stored now. A memo changed by someone since it was read is refused.
    """
    with project.write() as uow:
        name = target_name(uow, kind, target_id)
        own = _coder_name(uow, coder_id)
        writer = uow.actor or own
        current = uow.memos.get(kind, target_id, coder_id)
        what = f"the memo on '{name}'"
        if current is None:
            if version:
                raise Conflict(f"{what} was removed after you opened it, so your change was not saved")
            stamp = now()
            memo = Memo(new_id(), kind, target_id, coder_id, "", text, stamp, stamp, 1, writer)
            uow.memos.insert([memo])
            return memo
        if current.version != version:
            _refuse_stale(current, what, own)
        if current.text == text:
            return current
        changed = replace(current, text=text, changed_at=now())
        if not uow.memos.update(changed, version, writer):
            _refuse_stale(uow.memos.by_id(current.id) or current, what, own)
        return replace(changed, version=version + 1, changed_by=writer)


# ---------------------------------------------------------------------- the journal


def _title(title: str) -> str:
    title = " ".join(title.split())
    if len(title) > MAX_TITLE:
        raise InvalidInput(f"a journal entry's title can have at most {MAX_TITLE} characters")
    return title


def journal_entries(project: Project) -> list[Memo]:
    """Every entry of the journal, newest first."""
    with project.read() as uow:
        return uow.memos.journal()


def add_journal_entry(
    project: Project, coder_id: str, title: str, text: str, entry_id: str | None = None
) -> Memo:
    """A new dated entry by ``coder_id``."""
    title = _title(title)
    with project.write() as uow:
        writer = uow.actor or _coder_name(uow, coder_id)
        stamp = now()
        entry = Memo(entry_id or new_id(), JOURNAL, None, coder_id, title, text, stamp, stamp, 1, writer)
        uow.memos.insert([entry])
    return entry


def _entry(uow: UnitOfWork, entry_id: str) -> Memo:
    entry = uow.memos.by_id(entry_id)
    if entry is None or entry.kind != JOURNAL:
        raise NotFound("that journal entry is no longer in the project")
    return entry


def edit_journal_entry(
    project: Project, entry_id: str, title: str, text: str, version: int
) -> tuple[Memo, Memo]:
    """Change an entry's title and text; returns the entry before and after (for undo).

    ``version`` is the one read; an entry that someone changed since is refused.
    """
    title = _title(title)
    with project.write() as uow:
        before = _entry(uow, entry_id)
        own = _coder_name(uow, before.coder_id)
        what = f"the journal entry '{before.title}'" if before.title else "that journal entry"
        if before.version != version:
            _refuse_stale(before, what, uow.actor or own)
        if (before.title, before.text) == (title, text):
            return before, before
        writer = uow.actor or own
        after = replace(before, title=title, text=text, changed_at=now())
        if not uow.memos.update(after, version, writer):
            _refuse_stale(uow.memos.by_id(entry_id) or before, what, uow.actor or own)
        return before, replace(after, version=version + 1, changed_by=writer)


def delete_journal_entry(project: Project, entry_id: str) -> Memo:
    """Remove an entry; returns it as it was, for :func:`restore_memos`."""
    with project.write() as uow:
        entry = _entry(uow, entry_id)
        uow.memos.delete([entry_id])
    return entry


def restore_memos(project: Project, memos: Sequence[Memo]) -> None:
    """Put memos back exactly as given (ids, times and all), e.g. to undo a deletion."""
    if not memos:
        return
    with project.write() as uow:
        if uow.memos.ids_present([memo.id for memo in memos]):
            raise Conflict("that memo is already back in the project")
        uow.memos.insert(list(memos))


# ---------------------------------------------------------------------- export


def memos_document(project: Project) -> MemosDocument:
    """Every memo with some text and every journal entry, ready to render."""
    with project.read() as uow:
        names = uow.coders.names()
        source_names = {info.id: info.name for info in uow.sources.infos()}
        book = codebook_in(uow)
        stored = uow.memos.all()
    order = {code.id: number for number, code in enumerate(book.in_tree_order())}

    def entry(memo: Memo) -> MemoEntry:
        return MemoEntry(names.get(memo.coder_id, "?"), memo.changed_at, memo.text, memo.title)

    on_sources = sorted(
        (m for m in stored if m.kind == SOURCE and m.text.strip()),
        key=lambda m: (source_names.get(m.target_id or "", ""), names.get(m.coder_id, "")),
    )
    on_codes = sorted(
        (m for m in stored if m.kind == CODE and m.text.strip()),
        key=lambda m: (order.get(m.target_id or "", 0), names.get(m.coder_id, "")),
    )
    journal = [m for m in stored if m.kind == JOURNAL]  # oldest first
    return MemosDocument(
        title=f"Memos and journal of {project.name}",
        sources=sections([(source_names.get(m.target_id or "", "?"), entry(m)) for m in on_sources]),
        codes=sections([(book.path_text(m.target_id or ""), entry(m)) for m in on_codes]),
        journal=tuple(replace(entry(m), date=m.created_at) for m in journal),
    )


def export_memos(project: Project, out: Path) -> int:
    """Write memos and journal as Markdown (.md) or HTML (.html); returns how many were written."""
    suffix = out.suffix.lower()
    if suffix not in (".md", ".markdown", ".html", ".htm"):
        raise InvalidInput(f"cannot write memos to '{out.name}'; the file name must end in .md or .html")
    from coder.services.exchange import write_atomically

    document = memos_document(project)
    data = render(document, markdown=suffix in (".md", ".markdown")).encode("utf-8")
    write_atomically(out, lambda handle: handle.write(data))
    return document.count
