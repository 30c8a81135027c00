"""``codebook load`` and ``codebook export``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coder.cli.context import Context


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("codebook")
    actions = parser.add_subparsers(dest="codebook_command", metavar="ACTION", required=True)
    load = actions.add_parser(
        "load",
        help="load a codebook (.yaml/.yml or REFI-QDA .qdc): same paths updated, new added, none removed",
    )
    load.add_argument("file", metavar="FILE")
    load.set_defaults(run=run_load)
    export = actions.add_parser("export", help="write the codebook as YAML or .qdc, by the file's extension")
    export.add_argument("file", metavar="FILE")
    export.set_defaults(run=run_export)


def run_load(args: argparse.Namespace, context: Context) -> int:
    from pathlib import Path

    from coder.services.codebook import load_specs
    from coder.services.codebook_files import read_codebook_report

    specs, notes = read_codebook_report(Path(args.file))
    for note in notes:
        context.info(f"note: {note}")
    summary = load_specs(context.project, specs)
    context.info(f"codebook loaded: {summary.added} codes added, {summary.updated} updated")
    return 0


def run_export(args: argparse.Namespace, context: Context) -> int:
    from pathlib import Path

    from coder.services.codebook import export_specs
    from coder.services.codebook_files import write_codebook_file

    specs = export_specs(context.project)
    write_codebook_file(Path(args.file), specs, context.project.name)
    context.info(f"wrote {len(specs)} codes to {args.file}")
    return 0
