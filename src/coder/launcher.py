"""The ``coder`` command: the command line, able to open the desktop app.

This module sits above both entry points so that neither imports the other: the command
line receives the desktop app as a function to call for ``coder`` and ``coder gui``.
"""

from __future__ import annotations

from collections.abc import Sequence

from coder.cli.main import main as cli_main


def open_desktop_app(project_option: str | None) -> int:
    from coder.ui.app import run_app

    return run_app(project_option)


def main(argv: Sequence[str] | None = None) -> int:
    return cli_main(argv, open_gui=open_desktop_app)


if __name__ == "__main__":
    raise SystemExit(main())
