"""Extraction "pdf-reading-1", one page: reading order by columns, paragraphs, footnotes.

Everything here looks at one page's lines (from :mod:`coder.importers.pdf_spans`) and decides
only from their text, position, size and style:

- **Columns.** A gutter is a vertical strip that most lines do not cross, with lines on both
  sides. Lines that cross it (a title, an abstract, a full-width figure caption) cut the page
  into bands; in each band the left column is read before the right one. Without a gutter,
  lines are read top to bottom, left to right.
- **Paragraphs.** A line continues the paragraph above it when it follows at the usual line
  distance in the same column, in the same size and weight, is no bullet, and is not indented
  below a line that ended early. A paragraph cut by a column or by footnotes goes on where the
  next one starts in lower case after a line that did not end a sentence.
- **Footnotes.** A line that begins with a raised or smaller number or mark (``¹``, ``*``),
  or a small-print line near the bottom that begins with a number, starts a footnote; footnotes
  move after the page's other paragraphs, in their order.
- **Markers.** Raised, smaller characters (footnote marks, exponents) become their Unicode
  superscript forms where one exists, so ``spotlight.1 NATO`` reads ``spotlight.¹ NATO``.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from coder.importers.pdf_spans import SUPERSCRIPT_FLAG, Line, Span

SUPERSCRIPTS = str.maketrans(
    "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
)
_NOTE_MARK = re.compile(r"^[0-9*†‡§¶]{1,3}$")
_SMALL_NOTE_START = re.compile(r"^\s*\d{1,3}[.)]?\s*\S")
_BULLETS = frozenset("•◦▪▫●○■□‣⁃∙")

RAISED = 0.15  # a mark's baseline sits this share of the line's size above the line's
SMALLER = 0.85  # and its size is at most this share of the line's
LINE_GAP = 2.5  # spans further apart than this many font sizes are separate lines
PITCH_SLACK = 1.3  # a line further below than this many usual line distances starts a paragraph
MIN_COLUMN_SHARE = 0.15  # each column holds at least this share of a page's lines


@dataclass
class Paragraph:
    lines: list[Line]
    footnote: bool = False
    right: float = 0.0  # the right edge of its widest line

    def __post_init__(self) -> None:
        self.right = max((line.x1 for line in self.lines), default=0.0)

    def extend(self, lines: list[Line]) -> None:
        self.lines.extend(lines)
        self.right = max([self.right, *(line.x1 for line in lines)])


@dataclass
class PageLayout:
    """A page's paragraphs in reading order: the body first, then its footnotes."""

    paragraphs: list[Paragraph] = field(default_factory=list)


def layout_page(lines: list[Line], height: float) -> PageLayout:
    kept = [part for line in lines for part in split_line(line) if part.text.strip()]
    flowing = [line for line in kept if line.horizontal]
    body_size = _body_size(flowing)
    paragraphs = _paragraphs(reading_order(flowing), body_size, height)
    body = _rejoin([p for p in paragraphs if not p.footnote])
    notes = [p for p in paragraphs if p.footnote]
    others = [Paragraph([line]) for line in kept if not line.horizontal]
    return PageLayout(body + others + notes)


def split_line(line: Line) -> list[Line]:
    """A line cut where its spans stand far apart (cells of a table, columns MuPDF joined)."""
    parts: list[list[Span]] = [[]]
    for span in line.spans:
        last = parts[-1][-1] if parts[-1] else None
        if last is not None and span.bbox[0] - last.bbox[2] > LINE_GAP * max(line.size, 1.0):
            parts.append([])
        parts[-1].append(span)
    if len(parts) == 1:
        return [line]
    return [Line(spans, _union(s.bbox for s in spans), line.horizontal) for spans in parts]


def _union(boxes: object) -> tuple[float, float, float, float]:
    boxes = list(boxes)  # type: ignore[call-overload]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _body_size(lines: list[Line]) -> float:
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 0.0


# ---------------------------------------------------------------------- reading order


def reading_order(lines: list[Line]) -> list[Line]:
    """Lines column by column within bands cut by lines that cross the gutter."""
    if len(lines) < 4:
        return _rows(lines)
    gutter = _gutter(lines)
    if gutter is None:
        return _rows(lines)
    left, right, crossing = _sides(lines, gutter)
    crossing.sort(key=_middle)
    ordered: list[Line] = []
    for cut in [*crossing, None]:
        limit = float("inf") if cut is None else _middle(cut)
        for side in (left, right):
            ordered += reading_order([line for line in side if _middle(line) < limit])
        left = [line for line in left if _middle(line) >= limit]
        right = [line for line in right if _middle(line) >= limit]
        if cut is not None:
            ordered.append(cut)
    return ordered


def _middle(line: Line) -> float:
    return (line.bbox[1] + line.bbox[3]) / 2


def _rows(lines: list[Line]) -> list[Line]:
    """Top to bottom; lines that share a baseline, left to right."""
    ordered = sorted(lines, key=lambda line: line.baseline)
    rows: list[list[Line]] = []
    for line in ordered:
        if rows and abs(line.baseline - rows[-1][0].baseline) <= 0.3 * max(line.size, 1.0):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda line: line.x0)]


def _gutter(lines: list[Line]) -> tuple[float, float] | None:
    """The widest strip between columns that at most a third of the lines cross, if any."""
    count = len(lines)
    size = statistics.median(line.size for line in lines)
    starts = sorted(line.x0 for line in lines)
    ends = sorted(line.x1 for line in lines)
    edges = sorted(set(starts + ends))
    allowed = count // 3
    best: tuple[int, float, tuple[float, float]] | None = None
    run_start: float | None = None
    for a in edges[:-1]:
        crossing = bisect_right(starts, a) - bisect_right(ends, a)  # lines over the strip after a
        if crossing <= allowed:
            run_start = a if run_start is None else run_start
            continue
        if run_start is not None:
            best = _better(best, lines, (run_start, a), size, count)
            run_start = None
    return best[2] if best else None


def _sides(lines: list[Line], strip: tuple[float, float]) -> tuple[list[Line], list[Line], list[Line]]:
    """Lines left of a strip (not reaching past it), right of it, and across it."""
    a, b = strip
    middle = (a + b) / 2
    left: list[Line] = []
    right: list[Line] = []
    crossing: list[Line] = []
    for line in lines:
        if line.x0 < a and line.x1 > b:
            crossing.append(line)
        elif line.x1 <= b and (line.x0 < a or (line.x0 + line.x1) / 2 < middle):
            left.append(line)
        else:
            right.append(line)
    return left, right, crossing


def _better(
    best: tuple[int, float, tuple[float, float]] | None,
    lines: list[Line],
    strip: tuple[float, float],
    size: float,
    count: int,
) -> tuple[int, float, tuple[float, float]] | None:
    a, b = strip
    if b - a < 0.8 * size:
        return best
    left, right, crossing = _sides(lines, strip)
    needed = max(2, MIN_COLUMN_SHARE * count)
    if len(left) < needed or len(right) < needed:
        return best
    candidate = (len(crossing), -(b - a), strip)
    return candidate if best is None or candidate[:2] < best[:2] else best


# ---------------------------------------------------------------------- paragraphs


def _paragraphs(lines: list[Line], body_size: float, height: float) -> list[Paragraph]:
    pitch = _pitches(lines)
    paragraphs: list[Paragraph] = []
    for line in lines:
        note = starts_note(line, body_size, height)
        if paragraphs and not note and _continues(paragraphs[-1], line, pitch):
            paragraphs[-1].extend([line])
        else:
            paragraphs.append(Paragraph([line], footnote=note))
    return paragraphs


def _pitches(lines: list[Line]) -> dict[float, float]:
    """The usual distance between baselines of consecutive lines, per font size."""
    found: dict[float, list[float]] = {}
    for above, below in zip(lines, lines[1:], strict=False):
        delta = below.baseline - above.baseline
        if above.size == below.size and 0.8 * above.size < delta < 2.5 * above.size:
            found.setdefault(above.size, []).append(delta)
    return {size: _usual(size, sorted(deltas)) for size, deltas in found.items()}


def _usual(size: float, deltas: list[float]) -> float:
    """The line distance of a size: a low quartile of what is seen, since paragraph breaks are
    further apart; from one or two distances, at most what single-spaced text would have."""
    if len(deltas) >= 3:
        return deltas[len(deltas) // 4]
    return min(deltas[0], 1.45 * size)


def _continues(paragraph: Paragraph, line: Line, pitch: dict[float, float]) -> bool:
    above = paragraph.lines[-1]
    if not 0.9 <= line.size / max(above.size, 0.1) <= 1.11 or line.bold != above.bold:
        return False
    if line.text.lstrip()[:1] in _BULLETS:
        return False
    delta = line.baseline - above.baseline
    if delta <= 0.3 * above.size or delta > PITCH_SLACK * pitch.get(above.size, 1.2 * above.size):
        return False
    if line.x0 >= above.x1 or line.x1 <= above.x0:
        return False
    right = max(paragraph.right, line.x1)
    indented = line.x0 > above.x0 + 0.9 * line.size
    ended_early = above.x1 < right - 2 * line.size
    return paragraph.footnote or not (indented and ended_early)


def _rejoin(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Join a paragraph to the one it goes on from, where a column, footnotes or a box cut a sentence.

    A paragraph that starts in lower case goes on from the nearest paragraph before it that did
    not end a sentence, passing over at most two that stand in between (a caption that ends a
    sentence, or a box that opens with a bold label); those then follow the joined paragraph.
    """
    joined: list[Paragraph] = []
    for paragraph in paragraphs:
        target = _opening_before(joined, paragraph.lines[0])
        if target is None:
            joined.append(paragraph)
            continue
        between = joined[target + 1 :]
        del joined[target + 1 :]
        joined[-1].extend(paragraph.lines)
        joined += between
    return joined


def _opening_before(paragraphs: list[Paragraph], line: Line) -> int | None:
    """The index of the paragraph that ``line`` goes on from, if any."""
    first = line.text.lstrip()[:1]
    if not (first.isalpha() and first.islower()):
        return None
    for index in range(len(paragraphs) - 1, max(len(paragraphs) - 4, -1), -1):
        above = paragraphs[index].lines[-1]
        if _labelled(paragraphs[index]):
            continue
        if _goes_on(above, line):
            return index
        if not _ends_sentence(above):
            return None
    return None


def _labelled(paragraph: Paragraph) -> bool:
    first = next(span for span in paragraph.lines[0].spans if span.text.strip())
    return first.bold and not paragraph.lines[0].bold


_SENTENCE_END = re.compile(r"[.!?:;。！？：；][\"'”’)\]⁰¹²³⁴⁵⁶⁷⁸⁹]*$")


def _ends_sentence(line: Line) -> bool:
    return bool(_SENTENCE_END.search(visible_text(line).rstrip()))


def _goes_on(above: Line, line: Line) -> bool:
    return (
        bool(above.text.strip())
        and not _ends_sentence(above)
        and 0.9 <= line.size / max(above.size, 0.1) <= 1.11
        and not above.bold
    )


# ---------------------------------------------------------------------- footnotes and markers


def is_marker(span: Span, line: Line) -> bool:
    """A raised, smaller run of characters: a footnote mark or an exponent."""
    if not span.text.strip() or span.size >= line.size:
        return False
    raised = span.baseline < line.baseline - RAISED * line.size and span.size <= SMALLER * line.size
    return raised or bool(span.flags & SUPERSCRIPT_FLAG)


def marker_text(span: Span) -> str:
    return span.text.translate(SUPERSCRIPTS)


def visible_text(line: Line) -> str:
    """The line as the reading text shows it: marks in superscript."""
    return "".join(marker_text(s) if is_marker(s, line) else s.text for s in line.spans)


def starts_note(line: Line, body_size: float, height: float) -> bool:
    """Whether a line begins a footnote (its first characters are a mark, or small print low down)."""
    spans = [span for span in line.spans if span.text.strip()]
    if len(spans) >= 2 and _NOTE_MARK.match(spans[0].text.strip()) and is_marker(spans[0], line):
        return True
    return (
        bool(body_size)
        and line.size <= 0.9 * body_size
        and line.bbox[1] > height / 2
        and bool(_SMALL_NOTE_START.match(line.text))
    )
