"""Finding a pattern in texts: literal or regular expression, whole words, with or without case.

Hits are code-point spans ``[start, end)`` of the text searched, exactly as coder's offsets (Python
indexes a ``str`` by code points, so characters outside the Basic Multilingual Plane count one). The
text is never changed before matching, so an offset is an offset into the stored text.

- A literal pattern matches its characters as typed; a regular expression uses Python's ``re``
  syntax, with ``^`` and ``$`` at every line's start and end.
- Case is ignored unless asked for (Unicode simple case folding, as ``re.IGNORECASE``).
- Whole word: the hit neither starts right after nor ends right before a letter, digit or ``_``.
- Empty matches are no hits (a coding needs at least one character).

Costly expressions: :func:`find` checks ``deadline`` (a ``time.monotonic()`` value) every few
hundred matches; a single match that takes long is stopped by the caller (see
:mod:`coder.services.search`).
"""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from dataclasses import dataclass

from coder.domain.errors import InvalidInput

MAX_PATTERN = 1_000  # characters of a pattern
CONTEXT = 40  # characters of context on each side of a hit
_CHECK_EVERY = 256  # matches between two looks at the clock
_LEADING_FLAGS = re.compile(r"^(?:\(\?[aiLmsux]+\))+")


class SearchTooLong(InvalidInput):
    """The search ran past its time limit and was stopped."""


@dataclass(frozen=True, slots=True)
class Query:
    pattern: str
    regex: bool = False
    whole_word: bool = False
    case_sensitive: bool = False


def compile_query(query: Query) -> re.Pattern[str]:
    """The compiled pattern; an empty, overlong or invalid one is refused in one sentence."""
    pattern = query.pattern
    if not pattern:
        raise InvalidInput("there is nothing to search for; type a word, a phrase or an expression")
    if len(pattern) > MAX_PATTERN:
        raise InvalidInput(f"a search pattern can have at most {MAX_PATTERN} characters")
    flags = re.MULTILINE | (0 if query.case_sensitive else re.IGNORECASE)
    body = pattern if query.regex else re.escape(pattern)
    if query.regex:
        try:
            re.compile(body, flags)
        except re.error as error:
            where = f" at position {error.pos + 1}" if error.pos is not None else ""
            raise InvalidInput(
                f"'{pattern}' is not a valid regular expression: {error.msg}{where}"
                "; untick Regex to search for it literally"
            ) from None
        except (OverflowError, RecursionError, ValueError):
            raise InvalidInput(
                f"'{pattern[:60]}' is too complex a regular expression to search with"
            ) from None
    if query.whole_word:
        leading = _LEADING_FLAGS.match(body)
        head = leading.group() if leading else ""
        body = rf"{head}(?<!\w)(?:{body[len(head) :]})(?!\w)"
    try:
        return re.compile(body, flags)
    except (re.error, OverflowError, RecursionError, ValueError):
        raise InvalidInput(f"'{pattern[:60]}' cannot be searched for as a whole word") from None


def find(
    text: str, pattern: re.Pattern[str], limit: int | None = None, deadline: float | None = None
) -> list[tuple[int, int]]:
    """The non-empty matches of ``pattern`` in ``text``, in order, as ``(start, end)`` code points.

    At most ``limit`` hits; past ``deadline`` (``time.monotonic()``) :class:`SearchTooLong` is raised.
    """
    hits: list[tuple[int, int]] = []
    for number, match in enumerate(pattern.finditer(text), start=1):
        start, end = match.span()
        if end > start:
            hits.append((start, end))
            if limit is not None and len(hits) >= limit:
                break
        if deadline is not None and number % _CHECK_EVERY == 0 and time.monotonic() > deadline:
            raise too_long()
    return hits


def too_long(seconds: float | None = None) -> SearchTooLong:
    after = f" after {seconds:g} seconds" if seconds else ""
    return SearchTooLong(
        f"the search was stopped{after}: the expression takes too long on these texts (nested repeats "
        "such as (a+)+ are the usual cause); make it more specific"
    )


def within(hits: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The hits that lie wholly inside one of ``spans`` (sorted, disjoint, as from ``union``)."""
    starts = [start for start, _ in spans]
    kept = []
    for start, end in hits:
        place = bisect_right(starts, start) - 1
        if place >= 0 and end <= spans[place][1]:
            kept.append((start, end))
    return kept


def context(text: str, start: int, end: int, width: int = CONTEXT) -> tuple[str, str, str]:
    """Up to ``width`` characters before the hit, the hit, and after it, each on one line."""

    def flat(part: str) -> str:
        return " ".join(part.split())

    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    shown_before = ("…" if start > width else "") + flat(before) + (" " if before[-1:].isspace() else "")
    shown_after = (
        (" " if after[:1].isspace() else "") + flat(after) + ("…" if end + width < len(text) else "")
    )
    return shown_before, flat(text[start:end]), shown_after


class Lines:
    """Line numbers (from 1) of offsets in one text."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def of(self, offset: int) -> int:
        return bisect_right(self._starts, offset)
