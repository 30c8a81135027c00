"""Operations on half-open code-point spans ``[start, end)``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from coder.domain.errors import InvalidInput, shorten

Span = tuple[int, int]


def check_span(start: int, end: int, length: int) -> None:
    """Refuse a span outside ``0 <= start < end <= length``, in words."""
    if start < 0:
        raise InvalidInput(f"start {start} is negative; offsets count from 0")
    if start >= end:
        raise InvalidInput(f"start {start} is not before end {end}; a coding needs at least one character")
    if end > length:
        raise InvalidInput(f"end {end} is past the end of the text, which has {length} characters")


def union(spans: Iterable[Span]) -> list[Span]:
    """Merge overlapping and touching spans into sorted, disjoint spans."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1][1] = end
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


# ASCII digits only: int() would also take '١٢' (Arabic-Indic digits) and '1_0'. No text has
# 10**18 characters; longer numbers are refused before int() spends time on them.
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
MAX_OFFSET_DIGITS = 18  # longer is refused before it is read as a number
_MAX_DIGITS = MAX_OFFSET_DIGITS


def offset_or_none(value: str | None) -> int | None:
    """An offset written with the digits 0-9 (and an optional sign), or None for anything else."""
    text = (value or "").strip(" \t\r\n")
    if text.isascii() and text.isdigit() and len(text) <= _MAX_DIGITS:  # the usual case, quickly
        return int(text)
    if len(text) > _MAX_DIGITS + 1 or not _WHOLE_NUMBER.fullmatch(text):
        return None
    return int(text)


def parse_offset(value: str | None, what: str) -> int:
    """An offset such as ``start`` or ``end`` read from a file; InvalidInput naming ``what`` if it is none."""
    number = offset_or_none(value)
    if number is not None:
        return number
    shown = shorten(value or "")
    if _WHOLE_NUMBER.fullmatch((value or "").strip(" \t\r\n")):
        raise InvalidInput(f"{what} '{shown}' is too large to be an offset")
    raise InvalidInput(f"{what} '{shown}' is not a whole number written with the digits 0-9")
