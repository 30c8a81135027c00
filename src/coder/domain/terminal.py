"""Text from a project shown on a terminal: control characters made visible, never obeyed.

A source or coder name can hold escape sequences (one of them sets the clipboard, others move the
cursor or rewrite the screen). Everything the command line prints for people goes through
:func:`printable`; machine-readable output (JSON, ``coder text``) is left exactly as it is.
"""

from __future__ import annotations

import re

# C0 controls except tab and line feed, DEL, the C1 controls, and the bidirectional overrides that can
# make a name read differently from what it is.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character shown as an escape such as ``\\x1b``."""
    return _CONTROL.sub(_visible, text)


def one_line(text: str) -> str:
    """Like :func:`printable`, with line breaks and tabs shown too (for names inside sentences)."""
    return printable(text).replace("\n", "\\n").replace("\t", "\\t")
