"""``coder report frequencies|cooccurrence|matrix`` and ``coder query``: asking the coded material."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coder.cli.context import Context

REPORTS = ("frequencies", "cooccurrence", "matrix")
QUERIES = ("coded", "overlap", "within", "not", "followed")
WHERE_HELP = (
    "only sources whose attributes meet EXPR: NAME=VALUE, NAME!=VALUE, or <, <=, >, >= for numbers and "
    "dates; several conditions separated by ';' or given as several --where options are all required"
)


def _names(value: str) -> list[str]:
    names = [part.strip() for part in value.split(",") if part.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give at least one name, separated by commas")
    return names


def _distance(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value[:40]}' is not a whole number of characters") from None
    if not 0 <= number <= 1_000_000:
        raise argparse.ArgumentTypeError(f"{value[:40]} is not between 0 and 1000000")
    return number


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--coders", type=_names, metavar="A,B[,...]", help="coders (default: all with codings)"
    )
    parser.add_argument("--where", action="append", default=[], metavar="EXPR", help=WHERE_HELP)


def register(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser(
        "report",
        description="Without an output option, a readable table goes to standard output. The CSV is "
        "long-form: frequencies 'code,code_path,group,codings,characters'; co-occurrence "
        "'code_a,code_path_a,code_b,code_path_b,pairs' (plus 'group' with --by); matrix "
        "'code,code_path,group,codings,characters,sources'. An existing FILE is replaced only when it "
        "is an earlier report of the same kind.",
    )
    report.add_argument("kind", choices=REPORTS, metavar="frequencies|cooccurrence|matrix")
    report.add_argument(
        "--by",
        metavar="source|coder|ATTRIBUTE",
        help="the groups compared (default: source; co-occurrence: none). 'attribute:NAME' names an "
        "attribute called source or coder",
    )
    _common(report)
    report.add_argument(
        "--codes", type=_names, metavar="CODE,...", help="codes by name or path (default: used)"
    )
    report.add_argument(
        "--within",
        type=_distance,
        metavar="N",
        help="co-occurrence: codings at most N characters apart count too (default: overlap only)",
    )
    report.add_argument(
        "--measure",
        choices=("codings", "characters", "sources"),
        default="codings",
        help="matrix: what the HTML table and heat map show first (default: codings)",
    )
    report.add_argument("--csv", metavar="FILE", help="long-form rows (FILE.csv; '-' for standard output)")
    report.add_argument("--xlsx", metavar="FILE", help="the same rows as a workbook (FILE.xlsx)")
    report.add_argument("--html", metavar="FILE", help="a self-contained report with tables and charts")
    report.set_defaults(run=run_report)

    query = commands.add_parser(
        "query",
        description="coded: the codings of A. overlap: the stretches coded with both A and B. within: the "
        "A codings lying inside a B coding. not: the stretches coded with A but not B. followed: A codings "
        "followed by a B coding starting at most --distance characters after their end (segment from A's "
        "start to B's end). Each coder's codings are combined only with their own, unless --pooled.",
    )
    query.add_argument("operator", choices=QUERIES, metavar="coded|overlap|within|not|followed")
    query.add_argument("a", metavar="A", help="a code, by name or path")
    query.add_argument("b", metavar="B", nargs="?", help="the second code (all but 'coded')")
    query.add_argument(
        "--distance", type=_distance, default=0, metavar="N", help="followed: at most N characters"
    )
    query.add_argument("--children", action="store_true", help="A and B include their sub-codes")
    query.add_argument("--pooled", action="store_true", help="combine the chosen coders' codings as one")
    query.add_argument("--sources", type=_names, metavar="NAME,...", help="sources (default: all)")
    _common(query)
    query.add_argument("--json", action="store_true", help="print a JSON list of segments")
    query.add_argument("--csv", metavar="FILE", help="write the segments as CSV (FILE.csv)")
    query.add_argument("--xlsx", metavar="FILE", help="write the segments as a workbook (FILE.xlsx)")
    query.set_defaults(run=run_query)


# ---------------------------------------------------------------------------------------------- report


def run_report(args: argparse.Namespace, context: Context) -> int:
    from pathlib import Path

    from coder.cli.report_targets import check_target
    from coder.domain.errors import InvalidInput

    chosen = [
        (target, kind)
        for target, kind in ((args.csv, "csv"), (args.xlsx, "xlsx"), (args.html, "html"))
        if target
    ]
    for target, kind in chosen:
        check_target(target, kind, context.project_file())
    if args.within is not None and args.kind != "cooccurrence":
        raise InvalidInput("--within applies to co-occurrence only")
    from coder.services.reports import run_report as compute

    by = args.by if args.by is not None else (None if args.kind == "cooccurrence" else "source")
    run = compute(
        context.project, args.kind, by, args.coders, args.codes, args.where, args.within, args.measure
    )
    overview = run.overview
    if not chosen:
        from coder.cli.report_text import overview_text

        context.out.write(context.safe(overview_text(overview)))
        return 0
    from coder.cli.outputs import write_text

    for target, kind in chosen:
        if kind == "csv":
            from coder.exporters.overview_files import to_csv

            write_text(target, to_csv(overview), context)
        elif kind == "html":
            from coder.exporters.charts import figures_for, inline_svg
            from coder.exporters.overview_files import render_html

            charts = [inline_svg(figure) for figure in figures_for(overview)]
            write_text(target, render_html(overview, charts), context)
        else:
            from coder.exporters.overview_files import write_xlsx
            from coder.services.exchange import write_atomically

            path = Path(target)
            write_atomically(path, lambda handle: write_xlsx(handle, overview))  # type: ignore[arg-type]
            context.info(f"wrote {target}")
    return 0


# ---------------------------------------------------------------------------------------------- query


def run_query(args: argparse.Namespace, context: Context) -> int:
    import json
    from pathlib import Path

    from coder.cli.report_targets import check_target
    from coder.domain.errors import InvalidInput

    if args.operator != "coded" and not args.b:
        raise InvalidInput(f"the query '{args.operator}' needs two codes: coder query {args.operator} A B")
    if args.operator == "coded" and args.b:
        raise InvalidInput("the query 'coded' takes one code")
    chosen = [(target, kind) for target, kind in ((args.csv, "csv"), (args.xlsx, "xlsx")) if target]
    for target, kind in chosen:
        check_target(target, kind, context.project_file())
    from coder.services.queries import coding_query, expand_children, export_segments

    a, b = [args.a], [args.b] if args.b else []
    if args.children:
        a, b = expand_children(context.project, a), expand_children(context.project, b)
    result = coding_query(
        context.project,
        args.operator,
        a,
        b,
        args.distance,
        args.coders,
        args.sources,
        args.where,
        args.pooled,
    )
    context.info(f"{len(result.segments)} segment(s): {result.description}")
    if args.json:
        document = [
            {
                "source": s.source,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "codes": list(s.codes),
                "coders": list(s.coders),
            }
            for s in result.segments
        ]
        context.out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    for target, _kind in chosen:
        count = export_segments(result.segments, Path(target))
        context.info(f"wrote {count} segment(s) to {target}")
    if not args.json and not chosen:
        for s in result.segments:
            text = " ".join(s.text.split())
            text = text if len(text) <= 100 else text[:99] + "…"
            line = f"{s.source} [{s.start}-{s.end}] {', '.join(s.coders)} | {'; '.join(s.codes)}: {text}"
            context.out.write(context.safe(line) + "\n")
    return 0
