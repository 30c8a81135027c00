"""What the settling panel shows of one disagreement: in the comparison view and in the coder columns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from coder.analysis.agreement_model import Passage
from coder.domain.consensus import Disagreement
from coder.domain.model import Coding
from coder.ui.agreement.coder_columns import CoderView, quote
from coder.ui.agreement.comparison_view import ComparisonView, MemoNote

CONSENSUS_COLOUR = "#1b5e20"  # the underline of what the consensus codes so far


def _meets(coding: Coding, item: Disagreement) -> bool:
    return coding.start < item.end and coding.end > item.start


def coder_views(
    compared: Sequence[str],
    names: Mapping[str, str],
    text: str,
    item: Disagreement,
    codings: Sequence[Coding],
) -> list[CoderView]:
    """Each compared coder's codings that meet the disagreement, their text and memos."""
    views = []
    for name in compared:
        meeting = [c for c in codings if names.get(c.coder_id) == name and _meets(c, item)]
        spans = tuple((c.start, c.end) for c in meeting)
        low, high = (min(s for s, _ in spans), max(e for _, e in spans)) if spans else (0, 0)
        memos = tuple(c.memo for c in meeting)
        views.append(CoderView(name, name in item.coders, spans, quote(text[low:high]), memos))
    return views


def consensus_text(consensus_id: str, item: Disagreement, codings: Sequence[Coding]) -> str:
    mine = [c for c in codings if c.coder_id == consensus_id and _meets(c, item)]
    if not mine:
        return "The consensus codes nothing here yet (what it codes is underlined in the text above)."
    spans = ", ".join(f"{c.start}–{c.end}" for c in mine)
    return f"The consensus already codes {spans} here (underlined in the text above)."


def show_place(
    comparison: ComparisonView,
    title: str,
    text: str,
    compared: Sequence[str],
    names: Mapping[str, str],
    codings: Sequence[Coding],
    open_here: Sequence[Disagreement],
    consensus_id: str,
) -> None:
    """One code in one source coloured by who coded it, its open disagreements, the consensus underlined."""
    spans = {name: [(c.start, c.end) for c in codings if names.get(c.coder_id) == name] for name in compared}
    passages = [Passage(d.start, d.end, frozenset(d.coders)) for d in open_here]
    notes = [
        MemoNote(names[c.coder_id], c.start, c.end, c.memo)
        for c in codings
        if names.get(c.coder_id) in compared and c.memo.strip()
    ]
    # A fresh cursor first: Qt gives new plain text the character format found at the old cursor.
    comparison.text.setTextCursor(QTextCursor(comparison.text.document()))
    comparison.text.setCurrentCharFormat(QTextCharFormat())
    comparison.show_comparison(title, text, compared, spans, passages, notes)
    if not passages:
        comparison.position_label.setText(
            "No open disagreement here: each one is settled (the consensus is underlined)."
        )
    underline(comparison, [(c.start, c.end) for c in codings if c.coder_id == consensus_id])


def select(comparison: ComparisonView, item: Disagreement) -> None:
    """Select the disagreement in the comparison view (when it lists it)."""
    for number, passage in enumerate(comparison.passages):
        if (passage.start, passage.end) == (item.start, item.end):
            comparison.go_to(number)
            return


def underline(comparison: ComparisonView, spans: Sequence[tuple[int, int]]) -> None:
    """Underline what the consensus codes so far, on top of the coders' colours."""
    view, positions = comparison.text, comparison.positions
    fmt = QTextCharFormat()
    fmt.setFontUnderline(True)
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
    fmt.setUnderlineColor(QColor(CONSENSUS_COLOUR))
    fmt.setForeground(QColor(CONSENSUS_COLOUR))
    selections = []
    for start, end in spans:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(view.document())
        cursor.setPosition(positions.to_qt(start))
        cursor.setPosition(positions.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor  # type: ignore[attr-defined]
        selection.format = fmt  # type: ignore[attr-defined]
        selections.append(selection)
    view.setExtraSelections(selections)
