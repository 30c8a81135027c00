"""``export pdf``: a PDF source with its codings as highlight annotations."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coder.cli.context import Context


def add_pdf_format(formats: argparse._SubParsersAction) -> None:
    pdf = formats.add_parser(
        "pdf", help="a PDF source's file with every coding as a highlight in its code's colour"
    )
    pdf.add_argument("source", metavar="SOURCE", help="the source's name, as 'coder sources' lists it")
    pdf.add_argument("out", metavar="OUT.pdf")
    pdf.add_argument("--coder", action="append", default=[], metavar="NAME", help="only this coder's codings")
    pdf.add_argument(
        "--code", action="append", default=[], metavar="CODE", help="only this code's codings (name or path)"
    )
    pdf.set_defaults(run=run_export_pdf)


def run_export_pdf(args: argparse.Namespace, context: Context) -> int:
    from pathlib import Path

    from coder.services.pdf_export import export_coded_pdf

    count = export_coded_pdf(context.project, args.source, Path(args.out), args.coder, args.code)
    context.info(f"wrote {count} coding{'s' * (count != 1)} to {args.out}")
    return 0
