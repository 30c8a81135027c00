"""The agreement statistics of ``agreement.md``, computed from the histogram ``h`` and the coder count.

Every formula is rewritten as one ratio of two integers before dividing, so
each figure is the correctly rounded double of the exact value: no error
builds up, however many units there are.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True, slots=True)
class Stats:
    """The figures for one code over some units (one source, or several pooled).

    ``histogram[j]`` counts the units coded by exactly ``j`` of the coders;
    ``coded[i]`` counts the units coded by coder ``i`` (needed by Cohen's
    kappa, which the histogram alone does not determine). ``None`` means the
    statistic is undefined for these units.
    """

    units: int
    histogram: tuple[int, ...]
    coded: tuple[int, ...]
    percent_agreement: float | None
    cohen_kappa: float | None
    krippendorff_alpha: float | None
    fleiss_kappa: float | None
    jaccard: float | None
    u_alpha_binary: float | None = None

    @property
    def coders(self) -> int:
        return len(self.histogram) - 1

    def chance_terms(self) -> tuple[Fraction, Fraction] | None:
        """Cohen's observed and expected agreement ``(p_o, p_e)`` as exact fractions; two coders only."""
        if self.coders != 2 or self.units == 0:
            return None
        n = self.units
        return Fraction(self.histogram[0] + self.histogram[2], n), Fraction(_expected(n, *self.coded), n * n)


def _expected(n: int, coded_x: int, coded_y: int) -> int:
    """``p_e`` of Cohen's kappa, times ``n²``."""
    return coded_x * coded_y + (n - coded_x) * (n - coded_y)


def _ratio(numerator: int, denominator: int) -> float | None:
    return None if denominator == 0 else numerator / denominator


def percent_agreement(histogram: Sequence[int]) -> float | None:
    """Share of units on which all coders agree: ``(h[0] + h[m]) / N``."""
    return _ratio(histogram[0] + histogram[-1], sum(histogram))


def cohen_kappa(histogram: Sequence[int], coded: Sequence[int]) -> float | None:
    """Cohen (1960) for two coders; ``None`` for other coder counts and when ``p_e = 1``."""
    if len(histogram) != 3:
        return None
    n = sum(histogram)
    expected = _expected(n, coded[0], coded[1])
    return _ratio((histogram[0] + histogram[2]) * n - expected, n * n - expected)


def _coded_values(histogram: Sequence[int]) -> tuple[int, int]:
    """``(n_0, n_1)``: how many of the ``N·m`` values are 0 and how many are 1."""
    m = len(histogram) - 1
    n_1 = sum(j * h for j, h in enumerate(histogram))
    return sum(histogram) * m - n_1, n_1


def krippendorff_alpha(histogram: Sequence[int]) -> float | None:
    """Nominal alpha without missing values; ``None`` when only one value occurs."""
    m = len(histogram) - 1
    n_0, n_1 = _coded_values(histogram)
    n = n_0 + n_1
    # o_01 = disagreeing_pairs / (m - 1); alpha = 1 - (n - 1)·o_01 / (n_0·n_1).
    disagreeing_pairs = sum(h * j * (m - j) for j, h in enumerate(histogram))
    denominator = (m - 1) * n_0 * n_1
    return _ratio(denominator - (n - 1) * disagreeing_pairs, denominator)


def fleiss_kappa(histogram: Sequence[int]) -> float | None:
    """Fleiss (1971) for ``m`` coders; ``None`` when ``P̄_e = 1``."""
    m = len(histogram) - 1
    n_0, n_1 = _coded_values(histogram)
    values = n_0 + n_1  # N·m
    agreeing_pairs = sum(h * (j * (j - 1) + (m - j) * (m - j - 1)) for j, h in enumerate(histogram))
    # P̄ = agreeing_pairs / (N·m·(m-1)) and P̄_e = (n_0² + n_1²) / (N·m)², over a common denominator.
    chance = n_0 * n_0 + n_1 * n_1
    return _ratio(agreeing_pairs * values - (m - 1) * chance, (m - 1) * (values * values - chance))


def jaccard(histogram: Sequence[int]) -> float | None:
    """Units coded by all coders over units coded by any: ``h[m] / (N - h[0])``."""
    return _ratio(histogram[-1], sum(histogram) - histogram[0])


def unitized_terms(histogram: Sequence[int], unit_squares: int, coders: int) -> tuple[int, int] | None:
    """Binary unitized alpha as the integers ``(numerator, denominator)`` of ``1 - D_o / D_e``.

    ``histogram`` counts characters by how many coders coded them; ``unit_squares`` is
    ``s_unit``, the sum of every coder's squared unit lengths; ``coders`` is ``m``, the coders
    that take part (the histogram may be longer: a missing coder adds nothing to it).
    With ``T = l.. = m·N``, ``n_1 = l_unit.`` and ``n_0 = l_φ. = s_φ`` (a coder's gaps add up
    to the characters that coder left uncoded), ``l_unit,φ = Σ h[j]·j·(m − j) / (m − 1)``, so
    ``D_o = 2·l_unit,φ`` and ``D_e = 2·T·n_0·n_1 / (T² − s_unit − s_φ)``. ``None`` when there
    are fewer than two coders or no characters.
    """
    units = sum(histogram)
    if coders < 2 or units == 0:
        return None
    total = coders * units
    n_1 = sum(j * h for j, h in enumerate(histogram))
    n_0 = total - n_1
    disagreeing = sum(h * j * (coders - j) for j, h in enumerate(histogram))
    denominator = (coders - 1) * total * n_0 * n_1
    return denominator - disagreeing * (total * total - unit_squares - n_0), denominator


def u_alpha_binary(histogram: Sequence[int], unit_squares: int, coders: int) -> float | None:
    """Krippendorff's binary unitized alpha (``agreement.md``); ``None`` when ``D_e = 0``."""
    terms = unitized_terms(histogram, unit_squares, coders)
    return None if terms is None else _ratio(*terms)


def unitized_disagreements(
    histogram: Sequence[int], unit_squares: int, coders: int
) -> tuple[Fraction, Fraction] | None:
    """``(D_o, D_e)`` as exact fractions, to add up over codes; ``None`` as in :func:`unitized_terms`."""
    units = sum(histogram)
    if coders < 2 or units == 0:
        return None
    total = coders * units
    n_1 = sum(j * h for j, h in enumerate(histogram))
    n_0 = total - n_1
    disagreeing = sum(h * j * (coders - j) for j, h in enumerate(histogram))
    observed = Fraction(2 * disagreeing, coders - 1)
    return observed, Fraction(2 * total * n_0 * n_1, total * total - unit_squares - n_0)


def overall_u_alpha(terms: Sequence[tuple[Fraction, Fraction]]) -> float | None:
    """``1 - Σ D_o / Σ D_e`` over the codes; ``None`` when ``Σ D_e = 0``."""
    expected = sum((d_e for _, d_e in terms), Fraction(0))
    if expected == 0:
        return None
    return float(1 - sum((d_o for d_o, _ in terms), Fraction(0)) / expected)


def statistics(histogram: Sequence[int], coded: Sequence[int], u_alpha: float | None = None) -> Stats:
    """All five statistics for one histogram (``m = len(histogram) - 1 >= 2``), and a given unitized alpha."""
    return Stats(
        units=sum(histogram),
        histogram=tuple(histogram),
        coded=tuple(coded),
        percent_agreement=percent_agreement(histogram),
        cohen_kappa=cohen_kappa(histogram, coded),
        krippendorff_alpha=krippendorff_alpha(histogram),
        fleiss_kappa=fleiss_kappa(histogram),
        jaccard=jaccard(histogram),
        u_alpha_binary=u_alpha,
    )


def mean(values: Sequence[float | None]) -> float | None:
    """Unweighted mean of the defined values; ``None`` when there are none."""
    defined = [value for value in values if value is not None]
    return math.fsum(defined) / len(defined) if defined else None


def pooled_kappa(terms: Sequence[tuple[Fraction, Fraction]]) -> float | None:
    """De Vries et al. (2008): ``(mean p_o - mean p_e) / (1 - mean p_e)`` over the codes' ``(p_o, p_e)``."""
    if not terms:
        return None
    observed = sum((p_o for p_o, _ in terms), Fraction(0)) / len(terms)
    expected = sum((p_e for _, p_e in terms), Fraction(0)) / len(terms)
    if expected == 1:
        return None
    return float((observed - expected) / (1 - expected))
