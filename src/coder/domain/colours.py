"""Default highlight colours: light enough to read black text on, distinct from neighbours."""

from __future__ import annotations

import re

PALETTE = (
    "#f4a6a6",
    "#a6d8f4",
    "#b8e6a0",
    "#f7d08a",
    "#d3b5f0",
    "#f5b8de",
    "#9fe0d1",
    "#e8e08c",
    "#c9c9f5",
    "#f2bc9b",
    "#b5d6b0",
    "#a9c4eb",
    "#e9b0b0",
    "#cfe8f7",
    "#f0e1b6",
    "#d9c2e9",
)

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def colour_for(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def normalise_colour(value: str) -> str | None:
    """``#RGB`` or ``#RRGGBB`` (any case) as lower-case ``#rrggbb``; None when not a colour."""
    value = value.strip()
    if not _HEX.match(value):
        return None
    if len(value) == 4:
        value = "#" + "".join(ch * 2 for ch in value[1:])
    return value.lower()
