"""What to compare: coders, codes, sources and the segment overlap threshold θ.

The defaults follow ``agreement.md``: every coder with codings, every code those coders used, every
source. A refresh after a change to the project keeps the researcher's own ticks and gives new
entries their default.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from coder.analysis.agreement_model import DEFAULT_OVERLAP
from coder.domain.codebook import PATH_SEPARATOR, Codebook
from coder.domain.errors import InvalidInput
from coder.domain.model import Code
from coder.services import codebook as codebook_service
from coder.services import coders as coders_service
from coder.ui.plain import tip
from coder.ui.session import Session
from coder.ui.tick_lists import (
    checked_code_ids,
    checked_texts,
    code_items,
    fill_code_tree,
    fill_list,
    state,
    tick_code_paths,
    tick_texts,
)


@dataclass(frozen=True)
class Choice:
    """The arguments of ``run_agreement`` as the researcher chose them."""

    coders: list[str]
    codes: list[str]
    sources: list[str] | None  # None: every source (as the CLI's default)
    overlap: float


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
        busy = coders_service.coders_with_codings(project)
        fill_list(
            self.coder_list,
            (
                (c.id, c.name, c.id in busy, "" if c.id in busy else "This coder has made no coding yet.")
                for c in coders
            ),
        )
        book = self.session.codebook

        def code_tip(code: Code, used: int) -> str:
            return tip(f"{book.path_text(code.id)}: {used} codings by coders with codings")

        fill_code_tree(self.code_tree, book, codebook_service.coding_counts(project, sorted(busy)), code_tip)
        fill_list(
            self.source_list,
            ((s.id, s.name, True, f"{s.characters:,} characters") for s in self.session.sources),
        )

    # ------------------------------------------------------------------ ticking

    def _set_all_coders(self, on: bool) -> None:
        for i in range(self.coder_list.count()):
            self.coder_list.item(i).setCheckState(state(on))

    def _set_all_sources(self, on: bool) -> None:
        for i in range(self.source_list.count()):
            self.source_list.item(i).setCheckState(state(on))

    def _set_all_codes(self, on: bool) -> None:
        for item in code_items(self.code_tree):
            item.setCheckState(0, state(on))

    def set_checked(self, kind: str, names: Sequence[str]) -> None:
        """Tick exactly the named coders, sources or codes (by path); for scripts and tests."""
        if kind == "codes":
            tick_code_paths(self.code_tree, self.session.codebook, names)
        else:
            tick_texts(self.coder_list if kind == "coders" else self.source_list, names)

    # ------------------------------------------------------------------ reading

    def choice(self) -> Choice:
        """The chosen arguments; raises ``InvalidInput`` (one sentence) when the choice cannot work."""
        coders = checked_texts(self.coder_list)
        if len(coders) < 2:
            raise InvalidInput("tick at least two coders to compare")
        book = self.session.codebook
        codes = [_reference(book, code_id) for code_id in checked_code_ids(self.code_tree, book)]
        if not codes:
            raise InvalidInput("tick at least one code to compare")
        sources = checked_texts(self.source_list)
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
