"""What a command gets to work with: the project (opened on first use) and the streams."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from pathlib import Path

    from coder.services.project import Project


class Context:
    def __init__(
        self,
        project_option: str | None,
        out: TextIO | None = None,
        err: TextIO | None = None,
        open_gui: Callable[[str | None], int] | None = None,
    ):
        self._option = project_option
        self.open_gui = open_gui  # given by coder.launcher: the command line never imports Qt
        self._project: Project | None = None
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    @property
    def project(self) -> Project:
        if self._project is None:
            from coder.services.project import open_or_create, resolve_project_path

            location, is_default = resolve_project_path(self._option)
            self._project = open_or_create(location, is_default)
        return self._project

    def project_file(self) -> Path | None:
        """The project's file, without opening it (None for a server project)."""
        from coder.services.project import resolve_project_path

        location, _ = resolve_project_path(self._option)
        return None if isinstance(location, str) else location

    @staticmethod
    def safe(text: str) -> str:
        """Text for people on a terminal: control characters from names and memos made visible."""
        from coder.domain.terminal import printable

        return printable(text)

    def info(self, message: str) -> None:
        """Informational output goes to standard error."""
        print(self.safe(message), file=self.err)

    def close(self) -> None:
        if self._project is not None:
            self._project.close()
