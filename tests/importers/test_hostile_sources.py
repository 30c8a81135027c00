"""Source files that are not what they seem: pipes, devices, bombs, huge texts, odd names and marks."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import pytest

from coder.domain import limits
from coder.domain.errors import InvalidInput
from coder.importers import import_bytes, import_file


def _docx_bytes(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _with_body(data: bytes, extra_paragraphs: int) -> bytes:
    """The .docx with many more (empty) paragraphs in its body: tiny packed, large unpacked."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "word/document.xml":
                part = part.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * extra_paragraphs, 1)
            target.writestr(info.filename, part)
    return out.getvalue()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
@pytest.mark.parametrize("suffix", [".txt", ".md", ".pdf", ".docx"])
def test_a_named_pipe_is_refused_without_being_opened(tmp_path: Path, suffix: str) -> None:
    pipe = tmp_path / f"pipe{suffix}"
    os.mkfifo(pipe)  # opening it to read would wait for a writer for ever
    with pytest.raises(InvalidInput) as caught:
        import_file(pipe)
    assert str(caught.value).startswith(f"pipe{suffix} is not a regular file (it is a named pipe)")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_dev_zero_is_refused_without_being_read(tmp_path: Path) -> None:
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")  # reading it would never end
    with pytest.raises(InvalidInput, match=r"^zero.txt is not a regular file \(it is a device\)"):
        import_file(zero)


def test_a_text_file_too_large_for_the_character_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(limits.MAX_TEXT_FILE_BYTES + 1)  # sparse: nothing is written to disk
    with pytest.raises(
        InvalidInput,
        match="^huge.txt is too large to be a source file: it has 80,000,001 bytes, and at most 80,000,000",
    ):
        import_file(path)


def test_a_text_over_the_character_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_SOURCE_CHARACTERS", 100)
    path = tmp_path / "long.txt"
    path.write_text("x" * 100, encoding="utf-8")
    assert len(import_file(path).text) == 100
    path.write_text("x" * 101, encoding="utf-8")
    with pytest.raises(
        InvalidInput, match="^long.txt holds 101 characters, more than the 100 one source may have"
    ):
        import_file(path)


def test_a_docx_that_unpacks_far_beyond_its_size_is_refused_before_parsing() -> None:
    bomb = _with_body(_docx_bytes(["Hello"]), 400_000)  # 2.4 MB of XML in a few kilobytes
    assert len(bomb) < 50_000
    with pytest.raises(
        InvalidInput, match=r"^bomb.docx holds 'word/document.xml', which is compressed suspiciously"
    ):
        import_bytes("bomb.docx", bomb)


def test_an_ordinary_docx_still_imports() -> None:
    data = _with_body(_docx_bytes(["Hello"]), 1000)
    assert import_bytes("fine.docx", data).text.endswith("Hello")


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"\xef\xbb\xbf\xef\xbb\xbfSecond mark is text", "\ufeffSecond mark is text"),
        (b"\xef\xbb\xbfOne mark\xef\xbb\xbf inside", "One mark\ufeff inside"),
        ("\ufeff\ufeffUTF-16".encode("utf-16-le"), "\ufeffUTF-16"),
        ("\ufeff\ufeffUTF-32".encode("utf-32-be"), "\ufeffUTF-32"),
    ],
)
def test_only_the_first_byte_order_mark_is_dropped(tmp_path: Path, data: bytes, text: str) -> None:
    path = tmp_path / "marks.txt"
    path.write_bytes(data)
    assert import_file(path).text == text


def test_a_docx_paragraph_starting_with_u_feff_keeps_it() -> None:
    assert (
        import_bytes("a.docx", _docx_bytes(["\ufeffStarts with U+FEFF"])).text == "\ufeffStarts with U+FEFF"
    )


@pytest.mark.parametrize("name", ["line\nbreak.txt", "carriage\rreturn.txt", "tab\there.txt"])
def test_a_file_name_with_a_control_character_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("Some text.", encoding="utf-8")
    with pytest.raises(InvalidInput, match="contains a control character") as caught:
        import_file(path)
    assert "\n" not in str(caught.value) and "\r" not in str(caught.value)
