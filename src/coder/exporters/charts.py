"""Charts of the overviews, drawn with matplotlib: bars, heat maps and a co-occurrence network.

The functions build a :class:`matplotlib.figure.Figure` without pyplot, so the same figure goes into
the app (on a Qt canvas) and into files (SVG, PNG) and HTML reports. matplotlib is imported only
when a chart is drawn: the command line and the app start without it.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from coder.domain.overview import Overview

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FONT_SIZE = 9  # points
STYLE = {
    "font.size": FONT_SIZE,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "path",  # self-contained: no font needed where the SVG is read
    "svg.hashsalt": "coder",  # the same chart gives the same file
}
LABEL_LIMIT = 38
# The app shows a chart at no less than this share of its size, scrolling where the window is smaller;
# what a chart lays out in a row (a legend's columns) fits in that width.
SMALLEST_SHOWN = 0.8


def legend_columns(labels: Sequence[str], width_inches: float, most: int = 3) -> int:
    """How many columns (up to ``most``) a legend of ``labels`` can have and fit ``width_inches``.

    Measured on the text's outline in the style's font (no renderer needed): each column takes its
    widest label, the marker before it and the gap after it.
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    if not labels:
        return 1
    font = FontProperties(size=FONT_SIZE)
    widest = max(TextPath((0, 0), label, prop=font).get_extents().width for label in labels)
    column = (widest + FONT_SIZE * (2.0 + 0.8 + 2.0)) * 1.1  # handle, pad, column spacing (in ems); a margin
    return max(1, min(most, len(labels), int(width_inches * 72 // column)))


def short_labels(overview: Overview) -> list[str]:
    """Each code's name, or its path where two codes share a name; long ones shortened at the front."""
    names = [code.name for code in overview.codes]
    labels = [code.path if names.count(code.name) > 1 else code.name for code in overview.codes]
    return [_clip(label) for label in labels]


def _clip(text: str, limit: int = LABEL_LIMIT) -> str:
    """Shortened at the front (code paths differ at their end)."""
    return text if len(text) <= limit else "…" + text[-(limit - 1) :]


def _clip_end(text: str, limit: int = 30) -> str:
    """Shortened at the end (source names and values differ at their start)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained", dpi=100)


def frequency_figure(overview: Overview) -> Figure:
    """Horizontal grouped bars: codings (left) and characters (right) per code, one colour per group."""
    import matplotlib

    with matplotlib.rc_context(STYLE):
        labels = short_labels(overview)
        groups = [_clip_end(g) for g in overview.groups]
        rows = max(len(labels), 1)
        per_code = 0.18 * max(len(groups), 1) + 0.12
        figure = _figure(8, min(2.0 + rows * per_code, 60))
        axes = figure.subplots(1, 2, sharey=True)
        colours = matplotlib.colormaps["tab10" if len(groups) <= 10 else "tab20"]
        height = 0.8 / max(len(groups), 1)
        for axis, measure, title in zip(
            axes, ("codings", "characters"), ("Codings", "Characters coded"), strict=True
        ):
            for index, group in enumerate(overview.groups):
                values = [overview.cell(code.key, group).measure(measure) for code in overview.codes]
                offsets = [row - 0.4 + height * (index + 0.5) for row in range(len(values))]
                axis.barh(
                    offsets, values, height=height, color=colours(index % colours.N), label=groups[index]
                )
            axis.set_title(title)
            axis.grid(axis="x", alpha=0.3)
            axis.set_axisbelow(True)
            axis.xaxis.get_major_locator().set_params(integer=True)
        axes[0].set_yticks(range(len(labels)), labels)
        axes[0].invert_yaxis()
        if len(groups) > 1:
            figure.legend(
                handles=axes[0].get_legend_handles_labels()[0],
                labels=groups,
                loc="outside lower center",
                ncols=legend_columns(groups, figure.get_figwidth() * SMALLEST_SHOWN),
                title=overview.by.capitalize(),
                frameon=False,
            )
        figure.suptitle(overview.title)
    return figure


def heatmap_figure(overview: Overview) -> Figure:
    """A code × group heat map of the matrix's measure, each cell labelled with its number."""
    import matplotlib

    with matplotlib.rc_context(STYLE):
        labels = short_labels(overview)
        values = [
            [overview.cell(code.key, g).measure(overview.measure) for g in overview.groups]
            for code in overview.codes
        ]
        figure = _heatmap(
            values, labels, [_clip_end(g) for g in overview.groups], overview.title, overview.measure
        )
    return figure


def cooccurrence_heatmap(overview: Overview, group: str = "") -> Figure:
    """The symmetric code × code matrix of co-occurring pairs (diagonal left empty)."""
    import matplotlib

    with matplotlib.rc_context(STYLE):
        labels = short_labels(overview)
        keys = [code.key for code in overview.codes]
        values: list[list[float]] = [
            [math.nan if a == b else overview.pair_count(a, b, group) for b in keys] for a in keys
        ]
        title = overview.title + (f": {group}" if group else "")
        figure = _heatmap(values, labels, labels, title, "pairs", rotate=True)
    return figure


def _heatmap(
    values: Sequence[Sequence[float]],
    rows: Sequence[str],
    columns: Sequence[str],
    title: str,
    measure: str,
    rotate: bool = False,
) -> Figure:
    import numpy
    from matplotlib.ticker import MaxNLocator

    data = numpy.array(values, dtype=float) if values and columns else numpy.zeros((max(len(rows), 1), 1))
    width = min(3.5 + 0.55 * max(len(columns), 1), 40)
    height = min(1.8 + 0.32 * max(len(rows), 1), 40)
    figure = _figure(max(width, 5.5), max(height, 3))
    axis = figure.subplots()
    finite = data[numpy.isfinite(data)]
    top = float(finite.max()) if finite.size else 0.0
    image = axis.imshow(numpy.ma.masked_invalid(data), cmap="Blues", aspect="auto", vmin=0, vmax=max(top, 1))
    axis.set_yticks(range(len(rows)), rows)
    slanted = rotate or len(columns) > 4 or any(len(label) > 12 for label in columns)
    axis.set_xticks(
        range(len(columns)), columns, rotation=35 if slanted else 0, ha="right" if slanted else "center"
    )
    axis.spines[:].set_visible(False)
    axis.tick_params(length=0)
    if data.size <= 900:
        for (row, column), value in numpy.ndenumerate(data):
            if math.isfinite(value):
                dark = value > top * 0.6
                axis.text(
                    column,
                    row,
                    f"{int(value)}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if dark else "#222",
                )
    colour_bar = figure.colorbar(image, ax=axis, shrink=0.8)
    colour_bar.set_label(measure)
    colour_bar.locator = MaxNLocator(integer=True)  # counts: no ticks at 0.25 or 1.75
    axis.set_title(title)
    return figure


def network_figure(overview: Overview, group: str = "") -> Figure:
    """Codes on a circle, joined by lines as thick as the number of co-occurring pairs."""
    import matplotlib

    with matplotlib.rc_context(STYLE):
        labels = short_labels(overview)
        keys = [code.key for code in overview.codes]
        count = len(keys)
        figure = _figure(8, 6.2)
        axis = figure.subplots()
        axis.set_aspect("equal")
        axis.axis("off")
        angle = [math.pi / 2 - 2 * math.pi * i / max(count, 1) for i in range(count)]
        xs = [math.cos(a) for a in angle]
        ys = [math.sin(a) for a in angle]
        weights = [
            (overview.pair_count(keys[i], keys[j], group), i, j)
            for i in range(count)
            for j in range(i + 1, count)
        ]
        strongest = max((w for w, _i, _j in weights), default=0)
        for weight, i, j in sorted(weights):
            if weight:
                share = weight / strongest
                axis.plot(
                    [xs[i], xs[j]], [ys[i], ys[j]], color="#1f4e9a", alpha=0.25 + 0.6 * share,
                    linewidth=0.8 + 7 * share, solid_capstyle="round", zorder=1,
                )  # fmt: skip
                if count <= 16:
                    axis.text(
                        (xs[i] + xs[j]) / 2,
                        (ys[i] + ys[j]) / 2,
                        str(weight),
                        fontsize=7,
                        ha="center",
                        va="center",
                        color="#333",
                        zorder=3,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
                    )
        linked = {i for w, i, j in weights if w} | {j for w, i, j in weights if w}
        axis.scatter(
            xs,
            ys,
            s=[90 if i in linked else 40 for i in range(count)],
            color=["#1f4e9a" if i in linked else "#bbbbbb" for i in range(count)],
            zorder=2,
        )
        for x, y, label in zip(xs, ys, labels, strict=True):
            side = "left" if x > 0.05 else ("right" if x < -0.05 else "center")
            level = "bottom" if y > 0.95 else ("top" if y < -0.95 else "center")
            axis.text(1.1 * x, 1.1 * y, label, ha=side, va=level, fontsize=8)
        axis.set_xlim(-1.75, 1.75)
        axis.set_ylim(-1.3, 1.3)
        title = overview.title + (f": {group}" if group else "")
        axis.set_title(f"{title}\n(line width: pairs)")
    return figure


def figures_for(overview: Overview) -> list[Figure]:
    """The charts of an overview, as the HTML report shows them."""
    if overview.kind == "frequencies":
        return [frequency_figure(overview)]
    if overview.kind == "matrix":
        return [heatmap_figure(overview)]
    groups = overview.groups or ("",)
    found: list[Figure] = []
    for group in groups:
        found.extend([cooccurrence_heatmap(overview, group), network_figure(overview, group)])
    return found


def figure_bytes(figure: Any, kind: str) -> bytes:
    """The figure as ``svg`` or ``png`` (200 dpi, for print)."""
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        figure.savefig(buffer, format=kind, dpi=200 if kind == "png" else None, metadata=_metadata(kind))
    return buffer.getvalue()


def _metadata(kind: str) -> dict[str, Any]:
    if kind == "svg":
        return {"Date": None, "Creator": "coder"}
    return {"Software": "coder"}


def inline_svg(figure: Any) -> str:
    """The figure as an ``<svg>`` element for an HTML page (no XML declaration, no doctype)."""
    text = figure_bytes(figure, "svg").decode("utf-8")
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


def save_figure(figure: Any, path: Any) -> None:
    """Save as SVG or PNG by the file's suffix."""
    from pathlib import Path

    from coder.domain.errors import InvalidInput

    target = Path(path)
    kind = target.suffix.lower().lstrip(".")
    if kind not in ("svg", "png"):
        raise InvalidInput(f"a chart is saved as .png or .svg, not '{target.name}'")
    data = figure_bytes(figure, kind)
    temporary = target.with_name(f".{target.name}.partial")
    try:
        temporary.write_bytes(data)
        temporary.replace(target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        from coder.domain.errors import CoderError

        raise CoderError(f"cannot write {target}: {exc.strerror or exc}") from None
