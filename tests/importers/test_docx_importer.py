"""Word import: paragraphs and tables in document order, and files that are not Word documents."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document

from coder.domain.errors import InvalidInput
from coder.importers import import_file


def save(document: Document, path: Path) -> Path:
    document.save(str(path))
    return path


def test_paragraphs_and_a_table_in_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Interview 3", level=1)
    document.add_paragraph("Before the table: 中俄 and a smile 😀, e\u0301.")
    table = document.add_table(rows=2, cols=3)
    for row, values in enumerate([("Speaker", "Time", "Remark"), ("A", "00:01", "Hello")]):
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    document.add_paragraph("")
    document.add_paragraph("After the table.")
    path = save(document, tmp_path / "interview-03.docx")

    imported = import_file(path)
    assert imported.name == "interview-03.docx"
    assert imported.format == "docx"
    assert imported.text == (
        "Interview 3\n"
        "Before the table: 中俄 and a smile 😀, e\u0301.\n"
        "Speaker\tTime\tRemark\n"
        "A\t00:01\tHello\n"
        "\n"
        "After the table."
    )
    assert imported.page_starts == ()
    assert imported.original == path.read_bytes()


def test_runs_tabs_and_line_breaks_inside_a_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Bold ")
    paragraph.add_run("and italic").italic = True
    run = paragraph.add_run("\tafter a tab")
    run.add_break()
    paragraph.add_run("next line")
    imported = import_file(save(document, tmp_path / "runs.docx"))
    assert imported.text == "Bold and italic\tafter a tab\nnext line"


def test_merged_cells_are_not_repeated(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for row in range(3):
        for column in range(3):
            table.cell(row, column).text = f"r{row}c{column}"
    table.cell(0, 0).merge(table.cell(0, 1)).text = "wide"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "tall"
    imported = import_file(save(document, tmp_path / "merged.docx"))
    assert imported.text == "wide\tr0c2\nr1c0\tr1c1\ttall\nr2c0\tr2c1\t"


def test_a_table_nested_in_a_cell(tmp_path: Path) -> None:
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "outer"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "in1"
    inner.cell(0, 1).text = "in2"
    imported = import_file(save(document, tmp_path / "nested.docx"))
    # A new cell holds an empty paragraph, and Word wants one after a nested table.
    assert imported.text == "outer\t\nin1\tin2\n"


def test_document_without_text_is_empty(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("")
    document.add_paragraph("   ")
    with pytest.raises(InvalidInput) as caught:
        import_file(save(document, tmp_path / "blank.docx"))
    assert str(caught.value) == "blank.docx is empty."


def rezipped(path: Path, part: str, content: bytes | None) -> bytes:
    """The .docx at path with one part replaced (or left out, for None)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            if info.filename == part:
                if content is None:
                    continue
                target.writestr(info, content)
            else:
                target.writestr(info, source.read(info.filename))
    return buffer.getvalue()


def broken_variants(tmp_path: Path) -> dict[str, bytes]:
    document = docx.Document()
    document.add_paragraph("A valid document to break.")
    valid = save(document, tmp_path / "valid.docx")
    data = valid.read_bytes()
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    return {
        "random": os.urandom(4000),
        "cut": data[: len(data) // 2],
        "other-zip": other_zip.getvalue(),
        "no-body": rezipped(valid, "word/document.xml", None),
        "bad-xml": rezipped(valid, "word/document.xml", b"<w:document><unclosed>"),
        "wrong-xml": rezipped(valid, "word/document.xml", b"<notes/>"),
    }


@pytest.mark.parametrize("variant", ["random", "cut", "other-zip", "no-body", "bad-xml", "wrong-xml"])
def test_file_that_is_not_a_valid_docx_is_refused(tmp_path: Path, variant: str) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(broken_variants(tmp_path)[variant])
    with pytest.raises(InvalidInput) as caught:
        import_file(path)
    assert str(caught.value) == (
        "broken.docx is not a readable Word document (.docx); it may be damaged or in another format."
    )
