"""Unsafe or broken exchange files are refused with one clear sentence, and nothing changes."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from refi_helpers import state, zip_bytes

from coder.domain.errors import CoderError
from coder.services import codebook, coders, codings, sources
from coder.services.codebook_files import read_codebook_file
from coder.services.exchange import import_qdpx, merge
from coder.services.project import Project

GOOD_QDE = (
    b'<?xml version="1.0" encoding="utf-8"?>\n'
    b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>'
    b'<Code guid="11111111-1111-1111-1111-111111111111" name="New code" isCodable="true"/>'
    b"</Codes></CodeBook></Project>"
)
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
    b'<Project xmlns="urn:QDA-XML:project:1.0" name="&b;"/>'
)
EXTERNAL = (
    b'<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    b'<Project xmlns="urn:QDA-XML:project:1.0" name="&secret;"/>'
)


@pytest.fixture
def project(tmp_path: Path, new_project: Callable[[str], Project]) -> Project:
    """A project with a source, a code, a coder and a coding, to show that a refusal changes nothing."""
    project = new_project("victim")
    (tmp_path / "a.txt").write_text("Some text to code.\n", encoding="utf-8")
    [info] = sources.import_files(project, [tmp_path / "a.txt"])
    code = codebook.add_code(project, "Existing")
    who = coders.ensure_coder(project, "Ann")
    codings.add_coding(project, info.id, code.id, who.id, 0, 4, "memo")
    return project


def _refused(project: Project, path: Path, sentence: str) -> None:
    before = state(project)
    with pytest.raises(CoderError) as caught:
        import_qdpx(project, path)
    message = str(caught.value)
    assert sentence in message
    assert "\n" not in message
    assert state(project) == before
    with pytest.raises(CoderError):
        merge(project, path)
    assert state(project) == before


def _write(tmp_path: Path, members: dict[str, bytes], name: str = "hostile.qdpx") -> Path:
    path = tmp_path / name
    path.write_bytes(zip_bytes(members))
    return path


def test_the_good_file_would_be_accepted(project: Project, tmp_path: Path) -> None:
    summary = import_qdpx(project, _write(tmp_path, {"project.qde": GOOD_QDE}))
    assert summary.codes_added == ("New code",)


def test_entity_expansion_is_refused(project: Project, tmp_path: Path) -> None:
    path = _write(tmp_path, {"project.qde": LAUGHS})
    _refused(project, path, "contains a DOCTYPE or entity declaration")


def test_external_entity_is_refused(project: Project, tmp_path: Path) -> None:
    path = _write(tmp_path, {"project.qde": EXTERNAL})
    _refused(project, path, "contains a DOCTYPE or entity declaration")


def test_doctype_in_a_utf16_file_is_refused(project: Project, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        {"project.qde": EXTERNAL.decode().replace('"1.0"?', '"1.0" encoding="utf-16"?').encode("utf-16")},
    )
    _refused(project, path, "contains a DOCTYPE or entity declaration")


@pytest.mark.parametrize("member", ["../evil.txt", "sources/../../evil.txt", "/etc/evil.txt", "C:/evil.txt"])
def test_paths_leaving_the_archive_are_refused(project: Project, tmp_path: Path, member: str) -> None:
    path = _write(tmp_path, {"project.qde": GOOD_QDE, member: b"x"})
    _refused(project, path, "whose path leads outside the archive")
    assert not (tmp_path.parent / "evil.txt").exists()


def test_oversized_member_declared_in_the_archive_is_refused(project: Project, tmp_path: Path) -> None:
    data = bytearray(zip_bytes({"project.qde": GOOD_QDE, "sources/big.txt": b"small"}))
    entry = data.rfind(b"PK\x01\x02")  # central directory entry of the last member
    struct.pack_into("<I", data, entry + 24, 600 * 1024 * 1024)  # its uncompressed size
    path = tmp_path / "big.qdpx"
    path.write_bytes(bytes(data))
    assert zipfile.ZipFile(path).getinfo("sources/big.txt").file_size == 600 * 1024 * 1024
    _refused(project, path, "more than the 536870912 bytes allowed for one file")


def test_zip_bomb_ratio_is_refused(project: Project, tmp_path: Path) -> None:
    path = _write(tmp_path, {"project.qde": GOOD_QDE, "sources/zeros.txt": bytes(20 * 1024 * 1024)})
    _refused(project, path, "compressed suspiciously well")


def test_not_a_zip_is_refused(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "fake.qdpx"
    path.write_bytes(b"this is plain text, not a zip archive")
    _refused(project, path, "a .qdpx file is a zip archive, and this one is not")


def test_zip_without_a_project_file_is_refused(project: Project, tmp_path: Path) -> None:
    path = _write(tmp_path, {"sources/a.txt": b"text", "readme.md": b"hello"})
    _refused(project, path, "holds no project.qde file at its top level")


def test_malformed_xml_is_refused(project: Project, tmp_path: Path) -> None:
    path = _write(tmp_path, {"project.qde": GOOD_QDE.replace(b"</Codes>", b"</Cods>")})
    _refused(project, path, "is not well-formed XML (line 2")


def test_a_codebook_instead_of_a_project_is_refused(project: Project, tmp_path: Path) -> None:
    qdc = b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>'
    path = _write(tmp_path, {"project.qde": qdc})
    _refused(project, path, "is not a REFI-QDA project: its root element is <CodeBook>")


def test_positions_that_fit_no_convention_are_refused(project: Project, tmp_path: Path) -> None:
    qde = GOOD_QDE.replace(
        b"</Project>",
        b'<Sources><TextSource guid="22222222-2222-2222-2222-222222222222" name="short.txt" '
        b'plainTextPath="internal://short.txt">'
        b'<PlainTextSelection guid="33333333-3333-3333-3333-333333333333" '
        b'startPosition="2" endPosition="400"><Coding guid="44444444-4444-4444-4444-444444444444">'
        b'<CodeRef targetGUID="11111111-1111-1111-1111-111111111111"/></Coding></PlainTextSelection>'
        b"</TextSource></Sources></Project>",
    )
    path = _write(tmp_path, {"project.qde": qde, "sources/short.txt": b"Too short for that selection."})
    _refused(project, path, "do not fit its text however they are counted")


def test_hostile_codebook_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "codes.qdc"
    path.write_bytes(EXTERNAL.replace(b"Project", b"CodeBook"))
    with pytest.raises(CoderError, match="contains a DOCTYPE or entity declaration"):
        read_codebook_file(path)
