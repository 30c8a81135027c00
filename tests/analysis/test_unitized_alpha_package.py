"""The unitized alpha against the PyPI package ``krippendorff-unitized-alpha``, an independent implementation.

The package computes Krippendorff's unitized alpha over one continuum from every coder's
segments (its class ``KrippendorffUnitizedAlpha``, with segments tagged by value and the
tag ``EMPTY_TAG`` for gaps, whose self-pairing it counts by length, not squared length, as
``agreement.md`` does). Its definition and ours coincide once the comparison keeps to what
both can express, so the cases are restricted, and the input given to it prepared, thus:

- It knows no sources: the sources are laid end to end and it gets one continuum, with the
  gaps running across source boundaries (a unit never does: codings stay in their source).
- It knows no missing coders: it takes exactly the coders it is given, so it gets the
  compared coders who made at least one coding in the included sources.
- It sums over every pair of segments, so overlapping segments of one coder would count
  twice: it gets the units of the definition (overlapping codings merged, touching ones
  kept apart, built here character by character) and the gaps between them. Its helper
  ``impute_empty_segments`` is not used: it places gaps with inclusive ends while its
  segments' lengths are ``end - start``.
- It needs at least one character and two coders (it divides by ``m - 1`` and refuses
  empty segments), and where ``D_e = 0`` it returns NaN: there ours must be ``None``.

Its metadata asks for numpy < 2 and pytest < 8 (which the test extras cannot satisfy
together with pytest ≥ 8); it runs unchanged on current versions, so it is installed
without its declared dependencies (``pip install --no-deps krippendorff-unitized-alpha``).
"""

from __future__ import annotations

import math
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coder.analysis.agreement import AgreementInput, CodeRef, SourceSpans, compute_agreement

package = pytest.importorskip(
    "krippendorff_unitized_alpha.krippendorffs_unitized_alpha",
    reason="the cross-check needs 'pip install --no-deps krippendorff-unitized-alpha'",
)

TOLERANCE = 1e-9
CODE = CodeRef("k", "K", "K")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def units_of(codings: list[tuple[int, int]], total: int) -> list[tuple[int, int]]:
    """Units on the continuum, character by character: covered positions chained by a shared coding."""
    covered = [False] * total
    linked = [False] * total
    for start, end in codings:
        for position in range(start, end):
            covered[position] = True
            linked[position] = linked[position] or position > start
    units: list[list[int]] = []
    for position in range(total):
        if not covered[position]:
            continue
        if units and units[-1][1] == position and linked[position]:
            units[-1][1] = position + 1
        else:
            units.append([position, position + 1])
    return [(start, end) for start, end in units]


def segments(units: list[tuple[int, int]], total: int) -> list[object]:
    """The package's segments for one coder: its units, and the gaps around them."""
    found: list[object] = []
    at = 0
    for start, end in units:
        if start > at:
            found.append(package.Segment(package.EMPTY_TAG, at, start))
        found.append(package.Segment("coded", start, end))
        at = end
    if at < total:
        found.append(package.Segment(package.EMPTY_TAG, at, total))
    return found


def package_alpha(data: AgreementInput) -> float | None:
    offsets, total = [], 0
    for source in data.sources:
        offsets.append(total)
        total += source.characters
    taking_part = [c for c in data.coders if any(x.coder == c for s in data.sources for x in s.codings)]
    per_coder = {}
    for coder in taking_part:
        codings = [
            (offsets[n] + start, offsets[n] + end)
            for n, source in enumerate(data.sources)
            for who, key, start, end in source.codings
            if who == coder and key == CODE.key
        ]
        per_coder[coder] = segments(units_of(codings, total), total)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 0/0 where D_e = 0: NaN, with a RuntimeWarning
        value = float(package.KrippendorffUnitizedAlpha(per_coder).result)
    return None if math.isnan(value) else value


@st.composite
def scenarios(draw: st.DrawFn) -> AgreementInput:
    m = draw(st.integers(2, 4))
    coders = [f"c{i}" for i in range(m)]
    sources = []
    for index in range(draw(st.integers(1, 3))):
        length = draw(st.integers(1, 25))
        codings: list[tuple[str, str, int, int]] = []
        for _ in range(draw(st.integers(0, 10))):
            if codings and draw(st.booleans()):
                _, _, start, end = draw(st.sampled_from(codings))
                if draw(st.booleans()) and end < length:  # touching the end of another coding
                    start, end = end, draw(st.integers(end + 1, length))
                else:  # overlapping or shifted
                    start = min(max(0, start + draw(st.integers(-3, 3))), length - 1)
                    end = max(start + 1, min(length, end + draw(st.integers(-3, 3))))
            else:
                start = draw(st.integers(0, length - 1))
                end = draw(st.integers(start + 1, length))
            codings.append(
                (draw(st.sampled_from(coders)), draw(st.sampled_from(["k", "k", "other"])), start, end)
            )
        sources.append(SourceSpans(f"source {index}", length, codings))
    data = AgreementInput(sources, coders, [CODE])
    taking_part = {coding.coder for source in sources for coding in source.codings}
    if (
        len(taking_part) < 2
    ):  # the package needs two coders; one coder taking part gives None (tested elsewhere)
        extra = [c for c in coders if c not in taking_part][: 2 - len(taking_part)]
        first = sources[0]
        sources[0] = SourceSpans(
            first.name, first.characters, [*first.codings, *[(c, "other", 0, 1) for c in extra]]
        )
        data = AgreementInput(sources, coders, [CODE])
    return data


@SETTINGS
@given(scenarios())
def test_pooled_unitized_alpha_matches_the_package(data: AgreementInput) -> None:
    ours = compute_agreement(data).codes[0].pooled.u_alpha_binary
    theirs = package_alpha(data)
    if theirs is None:
        assert ours is None
    else:
        assert ours is not None and abs(ours - theirs) <= TOLERANCE


def test_the_package_reads_the_spec_checks_as_we_do() -> None:
    for (a, b), alpha in ((((10, 40), (10, 40)), 1.0), (((0, 20), (50, 70)), -0.22)):
        source = SourceSpans("s", 100, [("A", "k", *a), ("B", "k", *b)])
        data = AgreementInput([source], ["A", "B"], [CODE])
        theirs = package_alpha(data)
        assert theirs is not None and round(theirs, 2) == alpha
        assert compute_agreement(data).codes[0].pooled.u_alpha_binary == pytest.approx(theirs, abs=TOLERANCE)
