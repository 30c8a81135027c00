"""A consensus coding's provenance in its selection's REFI-QDA ``Description``, after the memo.

Other programs show the description as the coding's comment, so the provenance goes there in two
lines, the first in words for people, the second exact for coder to read back::

    <the memo>

    Consensus coding: 2-10 accepted from A, decided by lead on 2024-05-01.
    coder provenance: [{"from": ["A"], "by": "lead", ...}]

A memo whose last line itself starts like the second line (possibly after backslashes) gets one more
backslash in front, and loses it again when read back, so that every memo survives the round trip.
"""

from __future__ import annotations

import json
import re

from coder.domain.consensus import describe, parse_provenance

MARKER = "coder provenance: "
WORDS = "Consensus coding"
_MARKED = re.compile(r"^(\\*)" + re.escape(MARKER))


def _last_line(text: str) -> tuple[str, str]:
    head, _, last = text.rpartition("\n")
    return (head + "\n" if "\n" in text else ""), last


def _one_line(provenance: str) -> str:
    if "\n" not in provenance and "\r" not in provenance:
        return provenance
    try:
        return json.dumps(json.loads(provenance), ensure_ascii=False)
    except ValueError:
        return " ".join(provenance.split())


def compose(memo: str, provenance: str, start: int, end: int) -> str:
    """The description of a coding ``[start, end)`` with this memo and provenance."""
    head, last = _last_line(memo)
    if _MARKED.match(last):
        memo = head + "\\" + last
    if not provenance:
        return memo
    words = describe(parse_provenance(provenance, start, end)) or f"{WORDS}."
    block = f"{words}\n{MARKER}{_one_line(provenance)}"
    return f"{memo}\n\n{block}" if memo else block


def split(description: str) -> tuple[str, str]:
    """The memo and the provenance ('' when none) from a description; inverse of :func:`compose`."""
    memo, provenance = description, ""
    head, last = _last_line(description)
    if last.startswith(MARKER):
        before, words = _last_line(head[:-1]) if head else ("", "")
        if head and words.startswith(WORDS):
            provenance = last[len(MARKER) :]
            memo = before[:-2] if before.endswith("\n\n") else before.removesuffix("\n")
    head, last = _last_line(memo)
    match = _MARKED.match(last)
    if match and match.group(1):
        memo = head + last[1:]
    return memo, provenance
