"""Markdown sources keep their stored text, markup included; the markup is dimmed, not hidden.

Offsets are code points of the stored text, so nothing may be removed or replaced: a syntax
highlighter only changes how characters look (grey), never which characters there are.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

MARKUP_COLOUR = "#a0a0a0"

# Each pattern's groups (or the whole match, when it has none) are markup.
_PATTERNS = [
    re.compile(r"^\s{0,3}(#{1,6})(?=\s|$)"),  # heading
    re.compile(r"^\s{0,3}(>)"),  # block quote
    re.compile(r"^\s*([-+*]|\d+[.)])(?=\s)"),  # list item
    re.compile(r"^\s*(\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?)\s*$"),  # table rule
    re.compile(r"^\s{0,3}((?:[-*_]\s*){3,})$"),  # horizontal rule
    re.compile(r"(\|)"),  # table cell border
    re.compile(r"(</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>)"),  # an HTML tag such as <sup>
    re.compile(r"(\[)[^\]\n]*(\]\([^)\n]*\))"),  # [link text](address)
    re.compile(r"(`+)"),  # code
    re.compile(r"(?<![\w*\\])(\*{1,3})(?=\S)|(?<=\S)(\*{1,3})(?![\w*])"),  # *emphasis*
    re.compile(r"(?<![\w\\])(_{1,3})(?=\S)|(?<=\S)(_{1,3})(?!\w)"),  # _emphasis_
]


def markup_spans(line: str) -> list[tuple[int, int]]:
    """``(start, length)`` of every piece of markup in one line (offsets within the line)."""
    spans: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(line):
            groups = [g for g in range(1, (pattern.groups or 0) + 1) if match.group(g) is not None]
            for group in groups or [0]:
                if match.end(group) > match.start(group):
                    spans.append((match.start(group), match.end(group) - match.start(group)))
    return sorted(spans)


class MarkdownMarkup(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument | None = None) -> None:
        super().__init__(document)
        self.format = QTextCharFormat()
        self.format.setForeground(QColor(MARKUP_COLOUR))

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        # Qt counts in UTF-16 units within the block; an astral character before the markup
        # counts twice there.
        units = [0]
        for character in text:
            units.append(units[-1] + (2 if ord(character) > 0xFFFF else 1))
        for start, length in markup_spans(text):
            begin = units[start]
            self.setFormat(begin, units[start + length] - begin, self.format)
