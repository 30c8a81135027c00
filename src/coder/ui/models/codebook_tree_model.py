"""The codebook tree: an item model over a frozen :class:`Codebook` snapshot and coding counts.

Drags carry code ids (to move codes); drops of a text passage from the document view carry a span
(to code it). The model only decodes drops and reports them as signals; the panel does the edits.

Every lookup the view makes (a code's row, its parent, its children) is a dictionary access, and the
tree is walked without recursion, so that a codebook of 100,000 codes or hundreds of levels opens
at once.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from coder.domain.codebook import Codebook
from coder.domain.model import Code
from coder.ui.models.headers import horizontal_header
from coder.ui.views.swatches import swatch_icon

CODE_MIME = "application/x-coder-code-ids"
SPAN_MIME = "application/x-coder-span"

COL_NAME, COL_KEY, COL_COUNT = 0, 1, 2
CodeIdRole = Qt.ItemDataRole.UserRole + 1
_HEADERS = ("Code", "Key", "Codings")
ModelIndex = QModelIndex | QPersistentModelIndex


class CodebookTreeModel(QAbstractItemModel):
    sig_codes_dropped = Signal(list, object, int)  # code ids, new parent id or None, row
    sig_span_dropped = Signal(str, dict)  # code id, {"source_id", "start", "end"}
    sig_code_renamed = Signal(str, str)  # code id, new name

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._book = Codebook([])
        self._counts: dict[str, int] = {}
        self._keys: dict[str, int] = {}  # code id -> its number in internalId
        self._ids: list[str] = []
        self._children: dict[str | None, list[Code]] = {None: []}
        self._rows: dict[str, int] = {}  # code id -> its row among its siblings
        self._shortcuts: dict[str, int] = {}

    # ------------------------------------------------------------------ data in

    def set_codebook(self, book: Codebook, counts: dict[str, int]) -> None:
        self.beginResetModel()
        self._book = book
        self._counts = dict(counts)
        self._children = {None: book.children(None)}
        for code in book.codes:
            self._children[code.id] = book.children(code.id)
            if code.id not in self._keys:
                self._keys[code.id] = len(self._ids)
                self._ids.append(code.id)
        self._rows = {
            code.id: row for siblings in self._children.values() for row, code in enumerate(siblings)
        }
        self.endResetModel()

    def set_shortcuts(self, shortcuts: dict[str, int]) -> None:
        """Which code each key 1–9 applies (code id -> key), as the project stores them."""
        changed = set(shortcuts.items()) ^ set(self._shortcuts.items())
        self._shortcuts = dict(shortcuts)
        for code_id in {code_id for code_id, _key in changed}:
            index = self.index_of(code_id, COL_KEY)
            if index.isValid():
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def set_counts(self, counts: dict[str, int]) -> None:
        """New counts; only the rows whose count changed are reported to the view."""
        changed = [i for i in self._book.by_id if counts.get(i, 0) != self._counts.get(i, 0)]
        self._counts = dict(counts)
        roles = [Qt.ItemDataRole.DisplayRole]
        for code_id in changed:
            index = self.index_of(code_id, COL_COUNT)
            self.dataChanged.emit(index, index, roles)

    @property
    def codebook(self) -> Codebook:
        return self._book

    def tree_order(self) -> list[Code]:
        """Every code, parents before children, siblings in their order (depth first)."""
        return self._book.in_tree_order()

    def shortcut_of(self, code_id: str) -> int | None:
        return self._shortcuts.get(code_id)

    # ------------------------------------------------------------------ structure

    def code_at(self, index: ModelIndex) -> Code | None:
        if not index.isValid():
            return None
        return self._book.by_id.get(self._ids[index.internalId()])

    def index_of(self, code_id: str, column: int = 0) -> QModelIndex:
        row = self._rows.get(code_id)
        if row is None:
            return QModelIndex()
        return self.createIndex(row, column, self._keys[code_id])

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(_HEADERS) or row < 0:
            return QModelIndex()
        parent_code = self.code_at(parent)
        siblings = self._children.get(parent_code.id if parent_code else None, [])
        if row >= len(siblings):
            return QModelIndex()
        return self.createIndex(row, column, self._keys[siblings[row].id])

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        code = self.code_at(index)
        if code is None or code.parent_id is None:
            return QModelIndex()
        return self.index_of(code.parent_id)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.isValid() and parent.column() != 0:
            return 0
        code = self.code_at(parent)
        return len(self._children.get(code.id if code else None, []))

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        return horizontal_header(_HEADERS, section, orientation, role)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        code = self.code_at(index)
        if code is None:
            return None
        column = index.column()
        if role == CodeIdRole:
            return code.id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_NAME:
                return code.name
            if column == COL_KEY:
                key = self._shortcuts.get(code.id)
                return str(key) if key else ""
            return str(self._counts.get(code.id, 0))
        if role == Qt.ItemDataRole.EditRole and column == COL_NAME:
            return code.name
        if role == Qt.ItemDataRole.DecorationRole and column == COL_NAME:
            return swatch_icon(code.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(code)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != COL_NAME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_KEY:
            return QColor("#777777")
        return None

    def _tooltip(self, code: Code) -> str:
        lines = [f"<b>{_escape(self._book.path_text(code.id))}</b>"]
        if code.definition:
            lines.append(_escape(code.definition))
        key = self._shortcuts.get(code.id)
        if key:
            lines.append(f"<i>Press {key} in the document to code the selection with it.</i>")
        return "<p>" + "<br>".join(lines) + "</p>"

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )
        if index.column() == COL_NAME:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Renaming in place is reported, not applied: the panel turns it into an undoable edit."""
        code = self.code_at(index)
        if code is None or role != Qt.ItemDataRole.EditRole or index.column() != COL_NAME:
            return False
        name = str(value).strip()
        if name and name != code.name:
            self.sig_code_renamed.emit(code.id, name)
        return False

    # ------------------------------------------------------------------ drag and drop

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [CODE_MIME, SPAN_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]  # noqa: N802
        ids: list[str] = []
        for index in indexes:
            code = self.code_at(index)
            if code is not None and code.id not in ids:
                ids.append(code.id)
        mime = QMimeData()
        mime.setData(CODE_MIME, json.dumps(ids).encode())
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: ModelIndex
    ) -> bool:  # noqa: N802,E501
        if data.hasFormat(SPAN_MIME):
            return self.code_at(parent) is not None
        return data.hasFormat(CODE_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: ModelIndex
    ) -> bool:  # noqa: N802,E501
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        target = self.code_at(parent)
        if data.hasFormat(SPAN_MIME):
            assert target is not None
            span = json.loads(bytes(data.data(SPAN_MIME).data()).decode())
            self.sig_span_dropped.emit(target.id, span)
            return True
        ids = [i for i in json.loads(bytes(data.data(CODE_MIME).data()).decode()) if i in self._book.by_id]
        if not ids:
            return False
        # The panel moves the code through the service and rebuilds the tree; the model has no
        # removeRows, so the view's "remove what was moved" after the drag changes nothing.
        self.sig_codes_dropped.emit(ids, target.id if target else None, row)
        return True


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
