"""Limits on what a PDF may hold, checked before it is read whole; each refusal is one sentence."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from coder.domain.errors import InvalidInput
from coder.importers import import_file, pdf_document


def small_pdf(path: Path, pages: int, text: str = "A line of thirty characters ok") -> Path:
    document = pymupdf.open()
    for _ in range(pages):
        document.new_page().insert_text((72, 72), text)
    document.save(path, garbage=0, deflate=False)
    return path


def tiny_glyphs(path: Path, rows: int) -> Path:
    """One page that draws 200 tiny characters per row: a small file that holds a great many."""
    document = pymupdf.open()
    page = document.new_page()
    page.insert_text((10, 10), "x", fontsize=1)
    font = page.get_fonts()[0][4]
    row = "(" + "abcdefghij" * 20 + ") Tj 0 -0.1 Td\n"
    document.update_stream(page.get_contents()[0], f"BT /{font} 0.1 Tf 10 800 Td\n{row * rows}ET\n".encode())
    document.save(path, deflate=True, garbage=3)
    return path


@pytest.fixture
def pages_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The numbers of the pages whose text was read."""
    read: list[int] = []
    original = pymupdf.Page.get_text

    def counting(page: pymupdf.Page, *args: object, **kwargs: object) -> object:
        read.append(page.number)
        return original(page, *args, **kwargs)

    monkeypatch.setattr(pymupdf.Page, "get_text", counting)
    return read


def test_a_page_of_tiny_glyphs_is_refused_before_its_text_is_read(
    tmp_path: Path, pages_read: list[int]
) -> None:
    path = tiny_glyphs(tmp_path / "tiny.pdf", 1000)  # 200,000 characters in a file of a few kilobytes
    assert path.stat().st_size < 20_000
    with pytest.raises(InvalidInput) as caught:
        import_file(path)
    assert str(caught.value) == (
        "page 1 of tiny.pdf draws more than 100,000 characters, more than coder reads on one page; "
        "remove that page or import the text another way."
    )
    assert pages_read == []


def test_too_many_characters_stop_the_reading_at_the_page_past_the_limit(
    tmp_path: Path, pages_read: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_document, "MAX_CHARACTERS", 50)
    with pytest.raises(InvalidInput) as caught:
        import_file(small_pdf(tmp_path / "long.pdf", 5))
    assert str(caught.value) == (
        "long.pdf holds more than 50 characters, more than coder keeps in one source; "
        "split it into parts and import those."
    )
    assert pages_read == [0, 1]


def test_too_many_pages_are_refused_before_any_is_read(
    tmp_path: Path, pages_read: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_document, "MAX_PAGES", 3)
    with pytest.raises(InvalidInput) as caught:
        import_file(small_pdf(tmp_path / "book.pdf", 4))
    assert (
        str(caught.value)
        == "book.pdf has 4 pages, more than the 3 coder reads; split it into parts and import those."
    )
    assert pages_read == []


def test_a_page_with_too_much_drawing_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_document, "MAX_PAGE_CONTENT", 2 * 1024 * 1024)
    with pytest.raises(InvalidInput) as caught:
        import_file(tiny_glyphs(tmp_path / "drawing.pdf", 12_000))  # about 2.6 MB of instructions
    assert str(caught.value) == (
        "page 1 of drawing.pdf holds more drawing than coder reads (over 2 MB); "
        "remove that page or import the text another way."
    )


def test_the_limits_leave_ordinary_pages_alone(tmp_path: Path) -> None:
    path = tiny_glyphs(tmp_path / "dense.pdf", 400)  # 80,000 characters on one page
    assert len(import_file(path).text) > 79_000


@pytest.mark.parametrize("count", [b"6000", b"99999999", b"-5"])
def test_a_page_count_mupdf_rejects_is_refused_in_one_sentence(tmp_path: Path, count: bytes) -> None:
    data = small_pdf(tmp_path / "whole.pdf", 3).read_bytes()
    assert b"/Count 3" in data
    (tmp_path / "count.pdf").write_bytes(data.replace(b"/Count 3", b"/Count " + count))
    with pytest.raises(InvalidInput) as caught:
        import_file(tmp_path / "count.pdf")
    assert str(caught.value) == "count.pdf is not a readable PDF (it may be damaged or incomplete)."


def test_a_cycle_in_the_page_tree_is_refused_in_one_sentence(tmp_path: Path) -> None:
    data = small_pdf(tmp_path / "whole.pdf", 3).read_bytes()
    kids = data[data.index(b"/Kids[") : data.index(b"]", data.index(b"/Kids["))]
    (tmp_path / "cycle.pdf").write_bytes(data.replace(kids, b"/Kids[2 0 R" + kids[kids.index(b" 0 R") + 4 :]))
    with pytest.raises(InvalidInput) as caught:
        import_file(tmp_path / "cycle.pdf")
    assert str(caught.value) == "cycle.pdf is not a readable PDF (it may be damaged or incomplete)."
