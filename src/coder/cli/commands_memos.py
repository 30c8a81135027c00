"""``memos export``, ``memos search``, ``journal add`` and ``journal list``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from coder.cli.commands_search import add_query_options, query_from

if TYPE_CHECKING:
    from coder.cli.context import Context


def register(commands: argparse._SubParsersAction) -> None:
    memos = commands.add_parser("memos")
    actions = memos.add_subparsers(dest="memos_command", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export", help="write every memo and the journal as a Markdown (.md) or HTML (.html) document"
    )
    export.add_argument("out", metavar="OUT.md|OUT.html")
    export.set_defaults(run=run_export)
    search = actions.add_parser("search", help="find a word, phrase or expression in memos and the journal")
    add_query_options(search)
    search.set_defaults(run=run_search)

    journal = commands.add_parser("journal")
    actions = journal.add_subparsers(dest="journal_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a dated entry to the journal")
    add.add_argument("text", metavar="TEXT")
    add.add_argument("--title", default="", metavar="T", help="a title for the entry")
    add.add_argument("--coder", metavar="NAME", help="who writes it (default: your login name)")
    add.set_defaults(run=run_journal_add)
    listing = actions.add_parser("list", help="the journal's entries, newest first")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(run=run_journal_list)


def run_export(args: argparse.Namespace, context: Context) -> int:
    from pathlib import Path

    from coder.services.memos import export_memos

    count = export_memos(context.project, Path(args.out))
    context.info(f"wrote {count} memos and journal entries to {args.out}")
    return 0


def run_search(args: argparse.Namespace, context: Context) -> int:
    import json

    from coder.domain.terminal import one_line
    from coder.services.search import search_memos

    hits = search_memos(context.project, query_from(args))  # type: ignore[arg-type]
    if args.json:
        items = [
            {
                "kind": hit.kind,
                "where": hit.where,
                "coder": hit.coder,
                "field": hit.field,
                "start": hit.start,
                "end": hit.end,
                "text": hit.text,
                "memo": hit.memo.id,
            }
            for hit in hits
        ]
        json.dump(items, context.out, ensure_ascii=False, indent=2)
        context.out.write("\n")
    else:
        for hit in hits:
            place = f"{hit.kind} memo on {hit.where}" if hit.kind != "journal" else f"journal: {hit.where}"
            shown = f"{hit.before}[{hit.text}]{hit.after}".replace("\n", " ")
            print(context.safe(f"{one_line(place)} ({hit.coder}): {shown}"), file=context.out)
    context.info(f"{len(hits)} hit{'s' * (len(hits) != 1)} in memos and the journal")
    return 0


def _login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "coder"


def run_journal_add(args: argparse.Namespace, context: Context) -> int:
    from coder.services.coders import ensure_coder
    from coder.services.memos import add_journal_entry

    project = context.project
    coder = ensure_coder(project, args.coder or project.actor or _login_name())
    entry = add_journal_entry(project, coder.id, args.title, args.text)
    context.info(f"added a journal entry by {coder.name}, dated {entry.created_at:%Y-%m-%d %H:%M} UTC")
    return 0


def run_journal_list(args: argparse.Namespace, context: Context) -> int:
    import json

    from coder.services.coders import list_coders
    from coder.services.memos import journal_entries

    project = context.project
    entries = journal_entries(project)
    names = {coder.id: coder.name for coder in list_coders(project)}
    if args.json:
        items = [
            {
                "title": entry.title,
                "text": entry.text,
                "coder": names.get(entry.coder_id, "?"),
                "created_at": entry.created_at.isoformat(),
                "changed_at": entry.changed_at.isoformat(),
                "id": entry.id,
            }
            for entry in entries
        ]
        json.dump(items, context.out, ensure_ascii=False, indent=2)
        context.out.write("\n")
        return 0
    if not entries:
        context.info("the journal is empty; add an entry with 'coder journal add TEXT'")
        return 0
    for entry in entries:
        title = f" — {entry.title}" if entry.title else ""
        print(
            context.safe(f"{entry.created_at:%Y-%m-%d %H:%M} UTC, {names.get(entry.coder_id, '?')}{title}"),
            file=context.out,
        )
        print(context.safe("    " + entry.text.replace("\n", "\n    ")), file=context.out)
    return 0
