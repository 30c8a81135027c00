"""PDFs made in the tests, laid out line by line: columns, running headers, hyphens, footnotes.

Every text here was written for these tests. Each line is drawn from its runs (text, size,
rise), so a test knows exactly where a line breaks and where a mark is raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pymupdf

A4 = (595.0, 842.0)
BODY = 10.0
PITCH = 13.0
LEFT = (57.0, 287.0)  # x range of the left column
RIGHT = (307.0, 537.0)


@dataclass(frozen=True)
class Run:
    text: str
    size: float = BODY
    rise: float = 0.0  # points above the baseline (a footnote mark)
    font: str = "helv"


def mark(text: str) -> Run:
    """A raised, smaller footnote mark."""
    return Run(text, size=6.5, rise=3.5)


def draw_line(page: pymupdf.Page, x: float, baseline: float, runs: list[Run | str]) -> float:
    """Draw runs one after the other from ``x``; returns where the line ends."""
    for run in runs:
        run = Run(run) if isinstance(run, str) else run
        page.insert_text((x, baseline - run.rise), run.text, fontname=run.font, fontsize=run.size)
        x += pymupdf.get_text_length(run.text, fontname=run.font, fontsize=run.size)
    return x


def draw_lines(
    page: pymupdf.Page, x: float, top: float, lines: list[list[Run | str]], pitch: float = PITCH
) -> float:
    """Lines one below the other; returns the baseline after the last one."""
    baseline = top
    for runs in lines:
        draw_line(page, x, baseline, runs)
        baseline += pitch
    return baseline


TITLE = [
    [Run("Patrols and Promises: an Invented Study", size=16, font="hebo")],
    [Run("of Naval Cooperation at Sea", size=16, font="hebo")],
]
ABSTRACT = [
    ["This abstract was written for a test. It runs over three lines of the page, and no line"],
    ["break may remain inside its sentences once coder reads it: the lines of one paragraph"],
    ["are joined with spaces, and the abstract reads as one paragraph."],
]
LEFT_COLUMN = [
    ["Two invented navies met at sea in the spring. Their"],
    ["coop-"],
    ["eration grew with each drill, and the officers praised"],
    ["the joint exercises.", mark("1"), " A second season followed."],
    None,  # a paragraph break: one empty line
    ["Observers disagreed about what the drills meant. In"],
    ["public both sides spoke of non-"],
    ["alliance and of friendship; in private the two navies"],
]
RIGHT_COLUMN = [
    ["rehearsed anti-submarine warfare far from home. Their"],
    ["cooperation stayed a non-alliance in name only."],
    None,
    ["A third paragraph closes the invented page."],
]
FOOTNOTE = [[mark("1"), Run("A note written for the test, in small print.", size=8)]]


def _column(page: pymupdf.Page, x: float, top: float, lines: list[list[Run | str] | None]) -> float:
    baseline = top
    for runs in lines:
        if runs is not None:
            draw_line(page, x, baseline, runs)
        baseline += PITCH
    return baseline


def two_column_article(path: Path) -> bytes:
    """Two pages: a running header and page numbers, a title and abstract across the page, two
    columns with a split word, a compound, a mark and a sentence that goes on in the next column,
    a footnote at the foot of page 1; page 2 in one column with a small-print footnote.
    """
    document = pymupdf.open()
    for number in (1, 2):
        page = document.new_page(width=A4[0], height=A4[1])
        draw_line(page, LEFT[0], 40, [Run("Journal of Invented Studies 12 (2024)", size=8)])
        draw_line(page, 290, 815, [Run(str(number + 10), size=9)])
        if number == 1:
            below_title = draw_lines(page, LEFT[0], 90, TITLE, pitch=20)
            below_abstract = draw_lines(page, LEFT[0], below_title + 10, ABSTRACT)
            top = below_abstract + 14
            _column(page, LEFT[0], top, LEFT_COLUMN)
            _column(page, RIGHT[0], top, RIGHT_COLUMN)
            draw_lines(page, LEFT[0], 760, FOOTNOTE, pitch=10)
        else:
            draw_lines(
                page,
                LEFT[0],
                90,
                [
                    ["The second page has one column. Its only paragraph ends with a number", mark("2")],
                    ["that points to a note printed small below."],
                ],
            )
            draw_lines(
                page, LEFT[0], 760, [[Run("2 The second note, set in small print.", size=8)]], pitch=10
            )
    document.save(path)
    document.close()
    return path.read_bytes()


def lines_pdf(path: Path, pages: list[list[tuple[str, str]]], **save_options: object) -> Path:
    """One page per entry, each line (text, built-in font) drawn 20 points below the one before."""
    document = pymupdf.open()
    for lines in pages:
        page = document.new_page()
        for number, (text, font) in enumerate(lines):
            page.insert_text((72, 72 + 20 * number), text, fontname=font, fontsize=11)
    document.save(path, **save_options)
    document.close()
    return path


def html_pdf(path: Path, paragraphs: list[str]) -> Path:
    """A page laid out by MuPDF from HTML, with its fallback fonts (emoji, mathematics, CJK).

    MuPDF writes the Unicode value of a character outside the Basic Multilingual Plane into
    the font's ToUnicode map as five or six hex digits, which readers cut to four; the map is
    rewritten here with the UTF-16 surrogate pairs that the PDF format asks for.
    """
    document = pymupdf.open()
    page = document.new_page(width=A4[0], height=A4[1])
    html = "".join(f"<p>{p}</p>" for p in paragraphs)
    page.insert_htmlbox(pymupdf.Rect(57, 57, 537, 785), html, css="p { font-size: 11pt; margin: 0 0 8pt 0; }")
    for xref in range(1, document.xref_length()):
        kind, value = document.xref_get_key(xref, "ToUnicode")
        if kind == "xref":
            target = int(value.split()[0])
            cmap = document.xref_stream(target).decode("latin-1")
            document.update_stream(target, re.sub(r"<([0-9a-fA-F]{5,6})>", _utf16, cmap).encode("latin-1"))
    document.save(path)
    document.close()
    return path


def _utf16(match: re.Match[str]) -> str:
    return "<" + chr(int(match.group(1), 16)).encode("utf-16-be").hex() + ">"
