"""The ``coder`` command: the command line, able to open the desktop app.

This module sits above both entry points so that neither imports the other: the command
line receives the desktop app as a function to call for ``coder`` and ``coder gui``.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing itself costs start-up time; the name serves the annotations only
if TYPE_CHECKING:
    from collections.abc import Sequence


def open_desktop_app(project_option: str | None) -> int:
    from coder.ui.app import run_app

    return run_app(project_option)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["--version"]:  # asked by scripts in loops: at once
        from coder import __version__

        print(f"coder {__version__}")
        return 0
    if arguments in (["--help"], ["-h"]):  # the overview, without argparse when the terminal allows
        from coder.cli.overview import print_overview

        if print_overview():
            return 0
    from coder.cli.main import main as cli_main

    return cli_main(argv, open_gui=open_desktop_app)


if __name__ == "__main__":
    raise SystemExit(main())
