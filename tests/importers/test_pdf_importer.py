"""PDF import: text page by page, page offsets, and the PDFs that cannot be imported.

New sources get the reading text ("pdf-reading-1"); the line-for-line text of the first
extraction ("pdf-lines-1") stays readable for the sources it made, so both are tested here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from coder.domain.errors import InvalidInput
from coder.domain.pdf_positions import EXTRACTION_LINES, EXTRACTION_READING
from coder.domain.text import normalise
from coder.importers import import_file
from coder.importers.pdf import PdfPages
from pdf_samples import lines_pdf as make_pdf


def lines_text(path: Path) -> tuple[str, tuple[int, ...]]:
    """The text and page starts that the first extraction ("pdf-lines-1") makes of a file."""
    pages = PdfPages(path.name, path.read_bytes(), EXTRACTION_LINES)
    try:
        for _ in pages.read():
            pass
        return pages.text, pages.page_starts
    finally:
        pages.close()


def report_pdf(tmp_path: Path) -> Path:
    return make_pdf(
        tmp_path / "report.pdf",
        [
            [("First page, line one.", "helv"), ("First page, line two.", "helv")],
            [("Second page.", "helv")],
            [("Third page.", "tiro")],
        ],
    )


def test_pages_are_joined_with_their_start_offsets(tmp_path: Path) -> None:
    path = report_pdf(tmp_path)
    imported = import_file(path)
    assert imported.name == "report.pdf"
    assert imported.format == "pdf"
    assert imported.extraction == EXTRACTION_READING
    # the two lines of page 1 are one paragraph
    assert imported.text == "First page, line one. First page, line two.\nSecond page.\nThird page.\n"
    assert imported.page_starts == (0, 44, 57)
    assert imported.text[57:] == "Third page.\n"
    assert imported.original == path.read_bytes()


def test_first_extraction_joins_pages_line_for_line(tmp_path: Path) -> None:
    path = report_pdf(tmp_path)
    text, starts = lines_text(path)
    assert text == "First page, line one.\nFirst page, line two.\nSecond page.\nThird page.\n"
    assert starts == (0, 44, 57)
    assert text[57:] == "Third page.\n"
    document = pymupdf.open(path)
    assert text == "".join(normalise(page.get_text("text", sort=False)) for page in document)


def cjk_pdf(tmp_path: Path) -> Path:
    return make_pdf(
        tmp_path / "cjk.pdf",
        [
            [("Fu Ying", "helv"), ("傅莹：中俄关系", "china-s")],
            [("閻明復", "china-t"), ("日本語のテキスト", "japan")],
        ],
    )


def test_chinese_characters_come_back_intact(tmp_path: Path) -> None:
    imported = import_file(cjk_pdf(tmp_path))
    # a line of Chinese joins the next without a space, a Latin one with a space
    assert imported.text == "Fu Ying 傅莹：中俄关系\n閻明復日本語のテキスト\n"
    assert imported.page_starts == (0, 16)


def test_first_extraction_keeps_chinese_characters_line_for_line(tmp_path: Path) -> None:
    text, starts = lines_text(cjk_pdf(tmp_path))
    assert text == "Fu Ying\n傅莹：中俄关系\n閻明復\n日本語のテキスト\n"
    assert starts == (0, 16)


def test_a_page_without_text_adds_nothing(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "gap.pdf", [[("Before.", "helv")], [], [("After.", "helv")]])
    imported = import_file(path)
    assert imported.text == "Before.\nAfter.\n"
    assert imported.page_starts == (0, 8, 8)


def test_stored_text_is_already_normalised(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "a.pdf", [[("one", "helv")], [("two", "helv")]])
    text = import_file(path).text
    assert normalise(text) == text


def test_only_an_owner_password_does_not_stop_import(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "locked-editing.pdf",
        [[("Readable by anyone.", "helv")]],
        encryption=pymupdf.PDF_ENCRYPT_AES_256,
        owner_pw="owner",
        user_pw="",
    )
    assert import_file(path).text == "Readable by anyone.\n"


def test_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "secret.pdf",
        [[("Hidden.", "helv")]],
        encryption=pymupdf.PDF_ENCRYPT_AES_256,
        user_pw="x",
        owner_pw="y",
    )
    with pytest.raises(InvalidInput) as caught:
        import_file(path)
    assert str(caught.value).startswith("secret.pdf is protected by a password; ")


def test_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    document = pymupdf.open()
    document.new_page().draw_rect(pymupdf.Rect(50, 50, 300, 300), color=(0, 0, 0), fill=(0.5, 0.5, 0.5))
    document.new_page()
    document.save(tmp_path / "scan.pdf")
    with pytest.raises(InvalidInput) as caught:
        import_file(tmp_path / "scan.pdf")
    assert str(caught.value).startswith("scan.pdf has no text layer (it may be a scan); ")


def many_pages(path: Path) -> bytes:
    make_pdf(path, [[(f"Page {n} says hello.", "helv")] for n in range(1, 21)], garbage=0, deflate=False)
    return path.read_bytes()


def cut_off(tmp_path: Path, share: float) -> Path:
    data = many_pages(tmp_path / "whole.pdf")
    path = tmp_path / f"cut-{share}.pdf"
    path.write_bytes(data[: int(len(data) * share)])
    return path


def damaged_in_the_middle(tmp_path: Path) -> Path:
    # Overwriting the middle keeps the cross-reference table valid: MuPDF opens the file
    # and, reading the damaged pages, prints "MuPDF error: syntax error ...".
    data = many_pages(tmp_path / "whole.pdf")
    middle = len(data) // 2
    path = tmp_path / "damaged.pdf"
    path.write_bytes(data[:middle] + b"#" * 400 + data[middle + 400 :])
    return path


@pytest.mark.parametrize("share", [0.5, 0.3, 0.9])
def test_truncated_pdf_is_refused(tmp_path: Path, share: float) -> None:
    # MuPDF repairs some of these cut-off files and would hand back a document with pages
    # missing their text.
    path = cut_off(tmp_path, share)
    with pytest.raises(InvalidInput) as caught:
        import_file(path)
    assert str(caught.value) == f"{path.name} is not a readable PDF (it may be damaged or incomplete)."


def test_damaged_pdf_is_read_as_far_as_mupdf_can(tmp_path: Path) -> None:
    imported = import_file(damaged_in_the_middle(tmp_path))
    assert imported.text.startswith("Page 1 says hello.\nPage 2 says hello.\n")
    assert len(imported.page_starts) == 20


def test_mupdf_messages_do_not_reach_the_terminal(tmp_path: Path) -> None:
    # PyMuPDF prints to the sys.stdout it saw when first imported, out of pytest's reach:
    # the import runs in a fresh interpreter.
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from coder.domain.errors import InvalidInput\n"
        "from coder.importers import import_file\n"
        "import_file(Path(sys.argv[1]))\n"
        "try:\n"
        "    import_file(Path(sys.argv[2]))\n"
        "except InvalidInput:\n"
        "    pass\n"
    )
    damaged, cut = damaged_in_the_middle(tmp_path), cut_off(tmp_path, 0.5)
    done = subprocess.run(
        [sys.executable, "-c", script, str(damaged), str(cut)], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_half_of_a_small_pdf_is_refused(tmp_path: Path) -> None:
    data = make_pdf(tmp_path / "whole.pdf", [[("Short.", "helv")]]).read_bytes()
    (tmp_path / "half.pdf").write_bytes(data[: len(data) // 2])
    with pytest.raises(InvalidInput, match=r"^half\.pdf is not a readable PDF"):
        import_file(tmp_path / "half.pdf")


def test_text_named_pdf_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_text("These are notes, not a PDF.", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"^notes\.pdf is not a readable PDF"):
        import_file(tmp_path / "notes.pdf")


def test_empty_pdf_file_is_refused_as_empty(tmp_path: Path) -> None:
    (tmp_path / "zero.pdf").write_bytes(b"")
    with pytest.raises(InvalidInput, match=r"^zero\.pdf is empty\.$"):
        import_file(tmp_path / "zero.pdf")
