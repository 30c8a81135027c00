"""The array form of the statistics gives the very doubles of the one-histogram form, on both of its paths."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.analysis.agreement_stats import statistics, u_alpha_binary
from coder.analysis.vector_stats import many_statistics


@st.composite
def rows(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    m = draw(st.integers(2, 5))
    present = draw(st.integers(1, m))
    count = draw(st.integers(1, 8))
    # Small stretches take the array path; long ones (up to 10**7 characters) the Python path.
    scale = draw(st.sampled_from([10, 1000, 30_000, 10**7]))
    histograms, coded, squares = [], [], []
    for _ in range(count):
        coders = [draw(st.integers(0, scale)) for _ in range(present)] + [0] * (m - present)
        units = max(coders) + draw(st.integers(0, scale))
        # A histogram consistent with the coded counts is not needed for exactness: any counts do.
        h = [draw(st.integers(0, units)) for _ in range(present + 1)] + [0] * (m - present)
        histograms.append(h)
        coded.append(coders)
        squares.append(draw(st.integers(0, sum(h) ** 2)))
    return np.array(histograms, np.int64), np.array(coded, np.int64), np.array(squares, np.int64), present


@settings(max_examples=200, deadline=None)
@given(rows())
def test_every_figure_is_the_same_double_as_computed_one_histogram_at_a_time(
    case: tuple[np.ndarray, np.ndarray, np.ndarray, int],
) -> None:
    histograms, coded, squares, present = case
    found = many_statistics(histograms, coded, squares, present)
    for row, stats in enumerate(found):
        h = histograms[row].tolist()
        expected = statistics(h, coded[row].tolist(), u_alpha_binary(h, int(squares[row]), present))
        assert stats == expected
        assert all(
            type(value) in (float, type(None)) for value in (stats.percent_agreement, stats.u_alpha_binary)
        )
