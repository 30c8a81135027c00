"""Names from files, echoed values, offsets and the pure limit checks."""

from __future__ import annotations

import stat
from dataclasses import dataclass

import pytest

from coder.domain.errors import InvalidInput, shorten
from coder.domain.limits import (
    DOCX_LIMITS,
    MAX_CODE_DEPTH,
    MIB,
    QDPX_LIMITS,
    check_archive,
    check_characters,
    check_depth,
    check_file_status,
)
from coder.domain.names import MAX_NAME_LENGTH, check_name
from coder.domain.spans import offset_or_none, parse_offset


@pytest.mark.parametrize("name", ["Ann", "Dr. Li Wei", "中俄", "😀 coder", "a" * MAX_NAME_LENGTH, "e\u0301"])
def test_acceptable_names_pass_unchanged(name: str) -> None:
    assert check_name("coder", name) == name


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "has an empty name"),
        ("   ", "has an empty name"),
        ("Ann\x00", "contains a control character"),
        ("Ann\nBob", "contains a control character"),
        ("Ann\rBob", "contains a control character"),
        ("Ann\tBob", "contains a control character"),
        ("Ann\x85", "contains a control character"),
        ("Ann\u2028Bob", "contains a control character"),
        (" Ann", "begins or ends with a space"),
        ("Ann ", "begins or ends with a space"),
        ("a" * (MAX_NAME_LENGTH + 1), f"more than the {MAX_NAME_LENGTH} allowed"),
    ],
)
def test_unacceptable_names_are_refused_in_one_line(name: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem) as caught:
        check_name("coder", name)
    message = str(caught.value)
    assert "\n" not in message and "\r" not in message and "\x00" not in message
    assert len(message) < 200


def test_shorten_keeps_short_values_and_cuts_long_ones() -> None:
    assert shorten("Trust") == "Trust"
    assert shorten("x" * 40) == "x" * 40
    assert shorten("x" * 41) == "x" * 39 + "…"
    assert shorten("9" * 5000) == "9" * 39 + "…"
    assert shorten("a\nb\x00c\u2028") == "a\\nb\\x00c\\u2028"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("12", 12),
        (" 7 ", 7),
        ("-3", -3),
        ("+4", 4),
        ("١٢", None),
        ("1_0", None),
        ("１", None),
        ("", None),
    ],
)
def test_offsets_use_ascii_digits_only(text: str, value: int | None) -> None:
    assert offset_or_none(text) == value


def test_a_long_number_is_refused_without_converting_it() -> None:
    assert offset_or_none("1" * 5000) is None
    with pytest.raises(InvalidInput, match=r"^start '1{39}…' is too large to be an offset$"):
        parse_offset("1" * 5000, "start")


@pytest.mark.parametrize(
    ("mode", "kind"),
    [
        (stat.S_IFIFO, "a named pipe"),
        (stat.S_IFCHR, "a device"),
        (stat.S_IFBLK, "a device"),
        (stat.S_IFSOCK, "a socket"),
    ],
)
def test_only_regular_files_are_read(mode: int, kind: str) -> None:
    with pytest.raises(InvalidInput, match=f"^zero.csv is not a regular file \\(it is {kind}\\)"):
        check_file_status("zero.csv", "codings CSV file", mode | 0o644, 0, 10)


def test_file_size_limit() -> None:
    check_file_status("a.csv", "codings CSV file", stat.S_IFREG, 10, 10)
    with pytest.raises(
        InvalidInput,
        match=r"^a.csv is too large to be a codings CSV file: it has 2,097,152 bytes, "
        r"and at most 1,048,576 \(1 MiB\) are allowed$",
    ):
        check_file_status("a.csv", "codings CSV file", stat.S_IFREG, 2 * MIB, MIB)


@dataclass
class Entry:
    filename: str
    file_size: int
    compress_size: int


def test_archive_limits() -> None:
    check_archive([Entry("word/document.xml", 5 * MIB, MIB)], "a.docx", DOCX_LIMITS)
    # Many members each below the size where one member's ratio is checked: the whole archive's is.
    small_bombs = [Entry(f"sources/{n}.txt", MIB, MIB // 1000) for n in range(20)]
    with pytest.raises(InvalidInput, match=r"^p.qdpx is compressed suspiciously well \(1000 to 1"):
        check_archive(small_bombs, "p.qdpx", QDPX_LIMITS)
    with pytest.raises(
        InvalidInput, match="holds 65 MiB of XML, more than the 64 MiB a Word document may hold"
    ):
        check_archive([Entry("word/document.xml", 65 * MIB, 10 * MIB)], "a.docx", DOCX_LIMITS)
    with pytest.raises(InvalidInput, match="holds 10001 files"):
        check_archive([Entry(str(n), 1, 1) for n in range(10_001)], "p.qdpx", QDPX_LIMITS)


def test_characters_and_depth() -> None:
    check_characters("a.txt", 10)
    with pytest.raises(InvalidInput, match="^a.txt holds 20,000,001 characters, more than the 20,000,000"):
        check_characters("a.txt", 20_000_001)
    check_depth(("x",) * MAX_CODE_DEPTH)
    with pytest.raises(
        InvalidInput, match=f"is {MAX_CODE_DEPTH + 1} levels deep, more than the {MAX_CODE_DEPTH}"
    ):
        check_depth(("x",) * (MAX_CODE_DEPTH + 1))
