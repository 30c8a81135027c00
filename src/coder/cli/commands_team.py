"""``copy FROM TO``, ``team add NAME --role coder|lead`` and ``team list``."""

from __future__ import annotations

import argparse

from coder.cli.context import Context


def register(commands: argparse._SubParsersAction) -> None:
    copy = commands.add_parser(
        "copy",
    )
    copy.add_argument("source", metavar="FROM", help="a .coder file or a postgresql:// URL")
    copy.add_argument("target", metavar="TO", help="a new .coder file, or an empty server database")
    copy.set_defaults(run=run_copy)

    team = commands.add_parser("team")
    actions = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="give a database role a place on the team (creating the role when new); run by a lead",
    )
    add.add_argument("name", metavar="NAME", help="the role's name, which is also the coder's name")
    add.add_argument(
        "--role",
        choices=("coder", "lead"),
        default="coder",
        help="coder: reads everything, changes only their own codings and memos; lead: changes anything",
    )
    add.set_defaults(run=run_team_add)
    members = actions.add_parser("list", help="list the team: role, coder and whether each leads")
    members.add_argument("--json", action="store_true", help="print a JSON array")
    members.set_defaults(run=run_team_list)


def run_copy(args: argparse.Namespace, context: Context) -> int:
    from coder.services.copy import copy_project, location_of

    summary = copy_project(location_of(args.source), location_of(args.target))
    rows = summary.rows
    context.info(
        f"copied to {args.target}: {rows['sources']} sources, {rows['codes']} codes, "
        f"{rows['coders']} coders, {rows['codings']} codings, {rows['memos']} memos"
    )
    return 0


def run_team_add(args: argparse.Namespace, context: Context) -> int:
    from coder.services.team import add_member

    created = add_member(context.project, args.name, args.role)
    context.info(f"{args.name} is on the team as {args.role}")
    if created:
        context.info(
            f"note: the login role {args.name} was created without a password; give it one with "
            f"psql's \\password {args.name}, or let it log in the way your server is set up"
        )
    return 0


def run_team_list(args: argparse.Namespace, context: Context) -> int:
    from coder.services.team import list_members

    members = list_members(context.project)
    if args.json:
        import json

        items = [{"role_name": m.role_name, "coder": m.coder, "role": m.role} for m in members]
        json.dump(items, context.out, ensure_ascii=False, indent=2)
        context.out.write("\n")
        return 0
    width = max((len(context.safe(m.role_name)) for m in members), default=0)
    for member in members:
        print(f"{context.safe(member.role_name):<{width}}  {member.role}", file=context.out)
    return 0
