"""Charts of the overviews: what they lay out in a row fits the narrowest width the app shows them at."""

from __future__ import annotations

import pytest

from coder.domain.overview import Cell, CodeLabel, Overview
from coder.exporters.charts import SMALLEST_SHOWN, frequency_figure, legend_columns

SOURCES = (
    "naval-cooperation-notes-from-the-field.txt",
    "you-wu-2024-sino-russian-military-cooperation.pdf",
    "interview-03-with-a-retired-officer.txt",
    "ministry-of-defence-briefing-2023.md",
)


def _frequencies(groups: tuple[str, ...]) -> Overview:
    codes = tuple(CodeLabel(f"k{n}", f"Code {n}", f"Code {n}") for n in range(6))
    cells = tuple(
        Cell(code.key, group, n + g, 10 * (n + g), 1)
        for n, code in enumerate(codes)
        for g, group in enumerate(groups)
    )
    return Overview(kind="frequencies", by="source", codes=codes, groups=groups, cells=cells)


@pytest.mark.parametrize("groups", [SOURCES, ("a.txt", "b.txt", "c.txt", "d.txt")])
def test_the_legend_fits_the_chart_at_the_smallest_size_it_is_shown(groups: tuple[str, ...]) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = frequency_figure(_frequencies(groups))
    width, height = figure.get_size_inches()
    figure.set_size_inches(width * SMALLEST_SHOWN, height * SMALLEST_SHOWN)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    [legend] = figure.legends
    box = legend.get_window_extent(canvas.get_renderer())
    assert box.x0 >= 0 and box.x1 <= figure.bbox.width, (box, figure.bbox.width)
    texts = [text.get_text() for text in legend.get_texts()]
    assert texts == [name if len(name) <= 30 else name[:29] + "…" for name in groups]


def test_legend_columns_are_as_many_as_fit() -> None:
    short = ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert legend_columns(short, 8) == 3  # at most three
    assert legend_columns(short[:2], 8) == 2  # never more than labels
    clipped = [name[:29] + "…" for name in SOURCES]  # as the chart shortens them
    assert legend_columns(clipped, 8 * SMALLEST_SHOWN) == 2
    assert legend_columns(clipped, 3) == 1
    assert legend_columns(list(SOURCES), 8 * SMALLEST_SHOWN) == 1
    assert legend_columns([], 8) == 1


def test_a_heat_map_scale_marks_whole_counts_only() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from coder.exporters.charts import heatmap_figure

    overview = _frequencies(("a.txt", "b.txt"))
    overview = Overview(
        kind="matrix", by="source", codes=overview.codes[:2], groups=overview.groups, cells=overview.cells
    )
    figure = heatmap_figure(overview)  # counts 0 to 2: marks at 0.5, 1.5 without the locator
    FigureCanvasAgg(figure).draw()
    scale = figure.axes[-1]
    ticks = [tick for tick in scale.get_yticks() if 0 <= tick <= 2]
    assert ticks and all(float(tick).is_integer() for tick in ticks), ticks
