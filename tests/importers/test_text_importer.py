"""Plain-text and Markdown import, and the dispatch by suffix that every format shares."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coder.domain.errors import InvalidInput
from coder.importers import SUPPORTED_SUFFIXES, import_bytes, import_file

MIXED = "中俄军事合作 — smile 😀, accent e\u0301 and \u00e9, tab\there.\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_text_is_stored_exactly_as_code_points(tmp_path: Path) -> None:
    imported = import_file(write(tmp_path, "interview-01.txt", MIXED.encode("utf-8")))
    assert imported.name == "interview-01.txt"
    assert imported.format == "txt"
    assert imported.text == MIXED
    assert imported.text.index("😀") == MIXED.index("😀")
    assert len("😀") == 1 and imported.text.count("\u0301") == 1  # no Unicode normalisation
    assert imported.page_starts == ()
    assert imported.original is None


def test_leading_and_trailing_white_space_is_kept(tmp_path: Path) -> None:
    text = "\n\n   indented line   \n\ttabbed\n\n\n"
    assert import_file(write(tmp_path, "a.txt", text.encode())).text == text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"one\r\ntwo\r\n", "one\ntwo\n"),
        (b"one\rtwo\rthree", "one\ntwo\nthree"),
        (b"crlf\r\nlone cr\rlf\nend", "crlf\nlone cr\nlf\nend"),
        (b"a\r\r\nb", "a\n\nb"),
        (b"form\x0cfeed", "form\x0cfeed"),
    ],
)
def test_line_breaks_become_line_feeds(tmp_path: Path, raw: bytes, expected: str) -> None:
    assert import_file(write(tmp_path, "a.txt", raw)).text == expected


def test_markdown_is_stored_verbatim_with_its_markup(tmp_path: Path) -> None:
    markdown = "# Title\r\n\r\nSome *emphasis*, a [link](https://example.org) and <sup>1</sup>.\r\n"
    imported = import_file(write(tmp_path, "notes.md", markdown.encode("utf-8")))
    assert imported.format == "md"
    assert imported.text == markdown.replace("\r\n", "\n")
    assert imported.original is None


def test_suffix_is_matched_without_regard_to_case(tmp_path: Path) -> None:
    assert import_file(write(tmp_path, "NOTES.TXT", b"hello")).format == "txt"
    assert import_file(write(tmp_path, "Notes.Md", b"hello")).format == "md"


def test_utf8_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    imported = import_file(write(tmp_path, "a.txt", b"\xef\xbb\xbf" + MIXED.encode("utf-8")))
    assert imported.text == MIXED


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_byte_order_mark(tmp_path: Path, codec: str) -> None:
    text = "Line one\r\n" + MIXED
    raw = "\ufeff".encode(codec) + text.encode(codec)
    assert import_file(write(tmp_path, "a.txt", raw)).text == text.replace("\r\n", "\n")


def test_utf16_with_a_byte_order_mark_but_an_odd_number_of_bytes_is_refused(tmp_path: Path) -> None:
    raw = b"\xff\xfe" + "text".encode("utf-16-le") + b"x"
    with pytest.raises(InvalidInput, match=r"^a\.txt starts with a UTF-16 byte-order mark but is not valid"):
        import_file(write(tmp_path, "a.txt", raw))


def test_windows_1252_is_detected(tmp_path: Path) -> None:
    text = (
        "The café was full – naïve ‘quotes’ and “double quotes” — résumé, façade, Zürich, œuvre…\r\n"
        "Le président a déclaré que la coopération était « très étroite » entre les deux pays.\r\n"
    ) * 3
    imported = import_file(write(tmp_path, "legacy.txt", text.encode("cp1252")))
    assert imported.text == text.replace("\r\n", "\n")


def test_latin_1_is_detected(tmp_path: Path) -> None:
    text = "Ein Bürger aß Käse und Brötchen in Zürich. Très jolie façade à côté du marché.\n" * 4
    assert import_file(write(tmp_path, "de.txt", text.encode("latin-1"))).text == text


def test_windows_1254_turkish_is_not_taken_for_windows_1252(tmp_path: Path) -> None:
    # Windows-1252 decodes these bytes without error too, but to the wrong letters.
    text = "Çin ve Rusya arasındaki askeri işbirliği derinleşiyor; ortak tatbikatlar sıklaştı.\n" * 4
    assert import_file(write(tmp_path, "tr.txt", text.encode("cp1254"))).text == text


def test_windows_1251_cyrillic_is_detected(tmp_path: Path) -> None:
    text = "Военное сотрудничество между Китаем и Россией углубляется.\n" * 4
    assert import_file(write(tmp_path, "ru.txt", text.encode("cp1251"))).text == text


def test_occasional_control_characters_are_kept(tmp_path: Path) -> None:
    text = "A line break pasted from Word\x0bstays as it is, as does a bell\x07 in a line.\n" * 3
    assert import_file(write(tmp_path, "a.txt", text.encode())).text == text


def test_frequent_control_characters_are_refused(tmp_path: Path) -> None:
    text = "short\x0bbits\x07of\x1btext\x01\n" * 5
    with pytest.raises(InvalidInput, match="does not look like a text file"):
        import_file(write(tmp_path, "a.txt", text.encode()))


@pytest.mark.parametrize(
    "text, refused",
    [
        ("Çà et là\x0b, naïve café, 中俄 and 😀 " * 40, False),  # few controls among multi-byte letters
        ("ok\x0b\x1b\x01 中俄 " * 40, True),  # C0 controls in a text of multi-byte letters
        ("déjà vu\x85 é\x9b\x90 " * 40, True),  # C1 controls: two bytes each in UTF-8
        ("déjà vu\x85 is a line of ordinary words here " * 40, False),  # one C1 control now and then
    ],
)
def test_control_characters_are_counted_in_any_text(tmp_path: Path, text: str, refused: bool) -> None:
    path = write(tmp_path, "a.txt", text.encode("utf-8"))
    if refused:
        with pytest.raises(InvalidInput, match="does not look like a text file"):
            import_file(path)
    else:
        assert import_file(path).text == text


def test_binary_content_named_txt_is_refused(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(4000) + b"\x00" * 16
    with pytest.raises(InvalidInput) as caught:
        import_file(write(tmp_path, "photo.txt", png))
    assert str(caught.value) == "photo.txt does not look like a text file (it contains binary data)."


def test_utf16_without_byte_order_mark_is_refused_as_binary(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="does not look like a text file"):
        import_file(write(tmp_path, "a.txt", "plain words".encode("utf-16-le")))


def test_many_control_characters_are_refused_as_binary(tmp_path: Path) -> None:
    raw = bytes(range(1, 9)) * 50 + b"some words"
    with pytest.raises(InvalidInput, match=r"^a\.md does not look like a text file"):
        import_file(write(tmp_path, "a.md", raw))


@pytest.mark.parametrize("raw", [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"  \r\n\t\n"])
def test_empty_file_is_refused(tmp_path: Path, raw: bytes) -> None:
    with pytest.raises(InvalidInput) as caught:
        import_file(write(tmp_path, "empty.txt", raw))
    assert str(caught.value) == "empty.txt is empty."


def test_unsupported_suffix_names_the_supported_formats(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        import_file(write(tmp_path, "table.xlsx", b"data"))
    assert str(caught.value) == (
        "table.xlsx cannot be imported: the supported formats are .txt, .md, .pdf and .docx."
    )
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".pdf", ".docx")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        import_file(tmp_path / "missing.txt")
    assert str(caught.value) == "missing.txt does not exist."


def test_folder(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(InvalidInput) as caught:
        import_file(tmp_path / "folder.txt")
    assert str(caught.value) == "folder.txt is a folder, not a file."


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "secret.txt", b"text")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InvalidInput) as caught:
        import_file(path)
    assert str(caught.value) == "secret.txt cannot be read (permission denied)."


def test_import_bytes_dispatches_on_the_name() -> None:
    imported = import_bytes("sources/notes.MD", b"# Heading\r\n")
    assert (imported.name, imported.format, imported.text) == ("sources/notes.MD", "md", "# Heading\n")
    with pytest.raises(InvalidInput, match="supported formats"):
        import_bytes("notes.rtf", b"{\\rtf1}")


@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_digest_taken_from_the_bytes_is_the_stored_texts(tmp_path: Path, mark: bytes, newline: str) -> None:
    from coder.domain.text import sha256_text

    text = newline.join(["Ünïcode 中俄 😀 line", "second line \ufeff with a later mark", "last"])
    imported = import_file(write(tmp_path, "a.txt", mark + text.encode("utf-8")))
    assert imported.text == text.replace("\r\n", "\n").replace("\r", "\n")
    assert imported.sha256 in ("", sha256_text(imported.text))
    assert (imported.sha256 != "") == (not mark and newline == "\n")
