"""Codings CSV files are read strictly: a damaged file is refused, naming its line, and nothing is added."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from coder.domain.errors import CoderError
from coder.services import codebook, codings, sources
from coder.services.codings_csv import import_codings_csv
from coder.services.project import Project, open_project

HEADER = "source,coder,code,start,end,memo\n"
TEXT = "Mutual trust between the armies grew over twenty years."


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    file = project_path.parent / "s.txt"
    file.write_text(TEXT, encoding="utf-8")
    opened = open_project(project_path)
    sources.import_files(opened, [file])
    codebook.add_code(opened, "Trust")
    yield opened
    opened.close()


def _refused(project: Project, tmp_path: Path, text: str, snapshot: Callable) -> str:
    path = tmp_path / "c.csv"
    path.write_text(text, encoding="utf-8", newline="")
    before = snapshot(project.path)
    with pytest.raises(CoderError) as caught:
        import_codings_csv(project, path)
    assert snapshot(project.path) == before
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_an_unterminated_quote_does_not_swallow_the_rows_after_it(
    project: Project, tmp_path: Path, snapshot: Callable
) -> None:
    rows = "".join(f"s.txt,Ann,Trust,{n},{n + 5},\n" for n in range(20))
    message = _refused(
        project, tmp_path, HEADER + 's.txt,Ann,Trust,0,6,"Memo without its end\n' + rows, snapshot
    )
    assert message.startswith("c.csv, line 2: a quote opens a field here and is never closed")
    assert codings.list_codings(project) == []


@pytest.mark.parametrize("offset", ["١٢", "1_0", "٣", "１２", "1.0", "0x1"])
def test_offsets_are_written_with_ascii_digits_only(
    project: Project, tmp_path: Path, snapshot: Callable, offset: str
) -> None:
    message = _refused(project, tmp_path, HEADER + f"s.txt,Ann,Trust,{offset},20,\n", snapshot)
    assert message == f"c.csv, line 2: start '{offset}' is not a whole number written with the digits 0-9"


def test_a_column_named_twice_is_refused(project: Project, tmp_path: Path, snapshot: Callable) -> None:
    text = "source,coder,code,start,end,end\ns.txt,Ann,Trust,0,4,40\n"
    message = _refused(project, tmp_path, text, snapshot)
    assert message == "c.csv, line 1: the column 'end' appears twice in the header row; keep one of them"


def test_a_huge_offset_is_not_echoed_in_full(project: Project, tmp_path: Path, snapshot: Callable) -> None:
    message = _refused(project, tmp_path, HEADER + "s.txt,Ann,Trust,0," + "9" * 5000 + ",\n", snapshot)
    assert message == "c.csv, line 2: end '" + "9" * 39 + "…' is too large to be an offset"


def test_a_valid_file_with_quoted_memos_is_imported(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        HEADER
        + 's.txt,Ann,Trust,0,6,"a memo, with ""quotes""\r\nand two lines"\r\ns.txt,Bob,Trust,7,12,\r\n',
        encoding="utf-8",
        newline="",
    )
    assert import_codings_csv(project, path).codings == 2
    memos = sorted(c.memo for c in codings.list_codings(project))
    assert memos == ["", 'a memo, with "quotes"\r\nand two lines']


@pytest.mark.parametrize(
    ("column", "value"), [("coder", "Ann\\x07"), ("coder", "A\\tnn"), ("code", "New/Sub\\x1bcode")]
)
def test_names_with_control_characters_are_refused(
    project: Project, tmp_path: Path, snapshot: Callable, column: str, value: str
) -> None:
    row = {"coder": "Ann", "code": "Trust"} | {column: value.encode().decode("unicode_escape")}
    path = tmp_path / "c.csv"
    path.write_text(HEADER + f"s.txt,{row['coder']},{row['code']},0,4,\n", encoding="utf-8", newline="")
    before = snapshot(project.path)
    with pytest.raises(
        CoderError, match=f"^c.csv, line 2: the {column} name '.*' contains a control character"
    ):
        import_codings_csv(project, path, create_codes=True)
    assert snapshot(project.path) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_named_pipe_is_refused_without_being_opened(project: Project, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)  # opening it to read would wait for a writer for ever
    with pytest.raises(CoderError, match=r"^pipe.csv is not a regular file \(it is a named pipe\)"):
        import_codings_csv(project, pipe)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_dev_zero_is_refused_without_being_read(project: Project, tmp_path: Path) -> None:
    zero = tmp_path / "zero.csv"
    zero.symlink_to("/dev/zero")  # reading it would fill the memory
    with pytest.raises(CoderError, match=r"^zero.csv is not a regular file \(it is a device\)"):
        import_codings_csv(project, zero)


def test_a_source_name_with_a_control_character_is_refused_in_one_line(
    project: Project, tmp_path: Path, snapshot: Callable
) -> None:
    message = _refused(project, tmp_path, HEADER + "s\x0b.txt,Ann,Trust,0,4,\n", snapshot)
    assert message.startswith("c.csv, line 2: the source name 's\\x0b.txt' contains a control character")
    assert len(message.splitlines()) == 1
