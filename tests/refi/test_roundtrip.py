"""Export to .qdpx and import again: every span, memo and code text comes back exactly."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

import docx
import pymupdf
import pytest
from refi_helpers import codebook_fields, quoted, spans

from coder.domain.model import Code
from coder.services import codebook, coders, codings, sources
from coder.services.exchange import export_qdpx, import_qdpx
from coder.services.project import Project

NS = "{urn:QDA-XML:project:1.0}"

PLAIN = (
    "Interview 3 \U0001f600 starts here.\r\n"
    "漢字かな交じり文 is mixed with Latin.\r\n"
    "Cafe\u0301 and re\u0301sume\u0301 carry combining marks.\r\n"
    "\U0001f469\u200d\U0001f52c The scientist \U0001f9ea said: money matters.\r\n"
)
MARKDOWN = "# Notes\r\n\r\n* **bold** claim \U0001f4a1 about *money*\r\n"
PDF_PAGES = ("Page one talks about money and trust.", "Page two: Cafe and markets, then trust again.")
DOCX_PARAGRAPHS = ("First paragraph with \U0001f600 emoji.", "第二段 has CJK and money.", "Last line.")


def _pdf(path: Path) -> Path:
    document = pymupdf.open()
    for text in PDF_PAGES:
        page = document.new_page()
        page.insert_text((72, 72), text, fontsize=12)
    document.save(path)
    document.close()
    return path


def _docx(path: Path) -> Path:
    document = docx.Document()
    for text in DOCX_PARAGRAPHS:
        document.add_paragraph(text)
    document.save(path)
    return path


def _code(project: Project, path: tuple[str, ...], colour: str, **texts: str) -> Code:
    parent = None
    book = codebook.get_codebook(project)
    for depth in range(1, len(path) + 1):
        existing = book.by_path(path[:depth])
        if existing is None:
            existing = codebook.add_code(project, path[depth - 1], parent.id if parent else None, colour)
            book = codebook.get_codebook(project)
        parent = existing
    assert parent is not None
    codebook.update_code(project, replace(parent, **texts))
    return parent


def _code_word(project: Project, source_name: str, word: str, code: Code, coder: str, memo: str = "") -> None:
    info = sources.find_source(project, source_name)
    text = sources.source_text(project, info.id)
    start = text.index(word)
    who = coders.ensure_coder(project, coder)
    codings.add_coding(project, info.id, code.id, who.id, start, start + len(word), memo)


@pytest.fixture
def rich_project(tmp_path: Path, new_project: Callable[[str], Project]) -> Project:
    files = tmp_path / "files"
    files.mkdir()
    (files / "interview-03.txt").write_bytes(PLAIN.encode("utf-8"))
    (files / "notes.md").write_bytes(MARKDOWN.encode("utf-8"))
    project = new_project("original")
    sources.import_files(
        project,
        [
            files / "interview-03.txt",
            files / "notes.md",
            _pdf(files / "report.pdf"),
            _docx(files / "memo.docx"),
        ],
    )
    money = _code(
        project,
        ("Economy", "Money"),
        "#e8e08c",
        definition="Talk about money.\nAny currency.",
        when_to_use="Prices, wages.\n\nWhen to use:\nalso savings",
        when_not_to_use="Metaphors ('time is money').",
        example="  'it costs too much'  ",
    )
    trust = _code(project, ("Trust",), "#a6d8f4", definition="Definition:\nlooks like a heading")
    science = _code(project, ("Economy", "Science & <tech>"), "#f4a6a6", example="\U0001f9ea lab")
    _code_word(project, "interview-03.txt", "starts here", trust, "Ann", "after an emoji")
    _code_word(project, "interview-03.txt", "漢字かな", money, "Bea", "CJK\r\nwith a CR LF memo")
    _code_word(project, "interview-03.txt", "Cafe\u0301 and re\u0301sume\u0301", money, "Ann")
    _code_word(project, "interview-03.txt", "scientist \U0001f9ea said", science, "Bea", "  spaces kept  ")
    _code_word(project, "interview-03.txt", "money matters", money, "Ann")
    _code_word(project, "interview-03.txt", "money matters", money, "Bea", "same span, other coder")
    _code_word(project, "notes.md", "**bold** claim \U0001f4a1", trust, "Ann", "markdown kept verbatim")
    _code_word(project, "report.pdf", "trust again", trust, "Ann", "page two")
    _code_word(project, "report.pdf", "money and trust", money, "Bea")
    _code_word(project, "memo.docx", "第二段", science, "Ann")
    _code_word(project, "memo.docx", "\U0001f600 emoji", trust, "Bea", "emoji in Word")
    return project


def _round_trip(project: Project, tmp_path: Path, new_project: Callable[[str], Project]) -> Project:
    out = tmp_path / "exchange.qdpx"
    export_qdpx(project, out)
    copy = new_project("copy")
    import_qdpx(copy, out)
    return copy


def test_spans_codebook_and_sources_survive_a_round_trip(
    rich_project: Project, tmp_path: Path, new_project: Callable[[str], Project]
) -> None:
    copy = _round_trip(rich_project, tmp_path, new_project)
    assert spans(copy) == spans(rich_project)
    assert quoted(copy) == quoted(rich_project)
    assert codebook_fields(copy) == codebook_fields(rich_project)
    before = {s.name: s for s in sources.list_sources(rich_project)}
    after = {s.name: s for s in sources.list_sources(copy)}
    assert set(after) == set(before)
    for name, info in before.items():
        assert (after[name].sha256, after[name].format, after[name].page_starts) == (
            info.sha256,
            info.format,
            info.page_starts,
        )
        assert sources.source_original(copy, after[name].id) == sources.source_original(rich_project, info.id)
    assert before["report.pdf"].pages == 2


def test_exported_project_validates_against_the_schema(
    rich_project: Project, tmp_path: Path, project_schema: object
) -> None:
    out = tmp_path / "exchange.qdpx"
    export_qdpx(rich_project, out)
    with zipfile.ZipFile(out) as archive:
        project_schema.validate(io.BytesIO(archive.read("project.qde")))  # type: ignore[attr-defined]


def test_layout_of_the_exported_file(rich_project: Project, tmp_path: Path) -> None:
    out = tmp_path / "exchange.qdpx"
    export_qdpx(rich_project, out)
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        root = ET.fromstring(archive.read("project.qde"))
        files = {name: archive.read(name) for name in names}
    assert names[0] == "project.qde"
    assert all(name == "project.qde" or name.startswith("sources/") for name in names)
    by_name = {s.name: s for s in sources.list_sources(rich_project)}
    text_sources = {e.get("name"): e for e in root.iter(f"{NS}TextSource")}
    assert set(text_sources) == {"interview-03.txt", "notes.md", "memo.docx"}
    plain = text_sources["interview-03.txt"]
    assert plain.get("guid") == by_name["interview-03.txt"].id
    assert plain.get("richTextPath") is None
    data = files[plain.get("plainTextPath", "").replace("internal://", "sources/")]
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    text = data.decode("utf-8")
    for selection in plain.iter(f"{NS}PlainTextSelection"):  # code points of exactly that file
        start, end = int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
        assert " ".join(text[start:end].split()).startswith(selection.get("name", "").rstrip("…"))
    word = text_sources["memo.docx"]
    assert word.get("richTextPath", "").endswith(".docx") and word.get("plainTextPath", "").endswith(".txt")
    assert files[word.get("richTextPath", "").replace("internal://", "sources/")].startswith(b"PK")
    [pdf] = root.iter(f"{NS}PDFSource")
    assert files[pdf.get("path", "").replace("internal://", "sources/")].startswith(b"%PDF")
    [representation] = pdf.iter(f"{NS}Representation")
    assert len(list(representation.iter(f"{NS}PlainTextSelection"))) == 2
    for selection in root.iter(f"{NS}PlainTextSelection"):
        [coding] = selection.iter(f"{NS}Coding")
        assert selection.get("creatingUser") == coding.get("creatingUser")
        assert coding.get("creationDateTime")
    users = {u.get("name"): u.get("guid") for u in root.iter(f"{NS}User")}
    assert users == {c.name: c.id for c in coders.list_coders(rich_project)}
    memos = {e.text for e in root.iter(f"{NS}Description") if e.text and "Word" in e.text}
    assert memos == {"emoji in Word"}


def test_no_empty_wrapper_elements(new_project: Callable[[str], Project], tmp_path: Path) -> None:
    project = new_project("codes-only")
    codebook.add_code(project, "Alone")
    out = tmp_path / "codes.qdpx"
    export_qdpx(project, out)
    with zipfile.ZipFile(out) as archive:
        root = ET.fromstring(archive.read("project.qde"))
    assert [child.tag for child in root] == [f"{NS}CodeBook"]


def test_export_is_stable(rich_project: Project, tmp_path: Path) -> None:
    first, second = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    export_qdpx(rich_project, first)
    export_qdpx(rich_project, second)
    with zipfile.ZipFile(first) as one, zipfile.ZipFile(second) as two:
        assert one.namelist() == two.namelist()
        for name in one.namelist()[1:]:
            assert one.read(name) == two.read(name)
        guids = [{e.get("guid") for e in ET.fromstring(z.read("project.qde")).iter()} for z in (one, two)]
    assert guids[0] == guids[1]


def test_export_refuses_another_suffix(rich_project: Project, tmp_path: Path) -> None:
    from coder.domain.errors import InvalidInput

    with pytest.raises(InvalidInput, match="must end in .qdpx"):
        export_qdpx(rich_project, tmp_path / "exchange.zip")
    assert not (tmp_path / "exchange.zip").exists()
