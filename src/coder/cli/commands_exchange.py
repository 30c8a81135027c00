"""``merge``, ``import FILE.qdpx``, ``export qdpx`` and ``export codebook``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from coder.domain.errors import InvalidInput

if TYPE_CHECKING:
    from pathlib import Path

    from coder.cli.context import Context
    from coder.services.exchange import ExchangeSummary

EXCHANGE_SUFFIXES = (".qdpx", ".qde")


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "merge",
    )
    parser.add_argument("other", metavar="OTHER")
    parser.set_defaults(run=run_merge)


def add_export_formats(formats: argparse._SubParsersAction) -> None:
    qdpx = formats.add_parser("qdpx", help="the whole project as a REFI-QDA project exchange file")
    qdpx.add_argument("out", metavar="OUT.qdpx")
    qdpx.set_defaults(run=run_export_qdpx)
    codebook = formats.add_parser(
        "codebook", help="the codebook as a readable Markdown (.md) or HTML (.html) document"
    )
    codebook.add_argument("out", metavar="OUT.md|OUT.html")
    codebook.set_defaults(run=run_export_codebook)


def run_merge(args: argparse.Namespace, context: Context) -> int:
    from pathlib import Path

    from coder.services.exchange import merge

    summary = merge(context.project, Path(args.other))
    report(summary, context)
    return 0


def import_qdpx_paths(paths: list[Path], context: Context) -> int:
    """``coder import FILE.qdpx`` (or a bare ``.qde``): one exchange file at a time, on its own."""
    exchange = [p for p in paths if p.suffix.lower() in EXCHANGE_SUFFIXES]
    if len(exchange) != len(paths):
        raise InvalidInput("import a .qdpx file on its own, not together with other files")
    if len(paths) != 1:
        raise InvalidInput("import one .qdpx file at a time")
    from coder.services.exchange import import_qdpx

    summary = import_qdpx(context.project, paths[0])
    report(summary, context)
    return 0


def run_export_qdpx(args: argparse.Namespace, context: Context) -> int:
    from pathlib import Path

    from coder.services.exchange import export_qdpx

    summary = export_qdpx(context.project, Path(args.out))
    context.info(
        f"wrote {args.out}: {summary.sources} sources, {summary.codes} codes, "
        f"{summary.coders} coders, {summary.codings} codings"
    )
    return 0


def run_export_codebook(args: argparse.Namespace, context: Context) -> int:
    from pathlib import Path

    from coder.services.exchange import export_codebook_document

    count = export_codebook_document(context.project, Path(args.out))
    context.info(f"wrote {count} codes to {args.out}")
    return 0


def report(summary: ExchangeSummary, context: Context) -> None:
    """What happened, on standard error: notes from reading the file first, then the counts."""
    from coder.services.exchange import summary_lines

    for line in summary_lines(summary):
        context.info(line)
