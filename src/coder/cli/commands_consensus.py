"""``coder consensus``: settle the coders' disagreements into one agreed coding (specs/agreement.md)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coder.cli.context import Context
    from coder.domain.consensus import Disagreement

DEFAULT_NAME = "consensus"  # coder.domain.consensus.DEFAULT_NAME, without importing it at start-up
EXCERPT = 60


def _names(value: str) -> list[str]:
    names = [part.strip() for part in value.split(",") if part.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give at least one name, separated by commas")
    return names


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "consensus",
        description="The consensus is an ordinary coder (named 'consensus' unless --as says otherwise) whose "
        "codings record whom they were accepted from. Build it, settle its disagreements one by one, then "
        "compare each coder with it: 'coder agreement --coders A,consensus'.",
    )
    steps = parser.add_subparsers(dest="step", metavar="STEP", required=True)

    build = steps.add_parser(
        "build", help="start a consensus with every span that all the coders coded, and list what is left"
    )
    build.add_argument("--coders", type=_names, required=True, metavar="A,B[,C...]", help="coders to settle")
    _add_name(build)
    build.set_defaults(run=run_build)

    listing = steps.add_parser("disagreements", help="list the disagreements not settled yet")
    listing.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list (id, code, code_path, source, start, end, coders, text)",
    )
    _add_name(listing)
    listing.set_defaults(run=run_disagreements)

    accept = steps.add_parser("accept", help="settle one disagreement")
    accept.add_argument(
        "id", metavar="ID", help="the disagreement's id, as 'coder consensus disagreements' shows it"
    )
    choice = accept.add_mutually_exclusive_group(required=True)
    choice.add_argument(
        "--from",
        dest="source_coders",
        type=_names,
        metavar="CODER[,CODER]",
        help="take the coding of this coder (several: the consensus codes it when any of them did)",
    )
    choice.add_argument("--none", action="store_true", help="the consensus leaves the passage uncoded")
    accept.add_argument("--note", default="", metavar="TEXT", help="why, kept with the decision")
    _add_name(accept)
    accept.set_defaults(run=run_accept)

    decisions = steps.add_parser("decisions", help="list the decisions taken so far")
    decisions.add_argument("--json", action="store_true", help="print a JSON list")
    _add_name(decisions)
    decisions.set_defaults(run=run_decisions)

    undo = steps.add_parser(
        "undo", help="take a decision back (its id as 'coder consensus decisions' shows it)"
    )
    undo.add_argument("decision", metavar="DECISION", help="the decision's id, or its first 8 or more digits")
    _add_name(undo)
    undo.set_defaults(run=run_undo)


def _add_name(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as",
        dest="name",
        default=DEFAULT_NAME,
        metavar="NAME",
        help="the consensus coder (default: consensus)",
    )


def _acting(context: Context) -> None:
    """Decisions record who took them: on the command line, the user logged in."""
    project = context.project
    if not project.actor:
        import getpass

        try:
            project.actor = getpass.getuser()
        except (OSError, KeyError, ImportError):
            project.actor = ""


def _listing(names: tuple[str, ...] | list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def run_build(args: argparse.Namespace, context: Context) -> int:
    from coder.services.consensus import build_consensus

    _acting(context)
    result = build_consensus(context.project, args.coders, args.name)
    everyone = "both" if len(result.compared) == 2 else "all of them"
    context.info(
        f"built the consensus '{result.consensus.name}' of {_listing(result.compared)}: "
        f"{_plural(result.codings, 'coding')} where {everyone} coded the same characters"
    )
    _report_left(context, result.disagreements, args.name)
    return 0


def _report_left(context: Context, left: tuple[Disagreement, ...] | list[Disagreement], name: str) -> None:
    if not left:
        context.info("no disagreement is left to settle")
        return
    from collections import Counter

    context.info(f"{_plural(len(left), 'disagreement')} left to settle:")
    for path, count in Counter(d.code_path for d in left).items():
        context.info(f"  {path}: {count}")
    option = "" if name == DEFAULT_NAME else f" --as {name}"
    context.info(
        f"list them with 'coder consensus disagreements{option}'; settle one with "
        f"'coder consensus accept ID --from CODER{option}' or '--none'"
    )


def _excerpt(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= EXCERPT else words[: EXCERPT - 1] + "…"


def run_disagreements(args: argparse.Namespace, context: Context) -> int:
    import json

    from coder.services.consensus import list_disagreements

    left = list_disagreements(context.project, args.name)
    if args.json:
        items = [
            {
                "id": d.id,
                "code": d.code,
                "code_path": d.code_path,
                "source": d.source,
                "start": d.start,
                "end": d.end,
                "coders": list(d.coders),
                "text": d.text,
            }
            for d in left
        ]
        json.dump(items, context.out, ensure_ascii=False, indent=2)
        context.out.write("\n")
        return 0
    if not left:
        context.info(f"every disagreement of the consensus '{args.name}' is settled")
        return 0
    for d in left:
        line = (
            f"{d.id}  {d.code_path}  {d.source}  {d.start}-{d.end}  coded by {_listing(d.coders)}: "
            f"“{_excerpt(d.text)}”"
        )
        print(context.safe(line), file=context.out)
    return 0


def run_accept(args: argparse.Namespace, context: Context) -> int:
    from coder.services.consensus import accept, compared_names, find_consensus

    _acting(context)
    chosen = [] if args.none else args.source_coders
    result = accept(context.project, args.id, chosen, note=args.note, name=args.name)
    decision = result.decision
    where = f"({args.id.strip().lower()}, {decision.start}-{decision.end})"
    if result.added and chosen:
        outcome = f"the consensus codes it, accepted from {_listing(chosen)}"
    elif chosen:
        outcome = f"the consensus leaves it uncoded, as {_listing(chosen)} did"
    else:
        outcome = "the consensus leaves it uncoded"
    context.info(f"settled {where}: {outcome}; {_plural(result.left, 'disagreement')} left")
    if result.left == 0:
        info = find_consensus(context.project, args.name)
        first = compared_names(context.project, info)[0]
        context.info(
            "every disagreement is settled; compare each coder with the consensus: "
            f"coder agreement --coders {first},{info.name}"
        )
    return 0


def run_decisions(args: argparse.Namespace, context: Context) -> int:
    import json

    from coder.services.codebook import get_codebook
    from coder.services.consensus import list_decisions
    from coder.services.sources import list_sources

    decisions = list_decisions(context.project, args.name)
    book = get_codebook(context.project)
    codes = {code.id: book.path_text(code.id) for code in book.codes}
    sources = {info.id: info.name for info in list_sources(context.project)}
    rows = [
        {
            "id": d.id,
            "code_path": codes.get(d.code_id, "?"),
            "source": sources.get(d.source_id, "?"),
            "start": d.start,
            "end": d.end,
            "choice": d.choice,
            "coders": list(d.coders),
            "decided_by": d.decided_by,
            "decided_at": d.decided_at.isoformat(),
            "note": d.note,
        }
        for d in decisions
    ]
    if args.json:
        json.dump(rows, context.out, ensure_ascii=False, indent=2)
        context.out.write("\n")
        return 0
    if not rows:
        context.info(f"no decision has been taken in the consensus '{args.name}' yet")
        return 0
    for row in rows:
        what = {"coders": f"from {', '.join(row['coders'])}", "none": "uncoded", "manual": "drawn by hand"}
        line = (
            f"{row['id']}  {row['code_path']}  {row['source']}  {row['start']}-{row['end']}  "
            f"{what[str(row['choice'])]}  by {row['decided_by']} {str(row['decided_at'])[:16]}"
        )
        print(context.safe(line + (f"  note: {row['note']}" if row["note"] else "")), file=context.out)
    return 0


def run_undo(args: argparse.Namespace, context: Context) -> int:
    from coder.domain.errors import InvalidInput, NotFound
    from coder.services.consensus import list_decisions, undo_decision

    wanted = args.decision.strip().lower()
    found = [d.id for d in list_decisions(context.project, args.name) if d.id == wanted]
    if not found and len(wanted) >= 8:
        found = [d.id for d in list_decisions(context.project, args.name) if d.id.startswith(wanted)]
    if not found:
        raise NotFound(
            f"no decision '{wanted}' in the consensus '{args.name}'; 'coder consensus decisions' lists them"
        )
    if len(found) > 1:
        raise InvalidInput(f"the id '{wanted}' fits several decisions; give more of its digits")
    result = undo_decision(context.project, found[0])
    decision = result.decision
    context.info(f"took back the decision on {decision.start}-{decision.end}; the disagreement is open again")
    return 0
