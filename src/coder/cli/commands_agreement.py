"""``coder agreement``: inter-coder agreement as specs/agreement.md defines it."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coder.cli.context import Context


def _names(value: str) -> list[str]:
    names = [part.strip() for part in value.split(",") if part.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give at least one name, separated by commas")
    return names


def _threshold(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value[:40]}' is not a number between 0 and 1") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"{value[:40]} is not between 0 and 1")
    return number


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "agreement",
        description="Without an output option, a readable table goes to standard output. "
        "'-' as FILE means standard output. An existing FILE is replaced only when it is an earlier "
        "report of the same kind.",
    )
    parser.add_argument(
        "--coders", type=_names, metavar="A,B[,C...]", help="coders to compare (default: all)"
    )
    parser.add_argument(
        "--codes", type=_names, metavar="CODE,...", help="codes by name or path (default: used)"
    )
    parser.add_argument("--sources", type=_names, metavar="NAME,...", help="sources (default: all)")
    parser.add_argument(
        "--overlap", type=_threshold, default=0.9, metavar="θ", help="segment overlap threshold (default 0.9)"
    )
    parser.add_argument("--json", metavar="FILE", help="the full report as JSON (FILE.json)")
    parser.add_argument("--csv", metavar="FILE", help="one row per code and source (FILE.csv)")
    parser.add_argument(
        "--html", metavar="FILE", help="a self-contained report for a paper's supplement (FILE.html)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: Context) -> int:
    from coder.cli.outputs import check_report_target, write_text

    outputs = [(args.json, "json"), (args.csv, "csv"), (args.html, "html")]
    chosen = [(target, kind) for target, kind in outputs if target]
    for target, kind in chosen:  # before any work: a refused target changes nothing
        check_report_target(target, kind, context.project_file())
    from coder.services.agreement import run_agreement

    report = run_agreement(
        context.project, args.coders, args.codes, args.sources, args.overlap, with_codings=bool(args.html)
    )
    if not chosen:
        from coder.analysis.report_table import render_table

        context.out.write(context.safe(render_table(report.result)))
        return 0
    for target, kind in chosen:
        if kind == "json":
            from coder.analysis.agreement import to_json_text

            content = to_json_text(report.result)
        elif kind == "csv":
            from coder.analysis.report_csv import to_csv

            content = to_csv(report.result)
        else:
            from coder.analysis.report_html import render_html
            from coder.services.agreement import source_texts

            texts = source_texts(context.project, [s.name for s in report.data.sources])
            content = render_html(
                report.result, report.data, texts, project=report.project, generated=report.generated
            )
        write_text(target, content, context)
    for warning in report.result.warnings:
        context.info(f"warning: {warning}")
    return 0
