"""The values the agreement engine takes and gives: frozen dataclasses with small summaries only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from coder.analysis.agreement_stats import Stats

UNIT = "character"
DEFAULT_OVERLAP = 0.9


# --- input -------------------------------------------------------------------------------------------------


class SpanCoding(NamedTuple):
    """One coding: who applied which code (by key) to ``text[start:end]``."""

    coder: str
    code: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SourceSpans:
    """An included source: its name, its length in characters and all its codings."""

    name: str
    characters: int
    codings: tuple[SpanCoding, ...] = ()

    def __post_init__(self) -> None:
        codings = self.codings
        if not all(type(coding) is SpanCoding for coding in codings):  # plain 4-tuples are welcome too
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
    """What to compare: sources, coders (two or more, in report order), codes and the segment threshold θ."""

    sources: tuple[SourceSpans, ...]
    coders: tuple[str, ...]
    codes: tuple[CodeRef, ...]
    overlap: float = DEFAULT_OVERLAP

    def __post_init__(self) -> None:
        for name in ("sources", "coders", "codes"):
            object.__setattr__(self, name, tuple(getattr(self, name)))


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


@dataclass(frozen=True, slots=True)
class SourceAgreement:
    """One code in one source: the statistics, and segment agreement per pair of coders."""

    source: str
    stats: Stats
    segments: tuple[SegmentAgreement, ...]


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
    by_source: tuple[SourceAgreement, ...]
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
                return combined_segment_agreement(entry.segments)
        raise KeyError(source)


@dataclass(frozen=True, slots=True)
class SourceSummary:
    """An included source, with how many codings each compared coder made there (any code)."""

    name: str
    characters: int
    codings: dict[str, int]


@dataclass(frozen=True, slots=True)
class Overall:
    """Across codes: unweighted means over the codes where each is defined; De Vries pooled kappa."""

    percent_agreement: float | None
    cohen_kappa: float | None
    krippendorff_alpha: float | None
    fleiss_kappa: float | None
    jaccard: float | None
    pooled_kappa: float | None


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
