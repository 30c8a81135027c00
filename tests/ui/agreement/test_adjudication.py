"""Settling disagreements in the agreement window: each coder side by side, decisions, undo, the report.

The study (see agreement_ui_helpers): in party.txt, A codes "Theme/Entrapment" at [16, 32) and
[41, 51), B at [19, 38); in example.txt both code it at [0, 5), and for "Other" A codes [2, 10),
[14, 18) and B [4, 12), [15, 17). Settling A and B leaves three disagreements of Entrapment (all in
party.txt, after emoji) and four of Other.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from agreement_ui_helpers import (  # noqa: F401 - the fixtures, found by pytest by name
    MEMO_A,
    PARTY,
    Study,
    compute_fixture,
    errors_shown_fixture,
    study_fixture,
    utf16,
    window_fixture,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from coder.domain.consensus import parse_provenance
from coder.services import codings, consensus
from coder.services.agreement import run_agreement
from coder.ui import dialogs
from coder.ui.agreement import AgreementWindow
from coder.ui.agreement.adjudication_panel import ACTIVE, DECISIONS, REPORT, AdjudicationPanel

Compute = Callable[[AgreementWindow], None]


def click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def button(panel: AdjudicationPanel, text: str) -> object:
    return next(b for b in panel.choice_buttons if b.text() == text)


def place(panel: AdjudicationPanel) -> tuple[str, str, int, int]:
    item = panel.current()
    assert item is not None
    return item.code_path, item.source, item.start, item.end


def consensus_spans(study: Study, code: str, source: str = "party.txt") -> list[tuple[int, int]]:
    """The consensus's codings of one code in one source."""
    [info] = consensus.list_consensus(study.project)
    found = codings.list_codings(
        study.project,
        source_id=study.sources[source],
        coder_ids=[info.coder_id],
        code_ids=[study.codes[code]],
    )
    return [(c.start, c.end) for c in found]


@pytest.fixture
def settling(
    window: AgreementWindow, compute: Compute, study: Study, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> AdjudicationPanel:
    """A and B compared, Entrapment chosen, and 'Settle disagreements…' pressed (the build confirmed)."""
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, message, _a="OK": asked.append(message) or True)
    window.show()
    window.choices.set_checked("coders", ["A", "B"])
    compute(window)
    window.results.select_code(study.codes["Theme/Entrapment"])
    panel = window.adjudication
    click(qtbot, panel.start_button)
    assert asked and "Build a consensus of A and B" in asked[0]
    return panel


def test_the_first_disagreement_shows_each_coder_side_by_side(
    settling: AdjudicationPanel, study: Study
) -> None:
    panel = settling
    assert panel.stack.currentIndex() == ACTIVE
    assert [info.name for info in consensus.list_consensus(study.project)] == ["consensus"]
    assert consensus_spans(study, "Theme/Entrapment") == [(19, 32)]  # what both coded
    assert place(panel) == ("Theme/Entrapment", "party.txt", 16, 19)
    a, b = panel.columns.columns[:2]
    assert (a.header.text(), a.status.text()) == ("A", "Coded this passage (coding at 16–32)")
    assert a.quote.text() == "“We argued loudly”" and a.memo.text() == f"Memo: {MEMO_A}"
    assert (b.header.text(), b.status.text(), b.memo.text()) == ("B", "Did not code this passage", "No memo")
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in (a.memo, a.quote, panel.passage))
    assert [b.text() for b in panel.choice_buttons] == [
        "Accept A",
        "Accept B",
        "Accept both",
        "Accept none",
        "Use the selected text",
    ]
    assert panel.progress.text() == "this code: 3 left · all codes: 7 left, 0 settled"
    view = panel.comparison
    cursor = view.text.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (utf16(PARTY, 16), utf16(PARTY, 19))
    underlined = [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.text.extraSelections()]
    assert underlined == [(utf16(PARTY, 19), utf16(PARTY, 32))]  # the consensus so far


def test_accepting_a_everywhere_ends_with_a_agreeing_exactly_with_the_consensus(
    settling: AdjudicationPanel, study: Study, qtbot: QtBot, window: AgreementWindow, errors_shown: list[str]
) -> None:
    panel = settling
    for _ in range(3):
        click(qtbot, button(panel, "Accept A"))
    assert panel.current() is None and errors_shown == []
    assert consensus_spans(study, "Theme/Entrapment") == [(16, 32), (41, 51)]
    assert panel.progress.text().startswith("this code: 0 left · all codes: 4 left, 3 settled")
    panel.code_filter.setCurrentIndex(0)
    panel.code_filter.activated.emit(0)
    assert place(panel) == ("Other", "example.txt", 2, 4)
    for _ in range(4):
        click(qtbot, button(panel, "Accept A"))
    assert panel.stack.currentIndex() == REPORT
    assert "Every disagreement is settled (7 decisions)" in panel.report_title.text()
    report = panel.report
    assert [report.item(row, 0).text() for row in range(report.rowCount())] == ["A", "B"]
    assert report.cell_text(0, "Agreement %") == "100.0 %"
    for title in ("Cohen's κ", "Krippendorff's α", "Unitized α", "Jaccard", "Pooled κ", "Segment agreement"):
        assert report.cell_text(0, title) == "1.000"
    assert report.cell_text(1, "Agreement %") != "100.0 %"
    overall = run_agreement(study.project, ["A", "consensus"]).result.overall
    assert overall.percent_agreement == overall.krippendorff_alpha == 1
    assert not window.results.is_stale  # deciding changes no compared coder's codings
    assert panel.comparison.position_label.text().startswith("No open disagreement here")
    assert panel.comparison.passages == []


def test_undo_and_redo_of_a_decision(settling: AdjudicationPanel, study: Study, qtbot: QtBot) -> None:
    panel = settling
    click(qtbot, button(panel, "Accept both"))
    assert consensus_spans(study, "Theme/Entrapment") == [(16, 32)]
    [made] = [c for c in codings.list_codings(study.project) if (c.start, c.end) == (16, 32) and c.provenance]
    assert [(p.start, p.end, p.coders) for p in parse_provenance(made.provenance, 16, 32)] == [
        (16, 19, ("A",)),
        (19, 32, ("A", "B")),
    ]
    assert place(panel) == ("Theme/Entrapment", "party.txt", 32, 38)
    panel.note.setText("typed here, then moved on")
    click(qtbot, panel.next_button)
    assert panel.note.text() == ""
    click(qtbot, panel.previous_button)
    assert panel.undo_action.text() == "Undo Consensus: accept A and B"
    panel.undo_action.trigger()
    assert consensus_spans(study, "Theme/Entrapment") == [(19, 32)]
    assert place(panel) == ("Theme/Entrapment", "party.txt", 16, 19)  # the reopened one is shown
    assert consensus.list_decisions(study.project) == []
    panel.redo_action.trigger()
    assert consensus_spans(study, "Theme/Entrapment") == [(16, 32)]
    assert len(consensus.list_decisions(study.project)) == 1
    click(qtbot, button(panel, "Accept none"))
    assert place(panel) == ("Theme/Entrapment", "party.txt", 41, 51)
    assert panel.progress.text() == "this code: 1 left · all codes: 5 left, 2 settled"


def test_a_span_selected_by_hand_becomes_the_consensus(
    settling: AdjudicationPanel, study: Study, qtbot: QtBot
) -> None:
    panel = settling
    panel.note.setText("the emoji belongs to it")
    text = panel.comparison.text
    cursor = QTextCursor(text.document())
    cursor.setPosition(utf16(PARTY, 14))  # "😀 We": an emoji, then the disagreement
    cursor.setPosition(utf16(PARTY, 19), QTextCursor.MoveMode.KeepAnchor)
    text.setTextCursor(cursor)
    click(qtbot, button(panel, "Use the selected text"))
    assert consensus_spans(study, "Theme/Entrapment") == [(14, 32)]
    [decision] = consensus.list_decisions(study.project)
    assert (decision.choice, decision.start, decision.end, decision.note) == (
        "manual",
        14,
        19,
        "the emoji belongs to it",
    )
    assert panel.note.text() == ""


def test_a_selection_away_from_the_disagreement_is_refused_in_words(
    settling: AdjudicationPanel, study: Study, qtbot: QtBot, errors_shown: list[str]
) -> None:
    panel = settling
    text = panel.comparison.text
    cursor = QTextCursor(text.document())
    cursor.setPosition(utf16(PARTY, 2))
    cursor.setPosition(utf16(PARTY, 7), QTextCursor.MoveMode.KeepAnchor)
    text.setTextCursor(cursor)
    click(qtbot, button(panel, "Use the selected text"))
    assert errors_shown == [
        "The span drawn by hand (2-7) must overlap or touch the disagreement it settles (16-19)"
    ]
    assert consensus.list_decisions(study.project) == []
    assert place(panel) == ("Theme/Entrapment", "party.txt", 16, 19)


def test_stopping_gives_the_comparison_back(settling: AdjudicationPanel, qtbot: QtBot) -> None:
    panel = settling
    click(qtbot, panel.stop_button)
    assert panel.stack.currentIndex() == 0
    assert panel.comparison.text.extraSelections() == []
    assert "settling" not in panel.comparison.title.text()
    click(qtbot, panel.start_button)  # the consensus exists now: no second build
    assert panel.stack.currentIndex() == ACTIVE


def test_any_decision_can_be_taken_back_from_the_list(
    settling: AdjudicationPanel, study: Study, qtbot: QtBot
) -> None:
    panel = settling
    click(qtbot, button(panel, "Accept both"))
    click(qtbot, button(panel, "Accept none"))
    study.session.undo_stack.clear()  # as if taken in an earlier session: Ctrl+Z cannot reach them
    click(qtbot, panel.decisions_button)
    listed = panel.decisions
    assert panel.stack.currentIndex() == DECISIONS
    assert listed.table.rowCount() == 2
    cells = [listed.table.item(0, column).text() for column in range(3)]
    assert cells == ["Theme/Entrapment", "party.txt", "16–19"]
    assert listed.table.item(0, 3).text() == "accepted from A, B"
    assert listed.table.item(1, 3).text() == "left uncoded"
    assert not listed.take_back_button.isEnabled()
    listed.select(0)
    click(qtbot, listed.take_back_button)
    assert consensus_spans(study, "Theme/Entrapment") == [(19, 32)]
    assert listed.table.rowCount() == 1
    click(qtbot, listed.back_button)
    assert panel.stack.currentIndex() == ACTIVE
    assert place(panel) == ("Theme/Entrapment", "party.txt", 16, 19)
    assert panel.progress.text() == "this code: 2 left · all codes: 6 left, 1 settled"
