"""No exported cell becomes a formula: CSV text cells are defused, workbook text cells are strings."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coder.analysis.agreement import AgreementInput, CodeRef, SourceSpans, compute_agreement
from coder.analysis.report_csv import to_csv
from coder.domain.model import CodeSpec
from coder.domain.spreadsheet import csv_text
from coder.exporters.spans import SpanRow, write_csv, write_xlsx

HOSTILE = ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_text_that_could_start_a_formula_gets_a_quote(text: str) -> None:
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Trust", "", " =1", "a=b", "'quoted", "1+1", "中俄"])
def test_other_text_is_unchanged(text: str) -> None:
    assert csv_text(text) == text


def _rows() -> list[SpanRow]:
    return [
        SpanRow("=cmd|' /C calc'!A0", "@ann", "+code", "-top/+code", 3, 9, "=1+1", "-memo"),
        SpanRow("plain.txt", "Bob", "Trust", "Trust", 0, 5, "Hello", ""),
    ]


def test_spans_csv_defuses_text_cells_and_keeps_numbers(tmp_path: Path) -> None:
    path = tmp_path / "spans.csv"
    write_csv(path, _rows())
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1] == ["'=cmd|' /C calc'!A0", "'@ann", "'+code", "'-top/+code", "3", "9", "'=1+1", "'-memo"]
    assert rows[2] == ["plain.txt", "Bob", "Trust", "Trust", "0", "5", "Hello", ""]


def test_the_workbook_stores_every_text_as_a_string_and_numbers_as_numbers(tmp_path: Path) -> None:
    path = tmp_path / "spans.xlsx"
    codebook = [CodeSpec(path=("-top",), definition="=2*3"), CodeSpec(path=("-top", "+code"), example="@x")]
    write_xlsx(path, _rows(), codebook)
    book = load_workbook(path)
    first = [(cell.value, cell.data_type) for cell in book["codings"][2]]
    assert first == [
        ("=cmd|' /C calc'!A0", "s"),
        ("@ann", "s"),
        ("+code", "s"),
        ("-top/+code", "s"),
        (3, "n"),
        (9, "n"),
        ("=1+1", "s"),
        ("-memo", "s"),
    ]
    cells = [cell for row in book["codebook"].iter_rows() for cell in row if cell.value]
    assert all(cell.data_type == "s" for cell in cells)
    assert [cell.value for cell in book["codebook"][2]][:3] == ["-top", None, "=2*3"]


def test_the_agreement_csv_defuses_names_but_not_negative_figures() -> None:
    code = CodeRef("k", "=Entrapment", "@Dynamics/=Entrapment")
    codings = [("A", "k", 0, 10), ("B", "k", 10, 20)]  # no overlap: kappa below zero
    result = compute_agreement(AgreementInput([SourceSpans("+talk.txt", 20, codings)], ["A", "B"], [code]))
    rows = list(csv.DictReader(to_csv(result).splitlines()))
    assert [(r["code"], r["code_path"], r["source"]) for r in rows] == [
        ("'=Entrapment", "'@Dynamics/=Entrapment", "'+talk.txt"),
        ("'=Entrapment", "'@Dynamics/=Entrapment", "(all sources)"),
    ]
    assert float(rows[0]["cohen_kappa"]) < 0 and rows[0]["cohen_kappa"].startswith("-")
