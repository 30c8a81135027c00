"""One source of one code, coloured by who coded what, with a walk through the disagreements.

Offsets arrive in code points; every position put into the Qt document goes through
:class:`~coder.ui.text_positions.TextPositions`, so emoji and other astral characters are safe.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coder.analysis.agreement_model import Passage
from coder.domain.spans import Span
from coder.ui.agreement.passage_colours import CodedRun, PassageColours, coded_runs, who_text
from coder.ui.plain import plain_label, tip
from coder.ui.text_positions import TextPositions

CURRENT = "#37474f"  # the selection that marks the current disagreement


@dataclass(frozen=True, slots=True)
class MemoNote:
    """A memo on one coding of the compared code: who wrote it and the coding's span (code points)."""

    coder: str
    start: int
    end: int
    memo: str


class ComparisonView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setUndoRedoEnabled(False)
        self._keep_selection_visible()
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.previous_button = QPushButton("◀ Previous disagreement")
        self.next_button = QPushButton("Next disagreement ▶")
        self.position_label = plain_label()  # names coders
        self.memos = QPlainTextEdit()
        self.memos.setReadOnly(True)
        self.memos.setPlaceholderText("Memos of the codings on the current disagreement appear here.")
        self.previous_button.clicked.connect(self.go_previous)
        self.next_button.clicked.connect(self.go_next)

        navigation = QHBoxLayout()
        navigation.addWidget(self.previous_button)
        navigation.addWidget(self.next_button)
        navigation.addWidget(self.position_label, 1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.title)
        top_layout.addWidget(self.legend)
        top_layout.addWidget(self.text, 1)
        top_layout.addLayout(navigation)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.memos)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.coders: tuple[str, ...] = ()
        self.runs: list[CodedRun] = []
        self.passages: list[Passage] = []
        self.notes: list[MemoNote] = []
        self.current: int | None = None
        self.positions = TextPositions("")
        self._colours = PassageColours(())
        self.clear()

    def _keep_selection_visible(self) -> None:
        """The current passage is selected in a dark slate that no legend colour resembles.

        Set for every colour group: the passage stays marked while the focus is on the buttons.
        """
        palette = self.text.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, QColor(CURRENT))
            palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        self.text.setPalette(palette)

    # ------------------------------------------------------------------ content

    def clear(self, message: str = "Choose a code (and a source) to compare the coders' codings.") -> None:
        self.title.setText(message)
        self.legend.clear()
        self._set_text("")
        self.memos.setPlainText("")
        self.runs, self.passages, self.notes, self.current = [], [], [], None
        self.positions = TextPositions("")
        self.position_label.setText("")
        self._update_buttons()

    def show_comparison(
        self,
        title: str,
        text: str,
        coders: Sequence[str],
        spans_by_coder: Mapping[str, Sequence[Span]],
        passages: Sequence[Passage],
        notes: Sequence[MemoNote] = (),
    ) -> None:
        """Show ``text`` coloured by who coded what; ``passages`` are the disagreements to walk through."""
        self.coders = tuple(coders)
        self._colours = PassageColours(self.coders)
        self.title.setText(title)
        self.legend.setText(self._colours.legend_html())
        self.positions = TextPositions(text)
        self.runs = coded_runs({name: spans_by_coder.get(name, ()) for name in self.coders})
        self.passages = list(passages)
        self.notes = list(notes)
        self.current = None
        self._set_text(text)
        self._paint()
        self.memos.setPlainText("")
        self.position_label.setText(self._summary())
        if self.passages:
            self._scroll_to(self.passages[0].start)
        self._update_buttons()

    def _set_text(self, text: str) -> None:
        """New text with no colour at all.

        QPlainTextEdit.setPlainText gives the whole new text the character format at the cursor;
        after a walk through disagreements that is a coder's colour, which then covered uncoded
        text. The cursor's format is reset first, and the text made plain after.
        """
        self.text.setCurrentCharFormat(QTextCharFormat())
        self.text.setPlainText(text)
        cursor = QTextCursor(self.text.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.setCharFormat(QTextCharFormat())

    def _paint(self) -> None:
        cursor = QTextCursor(self.text.document())
        cursor.beginEditBlock()
        for run in self.runs:
            fmt = QTextCharFormat()
            fmt.setBackground(self._colours.colour(run.coded_by))
            fmt.setToolTip(tip(f"coded by {who_text(run.coded_by, self.coders)}"))
            cursor.setPosition(self.positions.to_qt(run.start))
            cursor.setPosition(self.positions.to_qt(run.end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        cursor.endEditBlock()

    def colour_at(self, offset: int) -> QColor | None:
        """The background painted on the character at code-point ``offset`` (``None``: nobody coded it)."""
        for run in self.runs:
            if run.start <= offset < run.end:
                return self._colours.colour(run.coded_by)
        return None

    def _summary(self) -> str:
        count = len(self.passages)
        if not self.coders:
            return ""
        if count == 0:
            return "No disagreement: the coders agree on every character of this source."
        noun = "disagreement" if count == 1 else "disagreements"
        return f"{count} {noun}; “Next disagreement” selects the first."

    # ------------------------------------------------------------------ navigation

    def go_next(self) -> None:
        if self.passages:
            self.go_to(0 if self.current is None else min(self.current + 1, len(self.passages) - 1))

    def go_previous(self) -> None:
        if self.passages and self.current is not None:
            self.go_to(max(self.current - 1, 0))

    def go_to(self, number: int) -> None:
        """Select disagreement ``number`` (from 0), scroll to it and show its memos."""
        passage = self.passages[number]
        self.current = number
        cursor = self.text.textCursor()
        # Anchor at the end, cursor at the start: a long passage is shown from its beginning.
        cursor.setPosition(self.positions.to_qt(passage.end))
        cursor.setPosition(self.positions.to_qt(passage.start), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.centerCursor()
        who = who_text(passage.coded_by, self.coders)
        self.position_label.setText(f"disagreement {number + 1} of {len(self.passages)}: coded by {who}")
        self.memos.setPlainText(self._memo_text(passage))
        self._update_buttons()

    def _scroll_to(self, offset: int) -> None:
        cursor = self.text.textCursor()
        cursor.setPosition(self.positions.to_qt(offset))
        self.text.setTextCursor(cursor)
        self.text.centerCursor()

    def _memo_text(self, passage: Passage) -> str:
        touching = [
            n for n in self.notes if n.memo.strip() and n.start < passage.end and n.end > passage.start
        ]
        if not touching:
            return "No memo on the codings at this passage."
        order = {name: i for i, name in enumerate(self.coders)}
        touching.sort(key=lambda n: (order.get(n.coder, len(order)), n.start))
        return "\n\n".join(f"{n.coder}: {n.memo.strip()}" for n in touching)

    def _update_buttons(self) -> None:
        count = len(self.passages)
        self.next_button.setEnabled(count > 0 and (self.current is None or self.current < count - 1))
        self.previous_button.setEnabled(count > 0 and self.current is not None and self.current > 0)
