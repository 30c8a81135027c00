"""Working live on a server project: others' changes as they commit, the connection in the status bar,
changes kept and tried again while the server is away, and File → Open server project….

The project's listener thread (see :meth:`coder.services.project.Project.watch`) hands what it hears to
this object's signals; Qt queues them to the UI thread, where the session applies them like its own
changes: the document view patches its index, so the text does not move and the selection stays.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QLineEdit, QMainWindow, QWidget

from coder.domain.changes import Changes
from coder.domain.errors import InvalidInput, PasswordNeeded
from coder.services.project import Project, is_server_location, open_project
from coder.ui import dialogs, errors
from coder.ui.changes import Changed
from coder.ui.session import Session

RETRY_MS = 2_000


class LiveLink(QObject):
    """Connects a window's session to its server project while one is open."""

    sig_remote_changes = Signal(object)  # Changes, emitted from the listener thread
    sig_connection = Signal(str)  # "connected" or "lost", emitted from the listener thread

    def __init__(self, session: Session, window: QMainWindow) -> None:
        super().__init__(window)
        self.session, self.window = session, window
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        window.statusBar().addPermanentWidget(self.label)
        self.waiting: list[object] = []  # commands that met a lost connection, oldest first
        self.connected = True
        self._timer = QTimer(self)
        self._timer.setInterval(RETRY_MS)
        self._timer.timeout.connect(self.retry_waiting)
        self._watched: Project | None = None
        self._stop: Callable[[], None] = lambda: None
        self.sig_remote_changes.connect(self._on_remote_changes)
        self.sig_connection.connect(self._on_connection)
        session.sig_data_changed.connect(self._on_session_data_changed)
        session.hold_for_retry = self.hold
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        self._watch()

    # ------------------------------------------------------------------ watching

    def _watch(self) -> None:
        self._stop()
        project = self.session.project
        self._watched = project
        self.waiting.clear()
        if not project.is_server:
            self._stop = lambda: None
            self.label.setVisible(False)
            return
        self.label.setVisible(True)
        self.label.setText("Server: connecting…")
        self._stop = project.watch(self.sig_remote_changes.emit, self.sig_connection.emit)

    def stop(self) -> None:
        self._stop()
        self._stop = lambda: None

    def _on_session_data_changed(self, changed: Changed) -> None:
        if changed.project and self.session.project is not self._watched:
            self._watch()

    def _on_remote_changes(self, changes: Changes) -> None:
        if self.session.project is not self._watched:
            return  # heard from a project that is no longer open
        with errors.reporting(self.window):
            self.session.apply_remote(changes)

    def _on_connection(self, status: str) -> None:
        self.connected = status == "connected"
        self._show()
        if self.connected:
            self.retry_waiting()

    def _show(self) -> None:
        waiting = f" · {len(self.waiting)} change(s) waiting" if self.waiting else ""
        state = "connected" if self.connected else "connection lost, retrying…"
        self.label.setText(f"Server: {state}{waiting}")

    # ------------------------------------------------------------------ changes made while away

    def hold(self, command: object) -> bool:
        """Keep a command that met a lost connection, to be tried again; True when it is kept."""
        if not self.session.project.is_server:
            return False
        if command not in self.waiting:
            self.waiting.append(command)
        self.connected = False
        self._show()
        self._timer.start()
        return True

    def retry_waiting(self) -> None:
        """Try the kept commands again, in order; stop at the first that meets a lost connection again."""
        while self.waiting:
            command = self.waiting.pop(0)
            command.retry()  # type: ignore[attr-defined]
            if getattr(command, "waiting", None):
                if command in self.waiting:  # it was held again: the server is still away
                    self.waiting.remove(command)
                self.waiting.insert(0, command)
                break
        if not self.waiting:
            self._timer.stop()
        self._show()


class ServerActions(QObject):
    """File → Open server project…: a URL, and a password only when the server asks for one."""

    sig_status_changed = Signal(str)

    def __init__(self, session: Session, window: QWidget) -> None:
        super().__init__(window)
        self.session, self.window = session, window
        self.open_server = QAction("Open server project…", window)
        self.open_server.triggered.connect(lambda _=False: self.ask_open_server())

    def ask_open_server(self) -> None:
        url = dialogs.ask_text(
            self.window,
            "Open server project",
            "The project's address, as postgresql://USER@HOST:PORT/DATABASE?sslmode=verify-full:",
            "postgresql://",
        )
        if url:
            self.open_url(url.strip())

    def open_url(self, url: str) -> bool:
        with errors.reporting(self.window):
            project = connect(self.window, url)
            if project is None:
                return False
            self.session.open_project(project)
            self.sig_status_changed.emit(f"Opened the server project {project.name}.")
            return True
        return False


def connect(parent: QWidget | None, url: str) -> Project | None:
    """Open a server project; when the server wants a password, ask for it (it is not kept)."""
    if not is_server_location(url):
        raise InvalidInput("a server project's address starts with postgresql://")
    try:
        return open_project(url)
    except PasswordNeeded:
        password = ask_password(parent, url)
        if password is None:
            return None
        return open_project(url, password)


def ask_password(parent: QWidget | None, url: str) -> str | None:
    text, ok = QInputDialog.getText(
        parent,
        "Password",
        f"The server asks for your password for {url.split('?')[0]}:",
        QLineEdit.EchoMode.Password,
    )
    return text if ok else None
