"""The values of the overviews (frequencies, co-occurrence, code × group matrix) and of queries.

Computed by :mod:`coder.analysis.overviews` and :mod:`coder.analysis.queries`, written by
:mod:`coder.exporters.overview_files` and shown by the app: one set of numbers everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

KINDS = ("frequencies", "cooccurrence", "matrix")
MEASURES = ("codings", "characters", "sources")


@dataclass(frozen=True, slots=True)
class CodeLabel:
    """A code in a report: the ``key`` codings use (its id), its name and its path text."""

    key: str
    name: str
    path: str


@dataclass(frozen=True, slots=True)
class Cell:
    """One code in one group: its codings, the characters they cover (union), the sources coded."""

    code: str
    group: str
    codings: int
    characters: int
    sources: int

    def measure(self, name: str) -> int:
        return int(getattr(self, name))


@dataclass(frozen=True, slots=True)
class Pair:
    """Two codes (``code_a`` earlier in the codebook) in one group: how many pairs of codings co-occur."""

    code_a: str
    code_b: str
    group: str
    pairs: int


@dataclass(frozen=True)
class Overview:
    """A computed overview. ``by`` is ``source``, ``coder`` or an attribute's name (``""``: no groups).

    ``cells`` fill frequencies and matrices (every code × every group, zeros included); ``pairs``
    fill co-occurrence (every two codes × every group). ``scope`` says in words what was counted.
    """

    kind: str
    by: str
    codes: tuple[CodeLabel, ...]
    groups: tuple[str, ...]
    cells: tuple[Cell, ...] = ()
    pairs: tuple[Pair, ...] = ()
    within: int | None = None  # co-occurrence: None = overlap by one character or more
    measure: str = "codings"  # the matrix's chosen measure
    project: str = ""
    generated: datetime | None = None
    scope: tuple[str, ...] = ()
    _cells: dict[tuple[str, str], Cell] = field(default_factory=dict, compare=False, repr=False)
    _pairs: dict[tuple[str, str, str], int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._cells.update({(c.code, c.group): c for c in self.cells})
        self._pairs.update({(p.code_a, p.code_b, p.group): p.pairs for p in self.pairs})

    def cell(self, code: str, group: str) -> Cell:
        return self._cells.get((code, group)) or Cell(code, group, 0, 0, 0)

    def pair_count(self, code_a: str, code_b: str, group: str = "") -> int:
        """Pairs of two codes in either order (0 for a code with itself)."""
        return self._pairs.get((code_a, code_b, group), self._pairs.get((code_b, code_a, group), 0))

    def label(self, key: str) -> CodeLabel:
        return next(code for code in self.codes if code.key == key)

    @property
    def title(self) -> str:
        if self.kind == "cooccurrence":
            how = "overlapping" if self.within is None else f"within {self.within} characters"
            grouped = f", by {self.by}" if self.by else ""
            return f"Code co-occurrence ({how}{grouped})"
        if self.kind == "matrix":
            return f"Codes × {self.by}: {self.measure}"
        return f"Code frequencies by {self.by}"


@dataclass(frozen=True, slots=True)
class Segment:
    """A passage a query or an overview's cell retrieves: where it is, its text, what and who coded it."""

    source: str
    start: int
    end: int
    text: str
    codes: tuple[str, ...]  # code paths
    coders: tuple[str, ...]
    source_id: str = ""
