"""The inter-coder agreement engine of ``agreement.md``: plain values in, figures out.

The unit of analysis is the character. For one code, each coder's codings in
a source are merged first; a sweep over the merged spans' endpoints then
counts, for every ``j``, the characters coded by exactly ``j`` coders. All
statistics follow from those counts (see :mod:`coder.analysis.agreement_stats`),
except the binary unitized alpha, which also needs each coder's units (see
:func:`coder.analysis.agreement_stats.unitized_terms`). The sweep runs for all
codes, sources and coders at once in NumPy arrays
(:mod:`coder.analysis.vector_sweep`), so its cost is about that of sorting the
codings.

The caller passes every coding of the included sources (any code, any coder);
codings by coders that are not compared are ignored, and codings with codes
that are not compared only count towards each source's number of codings.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from itertools import combinations
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coder.analysis.agreement_model import (
    DEFAULT_OVERLAP,
    UNIT,
    AgreementInput,
    AgreementResult,
    CodeAgreement,
    CodeRef,
    GroupFigures,
    Overall,
    PairAgreement,
    PairSegments,
    Passage,
    SegmentAgreement,
    SourceAgreement,
    SourceSpans,
    SourceSummary,
    SourceTable,
    SpanCoding,
    combined_segment_agreement,
)
from coder.analysis.agreement_stats import (
    Stats,
    mean,
    overall_u_alpha,
    pooled_kappa,
    statistics,
    u_alpha_binary,
    unitized_disagreements,
)
from coder.analysis.sweep import pieces
from coder.analysis.vector_stats import many_figures
from coder.analysis.vector_sweep import Tallies, check_codings, coding_counts, columns, tally
from coder.domain.errors import InvalidInput
from coder.domain.spans import Span, union

__all__ = [
    "DEFAULT_OVERLAP",
    "STATISTICS",
    "UNIT",
    "AgreementInput",
    "AgreementResult",
    "CodeAgreement",
    "CodeRef",
    "Overall",
    "PairAgreement",
    "PairSegments",
    "Passage",
    "SegmentAgreement",
    "SourceAgreement",
    "SourceSpans",
    "SourceSummary",
    "SpanCoding",
    "Stats",
    "codes_used",
    "coders_with_codings",
    "combined_segment_agreement",
    "compute_agreement",
    "disagreements",
    "source_disagreements",
    "stats_json",
    "to_json_dict",
]

STATISTICS = ("percent_agreement", "cohen_kappa", "krippendorff_alpha", "fleiss_kappa", "jaccard")


# --- the engine --------------------------------------------------------------------------------------------


def compute_agreement(data: AgreementInput) -> AgreementResult:
    """Compare the coders' codings as ``agreement.md`` defines; raises ``InvalidInput`` on bad input."""
    _validate(data)
    coders, sources = data.coders, data.sources
    for source in sources:
        if source.characters < 0:
            raise InvalidInput(f"source '{source.name}' has a negative length")
    characters = np.array([source.characters for source in sources], dtype=np.int64)
    flat = data.columns
    if flat is None:
        flat = columns(sources, coders, [code.key for code in data.codes])
    check_codings(flat, sources, characters, coders)
    counts = coding_counts(flat, len(sources), len(coders))
    summaries = [
        SourceSummary(source.name, source.characters, dict(zip(coders, row, strict=True)))
        for source, row in zip(sources, counts.tolist(), strict=True)
    ]
    # A coder without a single coding in the included sources is missing for the unitized alpha.
    present = tuple(bool(n) for n in counts.sum(axis=0).tolist())
    tallies = tally(flat, characters, len(coders), len(data.codes), data.overlap)
    codes, terms = _codes(data, characters, tallies, present)
    return AgreementResult(
        coders=coders,
        overlap=float(data.overlap),
        sources=tuple(summaries),
        codes=tuple(codes),
        overall=_overall(codes, len(coders), terms),
        warnings=tuple(_warnings(summaries, coders)),
    )


def _codes(
    data: AgreementInput, characters: NDArray[np.int64], tallies: Tallies, present: tuple[bool, ...]
) -> tuple[list[CodeAgreement], list[tuple[Fraction, Fraction]]]:
    """Every compared code's figures, and its ``(D_o, D_e)`` of the unitized alpha where defined."""
    sources = data.sources
    pairs = list(combinations(range(len(data.coders)), 2))
    names = tuple((data.coders[i], data.coders[j]) for i, j in pairs)
    count = max(len(sources), 1)
    source_of_group = tallies.groups % count
    histograms = tallies.histogram.copy()
    histograms[:, 0] = characters[source_of_group] - histograms.sum(axis=1)
    squares = tallies.unit_squares.sum(axis=1)
    groups = GroupFigures(
        histograms.sum(axis=1).tolist(),
        histograms.tolist(),
        tallies.coded.tolist(),
        many_figures(histograms, tallies.coded, squares, sum(present)),
        names,
        _segment_table(tallies, pairs),
    )
    first = np.searchsorted(tallies.groups // count, np.arange(len(data.codes) + 1)).tolist()
    rows = np.full((len(data.codes), len(sources)), -1, dtype=np.int64)
    rows.reshape(-1)[tallies.groups] = np.arange(len(tallies.groups))
    absent = _Absent(len(data.coders), sum(present), PairSegments(names, [0] * 4 * len(pairs)))
    lengths = tuple((source.name, source.characters) for source in sources)
    result: list[CodeAgreement] = []
    terms: list[tuple[Fraction, Fraction]] = []
    for k, code in enumerate(data.codes):
        by_source = SourceTable(lengths, rows[k].tolist(), groups, absent.entry)
        pooled, pairwise, segments, term = _pooled(tallies, slice(first[k], first[k + 1]), data, present)
        if term is not None:
            terms.append(term)
        result.append(CodeAgreement(code, pooled, by_source, pairwise, segments))
    return result, terms


def _segment_table(tallies: Tallies, pairs: Sequence[tuple[int, int]]) -> NDArray[np.int64]:
    """Per group, four numbers per pair: segments of X, of Y, matched of X, of Y (read-only)."""
    table = np.stack(
        (
            tallies.segments[:, [i for i, _ in pairs]],
            tallies.segments[:, [j for _, j in pairs]],
            tallies.matched[:, :, 0],
            tallies.matched[:, :, 1],
        ),
        axis=2,
    ).reshape(len(tallies.groups), 4 * len(pairs))
    table.flags.writeable = False
    return table


class _Absent:
    """The entries of a code in sources where no compared coder applied it (figures shared by length)."""

    def __init__(self, coders: int, taking_part: int, no_segments: PairSegments) -> None:
        self.coders, self.taking_part, self.no_segments = coders, taking_part, no_segments
        self.stats: dict[int, Stats] = {}

    def entry(self, source: str, characters: int) -> SourceAgreement:
        stats = self.stats.get(characters)
        if stats is None:
            histogram = [characters] + [0] * self.coders
            u_alpha = u_alpha_binary(histogram, 0, self.taking_part)
            stats = self.stats[characters] = statistics(histogram, [0] * self.coders, u_alpha)
        return SourceAgreement(source, stats, self.no_segments)


def _pooled(
    tallies: Tallies, groups: slice, data: AgreementInput, present: tuple[bool, ...]
) -> tuple[Stats, tuple[PairAgreement, ...], tuple[SegmentAgreement, ...], tuple[Fraction, Fraction] | None]:
    """One code over all sources: its figures, each pair's, each pair's segments and its ``(D_o, D_e)``."""
    coders = data.coders
    pairs = list(combinations(range(len(coders)), 2))
    units = sum(source.characters for source in data.sources)
    histogram = tallies.histogram[groups].sum(axis=0).tolist()
    histogram[0] = units - sum(histogram)
    coded = tallies.coded[groups].sum(axis=0).tolist()
    squares = tallies.unit_squares[groups].sum(axis=0).tolist()
    both = tallies.both[groups].sum(axis=0).tolist()
    segments = tallies.segments[groups].sum(axis=0).tolist()
    matched = tallies.matched[groups].sum(axis=0).tolist()
    taking_part = sum(present)
    pooled = statistics(histogram, coded, u_alpha_binary(histogram, sum(squares), taking_part))
    pairwise: tuple[PairAgreement, ...] = ()
    if len(coders) > 2:
        pairwise = tuple(
            PairAgreement(
                (coders[i], coders[j]),
                _pair_stats(units, coded, squares, both[p], (i, j), present[i] and present[j]),
            )
            for p, (i, j) in enumerate(pairs)
        )
    pair_segments = tuple(
        SegmentAgreement((coders[i], coders[j]), (segments[i], segments[j]), (matched[p][0], matched[p][1]))
        for p, (i, j) in enumerate(pairs)
    )
    return pooled, pairwise, pair_segments, unitized_disagreements(histogram, sum(squares), taking_part)


def _pair_stats(
    units: int,
    coded: Sequence[int],
    unit_squares: Sequence[int],
    both: int,
    pair: tuple[int, int],
    present: bool,
) -> Stats:
    i, j = pair
    histogram = pair_histogram(units, coded[i], coded[j], both)
    u_alpha = u_alpha_binary(histogram, unit_squares[i] + unit_squares[j], 2) if present else None
    return statistics(histogram, (coded[i], coded[j]), u_alpha)


def pair_histogram(units: int, coded_x: int, coded_y: int, both: int) -> list[int]:
    """The two-coder histogram ``[neither, one, both]`` from the coded counts and their overlap."""
    one = coded_x + coded_y - 2 * both
    return [units - one - both, one, both]


def _validate(data: AgreementInput) -> None:
    if len(data.coders) < 2:
        raise InvalidInput("agreement needs at least two coders to compare")
    if len(set(data.coders)) != len(data.coders):
        raise InvalidInput("a coder is named twice in the list of coders to compare")
    if len({code.key for code in data.codes}) != len(data.codes):
        raise InvalidInput("a code is listed twice among the codes to compare")
    if not (isinstance(data.overlap, int | float) and 0 <= data.overlap <= 1):
        raise InvalidInput(f"the overlap threshold must be a number from 0 to 1, not {data.overlap!r}")


def _overall(codes: Sequence[CodeAgreement], m: int, terms: Sequence[tuple[Fraction, Fraction]]) -> Overall:
    means = {name: mean([getattr(code.pooled, name) for code in codes]) for name in STATISTICS}
    chance = [code.pooled.chance_terms() for code in codes] if m == 2 else []
    defined = [term for term in chance if term is not None]
    return Overall(
        **means,
        pooled_kappa=pooled_kappa(defined) if m == 2 else None,
        u_alpha_binary=overall_u_alpha(terms) if terms else None,
    )


def _warnings(summaries: Sequence[SourceSummary], coders: Sequence[str]) -> list[str]:
    warnings: list[str] = []
    for summary in summaries:
        idle = [coder for coder in coders if summary.codings[coder] == 0]
        if not idle:
            continue
        who = _enumerate([f"'{coder}'" for coder in idle])
        noun = "Coder" if len(idle) == 1 else "Coders"
        warnings.append(f"{noun} {who} made no coding at all in source '{summary.name}'.")
    return warnings


def _enumerate(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- disagreement passages ---------------------------------------------------------------------------------


def disagreements(spans_by_coder: Mapping[str, Iterable[Span]]) -> list[Passage]:
    """The maximal stretches where some but not all coders applied the code, in text order.

    Each passage has one constant set of coders who coded it; two passages may
    touch when that set changes.
    """
    names = list(spans_by_coder)
    merged = [union(spans_by_coder[name]) for name in names]
    everyone = (1 << len(names)) - 1
    return [
        Passage(start, end, frozenset(name for i, name in enumerate(names) if mask >> i & 1))
        for start, end, mask in pieces(merged)
        if mask != everyone
    ]


def source_disagreements(source: SourceSpans, code: str, coders: Sequence[str]) -> list[Passage]:
    """The disagreement passages of ``coders`` for the code with key ``code`` in one source."""
    spans: dict[str, list[Span]] = {coder: [] for coder in coders}
    for coder, key, start, end in source.codings:
        if key == code and coder in spans:
            spans[coder].append((start, end))
    return disagreements(spans)


# --- helpers for choosing what to compare -------------------------------------------------------------------


def coders_with_codings(sources: Iterable[SourceSpans]) -> set[str]:
    """Every coder with at least one coding in the sources (the default coders to compare)."""
    return {coding.coder for source in sources for coding in source.codings}


def codes_used(sources: Iterable[SourceSpans], coders: Iterable[str]) -> set[str]:
    """The keys of every code that one of ``coders`` used in the sources (the default codes to compare)."""
    wanted = set(coders)
    return {coding.code for source in sources for coding in source.codings if coding.coder in wanted}


# --- JSON --------------------------------------------------------------------------------------------------


def stats_json(stats: Stats) -> dict[str, Any]:
    """The ``STATS`` object of the JSON layout."""
    # No check per number here: the JSON writer refuses NaN and infinities itself (allow_nan=False).
    return {
        "units": stats.units,
        "histogram": list(stats.histogram),
        "percent_agreement": stats.percent_agreement,
        "cohen_kappa": stats.cohen_kappa,
        "krippendorff_alpha": stats.krippendorff_alpha,
        "fleiss_kappa": stats.fleiss_kappa,
        "jaccard": stats.jaccard,
        "u_alpha_binary": stats.u_alpha_binary,
    }


def _by_source_json(
    entries: Sequence[SourceAgreement], known: dict[int, tuple[Stats, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """The ``by_source`` list; entries may share one ``Stats`` (a code nobody applied in equal sources)."""
    found = []
    for entry in entries:
        seen = known.get(id(entry.stats))
        if seen is None:  # the Stats is kept with its dict: its id is not reused while the report is made
            seen = known[id(entry.stats)] = (entry.stats, stats_json(entry.stats))
        found.append({"source": entry.source, **seen[1]})
    return found


def _number(value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):  # cannot happen; guard the contract anyway
        raise ValueError(f"statistic is not finite: {value!r}")
    return value


def _segments_json(entry: SegmentAgreement) -> dict[str, Any]:
    x, y = entry.coders
    return {
        "coders": [x, y],
        "segments": {x: entry.segments[0], y: entry.segments[1]},
        "matched": {x: entry.matched[0], y: entry.matched[1]},
        "segment_agreement": entry.segment_agreement,
    }


def _head_json(result: AgreementResult) -> dict[str, Any]:
    return {
        "unit": result.unit,
        "coders": list(result.coders),
        "overlap_threshold": result.overlap,
        "sources": [
            {"name": source.name, "characters": source.characters, "codings": dict(source.codings)}
            for source in result.sources
        ],
    }


def _code_json(code: CodeAgreement, by_source: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "code": code.code.name,
        "path": code.code.path,
        "pooled": stats_json(code.pooled),
        "by_source": by_source,
        "pairwise": [{"coders": list(pair.coders), **stats_json(pair.stats)} for pair in code.pairwise],
        "segments": [_segments_json(entry) for entry in code.segments],
    }


def _overall_json(result: AgreementResult) -> dict[str, Any]:
    return {
        **{name: _number(getattr(result.overall, name)) for name in STATISTICS},
        "pooled_kappa": _number(result.overall.pooled_kappa),
        "u_alpha_binary": _number(result.overall.u_alpha_binary),
    }


def to_json_dict(result: AgreementResult) -> dict[str, Any]:
    """The report as the JSON layout of ``agreement.md``, ready for ``json.dumps``."""
    known: dict[int, tuple[Stats, dict[str, Any]]] = {}
    return {
        **_head_json(result),
        "codes": [_code_json(code, _by_source_json(code.by_source, known)) for code in result.codes],
        "overall": _overall_json(result),
        "warnings": list(result.warnings),
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def to_json_text(result: AgreementResult) -> str:
    """The ``--json`` report: ``json.dumps`` of :func:`to_json_dict`, UTF-8 text kept, one line.

    The same text, made faster: the ``by_source`` lists of the engine's results are written
    straight from its columns (:class:`SourceTable`), without a dictionary per entry.
    """
    texts = _BySourceText()
    codes = []
    for code in result.codes:
        document = _code_json(code, [])
        before, after = _dumps(document).split('"by_source": []', 1)
        codes.append(f'{before}"by_source": [{texts.of(code.by_source)}]{after}')
    head = _dumps(_head_json(result))[:-1]
    tail = f'"overall": {_dumps(_overall_json(result))}, "warnings": {_dumps(list(result.warnings))}}}'
    return f'{head}, "codes": [{", ".join(codes)}], {tail}\n'


# The STATS object after its opening brace, as json.dumps writes it (separators ", " and ": ").
_STATS_TEXT = (
    '"units": %s, "histogram": [%s], "percent_agreement": %s, "cohen_kappa": %s, '
    '"krippendorff_alpha": %s, "fleiss_kappa": %s, "jaccard": %s, "u_alpha_binary": %s}'
)


class _BySourceText:
    """The text of ``by_source`` lists, each entry exactly as ``json.dumps`` writes its dictionary."""

    def __init__(self) -> None:
        self._source: dict[str, str] = {}  # the opening of an entry, by source name
        self._groups: dict[int, tuple[GroupFigures, list[str]]] = {}
        self._known: dict[int, tuple[Stats, str]] = {}

    def _prefix(self, name: str) -> str:
        prefix = self._source.get(name)
        if prefix is None:
            prefix = self._source[name] = f'{{"source": {_dumps(name)}, '
        return prefix

    def _group_texts(self, groups: GroupFigures) -> list[str]:
        seen = self._groups.get(id(groups))
        if seen is None:
            columns = [_numbers_text(column) for column in groups.figures]
            histograms = [", ".join(map(str, histogram)) for histogram in groups.histograms]
            texts = list(
                map(_STATS_TEXT.__mod__, zip(map(str, groups.units), histograms, *columns, strict=True))
            )
            seen = self._groups[id(groups)] = (groups, texts)
        return seen[1]

    def of(self, entries: Sequence[SourceAgreement]) -> str:
        if not isinstance(entries, SourceTable):
            return ", ".join(self._prefix(entry.source) + self._stats_text(entry.stats) for entry in entries)
        texts = self._group_texts(entries.groups)
        found = []
        for (name, characters), row in zip(entries.sources, entries.rows, strict=True):
            if row >= 0:
                found.append(self._prefix(name) + texts[row])
            else:
                found.append(self._prefix(name) + self._stats_text(entries.absent(name, characters).stats))
        return ", ".join(found)

    def _stats_text(self, stats: Stats) -> str:
        seen = self._known.get(id(stats))
        if seen is None:  # kept with the Stats, whose id is then not reused while the report is made
            seen = self._known[id(stats)] = (stats, _dumps(stats_json(stats))[1:])
        return seen[1]


def _numbers_text(column: Sequence[float | None]) -> list[str]:
    """Each number as ``json.dumps`` writes it (``null`` for ``None``); refuses NaN and infinities."""
    values = list(column)
    if not set(map(type, values)) <= {float, type(None)}:
        return [_dumps(value) for value in values]
    missing = values.count(None)
    if missing == len(values):
        return ["null"] * len(values)
    defined = [value for value in values if value is not None] if missing else values
    if not all(map(math.isfinite, defined)):  # as json.dumps(..., allow_nan=False) refuses them
        raise ValueError("Out of range float values are not JSON compliant")
    if not missing:
        return list(map(float.__repr__, values))
    return ["null" if value is None else float.__repr__(value) for value in values]
