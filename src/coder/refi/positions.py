"""How tools count selection positions, and finding out which way a file counted them.

The standard counts Unicode code points of the plain-text file. NVivo 12 for Windows
counts UTF-16 code units (a character outside the Basic Multilingual Plane counts 2) and
a CRLF as 2; ATLAS.ti counts a CRLF in its file as 1. A byte-order mark is never counted.

For each source every known convention is tried on all its selections. A convention fits
when every selection boundary falls between two characters of the file (not inside a
surrogate pair or a CRLF) and within the text. Among the conventions that fit, evidence
decides: first how many selections' names quote the text they would cover (ATLAS.ti and
coder write the quotation there), then how many boundaries fall between words. The
standard is kept unless another convention does clearly better, and a close call is
reported. The positions are then mapped onto the stored text (CRLF as LF, no BOM).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SPECIAL = re.compile("\r\n|[\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Convention:
    key: str
    label: str
    utf16: bool
    crlf_as_one: bool


CODE_POINTS = Convention("code-points", "Unicode code points, as the standard says", False, False)
CODE_POINTS_CRLF1 = Convention(
    "code-points-crlf1", "code points with a CRLF line end counted as one (as ATLAS.ti does)", False, True
)
UTF16 = Convention(
    "utf16",
    "UTF-16 code units with a CRLF line end counted as two (as NVivo 12 for Windows does)",
    True,
    False,
)
UTF16_CRLF1 = Convention("utf16-crlf1", "UTF-16 code units with a CRLF line end counted as one", True, True)
CONVENTIONS = (CODE_POINTS, CODE_POINTS_CRLF1, UTF16, UTF16_CRLF1)

Span = tuple[int, int]
MIN_QUOTE = 3  # shortest selection name taken as a quotation of the text
MIN_MARGIN = 2  # a convention other than the standard must do this much better ...
MARGIN_SHARE = 20  # ... or better by one in this many boundaries, whichever is more


@dataclass(frozen=True, slots=True)
class Detection:
    """The outcome for one text: the convention used (None: none fits) and the mapped spans."""

    convention: Convention | None
    spans: tuple[Span, ...]
    equivalent: bool  # every convention reads this text the same way
    ambiguous: bool  # another convention fits equally well but places selections elsewhere
    clean: int  # selection boundaries that fall between words, under the chosen convention
    boundaries: int
    misfits: int  # selections that fit under no convention (when convention is None: the fewest)


class Units:
    """Offsets in a convention's units over ``raw``, mapped to offsets in the stored text.

    Only CRLF pairs and characters outside the BMP can make the two differ; the mapping is
    kept as the list of those places, so long texts cost little.
    """

    def __init__(self, raw: str, convention: Convention) -> None:
        self.starts: list[int] = []  # unit offset where each special place begins
        self.widths: list[int] = []  # its width in units (it is always one stored character)
        self.extra: list[int] = [0]  # units beyond stored characters, up to and including each place
        shift = 0
        for match in _SPECIAL.finditer(raw):
            crlf = match.group() == "\r\n"
            width = (1 if convention.crlf_as_one else 2) if crlf else (2 if convention.utf16 else 1)
            unit = match.start() + shift
            shift += width - len(match.group())
            self.starts.append(unit)
            self.widths.append(width)
            self.extra.append(self.extra[-1] + width - 1)
        self.total = len(raw) + shift

    def stored(self, offset: int) -> int | None:
        """The stored-text offset, or None when ``offset`` is outside the text or inside a character."""
        if not 0 <= offset <= self.total:
            return None
        before = bisect_left(self.starts, offset)  # places that begin before this offset
        if before and offset < self.starts[before - 1] + self.widths[before - 1]:
            return None
        return offset - self.extra[before]


def _wordish(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")


def _between_words(text: str, index: int) -> bool:
    return index <= 0 or index >= len(text) or not (_wordish(text[index - 1]) and _wordish(text[index]))


def _map(units: Units, start: int, end: int) -> Span | None:
    first, last = units.stored(start), units.stored(end)
    if first is None or last is None or first >= last:
        return None
    return first, last


def distinct(raw: str) -> list[Convention]:
    """The conventions that can differ on this text, first of each kind of reading."""
    has_crlf = "\r\n" in raw
    has_astral = bool(_ASTRAL.search(raw))
    return [c for c in CONVENTIONS if (has_astral or not c.utf16) and (has_crlf or not c.crlf_as_one)]


@dataclass(frozen=True, slots=True)
class _Reading:
    convention: Convention
    spans: list[Span | None]
    quoted: int  # selections whose name quotes the text they cover
    clean: int  # boundaries between words


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _quotes(name: str | None, covered: str) -> bool:
    if not name:
        return False
    quoted = _collapse(name).rstrip("…").rstrip(".").rstrip()
    return len(quoted) >= MIN_QUOTE and _collapse(covered).startswith(quoted)


def detect(
    raw: str, stored: str, selections: Sequence[Span], names: Sequence[str | None] | None = None
) -> Detection:
    """Choose the convention for ``selections`` over ``raw`` (decoded, BOM removed).

    ``names`` are the selections' names: ATLAS.ti and coder write the quoted text there,
    which settles the question whenever it is present. Otherwise the standard is kept
    unless another convention puts clearly more boundaries between words.
    """
    candidates = distinct(raw)
    labels = list(names) if names is not None else [None] * len(selections)
    readings: list[_Reading] = []
    for convention in candidates:
        units = Units(raw, convention)
        spans = [_map(units, start, end) for start, end in selections]
        quoted = sum(_quotes(name, stored[s[0] : s[1]]) for name, s in zip(labels, spans, strict=True) if s)
        clean = sum(_between_words(stored, i) for span in spans if span for i in span)
        readings.append(_Reading(convention, spans, quoted, clean))
    boundaries = 2 * len(selections)
    fitting = [r for r in readings if all(span is not None for span in r.spans)]
    if not fitting:
        fewest = min(sum(span is None for span in r.spans) for r in readings) if readings else 0
        return Detection(None, (), len(candidates) == 1, False, 0, boundaries, fewest)
    margin = max(MIN_MARGIN, boundaries // MARGIN_SHARE)

    def better(one: _Reading, other: _Reading) -> bool:
        if one.quoted != other.quoted:
            return one.quoted > other.quoted
        return one.clean >= other.clean + margin

    chosen = fitting[0]  # the standard, or the reading closest to it
    for reading in fitting[1:]:
        if better(reading, chosen):
            chosen = reading
    ambiguous = any(r.spans != chosen.spans and not better(chosen, r) for r in fitting if r is not chosen)
    mapped = tuple(span for span in chosen.spans if span is not None)
    return Detection(chosen.convention, mapped, len(candidates) == 1, ambiguous, chosen.clean, boundaries, 0)


def describe(detection: Detection, source: str) -> str:
    """One sentence on how the positions of a source were read."""
    count = len(detection.spans)
    if detection.convention is None:
        return f"'{source}': no counting convention fits its selections."
    if not count:
        return f"'{source}': no coded selections."
    if detection.equivalent:
        how = "as code points (every counting convention reads this text the same way)"
    else:
        how = f"as {detection.convention.label}"
    sentence = f"'{source}': {count} selection(s), positions read {how}"
    sentence += f"; {detection.clean} of {detection.boundaries} boundaries fall between words"
    if detection.ambiguous:
        sentence += "; another way of counting fits almost as well, so check a few of its codings"
    return sentence + "."
