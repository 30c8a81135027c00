"""``coder --help`` without argparse: the top-level help laid out from the command table.

argparse and what it imports (re, enum, gettext, shutil, textwrap) cost more than a bare Python start;
scripts that ask for the overview should not pay it. The layout here is argparse's own for this one
parser (a test compares the two at every terminal width this path answers for); a terminal too narrow
for the usage line on one line is left to argparse, which wraps usage in its own way.
"""

import os
import sys

from coder.cli.command_table import COMMANDS, DESCRIPTION, EPILOG, PROJECT_HELP

USAGE = "usage: coder [-h] [--version] [--project PATH] COMMAND ..."
OPTIONS = (
    ("-h, --help", "show this help message and exit"),
    ("--version", "show program's version number and exit"),
    ("--project PATH", PROJECT_HELP),
)


def terminal_columns() -> int:
    """The terminal's width as argparse finds it: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _pieces(word: str) -> list[str]:
    """A word cut after each hyphen between two letters or digits, where a line may break."""
    pieces, begun = [], 0
    for at in range(1, len(word) - 1):
        if word[at] == "-" and word[at - 1].isalnum() and word[at + 1].isalnum():
            pieces.append(word[begun : at + 1])
            begun = at + 1
    return [*pieces, word[begun:]]


def wrapped(text: str, width: int) -> list[str]:
    """Words filled greedily into lines of at most ``width`` characters, breaking after hyphens too."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        for number, piece in enumerate(_pieces(word)):
            glue = "" if number or not line else " "
            if line and len(line) + len(glue) + len(piece) > width:
                lines.append(line)
                line = piece
            else:
                line += glue + piece
    return [*lines, line] if line else lines


def overview(columns: int) -> str | None:
    """The top-level help for a terminal ``columns`` wide; None when only argparse can lay it out."""
    width = columns - 2
    if len(USAGE) > width:
        return None
    rows = [(4, name, text) for name, (_module, text) in COMMANDS.items()]
    options = [(2, name, text) for name, text in OPTIONS]
    longest = max(indent + len(name) for indent, name, _text in [*rows, *options, (2, "COMMAND", "")])
    at = min(longest + 2, min(24, max(width - 20, 4)))
    help_width = max(width - at, 11)

    def row(indent: int, name: str, text: str) -> list[str]:
        lines = wrapped(text, help_width)
        room = at - indent - 2
        if len(name) <= room:
            first = [" " * indent + name.ljust(room) + "  " + lines[0]]
        else:
            first = [" " * indent + name, " " * at + lines[0]]
        return first + [" " * at + line for line in lines[1:]]

    out = [USAGE, ""]
    out += wrapped(DESCRIPTION, width)
    out += ["", "positional arguments:", "  COMMAND"]
    for indent, name, text in rows:
        out += row(indent, name, text)
    out += ["", "options:"]
    for indent, name, text in options:
        out += row(indent, name, text)
    out += [""] + wrapped(EPILOG, width)
    return "\n".join(out) + "\n"


def print_overview() -> bool:
    """Print the top-level help if this terminal allows it; False to leave it to argparse."""
    text = overview(terminal_columns())
    if text is None:
        return False
    sys.stdout.write(text)
    return True
