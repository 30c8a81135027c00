"""``coder agreement``: inter-coder agreement as specs/agreement.md defines it."""

from __future__ import annotations

import argparse
from pathlib import Path

from coder.analysis.agreement import to_json_text
from coder.analysis.report_csv import to_csv
from coder.analysis.report_html import render_html
from coder.analysis.report_table import render_table
from coder.cli.context import Context
from coder.domain.errors import CoderError
from coder.services.agreement import run_agreement, source_texts


def _names(value: str) -> list[str]:
    names = [part.strip() for part in value.split(",") if part.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give at least one name, separated by commas")
    return names


def _threshold(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number between 0 and 1") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 1")
    return number


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "agreement",
        help="inter-coder agreement per code, per source and pooled (unit: the character)",
        description="Without an output option, a readable table goes to standard output. "
        "'-' as FILE means standard output.",
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
    parser.add_argument("--json", metavar="FILE", help="the full report as JSON")
    parser.add_argument("--csv", metavar="FILE", help="one row per code and source")
    parser.add_argument("--html", metavar="FILE", help="a self-contained report for a paper's supplement")
    parser.set_defaults(run=run)


def _write(target: str, content: str, context: Context) -> None:
    if target == "-":
        context.out.write(content)
        context.out.flush()
        return
    path = Path(target)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        temporary.write_text(content, encoding="utf-8", newline="")
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise CoderError(f"cannot write {target}: {exc.strerror}") from None
    context.info(f"wrote {target}")


def run(args: argparse.Namespace, context: Context) -> int:
    report = run_agreement(context.project, args.coders, args.codes, args.sources, args.overlap)
    outputs = [(args.json, "json"), (args.csv, "csv"), (args.html, "html")]
    if not any(target for target, _ in outputs):
        context.out.write(render_table(report.result))
        return 0
    for target, kind in outputs:
        if not target:
            continue
        if kind == "json":
            content = to_json_text(report.result)
        elif kind == "csv":
            content = to_csv(report.result)
        else:
            texts = source_texts(context.project, [s.name for s in report.data.sources])
            content = render_html(
                report.result, report.data, texts, project=report.project, generated=report.generated
            )
        _write(target, content, context)
    for warning in report.result.warnings:
        context.info(f"warning: {warning}")
    return 0
