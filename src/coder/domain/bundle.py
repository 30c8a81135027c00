"""A whole project as plain values: the unit of REFI-QDA exchange and of merging.

Ids inside a bundle only link its parts to each other (a coding to its source, code
and coder); they are not ids of the project the bundle is merged into. Offsets are code
points into the bundle source's ``text``, which is stored text (see
:func:`coder.domain.text.normalise`).
"""

from __future__ import annotations

from dataclasses import dataclass

from coder.domain.attributes import Attribute
from coder.domain.memos import Memo
from coder.domain.model import Code, Coder, Coding
from coder.domain.text import sha256_text


@dataclass(frozen=True, slots=True)
class BundleSource:
    id: str
    name: str
    format: str  # one of coder.domain.model.FORMATS
    text: str
    page_starts: tuple[int, ...] = ()
    original: bytes | None = None
    original_name: str = ""

    @property
    def sha256(self) -> str:
        return sha256_text(self.text)


@dataclass(frozen=True, slots=True)
class ProjectBundle:
    """Sources, codebook, coders, codings, source attributes and memos, plus what reading them had to say.

    ``codes`` lists parents before their children. ``notes`` are sentences for the
    researcher: what was detected (a source's position convention) or left out. A memo's
    ``target_id`` is the id of a bundle source or code (None for a journal entry).
    """

    name: str
    sources: tuple[BundleSource, ...] = ()
    codes: tuple[Code, ...] = ()
    coders: tuple[Coder, ...] = ()
    codings: tuple[Coding, ...] = ()
    notes: tuple[str, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    values: tuple[tuple[str, str, str], ...] = ()  # (source id, attribute id, stored value)
    memos: tuple[Memo, ...] = ()
