"""Undoable edits: each command calls the session (one service call) in ``redo`` and ``undo``.

``QUndoStack.push`` runs ``redo`` at once, so the first execution happens there. Commands keep the
ids they were given (or got on first run), so a redo recreates identical rows. A command that
fails marks itself obsolete: Qt then drops it from the stack, and the failure is shown as one
sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from coder.domain.errors import ConnectionLost
from coder.domain.model import Code, Coding, SourceInfo, new_id
from coder.services.codebook import RemovedCodes
from coder.services.sources import RemovedSource
from coder.ui import errors
from coder.ui.session import Session

_MERGE_DETAILS = 1
_MERGE_MEMO = 2


MAX_ACTION_TEXT = 48  # characters of a command's description in the Edit menu


def action_text(text: str) -> str:
    """A command's description for the Undo/Redo menu entries: short, and every '&' shown as such.

    Qt reads a single '&' in an action's text as a mnemonic marker and hides it ("Arms & tech"
    became "Arms  tech"); a long code name made the entry, and the tool bar, very wide.
    """
    if len(text) > MAX_ACTION_TEXT:
        text = text[: MAX_ACTION_TEXT - 1].rstrip() + "…"
    return text.replace("&", "&&")


class SessionCommand(QUndoCommand):
    def __init__(self, session: Session, text: str) -> None:
        super().__init__()
        # Before the line break: the full description (text()); after it: the menu's (actionText()).
        self.setText(f"{text}\n{action_text(text)}")
        self.session = session
        self.failed = False
        self._done_once = False

    def redo(self) -> None:
        self.waiting = None
        try:
            if self._done_once:
                self.do_again()
            else:
                self.do_first()
                self._done_once = True
        except Exception as error:  # noqa: BLE001 - shown to the user, command dropped
            self._fail(error, "redo")

    def undo(self) -> None:
        self.waiting = None
        try:
            self.undo_it()
        except Exception as error:  # noqa: BLE001
            self._fail(error, "undo")

    def _fail(self, error: BaseException, step: str) -> None:
        hold = self.session.hold_for_retry
        if isinstance(error, ConnectionLost) and hold is not None and hold(self):
            self.waiting = step  # the server is away: coder.ui.live tries again when it is back
            return
        self.failed = True
        self.setObsolete(True)
        errors.report(error)

    # A change that met a lost connection may or may not have reached the server before the connection
    # broke. Trying again checks first, so that nothing is applied twice.
    waiting: str | None = None

    def retry(self) -> None:
        """Try the step that met a lost connection again, unless it did reach the server."""
        step, self.waiting = self.waiting, None
        if step == "redo" and not self._done_once and self.reached_server():
            self._done_once = True
        elif step == "redo":
            self.redo()
        elif step == "undo":
            self.undo()

    def reached_server(self) -> bool:
        """Whether a first run that met a lost connection was committed all the same."""
        return False

    def do_first(self) -> None:
        raise NotImplementedError

    def do_again(self) -> None:
        self.do_first()

    def undo_it(self) -> None:
        raise NotImplementedError


class ApplyCode(SessionCommand):
    def __init__(self, session: Session, source_id: str, code_id: str, start: int, end: int) -> None:
        name = session.codebook.by_id[code_id].name if code_id in session.codebook.by_id else "code"
        super().__init__(session, f"Code with “{name}”")
        self.args = (source_id, code_id, start, end)
        self.coding_id = new_id()
        self.coding: Coding | None = None

    def do_first(self) -> None:
        self.coding = self.session.add_coding(*self.args, coding_id=self.coding_id)

    def reached_server(self) -> bool:
        self.coding = self.session.stored_coding(self.coding_id)
        return self.coding is not None

    def do_again(self) -> None:
        assert self.coding is not None
        self.session.restore_codings([self.coding])

    def undo_it(self) -> None:
        self.session.remove_codings([self.coding_id])


class RemoveCodings(SessionCommand):
    def __init__(self, session: Session, coding_ids: Sequence[str]) -> None:
        super().__init__(session, "Remove coding" if len(coding_ids) == 1 else "Remove codings")
        self.coding_ids = list(coding_ids)
        self.removed: list[Coding] = []

    def do_first(self) -> None:
        self.removed = self.session.remove_codings(self.coding_ids)

    def reached_server(self) -> bool:
        # Removing again is safe: a removal that did go through is refused ("no longer in the project")
        # instead of removing anything twice.
        return False

    def undo_it(self) -> None:
        self.session.restore_codings(self.removed)


class EditCoding(SessionCommand):
    def __init__(
        self,
        session: Session,
        coding_id: str,
        code_id: str | None = None,
        memo: str | None = None,
        merge_key: str = "",
    ) -> None:
        super().__init__(session, "Change the code of a coding" if code_id else "Edit memo")
        self.coding_id, self.code_id, self.memo = coding_id, code_id, memo
        self.before: Coding | None = None
        self.merge_key = merge_key

    def do_first(self) -> None:
        self.before = self.session.update_coding(self.coding_id, code_id=self.code_id, memo=self.memo)

    def undo_it(self) -> None:
        assert self.before is not None
        self.session.put_back(self.before)

    def id(self) -> int:
        return _MERGE_MEMO if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        """The saves made while one memo is typed are one undo step; back where it began, none."""
        if not isinstance(other, EditCoding) or other.merge_key != self.merge_key or other.failed:
            return False
        self.memo = other.memo
        if self.before is not None and self.before.memo == self.memo:
            self.setObsolete(True)
        return True


class AddCode(SessionCommand):
    def __init__(self, session: Session, name: str, parent_id: str | None, colour: str | None = None) -> None:
        super().__init__(session, f"Add code “{name.strip()}”")
        self.args = (name, parent_id)
        self.colour = colour
        self.code_id = new_id()
        self.code: Code | None = None

    def do_first(self) -> None:
        self.code = self.session.add_code(*self.args, code_id=self.code_id, colour=self.colour)

    def do_again(self) -> None:
        assert self.code is not None
        self.session.restore_codes(RemovedCodes(codes=(self.code,), codings=()))

    def undo_it(self) -> None:
        self.session.delete_code(self.code_id)


class CodeFromSelection(SessionCommand):
    """In-vivo coding: a new code named after the passage, applied to it."""

    def __init__(self, session: Session, name: str, source_id: str, start: int, end: int) -> None:
        super().__init__(session, f"New code “{name}” from selection")
        self.name = name
        self.span = (source_id, start, end)
        self.code_id, self.coding_id = new_id(), new_id()
        self.removed: RemovedCodes | None = None

    def do_first(self) -> None:
        self.session.add_code(self.name, None, code_id=self.code_id)
        source_id, start, end = self.span
        try:
            self.session.add_coding(source_id, self.code_id, start, end, coding_id=self.coding_id)
        except Exception:
            self.session.delete_code(self.code_id)
            raise

    def do_again(self) -> None:
        assert self.removed is not None
        self.session.restore_codes(self.removed)

    def undo_it(self) -> None:
        self.removed = self.session.delete_code(self.code_id)


class EditCodes(SessionCommand):
    """Rename, recolour, move or re-describe codes; undo writes back what they were."""

    def __init__(self, session: Session, changed: Sequence[Code], text: str, merge_key: str = "") -> None:
        super().__init__(session, text)
        self.changed = list(changed)
        self.before: list[Code] = []
        self.merge_key = merge_key

    def do_first(self) -> None:
        self.before = []
        try:
            for code in self.changed:
                self.before.append(self.session.update_code(code))
        except Exception:
            for code in reversed(self.before):
                self.session.update_code(code)
            raise

    def undo_it(self) -> None:
        for code in reversed(self.before):
            self.session.update_code(code)

    def id(self) -> int:
        return _MERGE_DETAILS if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        """Typing in one field of the details pane makes one undo step, not one per pause."""
        if not isinstance(other, EditCodes) or other.merge_key != self.merge_key or other.failed:
            return False
        self.changed = other.changed
        return True


class DeleteCode(SessionCommand):
    def __init__(self, session: Session, code_id: str) -> None:
        super().__init__(session, f"Delete code “{session.codebook.by_id[code_id].name}”")
        self.code_id = code_id
        self.removed: RemovedCodes | None = None

    def do_first(self) -> None:
        self.removed = self.session.delete_code(self.code_id)

    def undo_it(self) -> None:
        assert self.removed is not None
        self.session.restore_codes(self.removed)


class MergeCode(SessionCommand):
    def __init__(self, session: Session, source_id: str, target_id: str) -> None:
        book = session.codebook
        super().__init__(session, f"Merge “{book.by_id[source_id].name}” into “{book.by_id[target_id].name}”")
        self.source_id, self.target_id = source_id, target_id
        self.removed: RemovedCodes | None = None

    def do_first(self) -> None:
        self.removed = self.session.merge_code(self.source_id, self.target_id)

    def undo_it(self) -> None:
        assert self.removed is not None
        self.session.unmerge_code(self.removed)


class AssignKey(SessionCommand):
    """Give a key 1–9 to a code (None: take its key away)."""

    def __init__(self, session: Session, code_id: str, key: int | None) -> None:
        name = session.codebook.by_id[code_id].name
        super().__init__(session, f"Key {key} for “{name}”" if key else f"No key for “{name}”")
        self.code_id, self.key = code_id, key
        self.before: dict[str, int] = {}

    def do_first(self) -> None:
        self.before = self.session.set_shortcut(self.code_id, self.key)

    def undo_it(self) -> None:
        self.session.restore_shortcuts(self.before)


class RenameSource(SessionCommand):
    def __init__(self, session: Session, source_id: str, name: str) -> None:
        source = session.source(source_id)
        super().__init__(session, f"Rename source “{source.name if source else '?'}”")
        self.source_id, self.name = source_id, name
        self.before: SourceInfo | None = None

    def do_first(self) -> None:
        self.before = self.session.rename_source(self.source_id, self.name)

    def undo_it(self) -> None:
        assert self.before is not None
        self.session.rename_source(self.source_id, self.before.name)


class DeleteSource(SessionCommand):
    def __init__(self, session: Session, source_id: str) -> None:
        source = session.source(source_id)
        super().__init__(session, f"Delete source “{source.name if source else '?'}”")
        self.source_id = source_id
        self.removed: RemovedSource | None = None

    def do_first(self) -> None:
        self.removed = self.session.delete_source(self.source_id)

    def undo_it(self) -> None:
        assert self.removed is not None
        self.session.restore_source(self.removed)
