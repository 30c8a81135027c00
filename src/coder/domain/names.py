"""Names of sources, codes and coders as they come in from files: what is acceptable."""

from __future__ import annotations

import re

from coder.domain.errors import InvalidInput, shorten

MAX_NAME_LENGTH = 255
"""Longest name, in characters, of a source, code or coder."""

# C0 and C1 control characters (NUL, tab, line feed, carriage return, ...) and the Unicode
# line and paragraph separators: a name is shown on one line, in lists, tables and exports.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def check_name(kind: str, name: str) -> str:
    """``name`` unchanged if it can name a ``kind`` ("source", "code", "coder"), else InvalidInput.

    Refused: an empty or blank name, a control character (NUL, line break, tab, ...) anywhere,
    spaces at the start or the end, and more than :data:`MAX_NAME_LENGTH` characters.
    """
    if not name.strip():
        raise InvalidInput(f"a {kind} has an empty name; give every {kind} a name")
    if _CONTROL.search(name):
        raise InvalidInput(
            f"the {kind} name '{shorten(name)}' contains a control character (such as a line break, "
            "a tab or NUL); remove it"
        )
    if name != name.strip():
        raise InvalidInput(f"the {kind} name '{shorten(name)}' begins or ends with a space; remove it")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(
            f"the {kind} name '{shorten(name)}' has {len(name)} characters, more than the "
            f"{MAX_NAME_LENGTH} allowed; shorten it"
        )
    return name
