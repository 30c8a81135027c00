"""The study corpus imports faithfully (read at run time from ../shared/corpus, never copied)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coder.domain.model import ImportedText
from coder.domain.pdf_positions import EXTRACTION_LINES
from coder.importers import import_file
from coder.importers.pdf import PdfPages

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
ARTICLE = "you-wu-2024-sino-russian-military-cooperation"
NEWS = "wapo-2022-china-russia-military-relationship"
FILES = [
    f"{ARTICLE}.md",
    f"{ARTICLE}.pdf",
    f"{ARTICLE}.docx",
    f"{NEWS}.txt",
    f"{NEWS}.pdf",
    f"{NEWS}.docx",
]

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(
        not CORPUS.is_dir(),
        reason="../shared/corpus is not present: the study corpus is only available to the developers and CI",
    ),
]

# Pandoc and the browser turn straight quotes into curly ones and some spaces into no-break
# spaces; a PDF breaks lines (and hyphenated words) where the page ends.
_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\xa0": " "})
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")
_MARKUP = re.compile(r"[<>*\[\]#_`]|--|\.\.\.")


def imported(name: str) -> ImportedText:
    return import_file(CORPUS / name)


def lines_text(name: str) -> str:
    """The text of the first PDF extraction ("pdf-lines-1"), which older sources hold."""
    pages = PdfPages(name, (CORPUS / name).read_bytes(), EXTRACTION_LINES)
    try:
        for _ in pages.read():
            pass
        return pages.text
    finally:
        pages.close()


def plain_paragraphs(text: str, longer_than: int) -> list[str]:
    """Long lines of the file without any Markdown markup, which every format renders alike."""
    return [line for line in text.split("\n") if len(line) > longer_than and not _MARKUP.search(line)]


def folded(text: str) -> str:
    return "".join(text.translate(_TYPOGRAPHY).split())


def markdown() -> str:
    return (CORPUS / f"{ARTICLE}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", FILES)
def test_every_corpus_file_imports(name: str) -> None:
    result = imported(name)
    assert result.name == name
    assert result.format == name.rsplit(".", 1)[1]
    assert "\r" not in result.text
    assert len(result.text) > 5000


def test_markdown_is_the_file_text_with_line_feeds() -> None:
    raw = (CORPUS / f"{ARTICLE}.md").read_bytes()
    expected = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    assert imported(f"{ARTICLE}.md").text == expected


def test_plain_text_is_the_file_text_with_line_feeds() -> None:
    raw = (CORPUS / f"{NEWS}.txt").read_bytes()
    expected = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    assert imported(f"{NEWS}.txt").text == expected


def test_article_pdf_pages() -> None:
    result = imported(f"{ARTICLE}.pdf")
    # The corpus README says 21 pages; the file's page tree holds 25.
    assert len(result.page_starts) == 25
    assert result.page_starts[0] == 0
    assert list(result.page_starts) == sorted(set(result.page_starts))  # no page is empty
    assert result.page_starts[-1] < len(result.text)
    assert result.original == (CORPUS / f"{ARTICLE}.pdf").read_bytes()
    for start in result.page_starts[1:]:
        assert result.text[start - 1] == "\n"


def test_article_pdf_keeps_the_chinese_names_of_the_references() -> None:
    names = set(_CJK_RUN.findall(markdown()))
    assert len(names) >= 20
    text = imported(f"{ARTICLE}.pdf").text
    # A few run over the end of a line in the PDF; all are there once line breaks are ignored.
    assert sum(name in text for name in names) >= 0.9 * len(names)
    assert all(name in folded(text) for name in names)


def test_article_pdf_is_in_reading_order_in_the_first_extraction() -> None:
    paragraphs = [folded(p) for p in plain_paragraphs(markdown(), 150)]
    assert len(paragraphs) >= 10
    text = folded(lines_text(f"{ARTICLE}.pdf"))
    positions = [text.find(paragraph) for paragraph in paragraphs]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_article_docx_holds_the_paragraphs_of_the_markdown() -> None:
    paragraphs = [p.translate(_TYPOGRAPHY) for p in plain_paragraphs(markdown(), 150)]
    assert len(paragraphs) >= 10
    text = imported(f"{ARTICLE}.docx").text.translate(_TYPOGRAPHY)
    assert [p for p in paragraphs if p not in text] == []
    assert all(name in text for name in _CJK_RUN.findall(markdown()))


def test_news_pdf_and_docx_hold_the_paragraphs_of_the_text() -> None:
    news = imported(f"{NEWS}.txt").text
    paragraphs = plain_paragraphs(news, 100)
    assert len(paragraphs) >= 20
    pdf = imported(f"{NEWS}.pdf")
    assert len(pdf.page_starts) == 3
    pdf_text = folded(pdf.text)
    positions = [pdf_text.find(folded(p)) for p in paragraphs]
    assert -1 not in positions and positions == sorted(positions)
    docx_text = imported(f"{NEWS}.docx").text.translate(_TYPOGRAPHY)
    assert [p for p in paragraphs if p.translate(_TYPOGRAPHY) not in docx_text] == []


# ---------------------------------------------------------------------- the reading text (new imports)

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_NOTE = re.compile(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]+ ")


def page_paragraphs(result: ImportedText) -> list[list[str]]:
    ends = [*result.page_starts[1:], len(result.text)]
    return [
        result.text[s:e].rstrip("\n").split("\n\n") for s, e in zip(result.page_starts, ends, strict=True)
    ]


def test_article_reading_text_holds_every_paragraph_in_order() -> None:
    # Footnotes now close their page, so a paragraph that runs onto the next page goes on after them.
    paragraphs = [folded(p) for p in plain_paragraphs(markdown(), 150)]
    assert len(paragraphs) >= 10
    pages = page_paragraphs(imported(f"{ARTICLE}.pdf"))
    body = folded("".join(p for page in pages for p in page if not _NOTE.match(p)))
    positions = [body.find(paragraph) for paragraph in paragraphs]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_article_abstract_reads_as_one_paragraph_without_a_line_break() -> None:
    lines = markdown().split("\n")
    abstract = lines[lines.index("## ABSTRACT") + 2]
    assert len(abstract) > 1000
    text = imported(f"{ARTICLE}.pdf").text.translate(_TYPOGRAPHY)
    assert f"ABSTRACT\n\n{abstract.translate(_TYPOGRAPHY)}\n" in text


def test_article_footnote_marks_stand_apart_from_their_words() -> None:
    marks = re.findall(r"(\w+[.,;:)’”']?)<sup>(\d+)</sup>", markdown())
    assert len(marks) >= 80
    text = imported(f"{ARTICLE}.pdf").text.translate(_TYPOGRAPHY)
    missing = [
        (w, n) for w, n in marks if f"{w}{n.translate(_SUPERSCRIPT)}".translate(_TYPOGRAPHY) not in text
    ]
    assert missing == []
    assert "spotlight.¹ NATO" in text


def test_article_footnotes_close_their_page_in_order() -> None:
    numbers: list[str] = []
    for page in page_paragraphs(imported(f"{ARTICLE}.pdf")):
        notes = [bool(_NOTE.match(p)) for p in page]
        first = notes.index(True) if True in notes else len(notes)
        assert all(notes[first:]), "a page's footnotes come after all its other paragraphs"
        numbers += [p.split(" ", 1)[0] for p in page[first:]]
    assert numbers == [str(n).translate(_SUPERSCRIPT) for n in range(1, len(numbers) + 1)]
    assert len(numbers) >= 90


def test_article_sentence_cut_by_notes_in_the_page_flow_goes_on() -> None:
    text = imported(f"{ARTICLE}.pdf").text
    assert "weapons systems.² For instance, Sino-Russian naval exercises" in text
