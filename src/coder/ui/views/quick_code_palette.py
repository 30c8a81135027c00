"""Quick-code palette (Ctrl+K): type a few letters of a code, Enter codes the selection with it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListView, QVBoxLayout, QWidget

from coder.domain.codebook import Codebook
from coder.ui.models.code_list_model import CodeIdRole, CodeListModel
from coder.ui.plain import plain_label


def tree_order(book: Codebook) -> list[str]:
    """Code ids as the tree shows them, parents before children (no recursion: trees may be deep)."""
    return [code.id for code in book.in_tree_order()]


class QuickCodePalette(QDialog):
    def __init__(
        self,
        book: Codebook,
        parent: QWidget | None = None,
        title: str = "Code the selection with…",
        exclude: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.resize(440, 380)
        self.chosen: str | None = None
        excluded = set(exclude)
        self.model = CodeListModel(book, [i for i in tree_order(book) if i not in excluded], self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.field = QLineEdit(placeholderText="Type to filter codes; Enter to choose")
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.setUniformItemSizes(True)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(title))  # the title may quote a code's name
        layout.addWidget(self.field)
        layout.addWidget(self.list)
        self.field.textChanged.connect(self._on_field_changed)
        self.field.returnPressed.connect(self._on_field_return_pressed)
        self.field.installEventFilter(self)
        self.list.activated.connect(self._on_list_activated)
        self._select_row(0)

    def _select_row(self, row: int) -> None:
        if self.proxy.rowCount():
            row = max(0, min(row, self.proxy.rowCount() - 1))
            self.list.setCurrentIndex(self.proxy.index(row, 0))

    def _on_field_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._select_row(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Up and Down in the filter field move through the list."""
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                self._select_row(self.list.currentIndex().row() + step)
                return True
        return super().eventFilter(watched, event)

    def _on_field_return_pressed(self) -> None:
        current = self.list.currentIndex()
        if current.isValid():
            self._on_list_activated(current)

    def _on_list_activated(self, index: object) -> None:
        self.chosen = self.proxy.data(index, CodeIdRole)  # type: ignore[arg-type]
        self.accept()

    def choose(self) -> str | None:
        self.field.setFocus()
        return self.chosen if self.exec() == QDialog.DialogCode.Accepted else None
