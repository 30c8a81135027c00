"""``export spans``, ``export qdpx``, ``export codebook`` and ``export pdf``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from coder.cli.commands_exchange import add_export_formats
from coder.cli.commands_pdf import add_pdf_format

if TYPE_CHECKING:
    from coder.cli.context import Context


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("export")
    formats = parser.add_subparsers(dest="export_command", metavar="FORMAT", required=True)
    spans = formats.add_parser("spans", help="every coding as a CSV (or .xlsx) row with its text")
    spans.add_argument("out", metavar="OUT.csv")
    spans.add_argument(
        "--coder", action="append", default=[], metavar="NAME", help="only this coder's codings"
    )
    spans.set_defaults(run=run_spans)
    add_export_formats(formats)
    add_pdf_format(formats)


def run_spans(args: argparse.Namespace, context: Context) -> int:
    from pathlib import Path

    from coder.services.exports import export_spans

    count = export_spans(context.project, Path(args.out), args.coder)
    context.info(f"wrote {count} codings to {args.out}")
    return 0
