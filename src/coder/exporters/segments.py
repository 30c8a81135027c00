"""Segments retrieved by a query or an overview's cell, as CSV or a workbook, one row per segment.

Columns: ``source,start,end,text,codes,coders``; ``codes`` holds code paths and ``coders`` names,
each joined by ``"; "``. ``text`` is exactly the source's text from ``start`` to ``end``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from coder.domain.overview import Segment

COLUMNS = ("source", "start", "end", "text", "codes", "coders")
JOINER = "; "


def segment_rows(segments: Sequence[Segment]) -> Iterator[tuple[Any, ...]]:
    for s in segments:
        yield (s.source, s.start, s.end, s.text, JOINER.join(s.codes), JOINER.join(s.coders))


def write_segments_csv(path: Path, segments: Sequence[Segment]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(segment_rows(segments))


def _cell(value: object) -> object:
    if isinstance(value, str):
        return "".join(ch if ch in "\t\n" or ord(ch) >= 32 else f"\\x{ord(ch):02x}" for ch in value)
    return value


def write_segments_xlsx(path: Path, segments: Sequence[Segment]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("segments")
    sheet.append(list(COLUMNS))
    for row in segment_rows(segments):
        sheet.append([_cell(v) for v in row])
    book.save(path)
