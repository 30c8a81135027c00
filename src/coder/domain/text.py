"""The stored text of a source: normalisation and its digest."""

from __future__ import annotations

import hashlib

BOM = "\ufeff"


def normalise(text: str) -> str:
    """Line breaks become ``\\n``; nothing else changes.

    A byte-order mark is the decoder's business: the one at the very start of a file's bytes is
    not part of the text, and the decoder drops it; any other U+FEFF (a second mark, say) is text.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
