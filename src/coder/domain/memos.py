"""Memos: a coder's notes on a source or a code, and the dated entries of the project journal.

Each coder has at most one memo per source and per code; the journal holds any number of entries,
each with a title, by the coder who wrote it. Memo text is plain text, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from coder.domain.model import now

SOURCE, CODE, JOURNAL = "source", "code", "journal"
KINDS = (SOURCE, CODE, JOURNAL)
# Between the parts of a memo made of several notes (several notes by one coder on one target in a
# REFI-QDA file, or two versions of a memo met in a merge).
SEPARATOR = "\n\n----\n\n"


@dataclass(frozen=True, slots=True)
class Memo:
    id: str
    kind: str  # one of KINDS
    target_id: str | None  # the source's or code's id; None for a journal entry
    coder_id: str
    title: str = ""
    text: str = ""
    created_at: datetime = field(default_factory=now)
    changed_at: datetime = field(default_factory=now)
    version: int = field(default=1, compare=False)  # bookkeeping for concurrent edits, not content
    changed_by: str = field(default="", compare=False)


def joined(parts: list[str]) -> str:
    """Texts as one memo, separated by :data:`SEPARATOR` lines; empty parts left out."""
    return SEPARATOR.join(part for part in parts if part.strip())
