"""The quirks of real exchange files, each in a small file made here."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import docx
import pymupdf
import pytest
from refi_helpers import quoted, zip_bytes

from coder.refi.qdpx_read import read_project
from coder.services import coders, sources
from coder.services.exchange import import_qdpx, read_exchange_file
from coder.services.project import Project

CODE = "AAAAAAAA-1111-2222-3333-444444444444"
USER = "BBBBBBBB-1111-2222-3333-444444444444"
SOURCE = "CCCCCCCC-1111-2222-3333-444444444444"
TEXT = "First line about money.\r\nSecond line about trust.\r\nThird line, the end.\r\n"


def _qde(
    *,
    namespace: str = "urn:QDA-XML:project:1.0",
    text_path: str = f"internal://{SOURCE}.txt",
    selections: str = "",
    extra: str = "",
) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{namespace}" name="variant">'
        f'<Users><User guid="{{{USER}}}" name="Dana"/></Users>'
        f'<CodeBook><Codes><Code guid="{CODE}" name="Topic" isCodable="false">'
        f'<Code guid="{CODE[:-1]}5" name="Money" isCodable="true" color="rgb(255, 0, 16)"/>'
        "</Code></Codes></CodeBook>"
        f'<Sources><TextSource guid="{SOURCE}" name="interview.txt" plainTextPath="{text_path}">{selections}'
        f"</TextSource></Sources>{extra}</Project>"
    ).encode()


def _selection(
    start: int, end: int, name: str = "", codes: tuple[str, ...] = (f"{CODE[:-1]}5",), memo: str = ""
) -> str:
    codings = "".join(
        f'<Coding guid="{index:08d}-0000-0000-0000-000000000000" creatingUser="{USER.lower()}">'
        f'<CodeRef targetGUID="{{{code.lower()}}}"/></Coding>'
        for index, code in enumerate(codes)
    )
    description = f"<Description>{memo}</Description>" if memo else ""
    return (
        f'<PlainTextSelection guid="{start:08d}-1111-1111-1111-111111111111" name="{name}" '
        f'startPosition="{start}" endPosition="{end}">{description}{codings}</PlainTextSelection>'
    )


def _import(
    project: Project, tmp_path: Path, members: dict[str, bytes], name: str = "v.qdpx"
) -> dict[str, str]:
    path = tmp_path / name
    path.write_bytes(zip_bytes(members))
    import_qdpx(project, path)
    return {key[0]: text for key, text in quoted(project).items()}


@pytest.mark.parametrize("qde_name", ["project.qde", "Project.qde", "My study.qde"])
@pytest.mark.parametrize("folder", ["sources", "Sources"])
def test_folder_and_project_file_names(
    tmp_path: Path, new_project: Callable[[str], Project], qde_name: str, folder: str
) -> None:
    project = new_project("p")
    members = {
        qde_name: _qde(selections=_selection(17, 22, "money")),
        f"{folder}/{SOURCE.lower()}.txt": TEXT.encode("utf-8-sig"),
        f"{folder}/.root": b"",
    }
    assert _import(project, tmp_path, members) == {"Topic/Money": "money"}
    [coder] = coders.list_coders(project)
    assert coder.name == "Dana"  # GUIDs matched whatever their case and braces


def test_atlas_style_crlf_counted_as_one(tmp_path: Path) -> None:
    stored = TEXT.replace("\r\n", "\n")
    spans = [(stored.index(w), stored.index(w) + len(w)) for w in ("trust", "Third line", "the end")]
    members = {
        "project.qde": _qde(selections="".join(_selection(s, e) for s, e in spans)),
        f"sources/{SOURCE}.txt": TEXT.encode("utf-8"),
    }
    path = tmp_path / "atlas.qdpx"
    path.write_bytes(zip_bytes(members))
    bundle = read_project(path)
    assert any("CRLF line end counted as one" in note for note in bundle.notes)
    assert [bundle.sources[0].text[c.start : c.end] for c in bundle.codings] == [
        "trust",
        "Third line",
        "the end",
    ]


def test_plain_text_path_without_scheme_and_other_namespace(
    tmp_path: Path, new_project: Callable[[str], Project]
) -> None:
    project = new_project("p")
    members = {
        "project.qde": _qde(
            namespace="urn:QDA-XML:project:1:0", text_path="interview.txt", selections=_selection(0, 5)
        ),
        "sources/interview.txt": TEXT.encode("utf-8"),
    }
    assert _import(project, tmp_path, members) == {"Topic/Money": "First"}


def test_selection_with_several_codings_or_none(
    tmp_path: Path, new_project: Callable[[str], Project]
) -> None:
    selections = _selection(17, 22, codes=(CODE, f"{CODE[:-1]}5"), memo="both") + _selection(
        0, 5, codes=(), memo="x"
    )
    path = tmp_path / "s.qdpx"
    path.write_bytes(
        zip_bytes({"project.qde": _qde(selections=selections), f"sources/{SOURCE}.txt": TEXT.encode()})
    )
    bundle = read_project(path)
    assert sorted((c.code_id, c.memo) for c in bundle.codings) == [
        (CODE.lower(), "both"),
        (f"{CODE[:-1]}5".lower(), "both"),
    ]
    assert any("1 selection(s) without any code were left out" in note for note in bundle.notes)


def test_notes_referenced_from_a_selection_become_the_memo(tmp_path: Path) -> None:
    note = "DDDDDDDD-1111-2222-3333-444444444444"
    selection = _selection(0, 5, memo="comment").replace(
        "</PlainTextSelection>", f'<NoteRef targetGUID="{note}"/></PlainTextSelection>'
    )
    extra = (
        f'<Notes><Note guid="{note}" name="n">'
        "<PlainTextContent>a longer memo</PlainTextContent></Note></Notes>"
    )
    path = tmp_path / "n.qdpx"
    members = {"project.qde": _qde(selections=selection, extra=extra), f"sources/{SOURCE}.txt": TEXT.encode()}
    path.write_bytes(zip_bytes(members))
    [coding] = read_project(path).codings
    assert coding.memo == "comment\n\na longer memo"


def test_colours_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "c.qdpx"
    path.write_bytes(zip_bytes({"project.qde": _qde()}))
    money = next(c for c in read_project(path).codes if c.name == "Money")
    assert money.colour == "#ff0010"


def test_a_bare_qde_imports_its_codebook(tmp_path: Path, new_project: Callable[[str], Project]) -> None:
    project = new_project("p")
    path = tmp_path / "project.qde"
    path.write_bytes(_qde(selections=_selection(0, 5)))
    summary = import_qdpx(project, path)
    assert summary.codes_added == ("Topic", "Topic/Money")
    assert sources.list_sources(project) == []
    assert any("left out, their text is not in the file: 'interview.txt'" in n for n in summary.notes)


def test_name_taken_by_a_different_text_is_refused(
    tmp_path: Path, new_project: Callable[[str], Project]
) -> None:
    from coder.domain.errors import Conflict

    project = new_project("p")
    (tmp_path / "interview.txt").write_text("Another text.\n", encoding="utf-8")
    sources.import_files(project, [tmp_path / "interview.txt"])
    path = tmp_path / "x.qdpx"
    path.write_bytes(
        zip_bytes({"project.qde": _qde(selections=_selection(0, 5)), f"sources/{SOURCE}.txt": TEXT.encode()})
    )
    with pytest.raises(Conflict, match="'interview.txt' differs from the source of the same name"):
        import_qdpx(project, path)


def test_word_or_pdf_file_without_plain_text_is_read_like_coder_reads_it(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("Only the Word file came along \U0001f4c4.")
    buffer = io.BytesIO()
    word.save(buffer)
    pdf = pymupdf.open()
    pdf.new_page().insert_text((72, 72), "Only the PDF file came along.")
    qde = _qde(text_path="", selections=_selection(5, 8, "the")).replace(
        b'plainTextPath=""', b'richTextPath="internal://w.docx"'
    )
    qde = qde.replace(
        b"</Sources>",
        b'<PDFSource guid="EEEEEEEE-1111-2222-3333-444444444444" name="report.pdf" path="internal://r.pdf">'
        b"</PDFSource></Sources>",
    )
    path = tmp_path / "rich.qdpx"
    members = {"project.qde": qde, "sources/w.docx": buffer.getvalue(), "sources/r.pdf": pdf.tobytes()}
    path.write_bytes(zip_bytes(members))
    bundle = read_exchange_file(path)
    by_name = {s.name: s for s in bundle.sources}
    assert by_name["interview.txt"].format == "docx"
    assert by_name["interview.txt"].text == "Only the Word file came along \U0001f4c4."
    assert by_name["report.pdf"].text == "Only the PDF file came along.\n"
    assert by_name["report.pdf"].page_starts == (0,)
    [coding] = bundle.codings
    assert by_name["interview.txt"].text[coding.start : coding.end] == "the"
