"""A code's four texts in one REFI-QDA ``Description``, readable and exactly separable.

A code with only a definition gets the definition as its whole description, as other
programs expect. Otherwise every non-empty field becomes a section headed by its label
on a line of its own, sections separated by a blank line::

    Definition:
    Talk about money.

    When to use:
    ...

A line inside a field that looks like a heading (``When to use:``, possibly after
backslashes) gets one more backslash in front, and loses it again when read back, so
that any text survives the round trip. A description from another program is read as
a definition unless it starts with one of these headings, in this order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LABELS = ("Definition", "When to use", "When not to use", "Example")
_HEADING = re.compile(r"^(\\*)(" + "|".join(re.escape(label) for label in LABELS) + r"):$")


@dataclass(frozen=True, slots=True)
class CodeTexts:
    definition: str = ""
    when_to_use: str = ""
    when_not_to_use: str = ""
    example: str = ""

    def fields(self) -> tuple[str, str, str, str]:
        return (self.definition, self.when_to_use, self.when_not_to_use, self.example)


def _escape(field: str) -> str:
    lines = field.split("\n")
    return "\n".join("\\" + line if _HEADING.match(line) else line for line in lines)


def _unescape(field: str) -> str:
    lines = field.split("\n")
    return "\n".join(line[1:] if _is_escaped(line) else line for line in lines)


def _is_escaped(line: str) -> bool:
    match = _HEADING.match(line)
    return bool(match and match.group(1))


def compose(texts: CodeTexts) -> str:
    """The description to write; empty when all four fields are empty."""
    definition, *others = texts.fields()
    first_line = definition.split("\n", 1)[0]
    if not any(others) and not _HEADING.match(first_line):
        return definition
    sections = [
        f"{label}:\n{_escape(field)}" for label, field in zip(LABELS, texts.fields(), strict=True) if field
    ]
    return "\n\n".join(sections)


def split(description: str) -> CodeTexts:
    """The four fields from a description, inverse of :func:`compose`."""
    lines = description.split("\n")
    headings: list[tuple[int, int]] = []  # (line number, label index)
    for number, line in enumerate(lines):
        match = _HEADING.match(line)
        if match and not match.group(1):
            headings.append((number, LABELS.index(match.group(2))))
    order = [label for _, label in headings]
    well_formed = (
        bool(headings)
        and headings[0][0] == 0
        and order == sorted(set(order))
        and all(number > 0 and lines[number - 1] == "" for number, _ in headings[1:])
    )
    if not well_formed:
        return CodeTexts(definition=description)
    fields = ["", "", "", ""]
    for position, (number, label) in enumerate(headings):
        end = headings[position + 1][0] - 1 if position + 1 < len(headings) else len(lines)
        fields[label] = _unescape("\n".join(lines[number + 1 : end]))
    return CodeTexts(*fields)
