"""Published and specified examples, and the engine's handling of edge cases."""

from __future__ import annotations

import pytest

from coder.analysis.agreement import (
    AgreementInput,
    CodeRef,
    SourceSpans,
    coders_with_codings,
    codes_used,
    compute_agreement,
    disagreements,
    source_disagreements,
)
from coder.domain.errors import InvalidInput

CODE = CodeRef("k", "Entrapment", "Partnership dynamics/Entrapment")


def one_character_units(values: list[int], coder: str) -> list[tuple[str, str, int, int]]:
    """A coding of exactly the characters whose value is 1 (each unit is one character)."""
    return [(coder, "k", i, i + 1) for i, value in enumerate(values) if value]


def test_krippendorff_2004_binary_example() -> None:
    # Krippendorff (2004, p. 224): ten units, two coders, binary values.
    coder_a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    coder_b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    source = SourceSpans("units", 10, one_character_units(coder_a, "A") + one_character_units(coder_b, "B"))
    result = compute_agreement(AgreementInput([source], ["A", "B"], [CODE]))
    stats = result.codes[0].pooled
    assert stats.histogram == (5, 4, 1)
    assert stats.percent_agreement == pytest.approx(0.6, abs=1e-15)
    assert round(stats.krippendorff_alpha, 3) == 0.095
    assert round(stats.cohen_kappa, 4) == 0.0909
    assert stats.krippendorff_alpha == pytest.approx(1 - 19 * 4 / (14 * 6), abs=1e-15)


def worked_example(overlap: float) -> AgreementInput:
    codings = [("A", "k", 2, 10), ("A", "k", 14, 18), ("B", "k", 4, 12), ("B", "k", 15, 17)]
    return AgreementInput([SourceSpans("example", 20, codings)], ["A", "B"], [CODE], overlap)


def test_worked_example_of_the_spec() -> None:
    result = compute_agreement(worked_example(0.5))
    code = result.codes[0]
    stats = code.pooled
    assert stats.units == 20
    assert stats.histogram == (6, 6, 8)
    assert stats.percent_agreement == pytest.approx(0.7, abs=1e-12)
    assert stats.cohen_kappa == pytest.approx(0.4, abs=1e-12)
    assert stats.krippendorff_alpha == pytest.approx(0.40909090909090909, abs=1e-12)
    assert stats.fleiss_kappa == pytest.approx(0.39393939393939393, abs=1e-12)
    assert stats.jaccard == pytest.approx(8 / 14, abs=1e-12)
    (segments,) = code.segments
    assert segments.coders == ("A", "B")
    assert segments.segments == (2, 2)
    assert segments.matched == (2, 2)
    assert segments.segment_agreement == 1.0
    assert code.pairwise == ()
    assert result.overall.pooled_kappa == pytest.approx(0.4, abs=1e-12)


def test_worked_example_at_the_default_threshold_matches_nothing() -> None:
    code = compute_agreement(worked_example(0.9)).codes[0]
    assert code.segments[0].matched == (0, 0)
    assert code.segments[0].segment_agreement == 0.0
    assert code.segment_agreement() == 0.0


def test_overlapping_and_repeated_codings_count_once() -> None:
    plain = [("A", "k", 2, 10), ("B", "k", 4, 12)]
    repeated = plain + [("A", "k", 2, 10), ("A", "k", 3, 6), ("A", "k", 5, 10), ("B", "k", 4, 5)]
    base = compute_agreement(AgreementInput([SourceSpans("s", 20, plain)], ["A", "B"], [CODE]))
    again = compute_agreement(AgreementInput([SourceSpans("s", 20, repeated)], ["A", "B"], [CODE]))
    assert again.codes[0].pooled == base.codes[0].pooled
    assert again.codes[0].segments == base.codes[0].segments
    assert again.sources[0].codings == {"A": 4, "B": 2}  # codings are counted as made, not merged


def test_pooling_adds_histograms_before_computing() -> None:
    first = SourceSpans("one", 10, [("A", "k", 0, 5), ("B", "k", 0, 5)])
    second = SourceSpans("two", 10, [("A", "k", 0, 10)])
    result = compute_agreement(AgreementInput([first, second], ["A", "B"], [CODE]))
    code = result.codes[0]
    assert [entry.stats.histogram for entry in code.by_source] == [(5, 0, 5), (0, 10, 0)]
    assert code.pooled.histogram == (5, 10, 5)
    assert code.pooled.coded == (15, 5)
    # Cohen with p_A = 0.75, p_B = 0.25: p_e = 0.375, p_o = 0.5.
    assert code.pooled.cohen_kappa == pytest.approx((0.5 - 0.375) / 0.625, abs=1e-15)
    assert code.by_source[1].stats.cohen_kappa == 0.0  # p_o = p_e = 0: defined, and zero
    assert code.by_source[1].stats.jaccard == 0.0


def test_undefined_statistics_are_none_not_zero() -> None:
    source = SourceSpans("s", 10, [("A", "other", 0, 3), ("B", "other", 0, 3)])
    result = compute_agreement(AgreementInput([source], ["A", "B"], [CODE]))
    stats = result.codes[0].pooled
    assert stats.histogram == (10, 0, 0)
    assert stats.percent_agreement == 1.0
    assert stats.cohen_kappa is None
    assert stats.krippendorff_alpha is None
    assert stats.fleiss_kappa is None
    assert stats.jaccard is None
    assert result.codes[0].segments[0].segment_agreement is None
    assert result.overall.krippendorff_alpha is None
    assert result.overall.pooled_kappa is None
    assert result.overall.percent_agreement == 1.0


def test_everything_coded_by_everyone_is_undefined_for_chance_corrected_statistics() -> None:
    source = SourceSpans("s", 6, [("A", "k", 0, 6), ("B", "k", 0, 3), ("B", "k", 3, 6)])
    stats = compute_agreement(AgreementInput([source], ["A", "B"], [CODE])).codes[0].pooled
    assert stats.histogram == (0, 0, 6)
    assert (stats.cohen_kappa, stats.krippendorff_alpha, stats.fleiss_kappa) == (None, None, None)
    assert stats.jaccard == 1.0


def test_no_units_at_all() -> None:
    result = compute_agreement(AgreementInput([SourceSpans("empty", 0)], ["A", "B"], [CODE]))
    stats = result.codes[0].pooled
    assert stats.units == 0
    assert stats.histogram == (0, 0, 0)
    assert stats.percent_agreement is None
    assert result.overall.percent_agreement is None
    assert result.overall.pooled_kappa is None


def test_three_coders_have_pairwise_figures_and_no_cohen() -> None:
    codings = [("A", "k", 0, 10), ("B", "k", 0, 10), ("C", "k", 5, 15)]
    result = compute_agreement(AgreementInput([SourceSpans("s", 20, codings)], ["A", "B", "C"], [CODE]))
    code = result.codes[0]
    assert code.pooled.histogram == (5, 5, 5, 5)
    assert code.pooled.cohen_kappa is None
    assert result.overall.cohen_kappa is None
    assert result.overall.pooled_kappa is None
    assert [pair.coders for pair in code.pairwise] == [("A", "B"), ("A", "C"), ("B", "C")]
    a_b, a_c, _ = code.pairwise
    assert a_b.stats.histogram == (10, 0, 10)
    assert a_b.stats.cohen_kappa == 1.0
    assert a_c.stats.histogram == (5, 10, 5)
    assert a_c.stats.cohen_kappa == 0.0
    assert [entry.coders for entry in code.segments] == [("A", "B"), ("A", "C"), ("B", "C")]
    assert [entry.matched for entry in code.segments] == [(1, 1), (0, 0), (0, 0)]
    # Pooled over pairs: 2 matched of 6 segments.
    assert code.segment_agreement() == pytest.approx(2 / 6, abs=1e-15)
    assert code.segment_agreement("s") == code.segment_agreement()


def test_overall_means_skip_undefined_codes_and_pooled_kappa_follows_de_vries() -> None:
    codes = [CODE, CodeRef("j", "Other", "Other"), CodeRef("u", "Unused", "Unused")]
    codings = [("A", "k", 2, 10), ("A", "k", 14, 18), ("B", "k", 4, 12), ("B", "k", 15, 17)]
    codings += [("A", "j", 0, 10), ("B", "j", 0, 5)]
    result = compute_agreement(AgreementInput([SourceSpans("s", 20, codings)], ["A", "B"], codes))
    k, j, unused = (code.pooled for code in result.codes)
    assert unused.krippendorff_alpha is None
    assert result.overall.krippendorff_alpha == pytest.approx(
        (k.krippendorff_alpha + j.krippendorff_alpha) / 2
    )
    assert result.overall.percent_agreement == pytest.approx((0.7 + 0.75 + 1.0) / 3, abs=1e-15)
    # p_o and p_e per code: K (0.7, 0.5); J (0.75, 0.5·0.25 + 0.5·0.75 = 0.5); Unused (1, 1).
    mean_po, mean_pe = (0.7 + 0.75 + 1.0) / 3, (0.5 + 0.5 + 1.0) / 3
    assert result.overall.pooled_kappa == pytest.approx((mean_po - mean_pe) / (1 - mean_pe), abs=1e-12)


def test_codings_counted_per_source_and_warnings_for_idle_coders() -> None:
    sources = [
        SourceSpans("one", 10, [("A", "k", 0, 2), ("A", "x", 3, 4), ("B", "k", 0, 2), ("Z", "k", 0, 9)]),
        SourceSpans("two", 10, [("A", "k", 0, 2)]),
        SourceSpans("three", 10, []),
    ]
    result = compute_agreement(AgreementInput(sources, ["A", "B"], [CODE]))
    assert [s.codings for s in result.sources] == [{"A": 2, "B": 1}, {"A": 1, "B": 0}, {"A": 0, "B": 0}]
    assert result.warnings == (
        "Coder 'B' made no coding at all in source 'two'.",
        "Coders 'A' and 'B' made no coding at all in source 'three'.",
    )
    # Coder Z is not compared, so Z's coding changes nothing.
    assert result.codes[0].by_source[0].stats.histogram == (8, 0, 2)


@pytest.mark.parametrize(
    ("coders", "overlap", "codings", "message"),
    [
        (["A"], 0.9, [], "at least two coders"),
        (["A", "A"], 0.9, [], "twice"),
        (["A", "B"], 1.5, [], "from 0 to 1"),
        (["A", "B"], float("nan"), [], "from 0 to 1"),
        (["A", "B"], 0.9, [("A", "k", 5, 25)], "past the end"),
        (["A", "B"], 0.9, [("B", "k", 5, 5)], "not before end"),
        (["A", "B"], 0.9, [("B", "k", -1, 5)], "negative"),
    ],
)
def test_invalid_input_is_refused_in_words(
    coders: list[str], overlap: float, codings: list[tuple[str, str, int, int]], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        compute_agreement(AgreementInput([SourceSpans("s", 20, codings)], coders, [CODE], overlap))


def test_a_code_listed_twice_is_refused() -> None:
    with pytest.raises(InvalidInput, match="twice"):
        compute_agreement(AgreementInput([SourceSpans("s", 20)], ["A", "B"], [CODE, CODE]))


def test_disagreement_passages_of_the_worked_example() -> None:
    source = worked_example(0.9).sources[0]
    passages = source_disagreements(source, "k", ["A", "B"])
    assert [(p.start, p.end, p.coded_by) for p in passages] == [
        (2, 4, frozenset({"A"})),
        (10, 12, frozenset({"B"})),
        (14, 15, frozenset({"A"})),
        (17, 18, frozenset({"A"})),
    ]


def test_disagreement_passages_split_where_the_coders_change() -> None:
    passages = disagreements({"A": [(0, 5)], "B": [(5, 10), (12, 14)], "C": [(3, 6), (12, 14)]})
    assert [(p.start, p.end, sorted(p.coded_by)) for p in passages] == [
        (0, 3, ["A"]),
        (3, 5, ["A", "C"]),
        (5, 6, ["B", "C"]),
        (6, 10, ["B"]),
        (12, 14, ["B", "C"]),
    ]


def test_default_coders_and_codes() -> None:
    sources = [SourceSpans("s", 10, [("A", "k", 0, 1), ("B", "j", 0, 1), ("C", "u", 0, 1)])]
    assert coders_with_codings(sources) == {"A", "B", "C"}
    assert codes_used(sources, ["A", "B"]) == {"k", "j"}
