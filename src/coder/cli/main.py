"""Entry point: ``coder [--project PATH] COMMAND [ARGS]``."""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from coder import __version__
from coder.cli.command_table import COMMANDS, DESCRIPTION, EPILOG, PROJECT_HELP
from coder.domain.errors import Cancelled, CoderError

TYPE_CHECKING = False  # typing itself costs start-up time; these names serve the annotations only
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any


class _Commands:
    """argparse's sub-command action, giving every command its line of help from :data:`COMMANDS`."""

    def __init__(self, action: argparse._SubParsersAction) -> None:
        self.action = action

    def add_parser(self, name: str, **options: object) -> argparse.ArgumentParser:
        options.setdefault("help", COMMANDS[name][1])
        return self.action.add_parser(name, **options)  # type: ignore[arg-type]


class _Listed:
    """Stands in for the parser of a command that is not run: argparse lists it and never parses with it."""


def _parser(listed_only: bool = False, **options: Any) -> argparse.ArgumentParser | _Listed:
    # A real parser costs a millisecond or so (argparse looks up translations of its headings on disk);
    # twenty of them would be most of the time 'coder --help' takes.
    return _Listed() if listed_only else argparse.ArgumentParser(**options)


def chosen_command(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (after the global options), or None."""
    tokens = iter(argv)
    for token in tokens:
        if token == "--project":
            next(tokens, None)
        elif not token.startswith("-"):
            return token if token in COMMANDS else None
    return None


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The command line; only the module of the command named in ``argv`` is loaded to define it."""
    parser = argparse.ArgumentParser(
        prog="coder",
        description=DESCRIPTION,
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"coder {__version__}")
    parser.add_argument(
        "--project",
        metavar="PATH",
        help=PROJECT_HELP,
    )
    action = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_parser)
    chosen = chosen_command(argv)
    module = COMMANDS[chosen][0] if chosen is not None else None
    for name, (defined_in, text) in COMMANDS.items():
        if defined_in != module:
            action.add_parser(name, help=text, listed_only=True)  # defined only when it is run
        elif name == chosen:
            import_module(f"coder.cli.{module}").register(_Commands(action))
    return parser


def main(argv: Sequence[str] | None = None, open_gui: Callable[[str | None], int] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(arguments).parse_args(arguments)
    if args.command is None:
        arguments.append("gui")
        args = build_parser(arguments).parse_args(arguments)
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
