"""The sweep against a plain per-character computation and independent implementations.

References: NumPy arrays with one cell per character, the ``krippendorff``
package, scikit-learn's ``cohen_kappa_score`` and statsmodels' ``fleiss_kappa``.
Where a reference gives NaN or refuses the data, the engine must give ``None``,
and only there.
"""

from __future__ import annotations

import math
import warnings
from itertools import combinations

import krippendorff
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa

from coder.analysis.agreement import (
    AgreementInput,
    AgreementResult,
    CodeRef,
    SourceSpans,
    Stats,
    compute_agreement,
    source_disagreements,
    to_json_dict,
)

TOLERANCE = 1e-9
CODE_KEYS = ["k0", "k1", "k2"]
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def scenarios(draw: st.DrawFn) -> AgreementInput:
    m = draw(st.integers(2, 4))
    coders = [f"c{i}" for i in range(m)]
    codes = CODE_KEYS[: draw(st.integers(1, 3))]
    who = st.sampled_from([*coders, "outsider"])  # an outsider's codings must change nothing
    which = st.sampled_from([*codes, "not-compared"])
    sources = []
    for index in range(draw(st.integers(1, 3))):
        length = draw(st.integers(0, 30))
        codings: list[tuple[str, str, int, int]] = []
        for _ in range(draw(st.integers(0, 14)) if length else 0):
            if codings and draw(st.booleans()):
                # Another coder codes nearly the same stretch: nested, touching or shifted.
                _, key, start, end = draw(st.sampled_from(codings))
                start = min(max(0, start + draw(st.integers(-2, 2))), length - 1)
                end = max(start + 1, min(length, end + draw(st.integers(-2, 2))))
                codings.append((draw(who), key, start, end))
            else:
                start = draw(st.integers(0, length - 1))
                end = draw(st.integers(start + 1, length))
                codings.append((draw(who), draw(which), start, end))
        sources.append(SourceSpans(f"source {index}", length, codings))
    overlap = draw(st.sampled_from([0.0, 0.25, 0.5, 0.9, 1.0]))
    return AgreementInput(
        sources, coders, [CodeRef(key, key.upper(), f"Root/{key}") for key in codes], overlap
    )


def character_values(data: AgreementInput, source: SourceSpans, key: str) -> np.ndarray:
    """Coder × character matrix of 0/1 for one code in one source, filled cell by cell."""
    values = np.zeros((len(data.coders), source.characters), dtype=int)
    for coder, code, start, end in source.codings:
        if code == key and coder in data.coders:
            values[data.coders.index(coder), start:end] = 1
    return values


def pooled_values(data: AgreementInput, key: str) -> np.ndarray:
    return np.concatenate([character_values(data, source, key) for source in data.sources], axis=1)


def histogram_of(values: np.ndarray) -> tuple[int, ...]:
    m = values.shape[0]
    return tuple(int(n) for n in np.bincount(values.sum(axis=0), minlength=m + 1))


def assert_close(ours: float | None, reference: float | None) -> None:
    """``None`` exactly where the reference is undefined; otherwise equal within the tolerance."""
    if reference is None or math.isnan(reference):
        assert ours is None
    else:
        assert ours is not None
        assert abs(ours - reference) <= TOLERANCE


def reference_alpha(values: np.ndarray) -> float | None:
    try:
        return float(krippendorff.alpha(reliability_data=values, level_of_measurement="nominal"))
    except ValueError:  # only one value in the data: alpha is undefined
        return None


def reference_cohen(values: np.ndarray) -> float | None:
    if values.shape[1] == 0:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(cohen_kappa_score(values[0], values[1], labels=[0, 1]))


def reference_fleiss(values: np.ndarray) -> float | None:
    if values.shape[1] == 0:
        return None
    coded = values.sum(axis=0)
    table = np.stack([values.shape[0] - coded, coded], axis=1)
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(fleiss_kappa(table, method="fleiss"))


def reference_percent(values: np.ndarray) -> float | None:
    if values.shape[1] == 0:
        return None
    return float(np.mean(np.all(values == values[0], axis=0)))


def reference_jaccard(values: np.ndarray) -> float | None:
    anyone = np.any(values == 1, axis=0).sum()
    return None if anyone == 0 else float(np.all(values == 1, axis=0).sum() / anyone)


def check_stats(stats: Stats, values: np.ndarray, with_fleiss: bool = True) -> None:
    assert stats.units == values.shape[1]
    assert stats.histogram == histogram_of(values)
    assert stats.coded == tuple(int(n) for n in values.sum(axis=1))
    assert_close(stats.percent_agreement, reference_percent(values))
    assert_close(stats.krippendorff_alpha, reference_alpha(values))
    assert_close(stats.jaccard, reference_jaccard(values))
    if with_fleiss:
        assert_close(stats.fleiss_kappa, reference_fleiss(values))
    if values.shape[0] == 2:
        assert_close(stats.cohen_kappa, reference_cohen(values))
    else:
        assert stats.cohen_kappa is None


@SETTINGS
@given(scenarios())
def test_pooled_and_per_source_statistics_match_the_references(data: AgreementInput) -> None:
    result = compute_agreement(data)
    assert [code.code.key for code in result.codes] == [code.key for code in data.codes]
    for code in result.codes:
        check_stats(code.pooled, pooled_values(data, code.code.key))
        for source, entry in zip(data.sources, code.by_source, strict=True):
            values = character_values(data, source, code.code.key)
            assert entry.source == source.name
            assert entry.stats.histogram == histogram_of(values)
            assert_close(entry.stats.krippendorff_alpha, reference_alpha(values))
            assert_close(entry.stats.fleiss_kappa, reference_fleiss(values))


@SETTINGS
@given(scenarios())
def test_pairwise_statistics_match_the_references(data: AgreementInput) -> None:
    result = compute_agreement(data)
    m = len(data.coders)
    for code in result.codes:
        values = pooled_values(data, code.code.key)
        if m == 2:
            assert code.pairwise == ()
            continue
        assert [pair.coders for pair in code.pairwise] == list(combinations(data.coders, 2))
        for (i, j), pair in zip(combinations(range(m), 2), code.pairwise, strict=True):
            check_stats(pair.stats, values[[i, j]])


@SETTINGS
@given(scenarios())
def test_overall_figures_match_a_plain_computation(data: AgreementInput) -> None:
    result = compute_agreement(data)
    pooled = [pooled_values(data, code.key) for code in data.codes]
    for name, reference in [
        ("percent_agreement", reference_percent),
        ("krippendorff_alpha", reference_alpha),
        ("fleiss_kappa", reference_fleiss),
        ("jaccard", reference_jaccard),
    ]:
        defined = [v for v in (reference(values) for values in pooled) if v is not None and not math.isnan(v)]
        assert_close(getattr(result.overall, name), float(np.mean(defined)) if defined else None)
    if len(data.coders) != 2:
        assert result.overall.pooled_kappa is None
        assert result.overall.cohen_kappa is None
        return
    terms = []
    for values in pooled:
        if values.shape[1] == 0:
            continue
        p_x, p_y = values.mean(axis=1)
        terms.append((float(np.mean(values[0] == values[1])), p_x * p_y + (1 - p_x) * (1 - p_y)))
    mean_po = float(np.mean([po for po, _ in terms])) if terms else math.nan
    mean_pe = float(np.mean([pe for _, pe in terms])) if terms else math.nan
    undefined = not terms or abs(1 - mean_pe) < 1e-12
    assert_close(result.overall.pooled_kappa, None if undefined else (mean_po - mean_pe) / (1 - mean_pe))


def runs(row: np.ndarray) -> list[tuple[int, int]]:
    """Maximal stretches of ones in a 0/1 row, found character by character."""
    found: list[tuple[int, int]] = []
    start = None
    for index, value in enumerate([*row.tolist(), 0]):
        if value and start is None:
            start = index
        elif not value and start is not None:
            found.append((start, index))
            start = None
    return found


def matched(mine: list[tuple[int, int]], theirs: list[tuple[int, int]], overlap: float) -> int:
    count = 0
    for s in mine:
        for t in theirs:
            inter = max(0, min(s[1], t[1]) - max(s[0], t[0]))
            if inter / (s[1] - s[0] + t[1] - t[0] - inter) >= overlap:
                count += 1
                break
    return count


@SETTINGS
@given(scenarios())
def test_segment_agreement_matches_an_all_pairs_comparison(data: AgreementInput) -> None:
    result = compute_agreement(data)
    m = len(data.coders)
    for code in result.codes:
        totals = {pair: [0, 0, 0, 0] for pair in combinations(range(m), 2)}
        for source, entry in zip(data.sources, code.by_source, strict=True):
            values = character_values(data, source, code.code.key)
            for (i, j), segments in zip(combinations(range(m), 2), entry.segments, strict=True):
                xs, ys = runs(values[i]), runs(values[j])
                expected = (len(xs), len(ys)), (matched(xs, ys, data.overlap), matched(ys, xs, data.overlap))
                assert (segments.segments, segments.matched) == expected
                for index, value in enumerate((*expected[0], *expected[1])):
                    totals[i, j][index] += value
        for (i, j), segments in zip(totals, code.segments, strict=True):
            assert segments.coders == (data.coders[i], data.coders[j])
            assert (*segments.segments, *segments.matched) == tuple(totals[i, j])
            expected_figure = (
                None if sum(totals[i, j][:2]) == 0 else sum(totals[i, j][2:]) / sum(totals[i, j][:2])
            )
            assert segments.segment_agreement == expected_figure


@SETTINGS
@given(scenarios())
def test_disagreement_passages_cover_exactly_the_disputed_characters(data: AgreementInput) -> None:
    m = len(data.coders)
    for code in data.codes:
        for source in data.sources:
            values = character_values(data, source, code.key)
            expected = [
                frozenset(data.coders[i] for i in range(m) if values[i, c])
                if 0 < values[:, c].sum() < m
                else None
                for c in range(source.characters)
            ]
            seen: list[frozenset[str] | None] = [None] * source.characters
            previous_end, previous_coders = -1, None
            for passage in source_disagreements(source, code.key, data.coders):
                assert passage.start < passage.end
                assert passage.start >= previous_end
                # Touching passages must differ in who coded them (they are maximal).
                assert not (passage.start == previous_end and passage.coded_by == previous_coders)
                seen[passage.start : passage.end] = [passage.coded_by] * (passage.end - passage.start)
                previous_end, previous_coders = passage.end, passage.coded_by
            assert seen == expected


@SETTINGS
@given(scenarios())
def test_json_never_holds_nan_and_histograms_add_up(data: AgreementInput) -> None:
    document = to_json_dict(compute_agreement(data))
    for code in document["codes"]:
        for stats in [code["pooled"], *code["by_source"], *code["pairwise"]]:
            assert sum(stats["histogram"]) == stats["units"]
            for name in ("percent_agreement", "cohen_kappa", "krippendorff_alpha", "fleiss_kappa", "jaccard"):
                value = stats[name]
                assert value is None or (isinstance(value, float) and math.isfinite(value))


def test_the_engine_ignores_text_length() -> None:
    # A billion characters with a handful of codings: no per-character work can finish this quickly.
    source = SourceSpans("huge", 10**9, [("A", "k", 0, 10**8), ("B", "k", 5 * 10**7, 2 * 10**8)])
    result: AgreementResult = compute_agreement(
        AgreementInput([source], ["A", "B"], [CodeRef("k", "K", "K")])
    )
    assert result.codes[0].pooled.histogram == (8 * 10**8, 15 * 10**7, 5 * 10**7)
    assert result.codes[0].pooled.jaccard == 0.25
