"""``search``: find a word, phrase or expression across the sources."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coder.cli.context import Context


def add_query_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pattern", metavar="PATTERN", help="what to find (literally, unless --regex)")
    parser.add_argument(
        "--regex", action="store_true", help="PATTERN is a regular expression (Python syntax)"
    )
    parser.add_argument("--whole-word", action="store_true", help="only hits that are whole words")
    parser.add_argument("--case", action="store_true", help="match case (by default case is ignored)")
    parser.add_argument("--json", action="store_true", help="print the hits as a JSON array")


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "search",
    )
    add_query_options(parser)
    parser.add_argument(
        "--code", metavar="CODE", help="only hits inside passages coded with CODE (a name, or a path with /)"
    )
    parser.add_argument(
        "--coder",
        action="append",
        default=[],
        metavar="NAME",
        help="with --code: only this coder's codings count (repeatable; default: every coder's)",
    )
    parser.add_argument(
        "--source", action="append", default=[], metavar="NAME", help="search only this source (repeatable)"
    )
    parser.set_defaults(run=run_search)


def query_from(args: argparse.Namespace) -> object:
    from coder.analysis.text_search import Query

    return Query(args.pattern, regex=args.regex, whole_word=args.whole_word, case_sensitive=args.case)


def run_search(args: argparse.Namespace, context: Context) -> int:
    import json

    from coder.domain.errors import InvalidInput
    from coder.services import codebook, coders, search, sources

    project = context.project
    if args.coder and not args.code:
        raise InvalidInput("--coder chooses whose codings --code looks inside; give --code CODE too")
    source_ids = [sources.find_source(project, name).id for name in args.source] or None
    code_id = codebook.get_codebook(project).resolve(args.code).id if args.code else None
    coder_ids = [coders.find_coder(project, name).id for name in args.coder] or None
    result = search.search(project, query_from(args), source_ids, code_id, coder_ids)  # type: ignore[arg-type]
    if args.json:
        items = [
            {
                "source": hit.source,
                "start": hit.start,
                "end": hit.end,
                "text": hit.text,
                "line": hit.line,
                "before": hit.before,
                "after": hit.after,
            }
            for hit in result.hits
        ]
        json.dump(items, context.out, ensure_ascii=False, indent=2)
        context.out.write("\n")
    else:
        for hit in result.hits:
            shown = f"{hit.before}[{hit.text}]{hit.after}".replace("\n", " ")
            print(context.safe(f"{hit.source}:{hit.line}:{hit.start}-{hit.end}: {shown}"), file=context.out)
    count = len(result.hits)
    more = f" (only the first {count}; there are more)" if result.truncated else ""
    context.info(
        f"{count} hit{'s' * (count != 1)} in {result.sources_with_hits} of {result.sources_searched} "
        f"source{'s' * (result.sources_searched != 1)}{more}"
    )
    return 0
