"""The current coder (always visible, switchable) and whose codings are shown."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QToolButton, QWidget

from coder.ui import dialogs
from coder.ui.changes import Changed
from coder.ui.plain import menu_text
from coder.ui.session import CoderFilter, Session

FILTER_LABELS = (
    (CoderFilter.MINE, "My codings only (blind)"),
    (CoderFilter.ALL, "All coders"),
    (CoderFilter.CHOSEN, "Chosen coders…"),
)


class CoderBar(QWidget):
    sig_coder_switched = Signal(str)  # the new coder's name

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.button = QToolButton()
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setToolTip("The coder whose name new codings carry; click to switch")
        self.menu = QMenu(self.button)
        self.menu.aboutToShow.connect(self._on_menu_about_to_show)
        self.button.setMenu(self.menu)
        self.filter = QComboBox()
        self.filter.setToolTip("Whose codings the document, counts and retrieval show")
        for mode, label in FILTER_LABELS:
            self.filter.addItem(label, mode.value)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(QLabel("Coder:"))
        layout.addWidget(self.button)
        layout.addSpacing(12)
        layout.addWidget(QLabel("Show:"))
        layout.addWidget(self.filter)
        self.filter.activated.connect(self._on_filter_activated)
        self.reload()

    def reload(self) -> None:
        self.button.setText(self.session.coder.name)
        self.filter.blockSignals(True)
        self.filter.setCurrentIndex(self.filter.findData(self.session.coder_filter.value))
        self.filter.blockSignals(False)
        if self.session.coder_filter is CoderFilter.CHOSEN:
            names = ", ".join(self.session.coder_name(i) for i in self.session.chosen_coder_ids) or "nobody"
            self.filter.setItemText(self.filter.currentIndex(), f"Chosen: {names}")
        else:
            self.filter.setItemText(self.filter.findData(CoderFilter.CHOSEN.value), "Chosen coders…")

    def apply_changes(self, changed: Changed) -> None:
        if changed.everything:
            self.reload()

    def _on_menu_about_to_show(self) -> None:
        self.menu.clear()
        for coder in self.session.coders:
            action = self.menu.addAction(menu_text(coder.name), lambda name=coder.name: self.switch_to(name))
            action.setCheckable(True)
            action.setChecked(coder.id == self.session.coder.id)
        self.menu.addSeparator()
        self.menu.addAction("Another coder…", self.ask_for_coder)

    def ask_for_coder(self) -> None:
        name = dialogs.ask_text(self, "Switch coder", "Name of the coder who codes now:")
        if name and name.strip():
            self.switch_to(name.strip())

    def switch_to(self, name: str) -> None:
        self.sig_coder_switched.emit(name)

    def _on_filter_activated(self, row: int) -> None:
        mode = CoderFilter(self.filter.itemData(row))
        chosen: list[str] = []
        if mode is CoderFilter.CHOSEN:
            picked = dialogs.choose_coders(self, self.session.coders, self.session.chosen_coder_ids)
            if picked is None:
                self.reload()
                return
            chosen = picked
        self.set_filter(mode, chosen)

    def set_filter(self, mode: CoderFilter, chosen: list[str] | None = None) -> None:
        self.session.set_filter(mode, chosen or [])
