"""What to compare: coders, codes, sources and the segment overlap threshold θ.

The defaults follow ``agreement.md``: every coder with codings, every code those coders used, every
source. A refresh after a change to the project keeps the researcher's own ticks and gives new
entries their default.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from coder.analysis.agreement_model import DEFAULT_OVERLAP
from coder.domain.codebook import PATH_SEPARATOR, Codebook
from coder.domain.errors import InvalidInput
from coder.services import codebook as codebook_service
from coder.services import coders as coders_service
from coder.ui.plain import tip
from coder.ui.session import Session

ID_ROLE = Qt.ItemDataRole.UserRole
CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


@dataclass(frozen=True)
class Choice:
    """The arguments of ``run_agreement`` as the researcher chose them."""

    coders: list[str]
    codes: list[str]
    sources: list[str] | None  # None: every source (as the CLI's default)
    overlap: float


def _state(on: bool) -> Qt.CheckState:
    return CHECKED if on else UNCHECKED


class ChoicePanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.coder_list = QListWidget()
        self.code_tree = QTreeWidget()
        self.code_tree.setHeaderHidden(True)
        self.source_list = QListWidget()
        self.overlap = QDoubleSpinBox()
        self.overlap.setRange(0.0, 1.0)
        self.overlap.setDecimals(2)
        self.overlap.setSingleStep(0.05)
        self.overlap.setValue(DEFAULT_OVERLAP)
        self.overlap.setToolTip(
            "Segment agreement counts a coder's segment as matched when the other coder has one "
            "overlapping it by at least θ (intersection over union)."
        )
        self.compute_button = QPushButton("Compute")
        self.compute_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._box("Coders", self.coder_list, self._set_all_coders), 2)
        layout.addWidget(self._box("Codes", self.code_tree, self._set_all_codes), 5)
        layout.addWidget(self._box("Sources", self.source_list, self._set_all_sources), 3)
        form = QFormLayout()
        form.addRow("Segment overlap θ:", self.overlap)
        layout.addLayout(form)
        layout.addWidget(self.compute_button)
        self.refresh()

    def _box(self, title: str, view: QWidget, set_all: Callable[[bool], None]) -> QGroupBox:
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(4, 4, 4, 4)
        inner.addWidget(view)
        buttons = QHBoxLayout()
        for label, on in (("All", True), ("None", False)):
            button = QPushButton(label)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, on=on: set_all(on))
            buttons.addWidget(button)
        buttons.addStretch(1)
        inner.addLayout(buttons)
        return box

    # ------------------------------------------------------------------ filling

    def refresh(self) -> None:
        """Fill the lists from the project, keeping the ticks of entries already listed."""
        project = self.session.project
        coders = coders_service.list_coders(project)
        busy = {c.id for c in coders if sum(codebook_service.coding_counts(project, [c.id]).values())}
        kept = self._states_of_list(self.coder_list)
        self.coder_list.clear()
        for coder in coders:
            item = QListWidgetItem(coder.name)
            item.setData(ID_ROLE, coder.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(kept.get(coder.id, _state(coder.id in busy)))
            if coder.id not in busy:
                item.setToolTip("This coder has made no coding yet.")
            self.coder_list.addItem(item)
        self._fill_codes(self.session.codebook, codebook_service.coding_counts(project, sorted(busy)))
        kept = self._states_of_list(self.source_list)
        self.source_list.clear()
        for source in self.session.sources:
            item = QListWidgetItem(source.name)
            item.setData(ID_ROLE, source.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(kept.get(source.id, CHECKED))
            item.setToolTip(f"{source.characters:,} characters")
            self.source_list.addItem(item)

    def _fill_codes(self, book: Codebook, counts: dict[str, int]) -> None:
        kept = {item.data(0, ID_ROLE): item.checkState(0) for item in self._code_items()}
        self.code_tree.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for code in book.in_tree_order():
            parent = items.get(code.parent_id) if code.parent_id else None
            item = QTreeWidgetItem(parent) if parent is not None else QTreeWidgetItem(self.code_tree)
            used = counts.get(code.id, 0)
            item.setText(0, f"{code.name}  ({used})" if used else code.name)
            item.setData(0, ID_ROLE, code.id)
            item.setToolTip(0, tip(f"{book.path_text(code.id)}: {used} codings by coders with codings"))
            # A parent code does not include its children, so each box is independent.
            item.setFlags((item.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsAutoTristate)
            item.setCheckState(0, kept.get(code.id, _state(used > 0)))
            items[code.id] = item
        self.code_tree.expandAll()

    @staticmethod
    def _states_of_list(view: QListWidget) -> dict[str, Qt.CheckState]:
        return {view.item(i).data(ID_ROLE): view.item(i).checkState() for i in range(view.count())}

    def _code_items(self) -> Iterator[QTreeWidgetItem]:
        iterator = QTreeWidgetItemIterator(self.code_tree)
        while iterator.value():
            yield iterator.value()
            iterator += 1

    # ------------------------------------------------------------------ ticking

    def _set_all_coders(self, on: bool) -> None:
        for i in range(self.coder_list.count()):
            self.coder_list.item(i).setCheckState(_state(on))

    def _set_all_sources(self, on: bool) -> None:
        for i in range(self.source_list.count()):
            self.source_list.item(i).setCheckState(_state(on))

    def _set_all_codes(self, on: bool) -> None:
        for item in self._code_items():
            item.setCheckState(0, _state(on))

    def set_checked(self, kind: str, names: Sequence[str]) -> None:
        """Tick exactly the named coders, sources or codes (by path); for scripts and tests."""
        wanted = set(names)
        if kind == "codes":
            book = self.session.codebook
            for item in self._code_items():
                item.setCheckState(0, _state(book.path_text(item.data(0, ID_ROLE)) in wanted))
            return
        view = self.coder_list if kind == "coders" else self.source_list
        for i in range(view.count()):
            view.item(i).setCheckState(_state(view.item(i).text() in wanted))

    # ------------------------------------------------------------------ reading

    def _checked_names(self, view: QListWidget) -> list[str]:
        return [view.item(i).text() for i in range(view.count()) if view.item(i).checkState() == CHECKED]

    def choice(self) -> Choice:
        """The chosen arguments; raises ``InvalidInput`` (one sentence) when the choice cannot work."""
        coders = self._checked_names(self.coder_list)
        if len(coders) < 2:
            raise InvalidInput("tick at least two coders to compare")
        book = self.session.codebook
        codes = [
            _reference(book, item.data(0, ID_ROLE))
            for item in self._code_items()
            if item.checkState(0) == CHECKED and item.data(0, ID_ROLE) in book.by_id
        ]
        if not codes:
            raise InvalidInput("tick at least one code to compare")
        sources = self._checked_names(self.source_list)
        if not sources:
            raise InvalidInput("tick at least one source to compare")
        every = len(sources) == self.source_list.count()
        return Choice(coders, codes, None if every else sources, round(self.overlap.value(), 2))


def _reference(book: Codebook, code_id: str) -> str:
    """How ``run_agreement`` finds the code: its path, or its name with a leading separator when the
    name of a top-level code is also used deeper in the codebook (a bare name would be ambiguous)."""
    path = book.path_text(code_id)
    if PATH_SEPARATOR in path or sum(code.name == path for code in book.codes) == 1:
        return path
    return PATH_SEPARATOR + path
