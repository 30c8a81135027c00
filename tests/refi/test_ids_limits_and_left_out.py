"""REFI-QDA files with repeated ids, bombs, odd names and parts coder leaves out."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from refi_helpers import quoted, state, zip_bytes

from coder.domain import limits
from coder.domain.errors import CoderError
from coder.refi import qdpx_read
from coder.refi.codebook import read_qdc_report
from coder.services import codebook, coders, codings, sources
from coder.services.exchange import import_qdpx, merge, read_exchange_file
from coder.services.project import Project

CODE_A = "aaaaaaaa-0000-0000-0000-00000000000a"
CODE_B = "aaaaaaaa-0000-0000-0000-00000000000b"
USER = "bbbbbbbb-0000-0000-0000-000000000001"
SOURCE_1 = "cccccccc-0000-0000-0000-000000000001"
SOURCE_2 = "cccccccc-0000-0000-0000-000000000002"
NOTE = "dddddddd-0000-0000-0000-00000000000"
TEXT_1 = "Alpha beta gamma."
TEXT_2 = "Delta epsilon zeta."


def _selection(start: str, end: str, code: str, note: str = "") -> str:
    ref = f'<NoteRef targetGUID="{note}"/>' if note else ""
    return (
        f'<PlainTextSelection guid="{start}0000000-1111-1111-1111-111111111111" startPosition="{start}" '
        f'endPosition="{end}">{ref}<Coding guid="{start}0000000-2222-2222-2222-222222222222" '
        f'creatingUser="{USER}"><CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>'
    )


def _qde(
    *,
    users: str = f'<User guid="{USER}" name="Dana"/>',
    codes: str = f'<Code guid="{CODE_A}" name="Alpha"/><Code guid="{CODE_B}" name="Beta"/>',
    source_2_guid: str = SOURCE_2,
    selections_1: str = _selection("0", "5", CODE_A),
    selections_2: str = _selection("6", "13", CODE_B),
    source_extra: str = "",
    extra: str = "",
) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="ids">'
        f"<Users>{users}</Users><CodeBook><Codes>{codes}</Codes></CodeBook><Sources>"
        f'<TextSource guid="{SOURCE_1}" name="one.txt" plainTextPath="internal://one.txt">{source_extra}'
        f"{selections_1}</TextSource>"
        f'<TextSource guid="{source_2_guid}" name="two.txt" plainTextPath="internal://two.txt">{selections_2}'
        f"</TextSource></Sources>{extra}</Project>"
    ).encode()


def _members(qde: bytes, **texts: bytes) -> dict[str, bytes]:
    return {
        "project.qde": qde,
        "sources/one.txt": texts.get("one", TEXT_1.encode()),
        "sources/two.txt": texts.get("two", TEXT_2.encode()),
    }


def _write(tmp_path: Path, members: dict[str, bytes], name: str = "in.qdpx") -> Path:
    path = tmp_path / name
    path.write_bytes(zip_bytes(members))
    return path


@pytest.fixture
def project(tmp_path: Path, new_project: Callable[[str], Project]) -> Project:
    project = new_project("victim")
    (tmp_path / "a.txt").write_text("Some text to code.\n", encoding="utf-8")
    [info] = sources.import_files(project, [tmp_path / "a.txt"])
    code = codebook.add_code(project, "Existing")
    codings.add_coding(project, info.id, code.id, coders.ensure_coder(project, "Ann").id, 0, 4, "memo")
    return project


def _refused(project: Project, path: Path) -> str:
    before = state(project)
    with pytest.raises(CoderError) as caught:
        import_qdpx(project, path)
    assert state(project) == before
    with pytest.raises(CoderError):
        merge(project, path)
    assert state(project) == before
    message = str(caught.value)
    assert "\n" not in message and len(message) < 400
    return message


def test_the_file_without_repeats_is_imported(project: Project, tmp_path: Path) -> None:
    import_qdpx(project, _write(tmp_path, _members(_qde())))
    texts = {path: text for (path, _, _), text in quoted(project).items()}
    assert texts == {"Existing": "Some", "Alpha": "Alpha", "Beta": "epsilon"}


def test_two_sources_with_one_id_are_refused(project: Project, tmp_path: Path) -> None:
    message = _refused(project, _write(tmp_path, _members(_qde(source_2_guid=SOURCE_1))))
    assert message == (
        f"in.qdpx uses the id {SOURCE_1} for two sources ('one.txt' and 'two.txt'); ids must be "
        "unique, so the file was refused rather than put codings on the wrong source."
    )


def test_two_codes_with_one_id_are_refused(project: Project, tmp_path: Path) -> None:
    codes = f'<Code guid="{CODE_A}" name="Alpha"/><Code guid="{{{CODE_A.upper()}}}" name="Beta"/>'
    qde = _qde(codes=codes, selections_2=_selection("6", "13", CODE_A))
    message = _refused(project, _write(tmp_path, _members(qde)))
    assert "for two codes ('Alpha' and 'Beta')" in message


def test_two_users_with_one_id_are_refused(project: Project, tmp_path: Path) -> None:
    users = f'<User guid="{USER}" name="Dana"/><User guid="{USER}" name="Eve"/>'
    message = _refused(project, _write(tmp_path, _members(_qde(users=users))))
    assert "for two users ('Dana' and 'Eve')" in message


def test_two_notes_with_one_id_are_refused(project: Project, tmp_path: Path) -> None:
    notes = (
        f'<Notes><Note guid="{NOTE}1" name="first"><PlainTextContent>a</PlainTextContent></Note>'
        f'<Note guid="{NOTE}1" name="second"><PlainTextContent>b</PlainTextContent></Note></Notes>'
    )
    message = _refused(project, _write(tmp_path, _members(_qde(extra=notes))))
    assert "for two notes ('first' and 'second')" in message


def test_a_codebook_with_one_id_for_two_codes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "codes.qdc"
    path.write_bytes(
        f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="{CODE_A}" name="A"/>'
        f'<Code guid="{CODE_A}" name="B"/></Codes></CodeBook>'.encode()
    )
    with pytest.raises(CoderError, match=r"^codes.qdc uses the id .* for two codes \('A' and 'B'\)"):
        read_qdc_report(path)


def test_every_kind_left_out_is_counted_on_its_own_line(tmp_path: Path) -> None:
    notes = (
        f'<Notes><Note guid="{NOTE}1" name="memo"><PlainTextContent>kept</PlainTextContent></Note>'
        f'<Note guid="{NOTE}2" name="lonely"/><Note guid="{NOTE}3" name="lonely too"/>'
        f'<Note guid="{NOTE}4" name="on the source"/></Notes>'
        '<Cases><Case guid="eeeeeeee-0000-0000-0000-000000000001"/></Cases>'
        "<Graphs><Graph/><Graph/></Graphs><Description>About the study</Description>"
    )
    source_extra = f'<Description>Interview one</Description><NoteRef targetGUID="{NOTE}4"/>'
    qde = _qde(extra=notes, source_extra=source_extra, selections_1=_selection("0", "5", CODE_A, f"{NOTE}1"))
    bundle = read_exchange_file(_write(tmp_path, _members(qde)))
    assert [coding.memo for coding in bundle.codings if coding.memo] == ["kept"]
    left_out = [note for note in bundle.notes if "not imported" in note]
    assert left_out == [
        "2 graphs were not imported.",
        "1 project description was not imported.",
        "1 source description was not imported.",
    ]
    # Notes are kept, not left out: the one on the source becomes its memo, the two that refer to
    # nothing become journal entries, and the report says so.
    assert "2 note(s) not attached to a source or code became journal entries." in bundle.notes
    assert sorted((memo.kind, memo.title) for memo in bundle.memos) == [
        ("journal", "lonely"),
        ("journal", "lonely too"),
        ("source", "on the source"),
    ]


def test_many_small_bombs_in_one_archive_are_refused(project: Project, tmp_path: Path) -> None:
    members = _members(_qde())
    members.update({f"sources/padding-{n}.txt": bytes(1024 * 1024) for n in range(30)})
    message = _refused(project, _write(tmp_path, members))
    assert message.startswith("in.qdpx is compressed suspiciously well")


def test_a_docx_bomb_inside_a_project_is_refused(project: Project, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Hello")
    buffer = io.BytesIO()
    document.save(buffer)
    packed = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for info in packed.infolist():
            part = packed.read(info)
            if info.filename == "word/document.xml":
                part = part.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 400_000, 1)
            target.writestr(info.filename, part)
    qde = _qde().replace(b'plainTextPath="internal://two.txt"', b'richTextPath="internal://two.docx"')
    members = {"project.qde": qde, "sources/one.txt": TEXT_1.encode(), "sources/two.docx": bomb.getvalue()}
    message = _refused(project, _write(tmp_path, members))
    assert message.startswith("two.txt holds 'word/document.xml', which is compressed suspiciously well")


def test_a_source_text_over_the_limits_is_refused(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(qdpx_read, "MAX_TEXT_FILE_BYTES", 18)
    message = _refused(project, _write(tmp_path, _members(_qde(), two=b"x" * 19)))
    assert message == (
        "'sources/two.txt' in in.qdpx is too large: it unpacks to 19 bytes, and at most 18 bytes are "
        "allowed for it."
    )
    monkeypatch.setattr(qdpx_read, "MAX_TEXT_FILE_BYTES", 100)
    monkeypatch.setattr(limits, "MAX_SOURCE_CHARACTERS", 18)
    message = _refused(project, _write(tmp_path, _members(_qde(), two=b"x" * 19)))
    assert message.startswith(
        "'two.txt' in in.qdpx holds 19 characters, more than the 18 one source may have"
    )


def test_only_the_first_byte_order_mark_of_a_source_text_is_dropped(tmp_path: Path) -> None:
    bundle = read_exchange_file(
        _write(tmp_path, _members(_qde(), one=b"\xef\xbb\xbf\xef\xbb\xbf" + TEXT_1.encode()))
    )
    one = next(source for source in bundle.sources if source.name == "one.txt")
    assert one.text == "\ufeff" + TEXT_1


@pytest.mark.parametrize(
    "name", ["Da&#10;na", "Da&#13;na", "Da&#9;na", "Da&#133;na"]
)  # XML character references
def test_a_coder_name_with_a_control_character_is_refused(
    project: Project, tmp_path: Path, name: str
) -> None:
    users = f'<User guid="{USER}" name="{name}"/>'
    message = _refused(project, _write(tmp_path, _members(_qde(users=users))))
    assert "contains a control character" in message


def test_a_code_name_with_a_control_character_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "codes.qdc"
    path.write_bytes(
        f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="{CODE_A}" name="A&#10;B"/>'
        "</Codes></CodeBook>".encode()
    )
    with pytest.raises(CoderError, match=r"^the code name 'A\\nB' contains a control character"):
        read_qdc_report(path)


def test_positions_with_other_digits_are_not_read_as_numbers(tmp_path: Path) -> None:
    qde = _qde(selections_1=_selection("0", "٥", CODE_A))
    bundle = read_exchange_file(_write(tmp_path, _members(qde)))
    assert {(c.start, c.end) for c in bundle.codings} == {(6, 13)}
    assert "'one.txt': 1 selection(s) without a valid span were left out." in bundle.notes


def _nested_codes(depth: int) -> str:
    return "".join(f'<Code guid="{n:08d}-0000-0000-0000-000000000000" name="L{n}">' for n in range(depth)) + (
        "</Code>" * depth
    )


def test_a_code_tree_deeper_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.qdc"
    path.write_text(
        f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{_nested_codes(50)}</Codes></CodeBook>'
    )
    specs, _ = read_qdc_report(path)
    assert len(specs) == 50 and len(specs[-1].path) == 50
    path.write_text(
        f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{_nested_codes(3000)}</Codes></CodeBook>'
    )
    with pytest.raises(
        CoderError, match="is 51 levels deep, more than the 50 levels a codebook may have in deep.qdc"
    ):
        read_qdc_report(path)


def test_a_flat_name_of_too_many_levels_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "flat.qdc"
    name = "::".join(f"L{n}" for n in range(60))
    code = f'<Code guid="{CODE_A}" name="{name}"/>'
    path.write_text(f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{code}</Codes></CodeBook>')
    with pytest.raises(CoderError, match="is 60 levels deep"):
        read_qdc_report(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
@pytest.mark.parametrize("name", ["pipe.qdpx", "pipe.qde", "pipe.qdc"])
def test_a_named_pipe_is_refused_without_being_opened(project: Project, tmp_path: Path, name: str) -> None:
    pipe = tmp_path / name
    os.mkfifo(pipe)
    with pytest.raises(CoderError, match=rf"^{name} is not a regular file \(it is a named pipe\)"):
        if name.endswith(".qdc"):
            read_qdc_report(pipe)
        else:
            import_qdpx(project, pipe)


def test_an_unknown_user_reference_with_a_line_break_does_not_become_a_coder_name(
    project: Project, tmp_path: Path
) -> None:
    selection = _selection("0", "5", CODE_A).replace(f'creatingUser="{USER}"', 'creatingUser="a&#10;b"')
    message = _refused(project, _write(tmp_path, _members(_qde(selections_1=selection))))
    assert message.startswith("the coder name 'user a\\nb' contains a control character")
