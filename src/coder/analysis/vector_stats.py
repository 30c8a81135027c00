"""The statistics of :mod:`coder.analysis.agreement_stats` for many histograms at once.

Each figure is the same ratio of two integers as there. Where every integer involved stays
below 2**53 (checked per histogram from its number of units), both are exact as int64 and
as doubles, so one float division gives the correctly rounded value, the very double that
Python's ``int / int`` gives. Histograms over longer stretches take the plain Python path.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from coder.analysis.agreement_stats import Stats, statistics, u_alpha_binary

Ints = NDArray[np.int64]
_EXACT = 2.0**52  # a margin below 2**53 for the float estimate of the largest product


def many_statistics(histograms: Ints, coded: Ints, unit_squares: Ints, present: int) -> list[Stats]:
    """:func:`statistics` with the unitized alpha for each row; ``present`` coders take part in the latter.

    ``histograms`` has one row per stretch (``h[0]`` included), ``coded`` each coder's
    coded characters there and ``unit_squares`` the sum of all coders' squared unit lengths.
    """
    figures = many_figures(histograms, coded, unit_squares, present)
    rows = zip(histograms.sum(axis=1).tolist(), histograms.tolist(), coded.tolist(), strict=True)
    return [
        Stats(n, tuple(h), tuple(c), *numbers)
        for (n, h, c), numbers in zip(rows, zip(*figures, strict=True), strict=True)
    ]


def many_figures(histograms: Ints, coded: Ints, unit_squares: Ints, present: int) -> list[list[float | None]]:
    """The figures of :func:`many_statistics` as six columns, one entry per row, in :class:`Stats` order.

    Percent agreement, Cohen's kappa, Krippendorff's alpha, Fleiss' kappa, Jaccard and the
    unitized alpha; ``None`` where undefined.
    """
    rows, width = histograms.shape
    m = width - 1
    values = histograms.sum(axis=1).astype(np.float64) * m
    fast = m * values**3 < _EXACT  # the largest product below is under m·(N·m)³
    if fast.all():
        return _figures(histograms, coded, unit_squares, present)
    columns: list[list[float | None]] = [[None] * rows for _ in range(6)]
    chosen = np.flatnonzero(fast)
    if len(chosen):
        where = chosen.tolist()
        for column, found in zip(
            columns, _figures(histograms[chosen], coded[chosen], unit_squares[chosen], present), strict=True
        ):
            for row, value in zip(where, found, strict=True):
                column[row] = value
    for row in np.flatnonzero(~fast).tolist():
        histogram = histograms[row].tolist()
        stats = statistics(
            histogram, coded[row].tolist(), u_alpha_binary(histogram, int(unit_squares[row]), present)
        )
        numbers = (
            stats.percent_agreement,
            stats.cohen_kappa,
            stats.krippendorff_alpha,
            stats.fleiss_kappa,
            stats.jaccard,
            stats.u_alpha_binary,
        )
        for column, value in zip(columns, numbers, strict=True):
            column[row] = value
    return columns


def _figures(h: Ints, coded: Ints, unit_squares: Ints, present: int) -> list[list[float | None]]:
    m = h.shape[1] - 1
    j = np.arange(m + 1, dtype=np.int64)
    n = h.sum(axis=1)
    total = n * m
    n_1 = h @ j
    n_0 = total - n_1
    disagreeing = h @ (j * (m - j))
    agreeing = h @ (j * (j - 1) + (m - j) * (m - j - 1))
    chance = n_0 * n_0 + n_1 * n_1
    alpha_den = (m - 1) * n_0 * n_1
    columns = [
        _ratio(h[:, 0] + h[:, m], n),
        _cohen(h, coded, n) if m == 2 else [None] * len(n),
        _ratio(alpha_den - (total - 1) * disagreeing, alpha_den),
        _ratio(agreeing * total - (m - 1) * chance, (m - 1) * (total * total - chance)),
        _ratio(h[:, m], n - h[:, 0]),
        _unitized(h, unit_squares, present) if present >= 2 else [None] * len(n),
    ]
    return columns


def _cohen(h: Ints, coded: Ints, n: Ints) -> list[float | None]:
    expected = coded[:, 0] * coded[:, 1] + (n - coded[:, 0]) * (n - coded[:, 1])
    return _ratio((h[:, 0] + h[:, 2]) * n - expected, n * n - expected)


def _unitized(h: Ints, unit_squares: Ints, present: int) -> list[float | None]:
    j = np.arange(h.shape[1], dtype=np.int64)
    total = h.sum(axis=1) * present
    n_1 = h @ j
    n_0 = total - n_1
    disagreeing = h @ (j * (present - j))
    denominator = (present - 1) * total * n_0 * n_1
    return _ratio(denominator - disagreeing * (total * total - unit_squares - n_0), denominator)


def _ratio(numerator: Ints, denominator: Ints) -> list[float | None]:
    defined = denominator != 0
    quotient = np.divide(numerator, np.where(defined, denominator, 1))
    values: list[float | None] = quotient.tolist()
    for index in np.flatnonzero(~defined).tolist():
        values[index] = None
    return values
