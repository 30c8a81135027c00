"""The reading text of a PDF: columns in order, paragraphs joined, headers out, footnotes last."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from coder.domain.pdf_positions import EXTRACTION_READING
from coder.importers import import_file
from coder.importers.pdf import PageMismatch, PdfPages
from coder.importers.pdf_layout import PageLayout, Paragraph
from coder.importers.pdf_reading import DocumentFacts, render_page
from coder.importers.pdf_spans import Line, Span, TextBuilder
from pdf_samples import LEFT, Run, draw_line, draw_lines, html_pdf, lines_pdf, mark, two_column_article

PAGE_1 = (
    "Patrols and Promises: an Invented Study of Naval Cooperation at Sea\n\n"
    "This abstract was written for a test. It runs over three lines of the page, and no line break "
    "may remain inside its sentences once coder reads it: the lines of one paragraph are joined with "
    "spaces, and the abstract reads as one paragraph.\n\n"
    "Two invented navies met at sea in the spring. Their cooperation grew with each drill, and the "
    "officers praised the joint exercises.¹ A second season followed.\n\n"
    "Observers disagreed about what the drills meant. In public both sides spoke of non-alliance and "
    "of friendship; in private the two navies rehearsed anti-submarine warfare far from home. Their "
    "cooperation stayed a non-alliance in name only.\n\n"
    "A third paragraph closes the invented page.\n\n"
    "¹ A note written for the test, in small print.\n"
)
PAGE_2 = (
    "The second page has one column. Its only paragraph ends with a number² that points to a note "
    "printed small below.\n\n"
    "2 The second note, set in small print.\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    two_column_article(tmp_path / "article.pdf")
    return tmp_path / "article.pdf"


def test_two_column_article_reads_as_a_researcher_reads_it(article: Path) -> None:
    imported = import_file(article)
    assert imported.extraction == EXTRACTION_READING
    assert imported.text == PAGE_1 + PAGE_2
    assert imported.page_starts == (0, len(PAGE_1))


def test_running_header_and_page_numbers_are_left_out(article: Path) -> None:
    text = import_file(article).text
    assert "Journal of Invented Studies" not in text
    assert "11" not in text and "12" not in text


def test_each_page_lists_its_footnotes_after_its_other_paragraphs(article: Path) -> None:
    imported = import_file(article)
    first_page = imported.text[: imported.page_starts[1]]
    assert first_page.endswith("\n\n¹ A note written for the test, in small print.\n")
    assert first_page.index("A third paragraph") < first_page.index("¹ A note")


def test_a_split_word_loses_its_hyphen_and_a_compound_keeps_it(article: Path) -> None:
    text = import_file(article).text
    assert "Their cooperation grew" in text and "coop-" not in text
    assert "spoke of non-alliance and" in text


def test_a_hyphen_before_a_capital_stays(tmp_path: Path) -> None:
    document = pymupdf.open()
    draw_lines(document.new_page(), 72, 72, [["Relations between the Sino-"], ["Russian partners grew."]])
    document.save(tmp_path / "hyphens.pdf")
    assert import_file(tmp_path / "hyphens.pdf").text == "Relations between the Sino-Russian partners grew.\n"


def test_a_soft_hyphen_at_a_line_end_goes() -> None:
    # MuPDF's own fonts cannot draw U+00AD, so the lines are made as MuPDF would read them.
    def line(text: str, baseline: float) -> Line:
        return Line(
            [Span(text, (72.0, baseline - 9, 300.0, baseline + 2), 10.0, baseline, 0)],
            (72.0, baseline - 9, 300.0, baseline + 2),
        )

    layout = PageLayout([Paragraph([line("The word ne\u00ad", 72.0), line("gotiation was split.", 84.0)])])
    builder = TextBuilder(with_boxes=False)
    render_page(layout, DocumentFacts(), builder)
    assert builder.text() == "The word negotiation was split.\n"


def test_without_evidence_a_line_end_hyphen_is_kept(tmp_path: Path) -> None:
    document = pymupdf.open()
    draw_lines(document.new_page(), 72, 72, [["A long-"], ["lasting tie, a well-"], ["known fact."]])
    document.save(tmp_path / "compounds.pdf")
    assert import_file(tmp_path / "compounds.pdf").text == "A long-lasting tie, a well-known fact.\n"


def test_a_mark_glued_to_a_word_is_written_apart_as_a_superscript(tmp_path: Path) -> None:
    document = pymupdf.open()
    draw_line(document.new_page(), 72, 72, ["The drills grew.", mark("12"), " Then", mark("*"), " more."])
    document.save(tmp_path / "marks.pdf")
    assert import_file(tmp_path / "marks.pdf").text == "The drills grew.¹² Then* more.\n"


def test_a_sentence_cut_by_footnotes_in_the_page_flow_goes_on(tmp_path: Path) -> None:
    # As in the study's PDF, printed from a browser: notes stand in the middle of the page.
    document = pymupdf.open()
    page = document.new_page()
    end = draw_lines(page, LEFT[0], 72, [["The fleets trained together in the spring. For"]])
    end = draw_lines(page, LEFT[0], end + 12, [[mark("3"), "A note standing in the flow of the text."]])
    draw_lines(page, LEFT[0], end + 12, [["instance, they sailed north in the summer."]])
    document.save(tmp_path / "flow.pdf")
    assert import_file(tmp_path / "flow.pdf").text == (
        "The fleets trained together in the spring. For instance, they sailed north in the summer.\n\n"
        "³ A note standing in the flow of the text.\n"
    )


def test_paragraphs_are_kept_apart_by_space_indent_or_style(tmp_path: Path) -> None:
    document = pymupdf.open()
    page = document.new_page()
    draw_lines(page, 72, 72, [[Run("A Heading in Bold", font="hebo")], ["First paragraph, one line only."]])
    draw_lines(page, 72, 120, [["Second paragraph after a gap."]])
    bullet = Run("•", font="japan")  # a font of MuPDF's that can draw the bullet
    draw_lines(page, 72, 133, [[bullet, " a bullet point"], [bullet, " another bullet point"]])
    draw_lines(page, 90, 159, [["Third paragraph, indented below a short line."]])
    document.save(tmp_path / "paragraphs.pdf")
    assert import_file(tmp_path / "paragraphs.pdf").text == (
        "A Heading in Bold\n\nFirst paragraph, one line only.\n\nSecond paragraph after a gap.\n\n"
        "• a bullet point\n\n• another bullet point\n\nThird paragraph, indented below a short line.\n"
    )


def test_a_page_that_is_only_a_repeated_line_keeps_it(tmp_path: Path) -> None:
    path = lines_pdf(tmp_path / "same.pdf", [[("Page 1 text", "helv")], [("Page 2 text", "helv")]])
    assert import_file(path).text == "Page 1 text\nPage 2 text\n"


def test_characters_outside_the_basic_plane_and_chinese_come_through(tmp_path: Path) -> None:
    path = html_pdf(tmp_path / "html.pdf", ["Fleet 🚢 and 𝄞, math 𝐀 and 中文字 text.", "Second"])
    assert import_file(path).text == "Fleet 🚢 and 𝄞, math 𝐀 and 中文字 text.\n\nSecond\n"


# ---------------------------------------------------------------------- where the characters stand


def read(path: Path) -> PdfPages:
    pages = PdfPages(path.name, path.read_bytes(), EXTRACTION_READING)
    for _ in pages.read():
        pass
    return pages


def test_each_character_of_the_reading_text_has_its_box_on_the_page(article: Path) -> None:
    pages = read(article)
    try:
        places = pages.positions()
        text = pages.text
        start = text.index("rehearsed")
        [(page, box)] = places.span_boxes(start, start + len("rehearsed"))
        document = pymupdf.open(article)
        [drawn] = document[0].search_for("rehearsed")
        assert page == 0
        assert box == pytest.approx((drawn.x0, drawn.y0, drawn.x1, drawn.y1), abs=1.5)
        # a click on the left half of its "r" is the gap before it; the word is found again
        assert places.caret_at(0, drawn.x0 + 1, (drawn.y0 + drawn.y1) / 2) == start
        # the footnote moved to the end of the text still sits at the foot of the page
        note = text.index("A note written")
        assert places.span_boxes(note, note + 6)[0][1][1] > 700
    finally:
        pages.close()


def test_the_emoji_is_found_where_it_is_drawn(tmp_path: Path) -> None:
    pages = read(html_pdf(tmp_path / "html.pdf", ["Fleet 🚢 and 中文字 text."]))
    try:
        places = pages.positions()
        offset = pages.text.index("🚢")
        [(_page, (x0, y0, x1, y1))] = places.span_boxes(offset, offset + 1)
        assert places.caret_at(0, x0 + 0.2 * (x1 - x0), (y0 + y1) / 2) == offset
        assert places.caret_at(0, x1 - 0.2 * (x1 - x0), (y0 + y1) / 2) == offset + 1
        han = pages.text.index("中文字")
        assert pages.text[places.caret_at(0, *_left_of(places, han)) :][:3] == "中文字"
    finally:
        pages.close()


def _left_of(places: object, offset: int) -> tuple[float, float]:
    box = places.box(offset)  # type: ignore[attr-defined]
    return box[0] + 0.5, (box[1] + box[3]) / 2


# ---------------------------------------------------------------------- matching a stored text


def stored_pages(path: Path, text: str, starts: tuple[int, ...]) -> PdfPages:
    pages = PdfPages(path.name, path.read_bytes(), EXTRACTION_READING)
    assert pages.match(text, starts)
    return pages


def test_a_stored_reading_text_is_matched_page_by_page(article: Path) -> None:
    imported = import_file(article)
    pages = stored_pages(article, imported.text, imported.page_starts)
    try:
        places = pages.positions()
        start = imported.text.index("printed small below")
        [(page, _box)] = places.span_boxes(start, start + 7)
        assert page == 1
    finally:
        pages.close()


def test_a_page_that_reads_differently_from_its_stored_text_is_found_out(article: Path) -> None:
    imported = import_file(article)
    second = imported.page_starts[1]
    changed = imported.text[:second] + imported.text[second:].replace("second page", "other page")
    pages = stored_pages(article, changed, imported.page_starts)  # page 1 still reads the same
    try:
        with pytest.raises(PageMismatch, match=r"^page 2 of article.pdf reads differently from its text\.$"):
            pages.page_boxes(1)
        assert len(pages.page_boxes(0)) == 4 * second
    finally:
        pages.close()


def test_a_running_header_quoted_in_the_text_is_still_matched(tmp_path: Path) -> None:
    document = pymupdf.open()
    for number in (1, 2):
        page = document.new_page()
        draw_line(page, 72, 40, [Run("Journal of Invented Studies", size=8)])
        draw_lines(page, 72, 100, [[f"Page {number} cites the Journal of Invented Studies once."]])
    document.save(tmp_path / "quoted.pdf")
    imported = import_file(tmp_path / "quoted.pdf")
    assert imported.text.count("Journal of Invented Studies") == 2  # the header twice left out
    pages = stored_pages(tmp_path / "quoted.pdf", imported.text, imported.page_starts)
    try:
        assert len(pages.page_boxes(1)) == 4 * (len(imported.text) - imported.page_starts[1])
    finally:
        pages.close()


def test_a_stored_text_with_another_page_count_is_not_matched(article: Path) -> None:
    imported = import_file(article)
    pages = PdfPages(article.name, article.read_bytes(), EXTRACTION_READING)
    try:
        assert not pages.match(imported.text, (0,))
    finally:
        pages.close()
