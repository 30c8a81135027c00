"""An inline SVG bar chart of Krippendorff's alpha per code, for the HTML report."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from coder.analysis.figures import three_decimals

RELIABLE = 0.800
TENTATIVE = 0.667

_LABEL_WIDTH = 260
_BAR_WIDTH = 400
_VALUE_WIDTH = 80
_ROW = 22
_TOP = 34
_BOTTOM = 26


def band(alpha: float | None) -> str:
    """The reading of an alpha: ``reliable``, ``tentative``, ``unreliable`` or ``undefined``."""
    if alpha is None:
        return "undefined"
    if alpha >= RELIABLE:
        return "reliable"
    if alpha >= TENTATIVE:
        return "tentative"
    return "unreliable"


_FILL = {"reliable": "#2e7d32", "tentative": "#f9a825", "unreliable": "#c62828"}


def _label(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else "…" + text[-(limit - 1) :]


def alpha_chart(rows: Sequence[tuple[str, float | None]]) -> str:
    """An ``<svg>`` element: one horizontal bar per ``(code path, alpha)``, with lines at 0.667 and 0.800."""
    defined = [alpha for _, alpha in rows if alpha is not None]
    low = max(-1.0, min([0.0, *(math.floor(alpha * 10) / 10 for alpha in defined)]))
    width = _LABEL_WIDTH + _BAR_WIDTH + _VALUE_WIDTH
    height = _TOP + _ROW * max(len(rows), 1) + _BOTTOM

    def x(value: float) -> float:
        return round(_LABEL_WIDTH + (value - low) / (1.0 - low) * _BAR_WIDTH, 2)

    parts = [
        f'<svg class="chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-labelledby="chart-title">',
        '<title id="chart-title">Krippendorff\'s alpha per code</title>',
    ]
    bottom = height - _BOTTOM
    for tick in _ticks(low):
        parts.append(
            f'<line x1="{x(tick)}" y1="{_TOP - 4}" x2="{x(tick)}" y2="{bottom}" stroke="#ddd" />'
            f'<text x="{x(tick)}" y="{bottom + 16}" text-anchor="middle" class="tick">{tick:.1f}</text>'
        )
    for level, name in ((TENTATIVE, "0.667"), (RELIABLE, "0.800")):
        parts.append(
            f'<line x1="{x(level)}" y1="{_TOP - 10}" x2="{x(level)}" y2="{bottom}" stroke="#555" '
            f'stroke-dasharray="4 3" /><text x="{x(level)}" y="{_TOP - 14}" text-anchor="middle" '
            f'class="tick">{name}</text>'
        )
    for index, (path, alpha) in enumerate(rows):
        top = _TOP + index * _ROW
        middle = top + _ROW / 2 + 4
        parts.append(
            f'<text x="{_LABEL_WIDTH - 8}" y="{middle}" text-anchor="end"><title>{escape(path)}</title>'
            f"{escape(_label(path))}</text>"
        )
        if alpha is None:
            parts.append(f'<text x="{x(0.0) + 4}" y="{middle}" class="undefined">undefined</text>')
            continue
        left, right = sorted((x(0.0), x(max(alpha, low))))
        parts.append(
            f'<rect x="{left}" y="{top + 4}" width="{round(max(right - left, 1.0), 2)}" height="{_ROW - 8}" '
            f'fill="{_FILL[band(alpha)]}" />'
            f'<text x="{x(1.0) + 6}" y="{middle}">{three_decimals(alpha)}</text>'
        )
    if not rows:
        parts.append(f'<text x="{_LABEL_WIDTH}" y="{_TOP + 15}">no codes to show</text>')
    parts.append(f'<line x1="{x(0.0)}" y1="{_TOP - 4}" x2="{x(0.0)}" y2="{bottom}" stroke="#000" />')
    parts.append("</svg>")
    return "\n".join(parts)


def _ticks(low: float) -> list[float]:
    steps = round((1.0 - low) / 0.2)
    return [round(1.0 - 0.2 * step, 1) for step in range(steps + 1) if 1.0 - 0.2 * step >= low - 1e-9]
