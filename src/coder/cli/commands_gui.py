"""``coder gui``: the desktop app."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from coder.domain.errors import CoderError

if TYPE_CHECKING:
    from coder.cli.context import Context


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("gui")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: Context) -> int:
    if context.open_gui is None:
        raise CoderError("the desktop app is not part of this installation; use the command line")
    return int(context.open_gui(args.project))
