"""What the app remembers between runs (QSettings, organisation and application "coder")."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

MAX_RECENT = 8


class AppSettings:
    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings("coder", "coder")

    def _text(self, key: str) -> str:
        value = self.store.value(key, "")
        return value if isinstance(value, str) else ""

    @property
    def coder_name(self) -> str:
        return self._text("coder/name").strip()

    @coder_name.setter
    def coder_name(self, name: str) -> None:
        self.store.setValue("coder/name", name.strip())
        self.store.sync()

    @property
    def coder_filter(self) -> str:
        return self._text("view/coder_filter") or "mine"

    @coder_filter.setter
    def coder_filter(self, mode: str) -> None:
        self.store.setValue("view/coder_filter", mode)

    def last_folder(self, kind: str) -> Path | None:
        """The folder last used in a file dialog of ``kind`` ("projects", "import", "export")."""
        text = self._text(f"folders/{kind}")
        return Path(text) if text else None

    def remember_folder(self, kind: str, folder: Path) -> None:
        self.store.setValue(f"folders/{kind}", str(folder))

    @property
    def last_project(self) -> Path | None:
        text = self._text("projects/last")
        return Path(text) if text else None

    def recent_projects(self) -> list[Path]:
        value = self.store.value("projects/recent", [])
        if isinstance(value, str):
            value = [value]
        return [Path(v) for v in value or [] if isinstance(v, str) and v]

    def remember_project(self, path: Path) -> None:
        """Make ``path`` the last project and the first of the recent ones."""
        path = path.resolve()
        recent = [p for p in self.recent_projects() if p != path]
        self.store.setValue("projects/last", str(path))
        self.store.setValue("projects/recent", [str(p) for p in [path, *recent][:MAX_RECENT]])
        self.store.sync()

    def save_window(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
        self.store.setValue("window/geometry", window.saveGeometry())
        self.store.setValue("window/state", window.saveState())
        for name, splitter in splitters.items():
            self.store.setValue(f"window/splitter_{name}", splitter.saveState())
        self.store.sync()

    def restore_window(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> bool:
        """Put back the saved geometry and splitter positions; False when there are none."""
        geometry = self.store.value("window/geometry")
        if not isinstance(geometry, QByteArray | bytes):
            return False
        window.restoreGeometry(geometry)
        state = self.store.value("window/state")
        if isinstance(state, QByteArray | bytes):
            window.restoreState(state)
        for name, splitter in splitters.items():
            saved = self.store.value(f"window/splitter_{name}")
            if isinstance(saved, QByteArray | bytes):
                splitter.restoreState(saved)
        return True
