"""The stored text of a source: normalisation and its digest."""

from __future__ import annotations

import hashlib

BOM = "\ufeff"


def normalise(text: str) -> str:
    """Line breaks become ``\\n`` and a leading byte-order mark goes; nothing else changes."""
    if text.startswith(BOM):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
