"""Extraction "pdf-reading-1", the whole document: what repeats across pages, and the text.

Two things need every page before any page's text can be written:

- **Running headers, footers and page numbers** are lines in the top or bottom tenth of a page
  that either look like a page number (``12``, ``- 12 -``, ``Page 12 of 30``, ``xii``) or
  repeat, digits aside, at the same height on another page. They are left out.
- **Hyphens at line ends.** ``coop-`` + ``eration`` is a split word when the document writes
  ``cooperation`` elsewhere, ``non-`` + ``alliance`` a compound when it writes ``non-alliance``
  elsewhere; with no such evidence the document's habit decides (do its split words more often
  turn out to be one word, or compounds?), and a document without any keeps the hyphen, as
  its characters are. A hyphen before a capital or a digit (``Sino-`` + ``Russian``) stays, and
  a soft hyphen (U+00AD) always goes.

Lines of a paragraph are joined with a space (none after a dash, a kept hyphen, or between
Chinese, Japanese or Korean characters); paragraphs are separated by an empty line, and each
page's text ends with a line break, so the next page starts on a line of its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations

from coder.importers.pdf_layout import (
    PageLayout,
    Paragraph,
    is_marker,
    layout_page,
    marker_text,
    visible_text,
)
from coder.importers.pdf_spans import Line, TextBuilder

MAX_BAND_GUESSES = 6  # top and bottom lines of one page whose every choice is tried
BAND = 0.1  # the top and bottom tenth of a page hold running headers, footers and page numbers
SAME_HEIGHT = 4.0  # points: a repeated header stands at the same height on every page
PARAGRAPH_BREAK = "\n\n"
PAGE_END = "\n"

_PAGE_NUMBER = re.compile(r"^(page|p\.|seite|pagina)?\s*(\d+|[ivxlc]+)(\s*(of|/|von|de)\s*\d+)?$", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")
_HYPHENS = "-‐"
_SOFT_HYPHEN = "\u00ad"
_DASHES = "—–"


@dataclass
class DocumentFacts:
    """What the whole document tells about each page: its running lines and its words."""

    repeated: dict[str, list[tuple[int, float]]] = field(default_factory=dict)  # band key -> (page, y)
    words: set[str] = field(default_factory=set)
    compounds: set[str] = field(default_factory=set)
    splits_are_words: bool = False

    @classmethod
    def from_text(cls, text: str) -> DocumentFacts:
        """The facts a stored reading text tells: the words and compounds it holds.

        Every hyphen at a line end was either kept (the text holds ``a-b``) or dropped (it holds
        ``ab``), so :meth:`keeps_hyphen` decides each one as it was decided.
        """
        facts = cls()
        _learn_tokens(facts, text)
        return facts

    def kept_lines(
        self, page: int, lines: list[Line], height: float, stored: str | None
    ) -> Iterator[list[Line]]:
        """A page's lines without its running lines: the one choice made at import, or, for a
        stored text, the likely choices in turn (page numbers out, lines the text lacks out),
        then every other choice among the top and bottom lines."""
        if stored is None:
            yield self.without_running(page, lines, height)
            return
        band = [line for line in lines if band_key(line, height) is not None]
        squeezed = "".join(stored.split())
        likely = {
            id(line)
            for line in band
            if _looks_numbered(line, height) or "".join(line.text.split()) not in squeezed
        }
        tried = [likely]
        yield [line for line in lines if id(line) not in likely]
        if len(band) > MAX_BAND_GUESSES:
            return
        for count in range(len(band) + 1):
            for dropped in combinations(band, count):
                ids = {id(line) for line in dropped}
                if ids not in tried:
                    tried.append(ids)
                    yield [line for line in lines if id(line) not in ids]

    def without_running(self, page: int, lines: list[Line], height: float) -> list[Line]:
        """A page's lines without its running headers, footers and page number.

        A page whose every line would go keeps them all: what stands alone on a page is its text.
        """
        kept = [line for line in lines if not self._running(page, line, height)]
        return kept if any(band_key(line, height) is None for line in kept) else lines

    def _running(self, page: int, line: Line, height: float) -> bool:
        key = band_key(line, height)
        if key is None:
            return False
        if _looks_numbered(line, height):
            return True
        return any(
            other != page and abs(y - line.bbox[1]) <= SAME_HEIGHT for other, y in self.repeated.get(key, ())
        )

    def keeps_hyphen(self, before: str, after: str) -> bool:
        """Whether ``before-`` at a line's end and ``after`` on the next line form a compound."""
        compound, word = f"{before}-{after}".lower(), f"{before}{after}".lower()
        if compound in self.compounds:
            return True
        if word in self.words:
            return False
        return not self.splits_are_words


def band_key(line: Line, height: float) -> str | None:
    """A line's text with digits as ``#``, when it stands in the top or bottom band of its page."""
    if not (line.bbox[3] <= BAND * height or line.bbox[1] >= (1 - BAND) * height):
        return None
    return re.sub(r"\s+", " ", re.sub(r"\d", "#", line.text)).strip().lower() or None


def _looks_numbered(line: Line, height: float) -> bool:
    """A line of the top or bottom band that is a page number."""
    key = band_key(line, height)
    return key is not None and bool(_PAGE_NUMBER.match(key.replace("#", "0").strip(" -–—.·|[]()")))


def collect_bands(pages: list[tuple[list[Line], float]]) -> dict[str, list[tuple[int, float]]]:
    found: dict[str, list[tuple[int, float]]] = {}
    for number, (lines, height) in enumerate(pages):
        for line in lines:
            key = band_key(line, height)
            if key is not None:
                found.setdefault(key, []).append((number, line.bbox[1]))
    return {key: places for key, places in found.items() if len({page for page, _y in places}) > 1}


def learn_words(facts: DocumentFacts, layouts: list[PageLayout]) -> None:
    """The words and compounds of the document, and how its line-end hyphens usually turn out."""
    ends: list[tuple[str, str]] = []
    for layout in layouts:
        _learn_tokens(facts, "\n".join(line.text for p in layout.paragraphs for line in p.lines))
        for paragraph in layout.paragraphs:
            ends += [
                pair
                for a, b in zip(paragraph.lines, paragraph.lines[1:], strict=False)
                if (pair := _split(a, b))
            ]
    joins = sum(1 for a, b in ends if f"{a}{b}".lower() in facts.words)
    keeps = sum(1 for a, b in ends if f"{a}-{b}".lower() in facts.compounds)
    facts.splits_are_words = joins > keeps


def _learn_tokens(facts: DocumentFacts, text: str) -> None:
    for token in _WORD.findall(text):
        if "-" in token or "‐" in token:
            facts.compounds.add(token.lower().replace("‐", "-"))
        else:
            facts.words.add(token.lower())


def _split(above: Line, below: Line) -> tuple[str, str] | None:
    """The two halves of a word hyphenated at the end of ``above``, if it ends so."""
    ending = above.text.rstrip()
    if ending[-1:] not in _HYPHENS:
        return None
    match = re.search(r"([^\W\d_]+)[-‐]$", ending[-80:])
    after = re.match(r"\s*([^\W\d_]+)", below.text)
    if match is None or after is None or not after.group(1)[0].islower():
        return None
    return match.group(1), after.group(1)


# ---------------------------------------------------------------------- writing the text


def render_page(layout: PageLayout, facts: DocumentFacts, builder: TextBuilder) -> None:
    """Add one page's text to ``builder``."""
    for number, paragraph in enumerate(layout.paragraphs):
        if number:
            builder.add(PARAGRAPH_BREAK)
        _render_paragraph(paragraph, facts, builder)
    if layout.paragraphs:
        builder.add(PAGE_END)


def _render_paragraph(paragraph: Paragraph, facts: DocumentFacts, builder: TextBuilder) -> None:
    lines = paragraph.lines
    for index, line in enumerate(lines):
        text = visible_text(line)
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        joint = ""
        if index + 1 < len(lines):
            end, joint = _joint(text[:end], visible_text(lines[index + 1]).lstrip(), facts)
        _render_line(line, start, end, builder)
        builder.add(joint)


def _joint(text: str, after: str, facts: DocumentFacts) -> tuple[int, str]:
    """Where a line's text ends and what joins it to the next line of its paragraph."""
    end, last, first = len(text), text[-1:], after[:1]
    if last == _SOFT_HYPHEN:
        return end - 1, ""
    if last and last in _HYPHENS and end >= 2 and text[-2].isalpha():
        if first.isalpha() and first.islower():
            before = re.search(r"[^\W\d_]+$", text[:-1])
            word = re.match(r"[^\W\d_]+", after)
            if before and word and not facts.keeps_hyphen(before.group(0), word.group(0)):
                return end - 1, ""
        return end, ""
    if last and last in _DASHES and not text[-2:-1].isspace():
        return end, ""
    if first and first in _DASHES and not after[1:2].isspace():
        return end, ""
    if _wide(last) and _wide(first):
        return end, ""
    return end, " "


def _wide(char: str) -> bool:
    """Chinese, Japanese or Korean characters and their punctuation: written without spaces."""
    return bool(char) and unicodedata.east_asian_width(char) in ("W", "F")


def _render_line(line: Line, start: int, end: int, builder: TextBuilder) -> None:
    """Characters ``start:end`` of a line's visible text, each from its span (marks converted)."""
    position = 0
    opening = True  # no character written yet: a mark here opens a footnote
    for number, span in enumerate(line.spans):
        marker = is_marker(span, line)
        low, high = max(start - position, 0), min(end - position, len(span.text))
        position += len(span.text)
        if low >= high:
            continue
        builder.add_span(span, low, high, marker_text(span)[low:high] if marker else None)
        following = next((s.text for s in line.spans[number + 1 :] if s.text), "")
        if marker and opening and high == len(span.text) and position < end and following[:1].strip():
            builder.add(" ")  # "¹Chatham House" reads "¹ Chatham House"
        opening = opening and (marker or not span.text[low:high].strip())


def document_layouts(
    pages: list[tuple[list[Line], float]],
) -> tuple[DocumentFacts, list[PageLayout]]:
    """Every page's layout, and the facts that the pages' texts are then written with."""
    facts = DocumentFacts(repeated=collect_bands(pages))
    layouts = [page_layout(facts, number, lines, height) for number, (lines, height) in enumerate(pages)]
    learn_words(facts, layouts)
    return facts, layouts


def page_layout(facts: DocumentFacts, number: int, lines: list[Line], height: float) -> PageLayout:
    """One page's layout, with facts already learnt from the whole document."""
    return layout_page(facts.without_running(number, lines, height), height)
