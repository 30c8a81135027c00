"""Bad input: exit 1, one line 'coder: error: ...', and the project exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest


@pytest.fixture
def project(tmp_path: Path, cli: Callable) -> Path:
    """A project that already holds a source, a code, a coder and a coding."""
    path = tmp_path / "p.coder"
    book = tmp_path / "book.yaml"
    book.write_text("codes:\n  - name: Trust\n", encoding="utf-8")
    assert cli("init", path, "--codebook", book).code == 0
    text = tmp_path / "good.txt"
    text.write_text("Mutual trust between the armies grew.", encoding="utf-8")
    assert cli("--project", path, "import", text).code == 0
    rows = tmp_path / "ok.csv"
    rows.write_text("source,coder,code,start,end\ngood.txt,Ana,Trust,0,12\n", encoding="utf-8")
    assert cli("--project", path, "codings", "import", rows).code == 0
    return path


def _pdf(path: Path, text: str | None = "Some text") -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    if text is None:
        page.draw_rect(pymupdf.Rect(50, 50, 200, 200), color=(0, 0, 0), fill=(0.5, 0.5, 0.5))
    else:
        page.insert_text((72, 72), text)
    doc.save(path)
    return path


def _binary_txt(tmp: Path) -> list[str | Path]:
    path = tmp / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    return ["import", tmp / "fine.txt", path]


def _empty(tmp: Path) -> list[str | Path]:
    (tmp / "empty.txt").write_bytes(b"")
    return ["import", tmp / "empty.txt"]


def _truncated_pdf(tmp: Path) -> list[str | Path]:
    whole = _pdf(tmp / "whole.pdf").read_bytes()
    (tmp / "cut.pdf").write_bytes(whole[: len(whole) // 2])
    return ["import", tmp / "fine.txt", tmp / "cut.pdf"]


def _pdf_without_text(tmp: Path) -> list[str | Path]:
    return ["import", _pdf(tmp / "scan.pdf", None)]


def _encrypted_pdf(tmp: Path) -> list[str | Path]:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret")
    doc.save(tmp / "locked.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    return ["import", tmp / "locked.pdf"]


def _malformed_yaml(tmp: Path) -> list[str | Path]:
    (tmp / "bad.yaml").write_text("codes:\n  - name: A\n   colour: [unclosed\n", encoding="utf-8")
    return ["codebook", "load", tmp / "bad.yaml"]


def _unknown_code(tmp: Path) -> list[str | Path]:
    (tmp / "c.csv").write_text("source,coder,code,start,end\ngood.txt,Ana,Nope,0,4\n", encoding="utf-8")
    return ["codings", "import", tmp / "c.csv"]


def _past_the_end(tmp: Path) -> list[str | Path]:
    (tmp / "c.csv").write_text(
        "source,coder,code,start,end\ngood.txt,Ben,Trust,0,4\ngood.txt,Ben,Trust,30,999\n", encoding="utf-8"
    )
    return ["codings", "import", tmp / "c.csv"]


def _start_not_before_end(tmp: Path) -> list[str | Path]:
    (tmp / "c.csv").write_text("source,coder,code,start,end\ngood.txt,Ana,Trust,5,5\n", encoding="utf-8")
    return ["codings", "import", tmp / "c.csv"]


def _duplicate_name(tmp: Path) -> list[str | Path]:
    other = tmp / "again"
    other.mkdir()
    (other / "good.txt").write_text("different text", encoding="utf-8")
    return ["import", tmp / "fine.txt", other / "good.txt"]


def _missing_file(tmp: Path) -> list[str | Path]:
    return ["import", tmp / "fine.txt", tmp / "nowhere.txt"]


CASES: dict[str, tuple[Callable[[Path], list[str | Path]], str]] = {
    "binary file named .txt": (_binary_txt, "image.txt"),
    "empty file": (_empty, "empty"),
    "truncated PDF": (_truncated_pdf, "cut.pdf"),
    "PDF without text": (_pdf_without_text, "text"),
    "encrypted PDF": (_encrypted_pdf, "password"),
    "malformed YAML": (_malformed_yaml, "line 3"),
    "unknown code": (_unknown_code, "Nope"),
    "offset past the end": (_past_the_end, "line 3"),
    "start not before end": (_start_not_before_end, "line 2"),
    "duplicate source name": (_duplicate_name, "good.txt"),
    "missing file": (_missing_file, "nowhere.txt"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_changes_nothing(
    case: str, tmp_path: Path, project: Path, cli: Callable, snapshot: Callable
) -> None:
    make, expected = CASES[case]
    (tmp_path / "fine.txt").write_text("A perfectly good file.", encoding="utf-8")
    args = make(tmp_path)
    before = snapshot(project)
    result = cli("--project", project, *args)
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("coder: error: ") and expected in lines[0]
    assert "Traceback" not in result.err
    assert snapshot(project) == before


def test_text_file_as_project_is_refused(tmp_path: Path, cli: Callable) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a project", encoding="utf-8")
    result = cli("--project", path, "sources")
    assert (
        result.code == 1 and result.err.startswith("coder: error: ") and "not a coder project" in result.err
    )
    assert path.read_text(encoding="utf-8") == "not a project"


def test_other_sqlite_database_as_project_is_refused(tmp_path: Path, cli: Callable) -> None:
    import sqlite3

    path = tmp_path / "app.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE things (x)")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    result = cli("--project", path, "import", tmp_path)
    assert result.code == 1 and "not a coder project" in result.err
    assert path.read_bytes() == before
