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


def statistics(histogram: Sequence[int], coded: Sequence[int]) -> Stats:
    """All five statistics for one histogram (``m = len(histogram) - 1 >= 2``)."""
    return Stats(
        units=sum(histogram),
        histogram=tuple(histogram),
        coded=tuple(coded),
        percent_agreement=percent_agreement(histogram),
        cohen_kappa=cohen_kappa(histogram, coded),
        krippendorff_alpha=krippendorff_alpha(histogram),
        fleiss_kappa=fleiss_kappa(histogram),
        jaccard=jaccard(histogram),
    )


def add(counts: Sequence[Sequence[int]], width: int) -> list[int]:
    """Element-wise sum of equally long integer lists (histograms or coded counts)."""
    total = [0] * width
    for row in counts:
        for index, value in enumerate(row):
            total[index] += value
    return total


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
