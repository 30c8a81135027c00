"""Every modal question the app asks, as small functions that tests replace.

Callers use ``dialogs.<function>(...)`` (never ``from dialogs import ...``) so that a test can
monkeypatch the function on this module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from coder.domain.codebook import Codebook
from coder.domain.model import Coder
from coder.ui.settings import AppSettings

# Where file dialogs start: the folder last used for the same kind of file (else the home folder).
_settings: AppSettings | None = None


def remember_folders_in(settings: AppSettings | None) -> None:
    """File dialogs start in, and remember, the folders kept in ``settings``."""
    global _settings
    _settings = settings


def start_folder(kind: str) -> Path:
    """The folder a file dialog of ``kind`` ("projects", "import", "export") opens in."""
    folder = _settings.last_folder(kind) if _settings is not None else None
    return folder if folder is not None and folder.is_dir() else Path.home()


def _used(kind: str, paths: Sequence[Path]) -> None:
    if paths and _settings is not None:
        _settings.remember_folder(kind, paths[0].parent)


def _open_names(
    parent: QWidget | None, title: str, kind: str, name_filter: str, many: bool = False
) -> list[Path]:
    start = str(start_folder(kind))
    if many:
        names, _ = QFileDialog.getOpenFileNames(parent, title, start, name_filter)
    else:
        name, _ = QFileDialog.getOpenFileName(parent, title, start, name_filter)
        names = [name] if name else []
    paths = [Path(n) for n in names]
    _used(kind, paths)
    return paths


def _save_name(
    parent: QWidget | None, title: str, kind: str, suggested: str, name_filter: str
) -> tuple[Path | None, str]:
    name, chosen = QFileDialog.getSaveFileName(
        parent, title, str(start_folder(kind) / suggested), name_filter
    )
    path = Path(name) if name else None
    _used(kind, [path] if path else [])
    return path, chosen


PROJECT_FILTER = "coder projects (*.coder);;All files (*)"
IMPORT_FILTER = "Texts and documents (*.txt *.md *.pdf *.docx);;All files (*)"
EXPORT_FILTER = "Spreadsheet (*.xlsx);;CSV (*.csv)"


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, message: str) -> QMessageBox:
    """A message box showing ``message`` as plain text: names from files never render as HTML."""
    box = QMessageBox(icon, title, message, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def show_error(parent: QWidget | None, message: str) -> None:
    box = _box(parent, QMessageBox.Icon.Warning, "coder", message)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()


def show_info(parent: QWidget | None, title: str, message: str) -> None:
    box = _box(parent, QMessageBox.Icon.Information, title, message)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()


def show_help(parent: QWidget | None, title: str, html: str) -> None:
    """The app's own help text, written as HTML (never project text)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, html, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.exec()


def confirm(parent: QWidget | None, title: str, message: str, action: str = "OK") -> bool:
    box = _box(parent, QMessageBox.Icon.Question, title, message)
    box.addButton(QMessageBox.StandardButton.Cancel)
    accept = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is accept


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    for shown in dialog.findChildren(QLabel):  # the question may quote a name from a file
        shown.setTextFormat(Qt.TextFormat.PlainText)
    return dialog.textValue() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_memo(parent: QWidget | None, memo: str, on_typed: Callable[[str], None] | None = None) -> str | None:
    """The memo as edited (None: cancelled); ``on_typed`` receives it at every pause in typing."""
    from coder.ui.views.memo_dialog import MemoDialog

    return MemoDialog(memo, on_typed, parent).ask()


def ask_colour(parent: QWidget | None, colour: str) -> str | None:
    chosen = QColorDialog.getColor(QColor(colour), parent, "Colour of the code")
    return chosen.name() if chosen.isValid() else None


def ask_open_project(parent: QWidget | None) -> Path | None:
    paths = _open_names(parent, "Open project", "projects", PROJECT_FILTER)
    return paths[0] if paths else None


def ask_new_project(parent: QWidget | None) -> Path | None:
    path, _ = _save_name(parent, "New project", "projects", "untitled.coder", PROJECT_FILTER)
    if path is None:
        return None
    return path if path.suffix else path.with_suffix(".coder")


def ask_copy_path(parent: QWidget | None, name: str) -> Path | None:
    """Where to save a copy of the open project (a new .coder file)."""
    path, _ = _save_name(parent, "Save a copy", "projects", f"{name} copy.coder", PROJECT_FILTER)
    if path is None:
        return None
    return path if path.suffix else path.with_suffix(".coder")


def ask_import_files(parent: QWidget | None) -> list[Path]:
    return _open_names(parent, "Import files", "import", IMPORT_FILTER, many=True)


def ask_export_path(parent: QWidget | None) -> Path | None:
    path, chosen = _save_name(parent, "Export coded spans", "export", "spans.xlsx", EXPORT_FILTER)
    if path is None:
        return None
    if path.suffix.lower() not in (".csv", ".xlsx"):
        path = path.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")
    return path


def choose_code(
    parent: QWidget | None, book: Codebook, title: str, exclude: Sequence[str] = ()
) -> str | None:
    """Pick one code from the codebook with type-to-filter; returns its id."""
    from coder.ui.views.quick_code_palette import QuickCodePalette

    palette = QuickCodePalette(book, parent, title=title, exclude=exclude)
    return palette.choose()


def choose_coders(parent: QWidget | None, coders: Sequence[Coder], chosen: Sequence[str]) -> list[str] | None:
    """Tick the coders whose codings to show; returns their ids."""
    return _tick_coders(parent, "Show codings of", "Show the codings of these coders:", coders, chosen)


def ask_export_coders(parent: QWidget | None, coders: Sequence[Coder]) -> list[str] | None:
    """Tick the coders whose codings to export (all are ticked at first); returns their ids."""
    return _tick_coders(
        parent,
        "Export coded spans",
        "Export the codings of these coders (whatever the view shows):",
        coders,
        [c.id for c in coders],
    )


def _tick_coders(
    parent: QWidget | None, title: str, prompt: str, coders: Sequence[Coder], chosen: Sequence[str]
) -> list[str] | None:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel(prompt))
    items = QListWidget()
    for coder in coders:
        item = QListWidgetItem(coder.name)
        item.setData(Qt.ItemDataRole.UserRole, coder.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if coder.id in chosen else Qt.CheckState.Unchecked)
        items.addItem(item)
    layout.addWidget(items)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return [
        items.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(items.count())
        if items.item(i).checkState() == Qt.CheckState.Checked
    ]


def ask_open_file(parent: QWidget | None, title: str, name_filter: str) -> Path | None:
    paths = _open_names(parent, title, "import", name_filter)
    return paths[0] if paths else None


def ask_save_file(parent: QWidget | None, title: str, suggested: str, name_filter: str) -> Path | None:
    path, _ = _save_name(parent, title, "export", suggested, name_filter)
    if path is None:
        return None
    return path if path.suffix else path.with_suffix(Path(suggested).suffix)
