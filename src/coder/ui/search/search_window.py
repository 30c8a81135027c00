"""Search all sources (Edit ▸ Search all sources…, Ctrl+Shift+F): hits in context, memos apart.

Double-click a hit to open its source with the hit selected (or its memo, or its journal entry).
“Code all hits…” codes every hit in the sources with a chosen code as one undo step; hits that
already carry that code by the current coder are left as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coder.analysis.text_search import Query
from coder.domain.memos import CODE, SOURCE
from coder.services.search import MemoHit, SearchResult, SourceHit
from coder.ui import dialogs, errors, memo_access
from coder.ui.changes import Changed
from coder.ui.memo_commands import CodeAllHits
from coder.ui.search.hits_model import HitDelegate, MemoHitsModel, SourceHitsModel
from coder.ui.undo_actions import StackActions

if TYPE_CHECKING:
    from coder.ui.main_window import MainWindow

TITLE = "Search all sources"
ANYWHERE = "anywhere"


def _table(model: SourceHitsModel | MemoHitsModel, widths: tuple[int, int]) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setItemDelegateForColumn(model.CONTEXT_COLUMN, HitDelegate(table))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # names differ at their ends (.pdf, .docx)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().lineSpacing() + 10)
    header = table.horizontalHeader()
    header.setSectionResizeMode(model.CONTEXT_COLUMN, QHeaderView.ResizeMode.Stretch)
    header.resizeSection(0, widths[0])
    header.resizeSection(1, widths[1])
    return table


class SearchWindow(QMainWindow):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.main = window
        self.session = window.session
        self.result = SearchResult()
        self.setWindowTitle(f"{TITLE} — {self.session.project.name}")
        self.pattern = QLineEdit(placeholderText="A word, a phrase, or a regular expression")
        self.pattern.setClearButtonEnabled(True)
        self.regex = QCheckBox("Regular expression", toolTip="Python's syntax; ^ and $ match at every line")
        self.whole_word = QCheckBox("Whole word")
        self.case = QCheckBox("Match case")
        self.code = QComboBox()
        self.code.setMinimumContentsLength(24)
        self.search_button = QPushButton("Search")
        self.search_button.setDefault(True)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.sources_title, self.memos_title = QLabel(), QLabel()
        self.source_hits, self.memo_hits = SourceHitsModel(self), MemoHitsModel(self)
        self.source_table = _table(self.source_hits, (220, 50))
        self.memo_table = _table(self.memo_hits, (260, 90))
        self.code_all_button = QPushButton("Code all hits…")
        self.code_all_button.setToolTip(
            "Code every hit in the sources with one code; Ctrl+Z undoes it at once"
        )
        self._build()
        self.pattern.returnPressed.connect(self.run_search)
        self.search_button.clicked.connect(self.run_search)
        self.code_all_button.clicked.connect(self.code_all_hits)
        self.source_table.doubleClicked.connect(self._on_source_table_double_clicked)
        self.memo_table.doubleClicked.connect(self._on_memo_table_double_clicked)
        self.session.sig_data_changed.connect(self._on_session_data_changed)
        self._fill_codes()
        self.show_result(SearchResult())

    def _build(self) -> None:
        options = QHBoxLayout()
        for widget in (self.regex, self.whole_word, self.case):
            options.addWidget(widget)
        options.addSpacing(12)
        options.addWidget(QLabel("Inside codings of:"))
        options.addWidget(self.code, 1)
        query = QHBoxLayout()
        query.addWidget(self.pattern, 1)
        query.addWidget(self.search_button)
        sources_box, memos_box = QWidget(), QWidget()
        for box, title, table in (
            (sources_box, self.sources_title, self.source_table),
            (memos_box, self.memos_title, self.memo_table),
        ):
            layout = QVBoxLayout(box)
            layout.setContentsMargins(0, 4, 0, 0)
            layout.setSpacing(2)
            title.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(title)
            layout.addWidget(table)
        results = QSplitter(Qt.Orientation.Vertical)
        results.addWidget(sources_box)
        results.addWidget(memos_box)
        results.setSizes([440, 180])
        results.setChildrenCollapsible(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.code_all_button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(query)
        layout.addLayout(options)
        layout.addWidget(results, 1)
        layout.addLayout(bottom)
        self.setCentralWidget(body)
        self.resize(1000, 720)
        entries = StackActions(self.session.undo_stack, self)
        self.addActions([entries.undo, entries.redo])

    def _fill_codes(self) -> None:
        chosen = self.code.currentData()
        book = self.session.codebook
        self.code.clear()
        self.code.addItem("(anywhere)", ANYWHERE)
        for code in book.in_tree_order():
            self.code.addItem("    " * (len(book.path(code.id)) - 1) + code.name, code.id)
        index = self.code.findData(chosen) if chosen else 0
        self.code.setCurrentIndex(max(index, 0))

    # ------------------------------------------------------------------ searching

    def query(self) -> Query:
        return Query(
            self.pattern.text(),
            regex=self.regex.isChecked(),
            whole_word=self.whole_word.isChecked(),
            case_sensitive=self.case.isChecked(),
        )

    def run_search(self) -> SearchResult | None:
        code = self.code.currentData()
        with errors.reporting(self):
            result = memo_access.find(self.session, self.query(), None if code in (None, ANYWHERE) else code)
            self.show_result(result)
            return result
        return None

    def show_result(self, result: SearchResult) -> None:
        self.result = result
        self.source_hits.set_hits(result.hits)
        self.memo_hits.set_hits(result.memo_hits)
        count, sources = len(result.hits), result.sources_with_hits
        more = f" — only the first {count:,} are listed" if result.truncated else ""
        self.sources_title.setText(
            f"In sources: {count:,} hit{'s' * (count != 1)} in {sources} of {result.sources_searched} "
            f"source{'s' * (result.sources_searched != 1)}{more}"
        )
        memo_count = len(result.memo_hits)
        self.memos_title.setText(f"In memos and the journal: {memo_count:,} hit{'s' * (memo_count != 1)}")
        self.code_all_button.setEnabled(bool(result.hits))
        self.status.setText("Double-click a hit to see it in its place." if count or memo_count else "")

    # ------------------------------------------------------------------ acting on hits

    def code_all_hits(self) -> CodeAllHits | None:
        """Code every hit in the sources with a chosen code, as one undo step."""
        hits = self.source_hits.hits()
        if not hits:
            return None
        code_id = dialogs.choose_code(self, self.session.codebook, f"Code all {len(hits):,} hits with…")
        if not code_id:
            return None
        with errors.reporting(self):
            done = memo_access.coded_spans(self.session, code_id)
            spans = list(dict.fromkeys((h.source_id, h.start, h.end) for h in hits))
            fresh = [span for span in spans if span not in done]
            name = self.session.codebook.by_id[code_id].name
            if not fresh:
                self.status.setText(f"Every hit already carries “{name}”; nothing was coded.")
                return None
            command = CodeAllHits(self.session, code_id, fresh)
            self.session.undo_stack.push(command)
            if command.failed:
                return None
            kept = len(spans) - len(fresh)
            already = f" ({kept} already carried it)" if kept else ""
            self.status.setText(f"Coded {len(fresh)} hits with “{name}”{already}. Ctrl+Z undoes it.")
            return command
        return None

    def open_source_hit(self, hit: SourceHit) -> None:
        """Open the hit's source in the main window with the hit selected."""
        window = self.main
        if window.document.source is None or window.document.source.id != hit.source_id:
            window.sources.choose(hit.source_id)
            window.open_source(hit.source_id)
        window.document.select_span(hit.start, hit.end)
        window.raise_()
        window.activateWindow()
        window.document.setFocus()

    def open_memo_hit(self, hit: MemoHit) -> None:
        """Show the memo or journal entry that holds the hit, with the hit selected where it is editable."""
        window, memo = self.main, hit.memo
        own = memo.coder_id == self.session.coder.id
        if memo.kind == SOURCE and memo.target_id:
            if window.document.source is None or window.document.source.id != memo.target_id:
                window.sources.choose(memo.target_id)
                window.open_source(memo.target_id)
            window.below_document.setCurrentWidget(window.source_memo)
            pane = window.source_memo
        elif memo.kind == CODE and memo.target_id:
            window.codebook.choose(memo.target_id)
            pane = window.details.memo
        else:
            window.open_journal().choose_entry(memo.id, hit.start, hit.end, hit.field)  # type: ignore[attr-defined]
            return
        window.raise_()
        window.activateWindow()
        if own:
            pane.editor.setFocus()
            pane.editor.select_span(hit.start, hit.end)

    def _on_source_table_double_clicked(self, index: QModelIndex) -> None:
        hit = self.source_hits.hit_at(index.row())
        if hit is not None:
            self.open_source_hit(hit)

    def _on_memo_table_double_clicked(self, index: QModelIndex) -> None:
        hit = self.memo_hits.hit_at(index.row())
        if hit is not None:
            self.open_memo_hit(hit)

    def _on_session_data_changed(self, changed: Changed) -> None:
        if changed.project:
            self.setWindowTitle(f"{TITLE} — {self.session.project.name}")
            self.show_result(SearchResult())
        if changed.codebook or changed.project:
            self._fill_codes()
