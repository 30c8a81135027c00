"""Binary unitized alpha (Krippendorff, Mathet, Bouvry & Widlöcher 2016) against a per-character reference.

The reference below is written from the definition in ``agreement.md``, character by
character and with exact fractions: it lays the sources end to end, finds each coder's
units (overlapping codings merged, touching ones not) and gaps (across source boundaries),
counts the coincidences of every ordered pair of coders position by position, and applies
the formulas for ``e_cc``, ``D_o`` and ``D_e`` as printed. It shares nothing with the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coder.analysis.agreement import AgreementInput, CodeRef, SourceSpans, compute_agreement
from coder.analysis.agreement_stats import u_alpha_binary, unitized_disagreements

TOLERANCE = 1e-9
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CODE = CodeRef("k", "K", "K")
UNIT, GAP = "unit", "φ"


@dataclass(frozen=True)
class Reference:
    """The printed quantities of the definition, for checking them one by one."""

    coincidences: dict[tuple[str, str], Fraction]
    s_unit: int
    s_gap: int
    observed: Fraction  # D_o
    expected: Fraction | None  # D_e; None when the continuum is empty

    @property
    def alpha(self) -> float | None:
        if self.expected is None or self.expected == 0:
            return None
        return float(1 - self.observed / self.expected)


def segments_of(codings: list[tuple[int, int]], lengths: list[int]) -> list[tuple[str, int]]:
    """One coder's partition of the continuum into units and gaps, as (value, length), character by character.

    ``codings`` hold continuum positions. A position is in a unit when a coding covers it; two
    neighbouring covered positions belong to one unit when one coding covers both (overlapping
    codings chain through such links; codings that only touch do not). A source boundary ends
    a unit but not a gap.
    """
    total = sum(lengths)
    covered = [False] * total
    linked = [False] * total  # linked[p]: positions p - 1 and p lie in one coding
    for start, end in codings:
        for position in range(start, end):
            covered[position] = True
            if position > start:
                linked[position] = True
    boundaries = set()
    at = 0
    for length in lengths:
        boundaries.add(at)
        at += length
    parts: list[tuple[str, int]] = []
    for position in range(total):
        value = UNIT if covered[position] else GAP
        joins = (
            parts
            and parts[-1][0] == value
            and (value == GAP or (linked[position] and position not in boundaries))
        )
        if joins:
            parts[-1] = (value, parts[-1][1] + 1)
        else:
            parts.append((value, 1))
    return parts


def values_of(parts: list[tuple[str, int]]) -> list[str]:
    return [value for value, length in parts for _ in range(length)]


def reference(per_coder: list[list[tuple[int, int]]], lengths: list[int]) -> Reference:
    """The definition of ``agreement.md`` applied literally, with exact fractions."""
    m = len(per_coder)
    parts = [segments_of(codings, lengths) for codings in per_coder]
    values = [values_of(p) for p in parts]
    coincidences = {(c, k): Fraction(0) for c in (UNIT, GAP) for k in (UNIT, GAP)}
    for i in range(m):
        for j in range(m):
            if i != j:
                for a, b in zip(values[i], values[j], strict=True):
                    coincidences[a, b] += Fraction(1, m - 1)
    s_unit = sum(length * length for p in parts for value, length in p if value == UNIT)
    s_gap = sum(length for p in parts for value, length in p if value == GAP)
    total = sum(coincidences.values())
    observed = total - coincidences[UNIT, UNIT] - coincidences[GAP, GAP]
    denominator = total * total - s_unit - s_gap
    if denominator == 0:
        return Reference(coincidences, s_unit, s_gap, observed, None)
    row = {c: coincidences[c, UNIT] + coincidences[c, GAP] for c in (UNIT, GAP)}
    squares = {UNIT: s_unit, GAP: s_gap}
    expected = total - sum(total * (row[c] * row[c] - squares[c]) / denominator for c in (UNIT, GAP))
    return Reference(coincidences, s_unit, s_gap, observed, expected)


def continuum_codings(sources: list[SourceSpans], coder: str, key: str) -> list[tuple[int, int]]:
    """A coder's codings with the code, as positions on the sources laid end to end."""
    found, offset = [], 0
    for source in sources:
        found += [(offset + s, offset + e) for c, k, s, e in source.codings if c == coder and k == key]
        offset += source.characters
    return found


def taking_part(data: AgreementInput) -> list[str]:
    """The compared coders with at least one coding (any code) in the included sources."""
    return [c for c in data.coders if any(coding.coder == c for s in data.sources for coding in s.codings)]


def reference_for(sources: list[SourceSpans], coders: list[str], key: str = CODE.key) -> Reference | None:
    if len(coders) < 2 or sum(source.characters for source in sources) == 0:
        return None
    lengths = [source.characters for source in sources]
    return reference([continuum_codings(sources, coder, key) for coder in coders], lengths)


def alpha_of(found: Reference | None) -> float | None:
    return None if found is None else found.alpha


def assert_close(ours: float | None, expected: float | None) -> None:
    if expected is None:
        assert ours is None
    else:
        assert ours is not None and abs(ours - expected) <= TOLERANCE


# --- the spec's two checks ------------------------------------------------------------------------------


def two_coders(a: tuple[int, int], b: tuple[int, int]) -> AgreementInput:
    source = SourceSpans("s", 100, [("A", "k", *a), ("B", "k", *b)])
    return AgreementInput([source], ["A", "B"], [CODE])


def test_the_spec_check_of_identical_units() -> None:
    found = reference([[(10, 40)], [(10, 40)]], [100])
    assert found.coincidences[UNIT, UNIT] == 60
    assert found.coincidences[GAP, GAP] == 140
    assert (found.s_unit, found.s_gap) == (1800, 140)
    assert found.expected is not None and round(float(found.expected), 4) == 88.2817
    assert found.observed == 0

    result = compute_agreement(two_coders((10, 40), (10, 40)))
    assert result.codes[0].pooled.u_alpha_binary == 1.0
    assert result.overall.u_alpha_binary == 1.0
    observed, expected = unitized_disagreements(result.codes[0].pooled.histogram, 1800, 2) or (None, None)
    assert observed == 0 and expected is not None and round(float(expected), 4) == 88.2817


def test_the_spec_check_of_units_apart() -> None:
    found = reference([[(0, 20)], [(50, 70)]], [100])
    assert found.observed == 80
    assert found.expected is not None and round(float(found.expected), 4) == 65.5738

    result = compute_agreement(two_coders((0, 20), (50, 70)))
    alpha = result.codes[0].pooled.u_alpha_binary
    assert alpha is not None and round(alpha, 2) == -0.22
    assert alpha == pytest.approx(1 - 80 / float(found.expected), abs=1e-12)
    observed, expected = unitized_disagreements(result.codes[0].pooled.histogram, 800, 2) or (None, None)
    assert observed == 80 and expected is not None and round(float(expected), 4) == 65.5738


def test_long_units_weigh_as_units_not_as_characters() -> None:
    # B codes the same characters as one unit or as ten touching units; A adds a unit of its own.
    # Nominal alpha cannot tell the two apart, the unitized alpha can.
    a = [("A", "k", 10, 60), ("A", "k", 70, 80)]
    whole = SourceSpans("s", 100, [*a, ("B", "k", 10, 60)])
    pieces = SourceSpans("s", 100, [*a, *[("B", "k", s, s + 5) for s in range(10, 60, 5)]])
    one = compute_agreement(AgreementInput([whole], ["A", "B"], [CODE])).codes[0].pooled
    many = compute_agreement(AgreementInput([pieces], ["A", "B"], [CODE])).codes[0].pooled
    assert one.krippendorff_alpha == many.krippendorff_alpha
    a_units = [(10, 60), (70, 80)]
    assert one.u_alpha_binary == pytest.approx(alpha_of(reference([a_units, [(10, 60)]], [100])), abs=1e-12)
    pieces_alpha = alpha_of(reference([a_units, [(s, s + 5) for s in range(10, 60, 5)]], [100]))
    assert many.u_alpha_binary == pytest.approx(pieces_alpha, abs=1e-12)
    assert one.u_alpha_binary is not None and many.u_alpha_binary is not None
    assert abs(one.u_alpha_binary - many.u_alpha_binary) > 0.01


def test_overlapping_codings_merge_and_touching_ones_do_not() -> None:
    codings = [("A", "k", 10, 30), ("A", "k", 20, 40), ("B", "k", 10, 25), ("B", "k", 25, 45)]
    stats = compute_agreement(AgreementInput([SourceSpans("s", 100, codings)], ["A", "B"], [CODE])).codes[0]
    # A has one unit [10, 40) (30² = 900), B two touching units (15² + 20² = 625): s_unit = 1525.
    assert stats.pooled.u_alpha_binary == u_alpha_binary(stats.pooled.histogram, 1525, 2)
    assert stats.pooled.u_alpha_binary != u_alpha_binary(stats.pooled.histogram, 900 + 35 * 35, 2)
    assert stats.pooled.u_alpha_binary == pytest.approx(
        alpha_of(reference([[(10, 30), (20, 40)], [(10, 25), (25, 45)]], [100])), abs=1e-12
    )


def test_a_coder_with_no_coding_at_all_is_missing_not_a_coder_who_coded_nothing() -> None:
    codings = [("A", "k", 10, 40), ("B", "k", 10, 40), ("C", "other", 0, 5)]
    three = AgreementInput([SourceSpans("s", 100, codings)], ["A", "B", "C", "D"], [CODE])
    result = compute_agreement(three)
    code = result.codes[0]
    # D made no coding anywhere: missing. C coded something else: C saw the text and coded nothing here.
    with_c = alpha_of(reference([[(10, 40)], [(10, 40)], []], [100]))
    assert code.pooled.u_alpha_binary == pytest.approx(with_c, abs=1e-12)
    assert code.pooled.u_alpha_binary != alpha_of(reference([[(10, 40)], [(10, 40)], [], []], [100]))
    pairs = {pair.coders: pair.stats.u_alpha_binary for pair in code.pairwise}
    assert pairs["A", "B"] == 1.0
    assert pairs["A", "D"] is None and pairs["C", "D"] is None
    assert pairs["A", "C"] is not None


def test_undefined_without_variation_and_with_a_single_coder_taking_part() -> None:
    nobody = SourceSpans("s", 10, [("A", "other", 0, 3), ("B", "other", 0, 3)])
    everybody = SourceSpans("s", 10, [("A", "k", 0, 10), ("B", "k", 0, 10)])
    alone = SourceSpans("s", 10, [("A", "k", 0, 4)])
    for source in (nobody, everybody, alone):
        result = compute_agreement(AgreementInput([source], ["A", "B"], [CODE]))
        assert result.codes[0].pooled.u_alpha_binary is None
        assert result.overall.u_alpha_binary is None
    empty = compute_agreement(AgreementInput([SourceSpans("s", 0)], ["A", "B"], [CODE]))
    assert empty.codes[0].pooled.u_alpha_binary is None


def test_overall_adds_disagreements_over_codes_rather_than_averaging_alphas() -> None:
    codes = [CODE, CodeRef("j", "J", "J")]
    codings = [("A", "k", 10, 40), ("B", "k", 10, 40), ("A", "j", 0, 20), ("B", "j", 50, 70)]
    result = compute_agreement(AgreementInput([SourceSpans("s", 100, codings)], ["A", "B"], codes))
    same, apart = reference([[(10, 40)], [(10, 40)]], [100]), reference([[(0, 20)], [(50, 70)]], [100])
    assert same.expected is not None and apart.expected is not None
    expected = 1 - (same.observed + apart.observed) / (same.expected + apart.expected)
    assert result.overall.u_alpha_binary == pytest.approx(float(expected), abs=1e-12)
    alphas = [code.pooled.u_alpha_binary for code in result.codes]
    assert result.overall.u_alpha_binary != pytest.approx(sum(alphas) / 2)  # type: ignore[arg-type]


# --- random codings against the reference ---------------------------------------------------------------


@st.composite
def scenarios(draw: st.DrawFn) -> AgreementInput:
    m = draw(st.integers(2, 4))
    coders = [f"c{i}" for i in range(m)]
    idle = draw(st.sampled_from([None, *coders]))  # a coder who codes nothing at all: missing
    other_only = draw(st.sampled_from([None, *coders]))  # a coder who codes only another code
    active = [c for c in coders if c not in (idle, other_only)]
    sources = []
    for index in range(draw(st.integers(1, 3))):
        length = draw(st.integers(0, 25))
        codings: list[tuple[str, str, int, int]] = []
        if length and other_only is not None and other_only != idle:
            codings.append((other_only, "other", 0, 1))
        for _ in range(draw(st.integers(0, 10)) if length and active else 0):
            coder = draw(st.sampled_from(active))
            if codings and draw(st.booleans()):
                # Near another coding: touching it, overlapping it, nested or shifted.
                _, _, start, end = draw(st.sampled_from(codings))
                kind = draw(st.sampled_from(["touch-after", "touch-before", "shift", "same"]))
                if kind == "touch-after" and end < length:
                    start, end = end, draw(st.integers(end + 1, length))
                elif kind == "touch-before" and start > 0:
                    start, end = draw(st.integers(0, start - 1)), start
                elif kind == "shift":
                    start = min(max(0, start + draw(st.integers(-3, 3))), length - 1)
                    end = max(start + 1, min(length, end + draw(st.integers(-3, 3))))
            else:
                start = draw(st.integers(0, length - 1))
                end = draw(st.integers(start + 1, length))
            codings.append((coder, "k", start, end))
        sources.append(SourceSpans(f"source {index}", length, codings))
    return AgreementInput(sources, coders, [CODE, CodeRef("other", "Other", "Other")])


@SETTINGS
@given(scenarios())
def test_pooled_by_source_pairwise_and_overall_match_the_reference(data: AgreementInput) -> None:
    result = compute_agreement(data)
    code = result.codes[0]
    coders = taking_part(data)
    sources = list(data.sources)
    assert_close(code.pooled.u_alpha_binary, alpha_of(reference_for(sources, coders)))
    for source, entry in zip(sources, code.by_source, strict=True):
        assert_close(entry.stats.u_alpha_binary, alpha_of(reference_for([source], coders)))
    pairs = list(combinations(data.coders, 2)) if len(data.coders) > 2 else []
    for (x, y), pair in zip(pairs, code.pairwise, strict=True):
        both = [c for c in (x, y) if c in coders]
        assert_close(pair.stats.u_alpha_binary, alpha_of(reference_for(sources, both)))
    per_code = [reference_for(sources, coders, ref.key) for ref in data.codes]
    expected = sum((r.expected for r in per_code if r is not None and r.expected), Fraction(0))
    observed = sum((r.observed for r in per_code if r is not None), Fraction(0))
    assert_close(result.overall.u_alpha_binary, None if expected == 0 else float(1 - observed / expected))
