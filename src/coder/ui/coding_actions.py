"""Coding the document: every way to apply a code, and the edits of a chosen coding.

Apply by double-click or Enter on a code, keys 1–9, the quick-code palette (Ctrl+K), dragging the
selection onto a code, or the document's context menu. All of them end in :meth:`apply`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from coder.domain.model import Coding, new_id
from coder.ui import dialogs, undo
from coder.ui.plain import menu_text
from coder.ui.session import Session
from coder.ui.views.codebook_panel import CodebookPanel
from coder.ui.views.document_view import DocumentView
from coder.ui.views.pdf_page_view import PdfPageView
from coder.ui.views.swatches import swatch_icon

MAX_RECENT = 6
MAX_IN_VIVO = 60


def in_vivo_name(text: str) -> str:
    """A code name from a passage: one line, no '/', at most a few words long."""
    name = " ".join(text.replace("/", " ").split()).strip(" \"'“”‘’.,;:")
    if len(name) > MAX_IN_VIVO:
        name = name[:MAX_IN_VIVO].rsplit(" ", 1)[0] + "…"
    return name


class CodingActions(QObject):
    sig_status_changed = Signal(str)  # a short message for the status bar

    def __init__(
        self, session: Session, view: DocumentView | PdfPageView, codebook: CodebookPanel, window: QWidget
    ) -> None:
        super().__init__(window)
        self.session, self.view, self.codebook, self.window = session, view, codebook, window
        self._recent: dict[str, list[str]] = {}  # coder id -> the codes they used last, newest first
        self.quick_code = self._action("Code selection with…", self.open_palette, "Ctrl+K", "Ctrl+Space")
        self.quick_code.setIconText("Quick code")  # the key is in its tooltip; the toolbar is narrow
        self.quick_code.setToolTip("Code the selected passage with a code you pick by typing (Ctrl+K)")
        self.in_vivo = self._action("New code from selection", self.code_from_selection, "Ctrl+Shift+N")
        self.remove = self._action("Remove coding", self.remove_chosen, "Delete")
        self.change_code = self._action("Change code of coding…", self.change_code_of_chosen)
        self.edit_memo = self._action("Edit memo of coding…", self.edit_memo_of_chosen, "Ctrl+M")
        self.digit_actions: list[QAction] = []
        for digit in range(1, 10):
            action = QAction(f"Code with code {digit}", view)
            action.setShortcut(QKeySequence(str(digit)))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, n=digit: self.apply_numbered(n))
            self.digit_actions.append(action)
        codebook.sig_code_activated.connect(self.apply)
        codebook.sig_span_dropped.connect(self.apply_dropped)
        self.add_view(view)
        self._on_view_span_selected(None)
        self._on_view_coding_chosen(None)

    def add_view(self, view: DocumentView | PdfPageView) -> None:
        """Let every way of coding work on another view too (they act on the view in use)."""
        view.addActions(self.digit_actions)
        view.sig_menu_requested.connect(self.fill_document_menu)
        view.margin.sig_menu_requested.connect(self.fill_coding_menu)
        view.sig_span_selected.connect(
            lambda span, v=view: v is self.view and self._on_view_span_selected(span)
        )
        view.sig_coding_chosen.connect(lambda c, v=view: v is self.view and self._on_view_coding_chosen(c))

    def use_view(self, view: DocumentView | PdfPageView) -> None:
        """The view that codings are made in from now on."""
        self.view = view
        self._on_view_coding_chosen(view.chosen_coding())

    def _action(self, text: str, slot: object, *keys: str) -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(lambda _=False: slot())  # type: ignore[operator]
        return action

    # ------------------------------------------------------------------ applying codes

    def apply(self, code_id: str) -> Coding | None:
        """Code the selected passage with ``code_id``; the coding shows at once."""
        span = self.view.selected_span()
        source = self.view.source
        if span is None or source is None:
            self.sig_status_changed.emit("Select a passage in the document first, then choose the code.")
            return None
        return self._apply_span(code_id, source.id, *span)

    def _apply_span(self, code_id: str, source_id: str, start: int, end: int) -> Coding | None:
        command = undo.ApplyCode(self.session, source_id, code_id, start, end)
        self.session.undo_stack.push(command)
        if command.failed or command.coding is None:
            return None
        self._recent[self.session.coder.id] = [code_id, *[c for c in self.recent if c != code_id]][
            :MAX_RECENT
        ]
        self.view.clear_selection()
        name = self.session.codebook.by_id[code_id].name
        self.sig_status_changed.emit(f"Coded with “{name}”. Ctrl+Z undoes it.")
        return command.coding

    @property
    def recent(self) -> list[str]:
        """The codes the current coder applied last (another coder's never show: blind coding)."""
        return list(self._recent.get(self.session.coder.id, []))

    def apply_numbered(self, number: int) -> None:
        """Key ``number``: code the selection with the code the key is assigned to."""
        code_id = self.session.code_for_key(number)
        if code_id is None:
            self.sig_status_changed.emit(
                f"No code has key {number}; give it one with Codebook ▸ Key, or right-click a code."
            )
            return
        self.apply(code_id)

    def apply_dropped(self, code_id: str, span: dict) -> None:
        source = self.view.source
        if source is None or span.get("source_id") != source.id:
            return
        self._apply_span(code_id, source.id, int(span["start"]), int(span["end"]))

    def open_palette(self) -> None:
        if self.view.selected_span() is None:
            self.sig_status_changed.emit("Select a passage in the document first, then press Ctrl+K.")
            return
        code_id = dialogs.choose_code(self.window, self.session.codebook, "Code the selection with…")
        if code_id:
            self.apply(code_id)

    def code_from_selection(self) -> None:
        span, source = self.view.selected_span(), self.view.source
        if span is None or source is None:
            self.sig_status_changed.emit("Select a passage to make a code named after it.")
            return
        text = self.session.text(source.id)[span[0] : span[1]]
        name = dialogs.ask_text(
            self.window, "New code from selection", "Name of the new code:", in_vivo_name(text)
        )
        if not name or not name.strip():
            return
        command = undo.CodeFromSelection(self.session, name.strip(), source.id, *span)
        self.session.undo_stack.push(command)
        if not command.failed:
            self.codebook.choose(command.code_id)

    # ------------------------------------------------------------------ the chosen coding

    def remove_chosen(self) -> None:
        coding = self.view.chosen_coding()
        if coding is not None:
            self.session.undo_stack.push(undo.RemoveCodings(self.session, [coding.id]))

    def change_code_of_chosen(self) -> None:
        coding = self.view.chosen_coding()
        if coding is None:
            return
        book = self.session.codebook
        code_id = dialogs.choose_code(
            self.window, book, "Change the code of this coding to…", [coding.code_id]
        )
        if code_id and code_id != coding.code_id:
            self.session.undo_stack.push(undo.EditCoding(self.session, coding.id, code_id=code_id))

    def edit_memo_of_chosen(self) -> None:
        """Edit the chosen coding's memo, saved as it is typed; Cancel puts the old memo back."""
        coding = self.view.chosen_coding()
        if coding is None:
            return
        key = new_id()  # the saves of this one editing merge into one undo step

        def save(memo: str) -> None:
            shown = self.view.index.by_id.get(coding.id)
            if shown is not None and shown.memo != memo:
                self.session.undo_stack.push(
                    undo.EditCoding(self.session, coding.id, memo=memo, merge_key=key)
                )

        memo = dialogs.ask_memo(self.window, coding.memo, save)
        save(coding.memo if memo is None else memo)

    # ------------------------------------------------------------------ menus and state

    def fill_document_menu(self, menu: QMenu) -> None:
        has_selection = self.view.selected_span() is not None
        recent = [self.session.codebook.by_id[i] for i in self.recent if i in self.session.codebook.by_id]
        if recent and has_selection:
            for code in recent:
                menu.addAction(
                    swatch_icon(code.colour),
                    menu_text(f"Code with “{code.name}”"),
                    lambda i=code.id: self.apply(i),
                )
            menu.addSeparator()
        menu.addAction(self.quick_code)
        menu.addAction(self.in_vivo)
        if self.view.chosen_coding() is not None:
            menu.addSeparator()
            self.fill_coding_menu(menu, self.view.chosen_coding_id or "")

    def fill_coding_menu(self, menu: QMenu, _coding_id: str) -> None:
        for action in (self.remove, self.change_code, self.edit_memo):
            menu.addAction(action)

    def _on_view_span_selected(self, span: object) -> None:
        if span is not None:
            self.sig_status_changed.emit(
                "Double-click a code, press 1–9 or Ctrl+K, or drag the selection onto a code to code it."
            )

    def _on_view_coding_chosen(self, coding: object) -> None:
        for action in (self.remove, self.change_code, self.edit_memo):
            action.setEnabled(coding is not None)
        if isinstance(coding, Coding):
            code = self.session.codebook.by_id.get(coding.code_id)
            coder = self.session.coder_name(coding.coder_id)
            self.sig_status_changed.emit(
                f"Coding “{code.name if code else '?'}” by {coder}: Delete removes it; "
                "right-click the stripe to change its code or memo."
            )
