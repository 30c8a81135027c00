"""Undoable journal edits, and coding every search hit at once as one undo step."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from coder.domain.memos import Memo
from coder.domain.model import Coding, new_ids, now
from coder.ui import memo_access
from coder.ui.session import Session
from coder.ui.undo import SessionCommand

_MERGE_JOURNAL = 2


class AddJournalEntry(SessionCommand):
    def __init__(self, session: Session, title: str = "", text: str = "") -> None:
        super().__init__(session, "Add journal entry")
        self.title, self.body = title, text  # not "text": QUndoCommand.text() names the step
        self.entry_id = new_ids(1)[0]
        self.entry: Memo | None = None

    def do_first(self) -> None:
        self.entry = memo_access.add_entry(self.session, self.title, self.body, self.entry_id)

    def do_again(self) -> None:
        assert self.entry is not None
        memo_access.restore(self.session, [self.entry])

    def undo_it(self) -> None:
        self.entry = memo_access.delete_entry(self.session, self.entry_id)


class EditJournalEntry(SessionCommand):
    """Typing in one entry makes one undo step: consecutive saves of the same entry merge."""

    def __init__(self, session: Session, entry: Memo, title: str, text: str) -> None:
        super().__init__(
            session, f"Edit journal entry “{entry.title}”" if entry.title else "Edit journal entry"
        )
        self.entry_id = entry.id
        self.read_version = entry.version  # the version the editor showed
        self.after = (title, text)
        self.before: Memo | None = None
        self.version = entry.version  # the version stored now

    def do_first(self) -> None:
        self.before, stored = memo_access.edit_entry(
            self.session, self.entry_id, *self.after, self.read_version
        )
        self.version = stored.version

    def do_again(self) -> None:
        _, stored = memo_access.edit_entry(self.session, self.entry_id, *self.after, self.version)
        self.version = stored.version

    def undo_it(self) -> None:
        assert self.before is not None
        _, stored = memo_access.edit_entry(
            self.session, self.entry_id, self.before.title, self.before.text, self.version
        )
        self.version = stored.version

    def id(self) -> int:
        return _MERGE_JOURNAL

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, EditJournalEntry) or other.entry_id != self.entry_id or other.failed:
            return False
        self.after, self.version = other.after, other.version
        return True


class DeleteJournalEntry(SessionCommand):
    def __init__(self, session: Session, entry: Memo) -> None:
        super().__init__(
            session, f"Delete journal entry “{entry.title}”" if entry.title else "Delete journal entry"
        )
        self.entry_id = entry.id
        self.removed: Memo | None = None

    def do_first(self) -> None:
        self.removed = memo_access.delete_entry(self.session, self.entry_id)

    def undo_it(self) -> None:
        assert self.removed is not None
        memo_access.restore(self.session, [self.removed])


class CodeAllHits(SessionCommand):
    """Code every hit with one code, in one transaction; undo removes exactly those codings."""

    def __init__(self, session: Session, code_id: str, spans: Sequence[tuple[str, int, int]]) -> None:
        name = session.codebook.by_id[code_id].name if code_id in session.codebook.by_id else "code"
        super().__init__(session, f"Code {len(spans)} hits with “{name}”")
        stamp = now()
        ids = new_ids(len(spans))
        self.codings = [
            Coding(coding_id, source_id, code_id, session.coder.id, start, end, "", stamp, stamp)
            for coding_id, (source_id, start, end) in zip(ids, spans, strict=True)
        ]

    def do_first(self) -> None:
        self.session.restore_codings(self.codings)

    def undo_it(self) -> None:
        self.session.remove_codings([coding.id for coding in self.codings])
