"""Coded spans as CSV or an Excel workbook, one row per coding.

No text becomes a formula: in CSV a text cell that starts like one gets a single quote in front
(:func:`coder.domain.spreadsheet.csv_text`); in the workbook every text cell is stored as a string
cell, exactly as written. Offsets are numbers in both.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coder.domain.model import CodeSpec
from coder.domain.spreadsheet import csv_text

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

COLUMNS = ("source", "coder", "code", "code_path", "start", "end", "text", "memo")
CODEBOOK_COLUMNS = ("code_path", "colour", "definition", "when_to_use", "when_not_to_use", "example")


@dataclass(frozen=True, slots=True)
class SpanRow:
    source: str
    coder: str
    code: str
    code_path: str
    start: int
    end: int
    text: str
    memo: str


def sort_key(row: SpanRow) -> tuple[str, int, int, str, str]:
    return (row.source, row.start, row.end, row.code_path, row.coder)


def write_csv(path: Path, rows: Iterable[SpanRow]) -> None:
    """Write rows as they come: memory does not grow with their number."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([csv_text(v) if isinstance(v, str) else v for v in astuple(row)])


def _cell(sheet: WriteOnlyWorksheet, value: object) -> object:
    if not isinstance(value, str):
        return value
    from openpyxl.cell import WriteOnlyCell

    # openpyxl refuses some control characters; they are rare in sources but kept visible.
    text = "".join(ch if ch in "\t\n" or ord(ch) >= 32 else f"\\x{ord(ch):02x}" for ch in value)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl would store a text starting with '=' as a formula
    return cell


def write_xlsx(path: Path, rows: Iterable[SpanRow], codebook: Sequence[CodeSpec]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    spans = book.create_sheet("codings")
    spans.append([_cell(spans, v) for v in COLUMNS])
    for row in rows:
        spans.append([_cell(spans, v) for v in astuple(row)])
    codes = book.create_sheet("codebook")
    codes.append([_cell(codes, v) for v in CODEBOOK_COLUMNS])
    for spec in codebook:
        codes.append(
            [
                _cell(codes, v)
                for v in (
                    "/".join(spec.path),
                    spec.colour or "",
                    spec.definition,
                    spec.when_to_use,
                    spec.when_not_to_use,
                    spec.example,
                )
            ]
        )
    book.save(path)
