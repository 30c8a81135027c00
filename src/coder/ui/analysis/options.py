"""What an overview or a query counts: coders, codes, a source filter, and the kind's own options."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from coder.domain.attributes import FILTER_HELP
from coder.services import attributes as attributes_service
from coder.services import codebook as codebook_service
from coder.ui.session import Session

ID_ROLE = Qt.ItemDataRole.UserRole
CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


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
        counts = codebook_service.coding_counts(project)
        busy = {
            c.id for c in self.session.coders if sum(codebook_service.coding_counts(project, [c.id]).values())
        }
        kept = {
            self.coder_list.item(i).data(ID_ROLE): self.coder_list.item(i).checkState()
            for i in range(self.coder_list.count())
        }
        self.coder_list.clear()
        for coder in self.session.coders:
            item = QListWidgetItem(coder.name)
            item.setData(ID_ROLE, coder.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(kept.get(coder.id, CHECKED if coder.id in busy else UNCHECKED))
            self.coder_list.addItem(item)
        kept = {item.data(0, ID_ROLE): item.checkState(0) for item in self._code_items()}
        self.code_tree.clear()
        items: dict[str, QTreeWidgetItem] = {}
        book = self.session.codebook
        for code in book.in_tree_order():
            parent = items.get(code.parent_id) if code.parent_id else None
            item = QTreeWidgetItem(parent) if parent is not None else QTreeWidgetItem(self.code_tree)
            used = counts.get(code.id, 0)
            item.setText(0, f"{code.name}  ({used})" if used else code.name)
            item.setData(0, ID_ROLE, code.id)
            item.setFlags((item.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsAutoTristate)
            item.setCheckState(0, kept.get(code.id, CHECKED if used else UNCHECKED))
            items[code.id] = item
        self.code_tree.expandAll()

    def _code_items(self) -> Iterator[QTreeWidgetItem]:
        iterator = QTreeWidgetItemIterator(self.code_tree)
        while iterator.value():
            yield iterator.value()
            iterator += 1

    def coders(self) -> list[str] | None:
        """The ticked coders' names (None when every coder with codings is ticked: the default)."""
        return [
            self.coder_list.item(i).text()
            for i in range(self.coder_list.count())
            if self.coder_list.item(i).checkState() == CHECKED
        ]

    def codes(self) -> list[str]:
        """Paths of the ticked codes."""
        book = self.session.codebook
        return [
            book.path_text(item.data(0, ID_ROLE))
            for item in self._code_items()
            if item.checkState(0) == CHECKED and item.data(0, ID_ROLE) in book.by_id
        ]

    def filters(self) -> list[str]:
        return [self.where.text()] if self.where.text().strip() else []

    def set_checked(self, kind: str, names: list[str]) -> None:
        """Tick exactly the named coders or codes (by path); for scripts and tests."""
        wanted = set(names)
        if kind == "codes":
            book = self.session.codebook
            for item in self._code_items():
                item.setCheckState(
                    0, CHECKED if book.path_text(item.data(0, ID_ROLE)) in wanted else UNCHECKED
                )
            return
        for i in range(self.coder_list.count()):
            item = self.coder_list.item(i)
            item.setCheckState(CHECKED if item.text() in wanted else UNCHECKED)


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
