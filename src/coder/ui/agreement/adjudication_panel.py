"""Settling disagreements in the agreement window: one disagreement at a time, each coder side by side.

The panel sits under the comparison view and, while settling, drives it: the view shows the current
disagreement's code and source coloured by who coded what, the consensus so far underlined, and the
passage selected. Accept one coder, all who coded it, none, or a span selected by hand; every
decision is one step on the undo stack. When nothing is left, each coder's agreement with the
consensus is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coder.domain.consensus import ConsensusInfo, Disagreement
from coder.domain.model import Coding
from coder.services import codings as codings_service
from coder.services import consensus as consensus_service
from coder.services.agreement import AgreementRun
from coder.ui import dialogs, errors
from coder.ui.agreement import adjudication_view as view
from coder.ui.agreement.coder_columns import CoderColumns, quote
from coder.ui.agreement.comparison_view import ComparisonView
from coder.ui.agreement.consensus_commands import Decide, find_or_build
from coder.ui.agreement.consensus_report import ConsensusReport, coder_figures
from coder.ui.agreement.decisions_list import DecisionsList, decision_rows
from coder.ui.changes import Changed
from coder.ui.session import Session
from coder.ui.undo_actions import StackActions

ALL_CODES = "All codes"
IDLE, ACTIVE, REPORT, DECISIONS = range(4)


def _plain(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class AdjudicationPanel(QWidget):
    sig_stopped = Signal()

    def __init__(
        self,
        session: Session,
        comparison: ComparisonView,
        current_run: Callable[[], AgreementRun | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.comparison = comparison
        self.current_run = current_run
        self.info: ConsensusInfo | None = None
        self.compared: tuple[str, ...] = ()
        self.items: list[Disagreement] = []  # open disagreements, every code
        self.settled = 0
        self.code_key: str | None = None  # the code whose disagreements are walked; None: all codes
        self.index = 0  # in the walked list
        self._shown: tuple[str, str] | None = None  # (source id, code id) in the comparison view
        self._stale = False  # the comparison view shows codings that have changed since
        self._noted = ""  # the disagreement (key) the note field belongs to
        self.stack = QStackedWidget()
        self.stack.addWidget(self._idle_page())
        self.stack.addWidget(self._active_page())
        self.stack.addWidget(self._report_page())
        self.decisions = DecisionsList()
        self.decisions.sig_back.connect(self._back)
        self.decisions.sig_take_back.connect(self.take_back)
        self.stack.addWidget(self.decisions)
        entries = StackActions(session.undo_stack, self)
        self.undo_action, self.redo_action = entries.undo, entries.redo
        self.undo_button.setDefaultAction(self.undo_action)
        self.redo_button.setDefaultAction(self.redo_action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.stack)
        session.sig_data_changed.connect(self._on_data_changed)
        comparison.next_button.clicked.connect(self._follow_view)
        comparison.previous_button.clicked.connect(self._follow_view)

    # ------------------------------------------------------------------ pages

    def _idle_page(self) -> QWidget:
        page = QWidget()
        self.start_button = QPushButton("Settle disagreements…")
        self.start_button.setToolTip(
            "Step through the disagreements of the compared coders and settle each into a consensus coder"
        )
        self.start_button.clicked.connect(self.start)
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.start_button)
        row.addWidget(_plain("Agree on one coding of the texts, then report each coder against it."), 1)
        return page

    def _active_page(self) -> QWidget:
        page = QWidget()
        self.heading = _plain()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.code_filter = QComboBox()
        self.code_filter.setToolTip("Walk through the disagreements of one code, or of all codes")
        self.code_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.code_filter.activated.connect(self._on_filter_chosen)
        self.progress = _plain()
        self.passage = _plain()
        self.columns = CoderColumns()
        self.consensus_state = _plain()
        self.consensus_state.setStyleSheet(f"QLabel {{ color: {view.CONSENSUS_COLOUR}; }}")
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note on this decision (optional), kept with the consensus coding")
        self.choice_row = QHBoxLayout()
        self.choice_buttons: list[QPushButton] = []
        self.previous_button = QPushButton("◀ Previous")
        self.next_button = QPushButton("Next ▶")
        self.undo_button, self.redo_button = QToolButton(), QToolButton()
        self.report_button = QPushButton("Agreement with the consensus")
        self.decisions_button = QPushButton("Decisions…")
        self.decisions_button.setToolTip("Every decision taken, with a way to take any one back")
        self.decisions_button.clicked.connect(self.show_decisions)
        self.stop_button = QPushButton("Stop settling")
        self.previous_button.clicked.connect(lambda: self.go(self.index - 1))
        self.next_button.clicked.connect(lambda: self.go(self.index + 1))
        self.report_button.clicked.connect(self.show_report)
        self.stop_button.clicked.connect(self.stop)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(QLabel("Code:"))
        top.addWidget(self.code_filter)
        navigation = QHBoxLayout()
        for widget in (self.previous_button, self.next_button, self.undo_button, self.redo_button):
            navigation.addWidget(widget)
        navigation.addWidget(self.progress, 1)
        navigation.addWidget(self.decisions_button)
        navigation.addWidget(self.report_button)
        navigation.addWidget(self.stop_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.passage)
        layout.addWidget(self.columns)
        layout.addWidget(self.consensus_state)
        layout.addWidget(self.note)
        layout.addLayout(self.choice_row)
        layout.addLayout(navigation)
        layout.addStretch(1)
        return page

    def _report_page(self) -> QWidget:
        page = QWidget()
        self.report_title = _plain()
        font = self.report_title.font()
        font.setBold(True)
        self.report_title.setFont(font)
        self.report = ConsensusReport()
        self.back_button = QPushButton("Back to the disagreements")
        self.back_button.clicked.connect(lambda: self.stack.setCurrentIndex(ACTIVE))
        self.report_stop_button = QPushButton("Stop settling")
        self.report_stop_button.clicked.connect(self.stop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        self.report_decisions_button = QPushButton("Decisions…")
        self.report_decisions_button.clicked.connect(self.show_decisions)
        buttons.addWidget(self.report_decisions_button)
        buttons.addStretch(1)
        buttons.addWidget(self.report_stop_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.report_title)
        layout.addWidget(self.report, 1)
        layout.addLayout(buttons)
        return page

    def _choice_buttons(self) -> None:
        for button in self.choice_buttons:
            self.choice_row.removeWidget(button)
            button.deleteLater()
        choices: list[tuple[str, str, Callable[[], None]]] = [
            (
                f"Accept {name}",
                f"The consensus codes this passage as {name} did",
                lambda _checked=False, n=name: self.accept([n]),
            )
            for name in self.compared
        ]
        both = "Accept both" if len(self.compared) == 2 else "Accept all who coded it"
        choices.append((both, "The consensus codes this passage", lambda: self.accept(list(self.compared))))
        choices.append(("Accept none", "The consensus leaves this passage uncoded", lambda: self.accept([])))
        choices.append(
            (
                "Use the selected text",
                "The consensus codes exactly the text selected above (it must meet the passage)",
                self.draw,
            )
        )
        self.choice_buttons = []
        for text, tip, slot in choices:
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            self.choice_row.addWidget(button)
            self.choice_buttons.append(button)

    # ------------------------------------------------------------------ starting and stopping

    @property
    def active(self) -> bool:
        return self.info is not None

    def start(self) -> None:
        run = self.current_run()
        if run is None:
            dialogs.show_info(
                self, "Settle disagreements", "Press Compute first: settling starts from the coders compared."
            )
            return
        with errors.reporting(self):
            taken = {info.name for info in consensus_service.list_consensus(self.session.project)}
            inside = [name for name in run.data.coders if name in taken]
            if inside:
                dialogs.show_info(
                    self,
                    "Settle disagreements",
                    f"'{inside[0]}' is a consensus. Choose the coders to settle without it, then Compute.",
                )
                return
            info = find_or_build(self.session, run.data.coders, self)
            if info is not None:
                choices = getattr(self.window(), "choices", None)
                if choices is not None:  # a new consensus coder is listed there: keep the coders compared
                    choices.set_checked("coders", run.data.coders)
                self.activate(info, run.data.coders)

    def activate(self, info: ConsensusInfo, coders: Sequence[str] | None = None) -> None:
        self.info = info
        self.compared = consensus_service.compared_names(self.session.project, info)
        self.heading.setText(f"Settling into the consensus '{info.name}' of {', '.join(self.compared)}")
        self._choice_buttons()
        self.code_key = self._chosen_code()
        self.index = 0
        self._shown = None
        self.stack.setCurrentIndex(ACTIVE)
        self._grow()
        self.reload()

    def stop(self) -> None:
        self.info = None
        self.items = []
        self._shown = None
        self.comparison.text.setExtraSelections([])
        self.stack.setCurrentIndex(IDLE)
        self.sig_stopped.emit()

    def _grow(self) -> None:
        """While settling, the panel takes about a third of the height it shares with the comparison."""
        splitter = self.parentWidget()
        if not isinstance(splitter, QSplitter):
            return
        sizes = splitter.sizes()
        mine = splitter.indexOf(self)
        total, others = sum(sizes), sum(sizes) - sizes[mine]
        if total and others and sizes[mine] < total // 3:
            share = total - total // 3
            splitter.setSizes(
                [total // 3 if i == mine else size * share // others for i, size in enumerate(sizes)]
            )

    def _chosen_code(self) -> str | None:
        run = self.current_run()
        results = getattr(self.window(), "results", None)
        key = results.selected_code() if results is not None else None
        return key if run is not None and key is not None else None

    # ------------------------------------------------------------------ the list

    def walked(self) -> list[Disagreement]:
        return [d for d in self.items if self.code_key is None or d.code_id == self.code_key]

    def current(self) -> Disagreement | None:
        walked = self.walked()
        return walked[self.index] if 0 <= self.index < len(walked) else None

    def reload(self) -> None:
        """Read the open disagreements again; stay at the same place, or go to one that came back."""
        if self.info is None:
            return
        before = self.current()
        old = {d.key for d in self.items}
        self.items = consensus_service.list_disagreements(self.session.project, self.info.name)
        self.settled = len(consensus_service.list_decisions(self.session.project, self.info.name))
        walked = self.walked()
        back = [i for i, d in enumerate(walked) if d.key not in old] if old else []
        if len(back) == 1:
            self.index = back[0]
        elif before is not None and any(d.key == before.key for d in walked):
            self.index = next(i for i, d in enumerate(walked) if d.key == before.key)
        self.index = max(0, min(self.index, len(walked) - 1))
        self._fill_filter()
        self._stale = True  # codings changed: show the place again
        self.render()

    def _fill_filter(self) -> None:
        counts: dict[str, int] = {}
        paths: dict[str, str] = {}
        for d in self.items:
            counts[d.code_id] = counts.get(d.code_id, 0) + 1
            paths[d.code_id] = d.code_path
        if self.code_key is not None and self.code_key not in paths:
            book = self.session.codebook
            if self.code_key in book.by_id:
                paths[self.code_key] = book.path_text(self.code_key)
        self.code_filter.clear()
        self.code_filter.addItem(f"{ALL_CODES} ({len(self.items)} left)", None)
        for key, path in paths.items():
            self.code_filter.addItem(f"{path} ({counts.get(key, 0)} left)", key)
        self.code_filter.setCurrentIndex(max(0, self.code_filter.findData(self.code_key)))

    def _on_filter_chosen(self, row: int) -> None:
        self.code_key = self.code_filter.itemData(row)
        self.index = 0
        self.render()

    def on_source_chosen(self, key: str | None, source: str | None) -> None:
        """The code (and source) chosen in the figures above: walk that code, from that source."""
        if self.info is None or key is None:
            return
        self.code_key = key
        walked = self.walked()
        self.index = next((i for i, d in enumerate(walked) if d.source == source), 0)
        self.code_filter.setCurrentIndex(max(0, self.code_filter.findData(key)))
        self._shown = None
        self.render()

    def go(self, index: int) -> None:
        walked = self.walked()
        if walked:
            self.index = max(0, min(index, len(walked) - 1))
            self.render()

    def _follow_view(self) -> None:
        """The comparison view's own Previous/Next moved: follow it."""
        item, number = self.current(), self.comparison.current
        if self.info is None or item is None or number is None:
            return
        passage = self.comparison.passages[number]
        walked = self.walked()
        self.index = next(
            (
                i
                for i, d in enumerate(walked)
                if (d.source_id, d.code_id, d.start, d.end)
                == (item.source_id, item.code_id, passage.start, passage.end)
            ),
            self.index,
        )
        self.render()

    # ------------------------------------------------------------------ showing one disagreement

    def render(self) -> None:
        if self.info is None:
            return
        left, walked = len(self.items), self.walked()
        item = self.current()
        self.progress.setText(self._progress_text(left, len(walked)))
        if not self.items:
            self._show_final()
            if self.stack.currentIndex() in (ACTIVE, REPORT):
                self.show_report(finished=True)
            return
        for button in (*self.choice_buttons, self.previous_button, self.next_button):
            button.setEnabled(item is not None)
        if item is None:
            self.passage.setText("No disagreement is left in this code; choose another code or all codes.")
            self.columns.show_views([], self.compared)
            self.consensus_state.setText("")
            return
        if item.key != self._noted:  # a note belongs to the disagreement it was typed at
            self.note.clear()
            self._noted = item.key
        self.previous_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(walked) - 1)
        codings = codings_service.list_codings(self.session.project, item.source_id, code_ids=[item.code_id])
        self._show_in_view(item, codings)
        self.passage.setText(
            f"{item.code_path} in {item.source}, characters {item.start}–{item.end}: "
            f"“{quote(item.text, 200)}”"
        )
        text = self.session.text(item.source_id)
        self.columns.show_views(
            view.coder_views(self.compared, self._names(), text, item, codings), self.compared
        )
        self.consensus_state.setText(view.consensus_text(self.info.coder_id, item, codings))

    def _progress_text(self, left: int, walked: int) -> str:
        here = "" if self.code_key is None else f"this code: {walked} left · "
        return f"{here}all codes: {left} left, {self.settled} settled"

    def _names(self) -> dict[str, str]:
        return {coder.id: coder.name for coder in self.session.coders}

    def _show_in_view(self, item: Disagreement, codings: Sequence[Coding]) -> None:
        assert self.info is not None
        place = (item.source_id, item.code_id)
        if self._shown != place or self._stale:
            self._stale = False
            title = f"{item.code_path}  —  {item.source}  (settling into '{self.info.name}')"
            here = [d for d in self.items if (d.source_id, d.code_id) == place]
            text = self.session.text(item.source_id)
            view.show_place(
                self.comparison, title, text, self.compared, self._names(), codings, here, self.info.coder_id
            )
            self._shown = place
        view.select(self.comparison, item)

    def _show_final(self) -> None:
        """Nothing is left: the place shown last, with the consensus as it now is."""
        if self._shown is None or self.info is None:
            return
        source_id, code_id = self._shown
        codings = codings_service.list_codings(self.session.project, source_id, code_ids=[code_id])
        self._shown = None
        path = self.session.codebook.path_text(code_id) if code_id in self.session.codebook.by_id else ""
        source = self.session.source(source_id)
        item = Disagreement("", "", source_id, source.name if source else "", code_id, "", path, 0, 0, ())
        self._show_in_view(item, codings)

    # ------------------------------------------------------------------ deciding

    def accept(self, coders: Sequence[str]) -> None:
        self._decide(coders=coders)

    def draw(self) -> None:
        item = self.current()
        cursor = self.comparison.text.textCursor()
        if item is None:
            return
        if not cursor.hasSelection():
            dialogs.show_info(self, "Draw by hand", "Select the consensus span in the text above first.")
            return
        span = self.comparison.positions.span_to_model(cursor.selectionStart(), cursor.selectionEnd())
        self._decide(span=span)

    def _decide(self, coders: Sequence[str] = (), span: tuple[int, int] | None = None) -> None:
        item = self.current()
        if self.info is None or item is None:
            return
        command = Decide(self.session, self.info.name, item, coders, span, self.note.text().strip())
        self.session.undo_stack.push(command)
        if not command.failed:
            self.note.clear()

    def _on_data_changed(self, changed: Changed) -> None:
        if changed.project:
            self.stop()
        elif self.info is not None and (
            changed.consensus or changed.codings or changed.codebook or changed.sources or changed.coders
        ):
            with errors.reporting(self):
                self.reload()

    # ------------------------------------------------------------------ the report

    def show_decisions(self) -> None:
        if self.info is None:
            return
        with errors.reporting(self):
            decisions = consensus_service.list_decisions(self.session.project, self.info.name)
            names = {source.id: source.name for source in self.session.sources}
            self.decisions.show_rows(decision_rows(decisions, self.session.codebook, names), self.info.name)
            self.stack.setCurrentIndex(DECISIONS)

    def take_back(self, decision_id: str) -> None:
        """Take back any decision (also one of an earlier session): its disagreement opens again."""
        if not dialogs.confirm(
            self,
            "Take back a decision",
            "Take back this decision? The passage it settled opens again.",
            "Take back",
        ):
            return
        with errors.reporting(self):
            result = consensus_service.undo_decision(self.session.project, decision_id)
            self.session.notify(Changed(consensus=True, added=result.restored, removed=result.removed))
            self.show_decisions()

    def _back(self) -> None:
        self.stack.setCurrentIndex(REPORT if not self.items else ACTIVE)
        self.render()

    def show_report(self, finished: bool = False) -> None:
        if self.info is None:
            return
        with errors.reporting(self):
            rows = coder_figures(self.session.project, self.compared, self.info.name)
            self.report.show_figures(rows)
        if finished:
            self.report_title.setText(
                f"Every disagreement is settled ({self.settled} decisions). Each coder's agreement with "
                f"the consensus '{self.info.name}' (as 'coder agreement --coders CODER,{self.info.name}' "
                "reports it):"
            )
        else:
            self.report_title.setText(
                f"{len(self.items)} disagreements are still open. Each coder's agreement with the consensus "
                f"'{self.info.name}' so far:"
            )
        self.back_button.setVisible(not finished)
        self.stack.setCurrentIndex(REPORT)


def attach(window: QWidget) -> AdjudicationPanel:
    """Put the panel under the agreement window's comparison view and follow the window's choices."""
    comparison: ComparisonView = window.comparison  # type: ignore[attr-defined]
    panel = AdjudicationPanel(window.session, comparison, lambda: window.run)  # type: ignore[attr-defined]
    holder = comparison.parentWidget()
    while holder is not None and not isinstance(holder, QSplitter):
        holder = holder.parentWidget()
    if holder is not None:
        holder.addWidget(panel)
        holder.setStretchFactor(holder.indexOf(panel), 0)
    window.results.sig_source_chosen.connect(panel.on_source_chosen)  # type: ignore[attr-defined]
    panel.sig_stopped.connect(
        lambda: window._show_comparison(  # type: ignore[attr-defined]
            window.results.selected_code(),
            window.results.selected_source(),  # type: ignore[attr-defined]
        )
    )
    for action in (panel.undo_action, panel.redo_action):
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        window.addAction(action)
    return panel


def figures_affected(changed: Changed, run: AgreementRun | None, session: Session) -> bool:
    """Whether a change of codings touches the coders whose figures are shown (consensus steps do not)."""
    if run is None or not changed.codings:
        return False
    compared = set(run.data.coders)
    names = {coder.id: coder.name for coder in session.coders}
    return any(
        names.get(c.coder_id) in compared
        for group in (changed.added, changed.removed, changed.updated)
        for c in group
    )


__all__ = ["AdjudicationPanel", "attach", "figures_affected"]
