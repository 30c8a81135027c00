"""``codings import``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coder.cli.context import Context


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("codings")
    actions = parser.add_subparsers(dest="codings_command", metavar="ACTION", required=True)
    imp = actions.add_parser(
        "import", help="add codings from a CSV file with columns source,coder,code,start,end (and memo)"
    )
    imp.add_argument("file", metavar="FILE.csv")
    imp.add_argument("--create-codes", action="store_true", help="create codes that are not in the codebook")
    imp.set_defaults(run=run_import)


def run_import(args: argparse.Namespace, context: Context) -> int:
    from pathlib import Path

    from coder.services.codings_csv import import_codings_csv

    summary = import_codings_csv(context.project, Path(args.file), args.create_codes)
    context.info(
        f"added {summary.codings} codings ({summary.new_codes} new codes, {summary.new_coders} new coders)"
    )
    return 0
