"""``coder attributes list|define|set|delete|import|export``: typed attributes of sources."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coder.cli.context import Context

TYPES = ("text", "number", "date", "boolean", "choice")


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "attributes",
        description="Attributes are typed: text, number, date (YYYY-MM-DD), boolean (yes/no) or choice "
        "(one of a fixed list). Reports and queries choose sources by them with --where.",
    )
    actions = parser.add_subparsers(dest="attributes_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the attributes and each source's values")
    listing.add_argument("--json", action="store_true", help="print JSON: attributes and values by source")
    listing.set_defaults(run=run_list)

    define = actions.add_parser("define", help="define a new attribute")
    define.add_argument("name", metavar="NAME")
    define.add_argument("--type", choices=TYPES, default="text", help="its type (default: text)")
    define.add_argument("--choices", metavar="A,B,...", default="", help="the choices of a choice attribute")
    define.set_defaults(run=run_define)

    setting = actions.add_parser("set", help="give a source a value ('' removes it)")
    setting.add_argument("source", metavar="SOURCE")
    setting.add_argument("name", metavar="ATTRIBUTE")
    setting.add_argument("value", metavar="VALUE")
    setting.set_defaults(run=run_set)

    delete = actions.add_parser("delete", help="delete an attribute with all its values")
    delete.add_argument("name", metavar="ATTRIBUTE")
    delete.set_defaults(run=run_delete)

    imp = actions.add_parser(
        "import",
        help="set values from a CSV file with a 'source' column and one column per attribute",
        description="Header: 'source' and one column per attribute; 'NAME:TYPE' declares the type of a new "
        "attribute, else it is inferred (number, date or boolean when every value is one, else text). An "
        "empty cell removes the value. Every row is checked before any value is stored.",
    )
    imp.add_argument("file", metavar="FILE.csv")
    imp.set_defaults(run=run_import)

    exp = actions.add_parser("export", help="write 'source' and one column per attribute as CSV")
    exp.add_argument("file", metavar="FILE.csv")
    exp.set_defaults(run=run_export)


def run_list(args: argparse.Namespace, context: Context) -> int:
    import json

    from coder.services.attributes import attribute_table

    table = attribute_table(context.project)
    if args.json:
        document = {
            "attributes": [
                {
                    "name": a.name,
                    "type": a.type,
                    **({"choices": list(a.choices)} if a.type == "choice" else {}),
                }
                for a in table.attributes
            ],
            "sources": [
                {
                    "source": name,
                    "values": {
                        a.name: table.values[source_id][a.id]
                        for a in table.attributes
                        if table.values.get(source_id, {}).get(a.id)
                    },
                }
                for source_id, name in table.sources
            ],
        }
        context.out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not table.attributes:
        context.info("no attributes yet; 'coder attributes define NAME --type TYPE' or 'attributes import'")
        return 0
    for attribute in table.attributes:
        choices = f": {', '.join(attribute.choices)}" if attribute.type == "choice" else ""
        context.out.write(context.safe(f"{attribute.name} ({attribute.type}{choices})") + "\n")
    for source_id, name in table.sources:
        own = table.values.get(source_id, {})
        cells = "; ".join(f"{a.name}={own[a.id]}" for a in table.attributes if own.get(a.id))
        context.out.write(context.safe(f"  {name}: {cells or '-'}") + "\n")
    return 0


def run_define(args: argparse.Namespace, context: Context) -> int:
    from coder.services.attributes import define_attribute

    choices = [part for part in args.choices.split(",") if part.strip()]
    attribute = define_attribute(context.project, args.name, args.type, choices)
    context.info(f"defined the {attribute.type} attribute '{attribute.name}'")
    return 0


def run_set(args: argparse.Namespace, context: Context) -> int:
    from coder.services.attributes import set_value_by_name

    value = set_value_by_name(context.project, args.source, args.name, args.value)
    what = f"'{value}'" if value else "no value"
    context.info(f"{args.source}: {args.name} is now {what}")
    return 0


def run_delete(args: argparse.Namespace, context: Context) -> int:
    from coder.services.attributes import delete_attribute, find_attribute, list_attributes

    attribute = find_attribute(list_attributes(context.project), args.name)
    removed = delete_attribute(context.project, attribute.id)
    context.info(f"deleted the attribute '{attribute.name}' and its {len(removed.values)} value(s)")
    return 0


def run_import(args: argparse.Namespace, context: Context) -> int:
    from pathlib import Path

    from coder.services.attributes import import_csv

    summary = import_csv(context.project, Path(args.file))
    added = f"; new attributes: {', '.join(summary.attributes_added)}" if summary.attributes_added else ""
    context.info(
        f"{summary.sources} source(s): {summary.values_set} value(s) set, "
        f"{summary.values_cleared} removed{added}"
    )
    return 0


def run_export(args: argparse.Namespace, context: Context) -> int:
    from pathlib import Path

    from coder.services.attributes import export_csv

    count = export_csv(context.project, Path(args.file))
    context.info(f"wrote the attributes of {count} source(s) to {args.file}")
    return 0
