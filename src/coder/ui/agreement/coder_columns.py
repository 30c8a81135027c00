"""Each coder's coding and memo at one disagreement, side by side (project text shown as plain text)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from coder.ui.agreement.passage_colours import PassageColours

QUOTE_LENGTH = 280


@dataclass(frozen=True, slots=True)
class CoderView:
    """What one coder did at a disagreement: their codings that meet it (spans and texts) and memos."""

    name: str
    coded: bool  # whether this coder coded the disagreement's stretch
    spans: tuple[tuple[int, int], ...]
    quote: str
    memos: tuple[str, ...]


def quote(text: str, limit: int = QUOTE_LENGTH) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1] + "…"


def _label(text: str = "", bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


class CoderColumn(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.header = _label(bold=True)
        self.status = _label()
        self.quote = _label()
        self.memo = _label()
        self.memo.setStyleSheet("QLabel { color: #4a4a4a; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        for widget in (self.header, self.status, self.quote, self.memo):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_view(self, view: CoderView, colour: str) -> None:
        self.setStyleSheet(f"CoderColumn {{ border-left: 6px solid {colour}; }}")
        self.header.setText(view.name)
        if view.coded:
            where = ", ".join(f"{start}–{end}" for start, end in view.spans)
            self.status.setText(f"Coded this passage (coding at {where})")
            self.quote.setText(f"“{view.quote}”")
        else:
            self.status.setText("Did not code this passage")
            self.quote.setText("")
        self.quote.setVisible(view.coded)
        memos = [m.strip() for m in view.memos if m.strip()]
        self.memo.setText("Memo: " + "\n\n".join(memos) if memos else "No memo")


class CoderColumns(QWidget):
    """One column per compared coder, in the coders' order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns: list[CoderColumn] = []
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def show_views(self, views: Sequence[CoderView], coders: Sequence[str]) -> None:
        while len(self.columns) < len(views):
            column = CoderColumn()
            self.columns.append(column)
            self._layout.addWidget(column, 1)
        colours = PassageColours(coders)
        for column, view in zip(self.columns, views, strict=False):
            colour = colours.colour(frozenset([view.name])).name()
            column.show_view(view, colour)
            column.show()
        for column in self.columns[len(views) :]:
            column.hide()
