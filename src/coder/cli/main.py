"""Entry point: ``coder [--project PATH] COMMAND [ARGS]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from coder import __version__
from coder.cli import (
    commands_agreement,
    commands_attributes,
    commands_codebook,
    commands_codings,
    commands_consensus,
    commands_exchange,
    commands_export,
    commands_gui,
    commands_memos,
    commands_reports,
    commands_search,
    commands_sources,
    commands_team,
)
from coder.domain.errors import Cancelled, CoderError

COMMAND_MODULES = [
    commands_gui,
    commands_sources,
    commands_codebook,
    commands_codings,
    commands_export,
    commands_exchange,
    commands_agreement,
    commands_consensus,
    commands_search,
    commands_memos,
    commands_attributes,
    commands_reports,
    commands_team,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coder",
        description="Qualitative text coding: sources, codebook, codings and inter-coder agreement.",
        epilog="Without a command, the desktop app opens on the project.",
    )
    parser.add_argument("--version", action="version", version=f"coder {__version__}")
    parser.add_argument(
        "--project",
        metavar="PATH",
        help="the project: a .coder file or a postgresql:// URL (default: $CODER_PROJECT, else the "
        "default project in your user data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None, open_gui: Callable[[str | None], int] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "gui"])
    from coder.cli.context import Context
    from coder.domain.terminal import one_line

    context = Context(args.project, open_gui=open_gui)
    try:
        return int(args.run(args, context) or 0)
    except CoderError as exc:
        print(f"coder: error: {one_line(str(exc))}", file=sys.stderr)
        return 1
    except Cancelled:
        print("coder: error: cancelled; nothing was changed", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("coder: error: interrupted; nothing was changed", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except MemoryError:
        print("coder: error: not enough memory for this command; nothing was changed", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug of coder's own: no traceback reaches the user
        print(
            f"coder: error: coder stopped on an internal error ({type(exc).__name__}); nothing was "
            "changed; please report it with the command you ran",
            file=sys.stderr,
        )
        return 1
    finally:
        context.close()


if __name__ == "__main__":
    raise SystemExit(main())
