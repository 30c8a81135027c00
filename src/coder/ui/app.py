"""Composition root: the Qt application, the project, the coder, the main window."""

from __future__ import annotations

import argparse
import ctypes
import getpass
import logging
import os
import re
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from types import TracebackType

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from coder.domain.errors import CoderError
from coder.services.project import Project, is_server_location, open_or_create, resolve_project_path
from coder.ui import dialogs, errors
from coder.ui.main_window import MainWindow
from coder.ui.qt_compat import require_working_qt
from coder.ui.session import CoderFilter, Session
from coder.ui.settings import AppSettings

log = logging.getLogger(__name__)


def application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName("coder")
    app.setApplicationName("coder")
    app.setWindowIcon(window_icon())
    return app


def window_icon() -> QIcon:
    icon = QIcon()
    folder = resources.files("coder") / "resources" / "icons"
    for name in ("coder.svg", "coder-256.png", "coder-128.png", "coder-64.png"):
        entry = folder / name
        if entry.is_file():
            with resources.as_file(entry) as path:
                icon.addFile(str(path))
    return icon


def coder_name(settings: AppSettings) -> str:
    """The remembered coder; on first start, ask for a name.

    Without an answer the login name is used, and the researcher is told so and how to change it.
    """
    name = settings.coder_name
    if not name:
        asked = dialogs.ask_text(
            None, "Welcome to coder", "Your name, as it will stand on every coding you make:", _login_name()
        )
        name = (asked or "").strip()
        if not name:
            name = _login_name()
            dialogs.show_info(
                None,
                "Welcome to coder",
                f"No name was given, so your codings will carry your login name, “{name}”. "
                "To code under another name, click the coder's name in the tool bar and choose "
                "“Another coder…” (or View ▸ Switch coder…).",
            )
        settings.coder_name = name
    return name


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "coder"


def choose_project(project_option: str | None, settings: AppSettings) -> Project:
    """The project named on the command line, else the last one, else the default one."""
    last = settings.last_project
    if project_option is None and last is not None and last.exists():
        path, is_default = last, False
    else:
        path, is_default = resolve_project_path(project_option)
    try:
        if isinstance(path, str):  # a server project: ask for a password only if the server wants one
            from coder.ui.live import connect

            project = connect(None, path)
            if project is None:
                raise CoderError("no password was given, so the server project was not opened")
            return project
        return open_or_create(path, is_default)
    except CoderError as error:
        if is_default:
            raise
        dialogs.show_error(None, f"{errors.message_for(error)} The default project opens instead.")
        default_path, _ = resolve_project_path(None)
        return open_or_create(default_path, True)


def build_window(project: Project, settings: AppSettings, name: str) -> MainWindow:
    session = Session(project, name)
    try:
        session.set_filter(CoderFilter(settings.coder_filter))
    except ValueError:
        pass
    if session.coder_filter is CoderFilter.CHOSEN:
        session.set_filter(CoderFilter.MINE)
    if project.path is not None:
        settings.remember_project(project.path)
    return MainWindow(session, settings)


def _on_unexpected(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    """Last resort for errors escaping a slot: one sentence for the user, the traceback in the log."""
    log.error("unexpected error", exc_info=(kind, error, trace))
    if isinstance(error, KeyboardInterrupt):
        QApplication.quit()
        return
    errors.report(error)


def _require_screen() -> None:
    """On Linux, say so in one sentence when there is no graphical session (Qt would abort)."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise CoderError(
            "the desktop app needs a graphical session and none was found (DISPLAY is not set); "
            "run it on your desktop, or use the command line: coder --help"
        )
    missing = None if os.environ.get("WAYLAND_DISPLAY") else missing_x11_library()
    if missing:
        raise CoderError(
            f"the desktop app needs the system library {missing} for X11, which is not installed; "
            f"on Debian or Ubuntu install Qt's X11 libraries: sudo apt install {X11_PACKAGES}"
        )


X11_PACKAGES = (
    "libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 "
    "libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0"
)
_MISSING = re.compile(r"([\w.+-]+\.so[.\d]*): cannot open shared object file")


def missing_library(loader_message: str) -> str | None:
    """The library a dynamic loader's error names as missing, if it names one."""
    found = _MISSING.search(loader_message)
    return found.group(1) if found else None


def missing_x11_library() -> str | None:
    """Load Qt's X11 platform plugin as Qt would; a library it lacks would make Qt abort."""
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        return None
    try:
        ctypes.CDLL(str(plugin), mode=os.RTLD_LAZY)
    except OSError as error:
        return missing_library(str(error)) or "needed by Qt's X11 plugin"
    return None


def run_app(project_option: str | None) -> int:
    """Open the desktop app; a CoderError means it could not start (the CLI shows the sentence)."""
    _require_screen()
    require_working_qt()
    app = application()
    settings = AppSettings()
    sys.excepthook = _on_unexpected
    try:
        project = choose_project(project_option, settings)
    except CoderError as error:
        dialogs.show_error(None, errors.message_for(error))
        return 1
    name = project.actor if project.is_server else coder_name(settings)  # on a server: the role's coder
    window = build_window(project, settings, name)
    window.show()
    code = app.exec()
    window.session.project.close()
    return int(code)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="coder-gui", description="The coder desktop app.")
    parser.add_argument("--project", metavar="PATH", help="the project file to open")
    args = parser.parse_args(argv)
    try:
        option = args.project
        if option and not is_server_location(option):
            option = str(Path(option))
        return run_app(option)
    except CoderError as error:
        print(f"coder: error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
