"""What an overview or a query counts: coders, codes, a source filter, and the kind's own options."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QListWidget,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from coder.domain.attributes import FILTER_HELP
from coder.services import attributes as attributes_service
from coder.services import codebook as codebook_service
from coder.services import coders as coders_service
from coder.ui.session import Session
from coder.ui.tick_lists import (
    checked_code_ids,
    checked_texts,
    fill_code_tree,
    fill_list,
    tick_code_paths,
    tick_texts,
)


class ChoiceBoxes(QWidget):
    """Coders and codes to tick (default: every coder with codings, every code used), and a filter."""

    def __init__(self, session: Session, with_codes: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.coder_list = QListWidget()
        self.code_tree = QTreeWidget()
        self.code_tree.setHeaderHidden(True)
        self.where = QLineEdit()
        self.where.setPlaceholderText("e.g. outlet=Washington Post; year>=2023")
        self.where.setToolTip(FILTER_HELP[0].upper() + FILTER_HELP[1:] + ".")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        coders = QGroupBox("Coders")
        QVBoxLayout(coders).addWidget(self.coder_list)
        layout.addWidget(coders, 2)
        if with_codes:
            codes = QGroupBox("Codes")
            QVBoxLayout(codes).addWidget(self.code_tree)
            layout.addWidget(codes, 5)
        form = QFormLayout()
        form.addRow("Sources where:", self.where)
        layout.addLayout(form)
        self.refresh()

    def refresh(self) -> None:
        project = self.session.project
        busy = coders_service.coders_with_codings(project)
        fill_list(self.coder_list, ((c.id, c.name, c.id in busy, "") for c in self.session.coders))
        fill_code_tree(self.code_tree, self.session.codebook, codebook_service.coding_counts(project))

    def coders(self) -> list[str] | None:
        """The ticked coders' names (None when every coder with codings is ticked: the default)."""
        return checked_texts(self.coder_list)

    def codes(self) -> list[str]:
        """Paths of the ticked codes."""
        book = self.session.codebook
        return [book.path_text(code_id) for code_id in checked_code_ids(self.code_tree, book)]

    def filters(self) -> list[str]:
        return [self.where.text()] if self.where.text().strip() else []

    def set_checked(self, kind: str, names: list[str]) -> None:
        """Tick exactly the named coders or codes (by path); for scripts and tests."""
        if kind == "codes":
            tick_code_paths(self.code_tree, self.session.codebook, names)
        else:
            tick_texts(self.coder_list, names)


def fill_groupings(combo: QComboBox, session: Session, with_none: bool = False) -> None:
    """Source, coder, and each attribute, as choices of ``--by``; keeps the current choice."""
    current = combo.currentData()
    combo.clear()
    if with_none:
        combo.addItem("(all sources together)", "")
    combo.addItem("source", "source")
    combo.addItem("coder", "coder")
    for attribute in attributes_service.list_attributes(session.project):
        combo.addItem(f"attribute: {attribute.name}", f"attribute:{attribute.name}")
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
