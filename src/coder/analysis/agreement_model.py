"""The values the agreement engine takes and gives: frozen dataclasses with small summaries only."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar, overload

from coder.analysis.agreement_stats import Stats

UNIT = "character"
DEFAULT_OVERLAP = 0.9


# --- input -------------------------------------------------------------------------------------------------


class _Coding(NamedTuple):
    coder: str
    code: str
    start: int
    end: int


_new_tuple = tuple.__new__


class SpanCoding(_Coding):
    """One coding: who applied which code (by key) to ``text[start:end]``, and its memo.

    It unpacks, compares and hashes as the four values ``(coder, code, start, end)``; the
    memo rides along for the reports (the HTML report quotes it beside a disagreement).
    """

    memo: str = ""

    def __new__(cls, coder: str, code: str, start: int, end: int, memo: str = "") -> SpanCoding:
        coding = _new_tuple(cls, (coder, code, start, end))
        if memo:
            coding.memo = memo  # only codings with a memo carry an attribute dictionary
        return coding

    def __repr__(self) -> str:
        extra = f", memo={self.memo!r}" if self.memo else ""
        return (
            f"SpanCoding(coder={self.coder!r}, code={self.code!r}, start={self.start}, end={self.end}{extra})"
        )

    def _replace(self, **changes: object) -> SpanCoding:
        values: dict[str, object] = {**self._asdict(), "memo": self.memo, **changes}
        return SpanCoding(**values)  # type: ignore[arg-type]

    def __reduce__(self) -> tuple[type[SpanCoding], tuple[str, str, int, int, str]]:
        return SpanCoding, (self.coder, self.code, self.start, self.end, self.memo)


@dataclass(frozen=True, slots=True)
class SourceSpans:
    """An included source: its name, its length in characters and all its codings."""

    name: str
    characters: int
    codings: tuple[SpanCoding, ...] = ()

    def __post_init__(self) -> None:
        codings = self.codings
        if not all(type(coding) is SpanCoding for coding in codings):  # plain tuples, 4 or 5 values
            codings = tuple(SpanCoding(*coding) for coding in codings)
        object.__setattr__(self, "codings", tuple(codings))


@dataclass(frozen=True, slots=True)
class CodeRef:
    """A compared code: the ``key`` that codings use (e.g. the code's id), its name and its path text."""

    key: str
    name: str
    path: str


@dataclass(frozen=True, slots=True)
class AgreementInput:
    """What to compare: sources, coders (two or more, in report order), codes and the segment threshold θ.

    ``columns``, when given, holds every coding of the included sources as arrays already (see
    :class:`Columns`), so the sources' ``codings`` may then be left empty: only the reports that quote
    passages need them.
    """

    sources: tuple[SourceSpans, ...]
    coders: tuple[str, ...]
    codes: tuple[CodeRef, ...]
    overlap: float = DEFAULT_OVERLAP
    columns: Columns | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        for name in ("sources", "coders", "codes"):
            object.__setattr__(self, name, tuple(getattr(self, name)))


@dataclass(frozen=True, slots=True)
class Columns:
    """Codings as NumPy integer arrays of equal length, one entry per coding.

    ``source`` indexes the input's sources; ``coder`` and ``code`` index its coders and codes, -1 for
    a coding by a coder or with a code that is not compared.
    """

    source: Any
    coder: Any
    code: Any
    start: Any
    end: Any


# --- output ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SegmentAgreement:
    """Segment agreement of one pair of coders for one code (in one source, or summed over sources)."""

    coders: tuple[str, str]
    segments: tuple[int, int]
    matched: tuple[int, int]

    @property
    def segment_agreement(self) -> float | None:
        return combined_segment_agreement([self])


T = TypeVar("T")


class MadeWhenRead(Sequence[T]):
    """A sequence whose items are made when read; equal to the tuple of them (and hashed as it)."""

    __slots__ = ()

    def _item(self, index: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            return tuple(self._item(i) for i in range(*index.indices(len(self))))
        return self._item(index)

    def __iter__(self) -> Iterator[T]:
        return (self._item(index) for index in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MadeWhenRead | tuple):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


class PairSegments(MadeWhenRead[SegmentAgreement]):
    """The segment counts of every pair of coders in one source, kept as plain numbers.

    A sequence of :class:`SegmentAgreement`, one per pair in ``pairs`` order, made when read:
    a large project has one of these per code and source, and most are never looked at.
    ``counts`` holds four integers per pair (segments of X, of Y, matched of X, of Y), in any
    sequence of integers that is not changed afterwards (the engine passes rows of one array).
    """

    __slots__ = ("_counts", "_pairs")

    def __init__(self, pairs: tuple[tuple[str, str], ...], counts: Sequence[int]) -> None:
        if len(counts) != 4 * len(pairs):
            raise ValueError("four counts per pair of coders are needed")
        self._pairs = pairs
        self._counts = counts

    def counts(self) -> tuple[int, ...]:
        """The four counts of every pair, as plain integers."""
        return tuple(int(count) for count in self._counts)

    def __len__(self) -> int:
        return len(self._pairs)

    def _item(self, index: int) -> SegmentAgreement:
        pair = self._pairs[index]  # raises IndexError past the end, as a tuple does
        at = 4 * (index % len(self._pairs))
        x, y, matched_x, matched_y = (int(count) for count in self._counts[at : at + 4])
        return SegmentAgreement(pair, (x, y), (matched_x, matched_y))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PairSegments):
            return self._pairs == other._pairs and self.counts() == other.counts()
        return super().__eq__(other)

    def __hash__(self) -> int:
        return super().__hash__()

    def totals(self) -> tuple[int, int]:
        """All matched segments and all segments, summed over the pairs."""
        counts = self.counts()
        segments = sum(counts[0::4]) + sum(counts[1::4])
        return sum(counts[2::4]) + sum(counts[3::4]), segments


@dataclass(frozen=True, slots=True)
class SourceAgreement:
    """One code in one source: the statistics, and segment agreement per pair of coders."""

    source: str
    stats: Stats
    segments: Sequence[SegmentAgreement]

    def segment_agreement(self) -> float | None:
        """Matched segments over all segments in this source, summed over every pair of coders."""
        if isinstance(self.segments, PairSegments):
            matched, total = self.segments.totals()
            return matched / total if total else None
        return combined_segment_agreement(self.segments)


class GroupFigures:
    """The figures of every (code, source) where a compared coder applied the code, as plain columns.

    Row ``g`` holds ``units[g]``, ``histograms[g]`` and ``coded[g]`` (lists of integers),
    ``figures[f][g]`` for the six statistics in :class:`Stats` order from ``percent_agreement``
    on, and four segment counts per pair of coders in ``segments[g]`` (see :class:`PairSegments`).
    None of them is changed afterwards.
    """

    __slots__ = ("coded", "figures", "histograms", "pairs", "segments", "units")

    def __init__(
        self,
        units: Sequence[int],
        histograms: Sequence[Sequence[int]],
        coded: Sequence[Sequence[int]],
        figures: Sequence[Sequence[float | None]],
        pairs: tuple[tuple[str, str], ...],
        segments: Sequence[Sequence[int]],
    ) -> None:
        self.units, self.histograms, self.coded, self.figures = units, histograms, coded, figures
        self.pairs, self.segments = pairs, segments

    def stats(self, row: int) -> Stats:
        figures = (column[row] for column in self.figures)
        return Stats(self.units[row], tuple(self.histograms[row]), tuple(self.coded[row]), *figures)

    def entry(self, source: str, row: int) -> SourceAgreement:
        return SourceAgreement(source, self.stats(row), PairSegments(self.pairs, self.segments[row]))


class SourceTable(MadeWhenRead[SourceAgreement]):
    """One code in every included source, in source order: a sequence of :class:`SourceAgreement`.

    Made when read, as :class:`PairSegments` are: a large project has tens of thousands of them,
    and the JSON report reads the columns of ``groups`` instead. ``rows[s]`` is source ``s``'s
    row in ``groups``, or -1 where no compared coder applied the code; ``absent(name, characters)``
    gives the entry of such a source.
    """

    __slots__ = ("absent", "groups", "rows", "sources")

    def __init__(
        self,
        sources: Sequence[tuple[str, int]],
        rows: Sequence[int],
        groups: GroupFigures,
        absent: Callable[[str, int], SourceAgreement],
    ) -> None:
        if len(rows) != len(sources):
            raise ValueError("one row per source is needed")
        self.sources, self.rows, self.groups, self.absent = sources, rows, groups, absent

    def __len__(self) -> int:
        return len(self.rows)

    def _item(self, index: int) -> SourceAgreement:
        row = self.rows[index]  # raises IndexError past the end, as a tuple does
        name, characters = self.sources[index]
        return self.absent(name, characters) if row < 0 else self.groups.entry(name, row)


@dataclass(frozen=True, slots=True)
class PairAgreement:
    """One pair of coders for one code, pooled over sources (reported only when there are three or more)."""

    coders: tuple[str, str]
    stats: Stats


@dataclass(frozen=True, slots=True)
class CodeAgreement:
    """Everything about one code: pooled over sources, per source, per pair, and segments per pair."""

    code: CodeRef
    pooled: Stats
    by_source: Sequence[SourceAgreement]  # a SourceTable from the engine
    pairwise: tuple[PairAgreement, ...]
    segments: tuple[SegmentAgreement, ...]

    def segment_agreement(self, source: str | None = None) -> float | None:
        """One segment-agreement figure for the code, in one source or (``None``) over all sources.

        With two coders it is the pair's figure. With more, it pools the pairs:
        all matched segments over all segments, summed over every pair.
        """
        if source is None:
            return combined_segment_agreement(self.segments)
        for entry in self.by_source:
            if entry.source == source:
                return entry.segment_agreement()
        raise KeyError(source)


@dataclass(frozen=True, slots=True)
class SourceSummary:
    """An included source, with how many codings each compared coder made there (any code)."""

    name: str
    characters: int
    codings: dict[str, int]


@dataclass(frozen=True, slots=True)
class Overall:
    """Across codes: unweighted means over the codes where each is defined; De Vries pooled kappa.

    ``u_alpha_binary`` is not a mean: it is ``1 - Σ D_o / Σ D_e`` over the codes.
    """

    percent_agreement: float | None
    cohen_kappa: float | None
    krippendorff_alpha: float | None
    fleiss_kappa: float | None
    jaccard: float | None
    pooled_kappa: float | None
    u_alpha_binary: float | None = None


@dataclass(frozen=True, slots=True)
class AgreementResult:
    coders: tuple[str, ...]
    overlap: float
    sources: tuple[SourceSummary, ...]
    codes: tuple[CodeAgreement, ...]
    overall: Overall
    warnings: tuple[str, ...]
    unit: str = UNIT


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch ``[start, end)`` where coders disagree: ``coded_by`` applied the code, the rest did not."""

    start: int
    end: int
    coded_by: frozenset[str]


def combined_segment_agreement(entries: Iterable[SegmentAgreement]) -> float | None:
    """All matched segments over all segments of the given pair entries; ``None`` when there are none."""
    matched = segments = 0
    for entry in entries:
        matched += sum(entry.matched)
        segments += sum(entry.segments)
    return matched / segments if segments else None
