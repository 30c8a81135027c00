"""A PDF source exported with its codings as highlight annotations, and what is refused."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from coder.domain.errors import CoderError, InvalidInput, NotFound
from coder.domain.model import ImportedText, SourceInfo
from coder.services import codebook, coders, codings, sources
from coder.services.pdf_export import export_coded_pdf
from coder.services.project import Project, create_project
from pdf_samples import two_column_article


@pytest.fixture
def project(tmp_path: Path) -> Project:
    with create_project(tmp_path / "study.coder") as opened:
        yield opened


@pytest.fixture
def article(project: Project, tmp_path: Path) -> SourceInfo:
    two_column_article(tmp_path / "article.pdf")
    [stored] = sources.import_files(project, [tmp_path / "article.pdf"])
    return stored


def code(
    project: Project, source: SourceInfo, phrase: str, code_name: str, coder: str, memo: str = ""
) -> str:
    text = sources.source_text(project, source.id)
    start = text.index(phrase)
    book = codebook.get_codebook(project)
    found = next((c for c in book.codes if c.name == code_name), None)
    code_id = found.id if found else codebook.add_code(project, code_name, colour="#a6d8f4").id
    coder_id = coders.ensure_coder(project, coder).id
    coding = codings.add_coding(project, source.id, code_id, coder_id, start, start + len(phrase))
    if memo:
        codings.update_coding(project, coding.id, memo=memo)
    return phrase


def annotations(path: Path) -> list[tuple[int, str, dict[str, str], tuple[float, ...]]]:
    """(page, words under the highlight as the page has them, info, colour) of every annotation."""
    found = []
    with pymupdf.open(path) as document:
        for page in document:
            for annotation in page.annots():
                words = page.get_text("words")
                covered = [
                    w[4] for w in words if any(q.rect.contains(_centre(w)) for q in _quads(annotation))
                ]
                found.append((page.number, " ".join(covered), annotation.info, annotation.colors["stroke"]))
    return found


def _centre(word: tuple) -> pymupdf.Point:
    return pymupdf.Point((word[0] + word[2]) / 2, (word[1] + word[3]) / 2)


def _quads(annotation: pymupdf.Annot) -> list[pymupdf.Quad]:
    vertices = annotation.vertices
    return [pymupdf.Quad(vertices[i : i + 4]) for i in range(0, len(vertices), 4)]


def test_every_coding_becomes_a_highlight_in_its_code_colour(
    project: Project, article: SourceInfo, tmp_path: Path
) -> None:
    code(project, article, "rehearsed anti-submarine warfare", "Combat drills", "Alice", "Far from home.")
    code(project, article, "in private the two navies rehearsed", "Secrecy", "Boris")
    count = export_coded_pdf(project, article.name, tmp_path / "coded.pdf")
    assert count == 2
    found = sorted(annotations(tmp_path / "coded.pdf"), key=lambda a: a[2]["subject"])
    assert [(page, info["subject"], info["title"]) for page, _t, info, _c in found] == [
        (0, "Combat drills", "Alice"),
        (0, "Secrecy", "Boris"),
    ]
    assert found[0][1] == "rehearsed anti-submarine warfare"
    assert found[0][2]["content"] == "Combat drills\nCoded by Alice\n\nFar from home."
    assert found[0][3] == pytest.approx((0xA6 / 255, 0xD8 / 255, 0xF4 / 255), abs=0.01)
    # a coding that runs from the left column into the right one: two quadrilaterals, the words of both
    assert found[1][1] == "in private the two navies rehearsed"
    assert len(_quads_of(tmp_path / "coded.pdf", "Secrecy")) == 2


def _quads_of(path: Path, subject: str) -> list[pymupdf.Quad]:
    with pymupdf.open(path) as document:
        return [q for a in document[0].annots() if a.info["subject"] == subject for q in _quads(a)]


def test_only_the_chosen_coders_and_codes_are_exported(
    project: Project, article: SourceInfo, tmp_path: Path
) -> None:
    code(project, article, "rehearsed anti-submarine warfare", "Combat drills", "Alice")
    code(project, article, "Their cooperation grew", "Cooperation", "Alice")
    code(project, article, "A third paragraph", "Cooperation", "Boris")
    assert export_coded_pdf(project, article.name, tmp_path / "alice.pdf", ["Alice"]) == 2
    assert {a[2]["title"] for a in annotations(tmp_path / "alice.pdf")} == {"Alice"}
    assert export_coded_pdf(project, article.name, tmp_path / "coop.pdf", codes=["Cooperation"]) == 2
    assert {a[1] for a in annotations(tmp_path / "coop.pdf")} == {
        "Their coop- eration grew",
        "A third paragraph",
    }


def test_a_footnote_moved_in_the_text_is_highlighted_at_the_foot_of_its_page(
    project: Project, article: SourceInfo, tmp_path: Path
) -> None:
    code(project, article, "A note written for the test", "Notes", "Alice")
    export_coded_pdf(project, article.name, tmp_path / "notes.pdf")
    [(page, words, _info, _colour)] = annotations(tmp_path / "notes.pdf")
    assert (page, words) == (0, "1A note written for the test,")  # the page draws the mark glued
    with pymupdf.open(tmp_path / "notes.pdf") as document:
        assert next(document[0].annots()).rect.y0 > 700


def test_the_export_leaves_the_original_pages_as_they_were(
    project: Project, article: SourceInfo, tmp_path: Path
) -> None:
    code(project, article, "A third paragraph", "Cooperation", "Boris")
    export_coded_pdf(project, article.name, tmp_path / "coded.pdf")
    original = sources.source_original(project, article.id)
    with pymupdf.open(stream=original) as before, pymupdf.open(tmp_path / "coded.pdf") as after:
        assert [p.get_text() for p in before] == [p.get_text() for p in after]


def test_a_source_that_is_no_pdf_is_refused(project: Project, tmp_path: Path) -> None:
    [text] = sources.store(project, [ImportedText(name="notes.txt", format="txt", text="Some notes.\n")])
    with pytest.raises(InvalidInput) as caught:
        export_coded_pdf(project, "notes.txt", tmp_path / "out.pdf")
    assert str(caught.value) == "notes.txt is not a PDF source; only PDF sources have pages."
    assert not (tmp_path / "out.pdf").exists()


def test_a_pdf_source_without_its_file_is_refused(project: Project, tmp_path: Path) -> None:
    sources.store(project, [ImportedText(name="lost.pdf", format="pdf", text="Text.\n", page_starts=(0,))])
    with pytest.raises(CoderError) as caught:
        export_coded_pdf(project, "lost.pdf", tmp_path / "out.pdf")
    assert (
        str(caught.value)
        == "the PDF file of lost.pdf is not kept in the project, so its pages cannot be read"
    )


def test_a_text_that_the_pages_no_longer_give_is_refused(project: Project, tmp_path: Path) -> None:
    data = two_column_article(tmp_path / "article.pdf")
    other = ImportedText(
        name="odd.pdf", format="pdf", text="Another text.\n", page_starts=(0, 7), original=data
    )
    sources.store(project, [other])
    with pytest.raises(CoderError) as caught:
        export_coded_pdf(project, "odd.pdf", tmp_path / "out.pdf")
    assert str(caught.value).startswith(
        "cannot export a coded PDF of odd.pdf: the pages of odd.pdf are shown read-only: "
    )
    assert str(caught.value).endswith("so codings cannot be placed on them")
    assert not (tmp_path / "out.pdf").exists()


def test_an_output_that_is_no_pdf_or_the_project_file_is_refused(tmp_path: Path) -> None:
    with create_project(tmp_path / "study.pdf") as project:
        two_column_article(tmp_path / "article.pdf")
        sources.import_files(project, [tmp_path / "article.pdf"])
        with pytest.raises(InvalidInput) as caught:
            export_coded_pdf(project, "article.pdf", tmp_path / "out.csv")
        assert str(caught.value) == "cannot export a coded PDF to 'out.csv'; the file name must end in .pdf"
        before = (tmp_path / "study.pdf").read_bytes()
        with pytest.raises(InvalidInput) as caught:
            export_coded_pdf(project, "article.pdf", tmp_path / "study.pdf")
        assert str(caught.value) == "'study.pdf' is the project file; choose another name for the coded PDF"
        assert (tmp_path / "study.pdf").read_bytes() == before


def test_unknown_names_are_refused(project: Project, article: SourceInfo, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="^no source named 'missing.pdf'"):
        export_coded_pdf(project, "missing.pdf", tmp_path / "out.pdf")
    with pytest.raises(NotFound, match="^no coder named 'Nobody'"):
        export_coded_pdf(project, article.name, tmp_path / "out.pdf", ["Nobody"])
    with pytest.raises(NotFound, match="^no code 'Nothing'"):
        export_coded_pdf(project, article.name, tmp_path / "out.pdf", codes=["Nothing"])


def test_a_source_imported_line_for_line_by_an_earlier_coder_is_placed_too(
    project: Project, tmp_path: Path
) -> None:
    from coder.domain.pdf_positions import EXTRACTION_LINES
    from coder.importers.pdf import PdfPages

    data = two_column_article(tmp_path / "article.pdf")
    earlier = PdfPages("old.pdf", data, EXTRACTION_LINES)
    for _ in earlier.read():
        pass
    earlier.close()
    assert "coop-\neration" in earlier.text  # the text as coder stored it before the reading text
    [old] = sources.store(
        project,
        [
            ImportedText(
                name="old.pdf",
                format="pdf",
                text=earlier.text,
                page_starts=earlier.page_starts,
                original=data,
            )
        ],
    )
    assert old.extraction == ""
    code(project, old, "rehearsed anti-submarine warfare", "Combat drills", "Alice")
    assert export_coded_pdf(project, "old.pdf", tmp_path / "old-coded.pdf") == 1
    [(_page, words, _info, _colour)] = annotations(tmp_path / "old-coded.pdf")
    assert words == "rehearsed anti-submarine warfare"
