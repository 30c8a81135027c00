"""The codebook tree and its editing: add, rename, recolour, move, merge and delete codes.

Every edit is an undoable command on the session's stack. Double-click (or Enter) on a code, or a
passage dropped onto it, asks for the selection to be coded with it.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from coder.ui import dialogs, errors, undo
from coder.ui.changes import Changed
from coder.ui.models.codebook_tree_model import COL_COUNT, COL_KEY, COL_NAME, CodebookTreeModel
from coder.ui.plain import menu_text
from coder.ui.session import Session
from coder.ui.views.flow_layout import FlowLayout


class CodebookTree(QTreeView):
    sig_code_activated = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != self.State.EditingState:
            model = self.model()
            if isinstance(model, CodebookTreeModel):
                code = model.code_at(self.currentIndex())
                if code is not None:
                    self.sig_code_activated.emit(code.id)
                    return
        super().keyPressEvent(event)


class CodebookPanel(QWidget):
    sig_code_chosen = Signal(object)  # code id or None
    sig_code_activated = Signal(str)  # apply this code to the selection
    sig_span_dropped = Signal(str, dict)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = CodebookTreeModel(self)
        self.tree = CodebookTree()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(self.fontMetrics().horizontalAdvance("M") + 4)  # leaves names room
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDropIndicatorShown(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        # Fixed widths, sized on reload: sizing to contents would visit every row on each count change.
        header.setSectionResizeMode(COL_KEY, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_COUNT, QHeaderView.ResizeMode.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self._buttons())
        layout.addWidget(self.tree)
        self.tree.doubleClicked.connect(self._on_tree_double_clicked)
        self.tree.sig_code_activated.connect(self.sig_code_activated)
        self.tree.selectionModel().selectionChanged.connect(self._on_tree_selection_changed)
        self.tree.customContextMenuRequested.connect(self._on_tree_menu_requested)
        self.model.sig_code_renamed.connect(self._on_model_code_renamed)
        self.model.sig_codes_dropped.connect(self._on_model_codes_dropped)
        self.model.sig_span_dropped.connect(self.sig_span_dropped)
        self.reload()

    def _buttons(self) -> QWidget:
        """The edits as a row of buttons that wraps onto a second row when the panel is narrow."""
        box = QWidget()
        flow = FlowLayout(box, spacing=2)
        self.edit_buttons: list[QToolButton] = []
        for text, tip, slot in (
            ("+ Code", "Add a top-level code", lambda: self.add_code(None)),
            ("+ Sub-code", "Add a code inside the chosen one", self.add_child_code),
            ("Rename", "Rename the chosen code (F2)", self.rename_code),
            ("Colour", "Change the chosen code's colour", self.recolour_code),
            ("Merge…", "Merge the chosen code into another", self.merge_code),
            ("Delete…", "Delete the chosen code and its codings", self.delete_code),
        ):
            button = QToolButton(text=text, toolTip=tip, autoRaise=True)
            button.clicked.connect(lambda _=False, slot=slot: slot())
            flow.addWidget(button)
            self.edit_buttons.append(button)
        return box

    # ------------------------------------------------------------------ refresh

    def current_code_id(self) -> str | None:
        code = self.model.code_at(self.tree.currentIndex())
        return code.id if code else None

    def choose(self, code_id: str | None) -> None:
        index = self.model.index_of(code_id) if code_id else QModelIndex()
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        else:
            self.tree.clearSelection()

    def reload(self) -> None:
        """Rebuild the tree from the session's codebook, keeping what is open and chosen."""
        current = self.current_code_id()
        expanded = {
            c.id for c in self.model.codebook.codes if self.tree.isExpanded(self.model.index_of(c.id))
        }
        first_time = not self.model.codebook.codes
        self.model.set_codebook(self.session.codebook, self.session.code_counts())
        self.model.set_shortcuts(self.session.shortcuts)
        metrics = self.tree.fontMetrics()
        self.tree.header().resizeSection(COL_KEY, metrics.horizontalAdvance("Key") + 14)
        self.tree.header().resizeSection(COL_COUNT, metrics.horizontalAdvance("Codings") + 14)
        for code in self.session.codebook.codes:
            if first_time or code.id in expanded:
                self.tree.setExpanded(self.model.index_of(code.id), True)
        if current in self.session.codebook.by_id:
            self.tree.blockSignals(True)
            self.choose(current)
            self.tree.blockSignals(False)
        else:
            self.sig_code_chosen.emit(None)

    def apply_changes(self, changed: Changed) -> None:
        if changed.codebook or changed.everything:
            self.reload()
            return
        if changed.shortcuts:
            self.model.set_shortcuts(self.session.shortcuts)
        elif changed.codings:
            self.model.set_counts(self.session.code_counts())

    # ------------------------------------------------------------------ slots

    def _on_tree_double_clicked(self, index: QModelIndex) -> None:
        code = self.model.code_at(index)
        if code is not None:
            self.sig_code_activated.emit(code.id)

    def _on_tree_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.sig_code_chosen.emit(self.current_code_id())

    def _on_tree_menu_requested(self, point: object) -> None:
        menu = QMenu(self)
        has_code = self.current_code_id() is not None
        menu.addAction("Code the selection with this code", self._activate_current).setEnabled(has_code)
        menu.addSeparator()
        menu.addAction("Add code", lambda: self.add_code(None))
        menu.addAction("Add sub-code", self.add_child_code).setEnabled(has_code)
        for text, slot in (
            ("Rename…", self.rename_code),
            ("Colour…", self.recolour_code),
            ("Merge into…", self.merge_code),
            ("Delete…", self.delete_code),
        ):
            menu.addAction(text, slot).setEnabled(has_code)
        keys = menu.addMenu("Key")
        keys.setEnabled(has_code)
        self.fill_key_menu(keys)
        menu.exec(self.tree.viewport().mapToGlobal(point))  # type: ignore[arg-type]

    def _activate_current(self) -> None:
        code_id = self.current_code_id()
        if code_id:
            self.sig_code_activated.emit(code_id)

    def _on_model_code_renamed(self, code_id: str, name: str) -> None:
        code = self.session.codebook.by_id.get(code_id)
        if code is not None:
            self._push(undo.EditCodes(self.session, [replace(code, name=name)], f"Rename “{code.name}”"))

    def _on_model_codes_dropped(self, code_ids: list[str], parent_id: str | None, row: int) -> None:
        self.move_code(code_ids[0], parent_id, row)

    def fill_key_menu(self, menu: QMenu) -> None:
        """Keys 1–9 for the chosen code, each saying which code has it now, and "No key"."""
        menu.clear()
        code_id = self.current_code_id()
        if code_id is None:
            menu.addAction("Choose a code first").setEnabled(False)
            return
        book, own = self.session.codebook, self.session.shortcuts.get(code_id)
        for key in range(1, 10):
            holder = self.session.code_for_key(key)
            now = f"  (now: {menu_text(book.by_id[holder].name)})" if holder and holder != code_id else ""
            action = menu.addAction(f"{key}{now}", lambda k=key: self.assign_key(code_id, k))
            action.setCheckable(True)
            action.setChecked(own == key)
        menu.addSeparator()
        menu.addAction("No key", lambda: self.assign_key(code_id, None)).setEnabled(own is not None)

    def assign_key(self, code_id: str, key: int | None) -> None:
        if code_id in self.session.codebook.by_id and self.session.shortcuts.get(code_id) != key:
            self._push(undo.AssignKey(self.session, code_id, key))

    # ------------------------------------------------------------------ edits

    def _push(self, command: undo.SessionCommand) -> bool:
        self.session.undo_stack.push(command)
        return not command.failed

    def add_code(self, parent_id: str | None) -> None:
        where = (
            "inside “" + self.session.codebook.by_id[parent_id].name + "”"
            if parent_id
            else "at the top level"
        )
        name = dialogs.ask_text(self, "New code", f"Name of the new code {where}:")
        if name is None or not name.strip():
            return
        command = undo.AddCode(self.session, name, parent_id)
        if self._push(command):
            self.choose(command.code_id)

    def add_child_code(self) -> None:
        parent_id = self.current_code_id()
        if parent_id:
            self.add_code(parent_id)

    def rename_code(self) -> None:
        code = self.session.codebook.by_id.get(self.current_code_id() or "")
        if code is None:
            return
        name = dialogs.ask_text(self, "Rename code", "New name:", code.name)
        if name is not None and name.strip() and name.strip() != code.name:
            self._push(undo.EditCodes(self.session, [replace(code, name=name)], f"Rename “{code.name}”"))

    def recolour_code(self) -> None:
        code = self.session.codebook.by_id.get(self.current_code_id() or "")
        if code is None:
            return
        colour = dialogs.ask_colour(self, code.colour)
        if colour and colour.lower() != code.colour.lower():
            self._push(
                undo.EditCodes(self.session, [replace(code, colour=colour)], f"Recolour “{code.name}”")
            )

    def move_code(self, code_id: str, parent_id: str | None, row: int) -> None:
        """Put a code under ``parent_id`` at ``row`` (-1: last), renumbering its new siblings."""
        book = self.session.codebook
        code = book.by_id.get(code_id)
        if code is None:
            return
        if parent_id == code_id or parent_id in {c.id for c in book.descendants(code_id)}:
            errors.report(errors.CoderError(f"“{code.name}” cannot be moved inside itself."), self)
            return
        old_siblings = book.children(parent_id)
        if code.parent_id == parent_id and 0 <= row and code in old_siblings:
            if old_siblings.index(code) < row:
                row -= 1
        siblings = [c for c in old_siblings if c.id != code_id]
        siblings.insert(row if 0 <= row <= len(siblings) else len(siblings), code)
        changed = [
            replace(c, parent_id=parent_id, position=n)
            for n, c in enumerate(siblings)
            if (c.parent_id, c.position) != (parent_id, n)
        ]
        if changed:
            self._push(undo.EditCodes(self.session, changed, f"Move “{code.name}”"))
            self.choose(code_id)

    def merge_code(self) -> None:
        book = self.session.codebook
        code = book.by_id.get(self.current_code_id() or "")
        if code is None:
            return
        exclude = [code.id, *(c.id for c in book.descendants(code.id))]
        target = dialogs.choose_code(self, book, f"Merge “{code.name}” into…", exclude=exclude)
        if target:
            if self._push(undo.MergeCode(self.session, code.id, target)):
                self.choose(target)

    def delete_code(self) -> None:
        book = self.session.codebook
        code = book.by_id.get(self.current_code_id() or "")
        if code is None:
            return
        children = len(book.descendants(code.id))
        codings = self.session.affected_codings(code.id)
        what = f"“{code.name}”" + (f" and its {children} sub-code{'s' * (children != 1)}" if children else "")
        message = (
            f"Delete {what}? This removes {codings} coding{'s' * (codings != 1)} by all coders. "
            "You can undo it with Ctrl+Z."
        )
        if dialogs.confirm(self, "Delete code", message, action="Delete"):
            self._push(undo.DeleteCode(self.session, code.id))
