"""The document area: the text view and, for PDF sources, the page view, one shown at a time.

Switching (View ▸ Page view, Ctrl+Shift+P) keeps the place and the selection: the text at the
top of one view is brought to the top of the other, and the selected span stays selected. Both
views follow every change of codings; the page view reads a source's pages only once it is shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import QStackedWidget, QWidget

from coder.domain.model import Coding, SourceInfo
from coder.ui.changes import Changed
from coder.ui.session import Session
from coder.ui.views.document_view import DocumentView
from coder.ui.views.pdf_page_view import PdfPageView


class DocumentArea(QStackedWidget):
    sig_view_switched = Signal(object)  # the view now shown (DocumentView or PdfPageView)

    def __init__(self, session: Session, text: DocumentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.text = text
        self.pages = PdfPageView(session)
        self.addWidget(text)
        self.addWidget(self.pages)
        self._pages_current = False  # the page view shows the text view's source and codings
        self.toggle_action = QAction("Page view", self)
        self.toggle_action.setCheckable(True)
        self.toggle_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.toggle_action.setToolTip("Show the PDF's pages, to read and code on them (Ctrl+Shift+P)")
        self.toggle_action.setEnabled(False)
        self.toggle_action.toggled.connect(self._on_toggle_action_toggled)

    @property
    def active(self) -> DocumentView | PdfPageView:
        return self.pages if self.currentWidget() is self.pages else self.text

    # ------------------------------------------------------------------ what both views show

    def show_source(self, source: SourceInfo | None, text: str = "", codings: Sequence[Coding] = ()) -> None:
        self.text.show_source(source, text, codings)
        is_pdf = source is not None and source.format == "pdf"
        self.toggle_action.setEnabled(is_pdf)
        self._pages_current = False
        if self.active is self.pages and is_pdf:
            self._refresh_pages()
        else:
            self.toggle_action.setChecked(False)
            self.pages.show_source(None)  # the last PDF's pages are closed until asked for again

    def reload_codings(self, codings: Sequence[Coding]) -> None:
        self.text.reload_codings(codings)
        if self._pages_current:
            self.pages.reload_codings(codings)

    def apply_changes(self, changed: Changed) -> None:
        self.text.apply_changes(changed)
        if self._pages_current:
            self.pages.apply_changes(changed)

    def select_span(self, start: int, end: int) -> None:
        self.active.select_span(start, end)

    def choose_coding(self, coding_id: str) -> None:
        self.active.choose_coding(coding_id)

    def _refresh_pages(self) -> None:
        self.pages.show_source(self.text.source, list(self.text.index.by_id.values()))
        self._pages_current = True

    # ------------------------------------------------------------------ switching

    def show_text(self) -> None:
        self.toggle_action.setChecked(False)

    def _on_toggle_action_toggled(self, on: bool) -> None:
        if on == (self.active is self.pages):
            return
        if on:
            self._to_pages()
        else:
            self._to_text()
        self.active.setFocus()
        self.sig_view_switched.emit(self.active)

    def _to_pages(self) -> None:
        top = self.text.visible_range()[0]
        span = self.text.selected_span()
        self.setCurrentWidget(self.pages)
        if not self._pages_current:
            self._refresh_pages()
        self.pages.scroll_to_offset(top)
        if span is None:
            self.pages.clear_selection()
        else:
            self.pages.select_span(*span)

    def _to_text(self) -> None:
        current = self._pages_current  # else another source opened: nothing to carry over
        top = self.pages.top_offset() if current else None
        span = self.pages.selected_span() if current else None
        self.setCurrentWidget(self.text)
        if top is not None:
            self._scroll_text_to(top)
        if span is not None:
            self.text.select_span(*span)

    def _scroll_text_to(self, offset: int) -> None:
        """Bring the line holding ``offset`` to the top of the text view."""
        view = self.text
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.positions.to_qt(min(offset, view.positions.length)))
        bar = view.verticalScrollBar()
        bar.setValue(bar.maximum())
        view.setTextCursor(cursor)
        view.ensureCursorVisible()
        view.refresh()
