"""``coder gui``: the desktop app."""

from __future__ import annotations

import argparse

from coder.cli.context import Context


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("gui", help="open the desktop app on the project (the default)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: Context) -> int:
    try:
        from coder.ui.app import run_app  # type: ignore[import-not-found]
    except ImportError:
        context.info("coder: the desktop app is not available in this installation yet")
        return 1
    return int(run_app(args.project))
