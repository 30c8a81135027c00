"""The attribute editor: sources × attributes, typed editors, every change undoable (Ctrl+Z)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coder.domain.attributes import TYPES, Attribute, display
from coder.services import attributes as service
from coder.services.attributes import AttributeTable, RemovedAttribute
from coder.ui import dialogs, errors
from coder.ui.changes import Changed
from coder.ui.session import Session
from coder.ui.undo_actions import StackActions

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
TYPE_LABELS = {
    "text": "text",
    "number": "number",
    "date": "date (YYYY-MM-DD)",
    "boolean": "yes/no",
    "choice": "list of choices",
}


class AttributeModel(QAbstractTableModel):
    """Rows are sources, columns attributes; editing a cell sets the value through an undo command."""

    def __init__(self, window: AttributesWindow) -> None:
        super().__init__(window)
        self.window = window
        self.table = AttributeTable((), (), {})

    def load(self, table: AttributeTable) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def attribute(self, column: int) -> Attribute:
        return self.table.attributes[column]

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.table.sources)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.table.attributes)

    def stored(self, row: int, column: int) -> str:
        source_id = self.table.sources[row][0]
        return self.table.values.get(source_id, {}).get(self.attribute(column).id, "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.stored(index.row(), index.column())
        attribute = self.attribute(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return display(attribute, value)
        if role == Qt.ItemDataRole.EditRole:
            return display(attribute, value)
        if role == Qt.ItemDataRole.TextAlignmentRole and attribute.type == "number":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        text = "" if value is None else str(value)
        if text == display(self.attribute(index.column()), self.stored(index.row(), index.column())):
            return False
        source_id = self.table.sources[index.row()][0]
        self.window.push(SetValueCommand(self.window, source_id, self.attribute(index.column()).id, text))
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.table.attributes):
            attribute = self.table.attributes[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{attribute.name}\n({TYPE_LABELS[attribute.type]})"
            if role == Qt.ItemDataRole.ToolTipRole and attribute.type == "choice":
                return "Choices: " + ", ".join(attribute.choices)
        if (
            orientation == Qt.Orientation.Vertical
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.table.sources)
        ):
            return self.table.sources[section][1]
        return None


class ValueDelegate(QStyledItemDelegate):
    """A list for yes/no and choice attributes, a line for the others."""

    def __init__(self, model: AttributeModel) -> None:
        super().__init__(model)
        self.model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        attribute = self.model.attribute(index.column())
        if attribute.type in ("boolean", "choice"):
            combo = QComboBox(parent)
            combo.addItem("", "")
            for choice in ("yes", "no") if attribute.type == "boolean" else attribute.choices:
                combo.addItem(choice, choice)
            return combo
        editor = QLineEdit(parent)
        if attribute.type == "date":
            editor.setPlaceholderText("YYYY-MM-DD")
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


# ---------------------------------------------------------------------------------------------- undo


class _Command(QUndoCommand):
    def __init__(self, window: AttributesWindow, text: str) -> None:
        super().__init__(text)
        self.window = window
        self.failed = False

    def redo(self) -> None:
        self._guarded(self.do)

    def undo(self) -> None:
        self._guarded(self.undo_it)

    def _guarded(self, step: Any) -> None:
        try:
            step()
        except Exception as error:  # noqa: BLE001 - shown as a sentence, the command dropped
            self.failed = True
            self.setObsolete(True)
            errors.report(error, self.window)
        self.window.reload()

    def do(self) -> None:
        raise NotImplementedError

    def undo_it(self) -> None:
        raise NotImplementedError


class SetValueCommand(_Command):
    def __init__(self, window: AttributesWindow, source_id: str, attribute_id: str, value: str) -> None:
        super().__init__(window, "Set attribute value")
        self.source_id, self.attribute_id, self.value = source_id, attribute_id, value
        self.before = ""

    def do(self) -> None:
        self.before = service.set_value(
            self.window.session.project, self.source_id, self.attribute_id, self.value
        )

    def undo_it(self) -> None:
        service.set_value(self.window.session.project, self.source_id, self.attribute_id, self.before)


class DefineCommand(_Command):
    def __init__(self, window: AttributesWindow, name: str, kind: str, choices: list[str]) -> None:
        super().__init__(window, f"Add attribute {name}")
        self.name, self.kind, self.choices = name, kind, choices
        self.attribute_id: str | None = None

    def do(self) -> None:
        made = service.define_attribute(
            self.window.session.project, self.name, self.kind, self.choices, self.attribute_id
        )
        self.attribute_id = made.id

    def undo_it(self) -> None:
        assert self.attribute_id is not None
        service.delete_attribute(self.window.session.project, self.attribute_id)


class UpdateCommand(_Command):
    def __init__(self, window: AttributesWindow, after: Attribute) -> None:
        super().__init__(window, f"Change attribute {after.name}")
        self.after = after
        self.before: Attribute | None = None

    def do(self) -> None:
        self.before = service.update_attribute(self.window.session.project, self.after)

    def undo_it(self) -> None:
        assert self.before is not None
        service.update_attribute(self.window.session.project, self.before)


class DeleteCommand(_Command):
    def __init__(self, window: AttributesWindow, attribute: Attribute) -> None:
        super().__init__(window, f"Delete attribute {attribute.name}")
        self.attribute = attribute
        self.removed: RemovedAttribute | None = None

    def do(self) -> None:
        self.removed = service.delete_attribute(self.window.session.project, self.attribute.id)

    def undo_it(self) -> None:
        assert self.removed is not None
        service.restore_attribute(self.window.session.project, self.removed)


# ---------------------------------------------------------------------------------------------- window


def ask_new_attribute(parent: QWidget | None) -> tuple[str, str, list[str]] | None:
    """Name, type and choices of a new attribute; None when cancelled (tests replace this)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("New attribute")
    name = QLineEdit()
    kind = QComboBox()
    for key in TYPES:
        kind.addItem(TYPE_LABELS[key], key)
    choices = QLineEdit()
    choices.setPlaceholderText("for a list: choices separated by commas")
    form = QFormLayout(dialog)
    form.addRow("Name:", name)
    form.addRow("Type:", kind)
    form.addRow("Choices:", choices)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return name.text(), kind.currentData(), [c for c in choices.text().split(",") if c.strip()]


def ask_csv_path(parent: QWidget | None, save: bool) -> Path | None:
    """A CSV file to import from or export to (tests replace this)."""
    if save:
        name, _ = QFileDialog.getSaveFileName(parent, "Export attributes", "attributes.csv", "CSV (*.csv)")
    else:
        name, _ = QFileDialog.getOpenFileName(parent, "Import attributes", "", "CSV (*.csv);;All files (*)")
    return Path(name) if name else None


class AttributesWindow(QMainWindow):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(f"Attributes — {session.project.name}")
        self.model = AttributeModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(ValueDelegate(self.model))
        self.view.horizontalHeader().setDefaultSectionSize(170)
        self.view.setEditTriggers(
            QTableView.EditTrigger.DoubleClicked
            | QTableView.EditTrigger.EditKeyPressed
            | QTableView.EditTrigger.AnyKeyPressed
        )
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, label, slot in (
            ("add", "Add attribute…", self.add_attribute),
            ("rename", "Rename…", self.rename_attribute),
            ("choices", "Choices…", self.edit_choices),
            ("delete", "Delete", self.delete_attribute),
            ("import", "Import CSV…", self.import_csv),
            ("export", "Export CSV…", self.export_csv),
        ):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, slot=slot: slot())
            buttons.addWidget(button)
            self.buttons[key] = button
        buttons.addStretch(1)
        hint = QLabel("Double-click a cell to give a source a value; Delete clears it; Ctrl+Z undoes.")
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(box)
        entries = StackActions(session.undo_stack, self)
        self.addActions([entries.undo, entries.redo])
        self.resize(1000, 560)
        self.reload()
        session.sig_data_changed.connect(self._on_data_changed)

    def reload(self) -> None:
        with errors.reporting(self):
            self.model.load(service.attribute_table(self.session.project))

    def push(self, command: _Command) -> None:
        self.session.undo_stack.push(command)

    def current_attribute(self) -> Attribute | None:
        column = self.view.currentIndex().column()
        return self.model.attribute(column) if 0 <= column < self.model.columnCount() else None

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.view.currentIndex().isValid():
            self.model.setData(self.view.currentIndex(), "", Qt.ItemDataRole.EditRole)
            return
        super().keyPressEvent(event)

    def add_attribute(self) -> None:
        module = __import__(__name__, fromlist=["ask_new_attribute"])
        answer = module.ask_new_attribute(self)
        if answer is not None:
            self.push(DefineCommand(self, *answer))

    def rename_attribute(self) -> None:
        attribute = self.current_attribute()
        if attribute is None:
            return
        name = dialogs.ask_text(self, "Rename attribute", "New name:", attribute.name)
        if name and name.strip() != attribute.name:
            from dataclasses import replace

            self.push(UpdateCommand(self, replace(attribute, name=name)))

    def edit_choices(self) -> None:
        attribute = self.current_attribute()
        if attribute is None or attribute.type != "choice":
            return
        text = dialogs.ask_text(
            self, "Choices", "Choices, separated by commas:", ", ".join(attribute.choices)
        )
        if text is not None:
            from dataclasses import replace

            self.push(
                UpdateCommand(
                    self, replace(attribute, choices=tuple(c for c in text.split(",") if c.strip()))
                )
            )

    def delete_attribute(self) -> None:
        attribute = self.current_attribute()
        if attribute is not None:
            self.push(DeleteCommand(self, attribute))

    def import_csv(self) -> None:
        module = __import__(__name__, fromlist=["ask_csv_path"])
        path = module.ask_csv_path(self, False)
        if path is None:
            return
        with errors.reporting(self):
            summary = service.import_csv(self.session.project, path)
            self.session.undo_stack.clear()  # a bulk change is a boundary for undo, as in imports
            self.statusBar().showMessage(
                f"{summary.sources} source(s): {summary.values_set} value(s) set, "
                f"{summary.values_cleared} removed",
                8000,
            )
        self.reload()

    def export_csv(self) -> None:
        module = __import__(__name__, fromlist=["ask_csv_path"])
        path = module.ask_csv_path(self, True)
        if path is None:
            return
        with errors.reporting(self):
            count = service.export_csv(self.session.project, path)
            self.statusBar().showMessage(f"Saved the attributes of {count} source(s) to {path}", 8000)

    def _on_data_changed(self, changed: Changed) -> None:
        if changed.project or changed.sources:
            self.setWindowTitle(f"Attributes — {self.session.project.name}")
            self.reload()
