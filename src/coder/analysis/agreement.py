"""The inter-coder agreement engine of ``agreement.md``: plain values in, figures out.

The unit of analysis is the character. For one code, each coder's codings in
a source are merged first; a sweep over the merged spans' endpoints then
counts, for every ``j``, the characters coded by exactly ``j`` coders. All
statistics follow from those counts (see :mod:`coder.analysis.agreement_stats`).

The caller passes every coding of the included sources (any code, any coder);
codings by coders that are not compared are ignored, and codings with codes
that are not compared only count towards each source's number of codings.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from typing import Any

from coder.analysis.agreement_model import (
    DEFAULT_OVERLAP,
    UNIT,
    AgreementInput,
    AgreementResult,
    CodeAgreement,
    CodeRef,
    Overall,
    PairAgreement,
    Passage,
    SegmentAgreement,
    SourceAgreement,
    SourceSpans,
    SourceSummary,
    SpanCoding,
    combined_segment_agreement,
)
from coder.analysis.agreement_stats import Stats, add, mean, pooled_kappa, statistics
from coder.analysis.sweep import coverage_with_pairs, matched_segments, pair_histogram, pieces
from coder.domain.errors import InvalidInput
from coder.domain.spans import Span, check_span, union

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
_Grouped = dict[str, list[list[Span]]]  # per code key, per coder index: the spans in one source


# --- the engine --------------------------------------------------------------------------------------------


def compute_agreement(data: AgreementInput) -> AgreementResult:
    """Compare the coders' codings as ``agreement.md`` defines; raises ``InvalidInput`` on bad input."""
    _validate(data)
    summaries, grouped = _group(data)
    codes = [_code_agreement(code, data, grouped) for code in data.codes]
    return AgreementResult(
        coders=data.coders,
        overlap=float(data.overlap),
        sources=tuple(summaries),
        codes=tuple(codes),
        overall=_overall(codes, len(data.coders)),
        warnings=tuple(_warnings(summaries, data.coders)),
    )


def _code_agreement(code: CodeRef, data: AgreementInput, grouped: Sequence[_Grouped]) -> CodeAgreement:
    coders = data.coders
    m = len(coders)
    pairs = list(combinations(range(m), 2))
    nobody: list[list[Span]] = [[] for _ in range(m)]
    pair_counts = {pair: [0, 0, 0, 0] for pair in pairs}  # units, coded by x, coded by y, coded by both
    by_source: list[SourceAgreement] = []
    for source, per_code in zip(data.sources, grouped, strict=True):
        merged = [union(spans) for spans in per_code.get(code.key, nobody)]
        histogram, coded, both = coverage_with_pairs(merged, source.characters)
        segments = []
        for i, j in pairs:
            counts = pair_counts[i, j]
            for index, value in enumerate((source.characters, coded[i], coded[j], both[i, j])):
                counts[index] += value
            segments.append(
                SegmentAgreement(
                    (coders[i], coders[j]),
                    (len(merged[i]), len(merged[j])),
                    matched_segments(merged[i], merged[j], data.overlap),
                )
            )
        by_source.append(SourceAgreement(source.name, statistics(histogram, coded), tuple(segments)))
    pooled = statistics(
        add([entry.stats.histogram for entry in by_source], m + 1),
        add([entry.stats.coded for entry in by_source], m),
    )
    pairwise: tuple[PairAgreement, ...] = ()
    if m > 2:
        pairwise = tuple(
            PairAgreement((coders[i], coders[j]), statistics(pair_histogram(*counts), counts[1:3]))
            for (i, j), counts in pair_counts.items()
        )
    return CodeAgreement(
        code,
        pooled,
        tuple(by_source),
        pairwise,
        _sum_segments(by_source, [(coders[i], coders[j]) for i, j in pairs]),
    )


def _validate(data: AgreementInput) -> None:
    if len(data.coders) < 2:
        raise InvalidInput("agreement needs at least two coders to compare")
    if len(set(data.coders)) != len(data.coders):
        raise InvalidInput("a coder is named twice in the list of coders to compare")
    if len({code.key for code in data.codes}) != len(data.codes):
        raise InvalidInput("a code is listed twice among the codes to compare")
    if not (isinstance(data.overlap, int | float) and 0 <= data.overlap <= 1):
        raise InvalidInput(f"the overlap threshold must be a number from 0 to 1, not {data.overlap!r}")


def _group(data: AgreementInput) -> tuple[list[SourceSummary], list[_Grouped]]:
    """Per source: the number of codings per coder, and the spans per code key and coder index."""
    index = {name: i for i, name in enumerate(data.coders)}
    keys = {code.key for code in data.codes}
    m = len(data.coders)
    summaries: list[SourceSummary] = []
    grouped: list[_Grouped] = []
    for source in data.sources:
        if source.characters < 0:
            raise InvalidInput(f"source '{source.name}' has a negative length")
        counts = dict.fromkeys(data.coders, 0)
        per_code: _Grouped = {}
        for coder, key, start, end in source.codings:
            i = index.get(coder)
            if i is None:
                continue
            try:
                check_span(start, end, source.characters)
            except InvalidInput as error:
                raise InvalidInput(
                    f"a coding by '{coder}' in source '{source.name}' is invalid: {error}"
                ) from None
            counts[coder] += 1
            if key in keys:
                spans = per_code.get(key)
                if spans is None:
                    spans = per_code[key] = [[] for _ in range(m)]
                spans[i].append((start, end))
        summaries.append(SourceSummary(source.name, source.characters, counts))
        grouped.append(per_code)
    return summaries, grouped


def _sum_segments(
    by_source: Sequence[SourceAgreement], pairs: Sequence[tuple[str, str]]
) -> tuple[SegmentAgreement, ...]:
    totals: list[SegmentAgreement] = []
    for p, pair in enumerate(pairs):
        entries = [entry.segments[p] for entry in by_source]
        totals.append(
            SegmentAgreement(
                pair,
                (sum(e.segments[0] for e in entries), sum(e.segments[1] for e in entries)),
                (sum(e.matched[0] for e in entries), sum(e.matched[1] for e in entries)),
            )
        )
    return tuple(totals)


def _overall(codes: Sequence[CodeAgreement], m: int) -> Overall:
    means = {name: mean([getattr(code.pooled, name) for code in codes]) for name in STATISTICS}
    terms = [code.pooled.chance_terms() for code in codes] if m == 2 else []
    defined = [term for term in terms if term is not None]
    return Overall(**means, pooled_kappa=pooled_kappa(defined) if m == 2 else None)


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
    return {
        "units": stats.units,
        "histogram": list(stats.histogram),
        **{name: _number(getattr(stats, name)) for name in STATISTICS},
    }


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


def to_json_dict(result: AgreementResult) -> dict[str, Any]:
    """The report as the JSON layout of ``agreement.md``, ready for ``json.dumps``."""
    return {
        "unit": result.unit,
        "coders": list(result.coders),
        "overlap_threshold": result.overlap,
        "sources": [
            {"name": source.name, "characters": source.characters, "codings": dict(source.codings)}
            for source in result.sources
        ],
        "codes": [
            {
                "code": code.code.name,
                "path": code.code.path,
                "pooled": stats_json(code.pooled),
                "by_source": [
                    {"source": entry.source, **stats_json(entry.stats)} for entry in code.by_source
                ],
                "pairwise": [
                    {"coders": list(pair.coders), **stats_json(pair.stats)} for pair in code.pairwise
                ],
                "segments": [_segments_json(entry) for entry in code.segments],
            }
            for code in result.codes
        ],
        "overall": {
            **{name: _number(getattr(result.overall, name)) for name in STATISTICS},
            "pooled_kappa": _number(result.overall.pooled_kappa),
        },
        "warnings": list(result.warnings),
    }


def to_json_text(result: AgreementResult) -> str:
    """The ``--json`` report: compact (the fast C encoder), UTF-8 text kept, one line."""
    return json.dumps(to_json_dict(result), ensure_ascii=False) + "\n"
