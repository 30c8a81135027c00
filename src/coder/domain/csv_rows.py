"""Reading CSV text strictly (RFC 4180), so that a damaged file is refused instead of misread.

Fields are separated by commas and records by line breaks (``\\r\\n``, ``\\n`` or ``\\r``). A field
that holds a comma, a quote or a line break is written in double quotes, a quote inside it doubled.
Refused, each with the line where the problem starts: a quote that is never closed (a lenient reader
would swallow every following row into one field), text between a closing quote and the next comma,
a quote inside a field that does not start with one, a NUL character, a column named twice in the
header row, and a row whose number of fields differs from the header's. Empty lines are skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate, repeat

from coder.domain.errors import InvalidInput, shorten

_BREAK = re.compile(r"\r\n?|\n")
_SPLIT = re.compile(r"(\r\n?|\n)")
_PLAIN = re.compile(r'[^,"\r\n]*')


@dataclass(frozen=True, slots=True)
class CsvTable:
    """The header row's column names (stripped) and every other row with the line it starts on."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]

    def records(self) -> list[tuple[int, dict[str, str]]]:
        """Each row as a mapping from column name to field."""
        return [(line, dict(zip(self.header, fields, strict=True))) for line, fields in self.rows]


def read_table(text: str, name: str) -> CsvTable:
    """The header and rows of the CSV ``text``; ``name`` starts every error message."""
    nul = text.find("\x00")
    if nul >= 0:
        raise InvalidInput(
            f"{name}, line {_line_of(text, nul)}: the file contains a NUL character, so it is not a "
            "text CSV file; save it again as CSV UTF-8"
        )
    records = _records(text, name)
    if not records:
        return CsvTable((), ())
    header = _header(records[0][1], records[0][0], name)
    for line, fields in records[1:]:
        if len(fields) != len(header):
            raise _wrong_width(name, line, len(fields), len(header))
    return CsvTable(header, tuple(records[1:]))


@dataclass(frozen=True, slots=True)
class CsvColumns:
    """The header row's column names (stripped) and the fields of every other row, column by column."""

    header: tuple[str, ...]
    columns: tuple[list[str], ...]  # one list per header column, each with a field of every row
    count: int  # how many rows
    lines: list[int] | None  # the line each row starts on; None: row n is on line n + 2

    def line(self, row: int) -> int:
        """The line of the file where row ``row`` (0-based) starts."""
        return row + 2 if self.lines is None else self.lines[row]


def read_columns(text: str, name: str) -> CsvColumns:
    """:func:`read_table` column by column, with the same refusals.

    The usual file (no quotes, no carriage returns, no empty lines) is split and checked by a few
    passes over the whole text, in C, rather than row by row: a million rows take a fraction of a
    second.
    """
    plain = text[:-1] if text.endswith("\n") else text
    odd = '"' in plain or "\r" in plain or "\x00" in plain or "\n\n" in plain
    if odd or not plain or plain[0] == "\n" or plain[-1] == "\n":
        table = read_table(text, name)
        width = len(table.header)
        columns = tuple(map(list, zip(*(fields for _, fields in table.rows), strict=True)))
        lines = [line for line, _ in table.rows]
        return CsvColumns(table.header, columns or tuple([] for _ in range(width)), len(lines), lines)
    first, _, body = plain.partition("\n")
    header = _header(tuple(first.split(",")), 1, name)
    width = len(header)
    if not body:
        return CsvColumns(header, tuple([] for _ in range(width)), 0, None)
    rows = body.split("\n")
    commas = set(map(str.count, rows, repeat(",")))
    if commas != {width - 1}:
        row = next(row for row, line in enumerate(rows) if line.count(",") != width - 1)
        raise _wrong_width(name, row + 2, rows[row].count(",") + 1, width)
    fields = body.replace("\n", ",").split(",")
    return CsvColumns(header, tuple(fields[column::width] for column in range(width)), len(rows), None)


def _header(fields: tuple[str, ...], line: int, name: str) -> tuple[str, ...]:
    header = tuple(field.strip() for field in fields)
    seen: set[str] = set()
    for column in header:
        if column in seen:
            raise InvalidInput(
                f"{name}, line {line}: the column '{shorten(column)}' appears twice in the "
                "header row; keep one of them"
            )
        seen.add(column)
    return header


def _wrong_width(name: str, line: int, fields: int, width: int) -> InvalidInput:
    return InvalidInput(
        f"{name}, line {line}: the row has {fields} field(s) but the header row has "
        f"{width} columns; check the commas and quotes of this row"
    )


def _line_of(text: str, index: int) -> int:
    return len(_BREAK.findall(text, 0, index)) + 1


def _breaks(value: str) -> int:
    return value.count("\n") + value.count("\r") - value.count("\r\n")


def _records(text: str, name: str) -> list[tuple[int, tuple[str, ...]]]:
    if '"' not in text:  # the usual file: every row on one line, split at its commas
        lines = text.split("\n") if "\r" not in text else _BREAK.split(text)
        return [(number, tuple(line.split(","))) for number, line in enumerate(lines, 1) if line]
    pieces = _SPLIT.split(text)  # line, break, line, break, ..., line
    lines = pieces[0::2]
    starts = list(accumulate(map(len, pieces), initial=0))  # where each piece starts in the text
    records: list[tuple[int, tuple[str, ...]]] = []
    next_line = 0  # the first line not taken by a quoted field that spans lines
    for index, line in enumerate(lines):
        if index < next_line or not line:
            continue
        if '"' not in line:
            records.append((index + 1, tuple(line.split(","))))
            continue
        fields, end = _quoted_record(text, starts[2 * index], index + 1, name)
        records.append((index + 1, fields))
        next_line = (bisect_left(starts, end) + 1) // 2
    return records


def _quoted_record(text: str, position: int, line: int, name: str) -> tuple[tuple[str, ...], int]:
    """One record that has quotes, starting on ``line``; its fields and where the next record starts."""
    fields: list[str] = []
    size = len(text)
    while True:
        if position < size and text[position] == '"':
            opened = line
            close = position + 1
            while True:
                close = text.find('"', close)
                if close < 0:
                    raise InvalidInput(
                        f"{name}, line {opened}: a quote opens a field here and is never closed; "
                        "close it, or double a quote that belongs to the text"
                    )
                if text.startswith('"', close + 1):
                    close += 2
                    continue
                break
            raw = text[position + 1 : close]
            line += _breaks(raw)
            fields.append(raw.replace('""', '"'))
            position = close + 1
            if position < size and text[position] not in ",\r\n":
                where = f"line {opened}" if opened == line else f"line {opened} (it closes on line {line})"
                raise InvalidInput(
                    f"{name}, {where}: a quoted field is followed by more text before the next comma; "
                    "a quote is probably missing or not doubled"
                )
        else:
            plain = _PLAIN.match(text, position)
            assert plain is not None  # the pattern matches the empty string
            fields.append(plain.group())
            position = plain.end()
            if position < size and text[position] == '"':
                raise InvalidInput(
                    f"{name}, line {line}: a quote stands inside a field that does not start with one; "
                    "put the whole field in quotes and double the quote"
                )
        if position >= size:
            return tuple(fields), position
        if text[position] == ",":
            position += 1
            continue
        found = _BREAK.match(text, position)
        assert found is not None
        return tuple(fields), found.end()
