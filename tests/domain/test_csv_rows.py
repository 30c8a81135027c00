"""Strict CSV reading: damaged files are refused with the line where the damage starts."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.domain.csv_rows import read_columns, read_table
from coder.domain.errors import InvalidInput

HEADER = "source,coder,code,start,end,memo\n"


def test_plain_rows_with_their_lines() -> None:
    table = read_table(HEADER + "a.txt,Ann,Trust,0,4,\n\nb.txt,Bob,Trust,1,2,ok\n", "c.csv")
    assert table.header == ("source", "coder", "code", "start", "end", "memo")
    assert table.rows == (
        (2, ("a.txt", "Ann", "Trust", "0", "4", "")),
        (4, ("b.txt", "Bob", "Trust", "1", "2", "ok")),
    )


def test_quoted_fields_with_commas_quotes_and_line_breaks() -> None:
    text = HEADER + 'a.txt,Ann,Trust,0,4,"one, ""two""\r\nthree"\r\nb.txt,Bob,Trust,1,2,x\r\n'
    table = read_table(text, "c.csv")
    assert table.rows == (
        (2, ("a.txt", "Ann", "Trust", "0", "4", 'one, "two"\r\nthree')),
        (4, ("b.txt", "Bob", "Trust", "1", "2", "x")),
    )


def test_an_unterminated_quote_is_refused_at_the_line_where_it_opens() -> None:
    rows = "".join(f"s.txt,Ann,Trust,{n},{n + 1},\n" for n in range(50))
    text = HEADER + 'a.txt,Ann,Trust,0,4,"a memo that never ends\n' + rows
    with pytest.raises(InvalidInput) as caught:
        read_table(text, "c.csv")
    assert str(caught.value) == (
        "c.csv, line 2: a quote opens a field here and is never closed; "
        "close it, or double a quote that belongs to the text"
    )


def test_an_unterminated_quote_that_meets_a_later_quote_names_where_it_opened() -> None:
    text = HEADER + 'a.txt,Ann,Trust,0,4,"oops\nb.txt,Ann,Trust,0,4,\nc.txt,Ann,Trust,0,4,"fine"\n'
    with pytest.raises(
        InvalidInput, match=r"^c\.csv, line 2 \(it closes on line 4\): a quoted field is followed"
    ):
        read_table(text, "c.csv")


def test_a_stray_quote_that_pairs_up_is_caught_by_the_field_count() -> None:
    text = HEADER + 'a.txt,Ann,Trust,0,4,"one\nb.txt",Ann,Trust,0,4,two\nc.txt,Ann,Trust,0,4,\n'
    with pytest.raises(
        InvalidInput, match=r"^c\.csv, line 2: the row has 11 field\(s\) but the header row has 6"
    ):
        read_table(text, "c.csv")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            'a.txt,Ann,Trust,0,4,5" screen\n',
            "line 3: a quote stands inside a field that does not start with one",
        ),
        ('a.txt,Ann,Trust,0,4,"memo"x\n', "line 3: a quoted field is followed by more text"),
        ("a.txt,Ann,Trust,0,4\n", r"line 3: the row has 5 field\(s\) but the header row has 6"),
        ("a.txt,Ann,Trust,0,4,,\n", r"line 3: the row has 7 field\(s\)"),
        ("a.txt,Ann,Tr\x00ust,0,4,\n", "line 3: the file contains a NUL character"),
    ],
)
def test_damaged_rows_are_refused(row: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        read_table(HEADER + "s.txt,Ann,Trust,0,1,\n" + row, "c.csv")


def test_a_column_named_twice_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        read_table("source,coder,code,start,end,start\ns,a,c,0,1,9\n", "c.csv")
    assert (
        str(caught.value)
        == "c.csv, line 1: the column 'start' appears twice in the header row; keep one of them"
    )


def test_an_empty_file_has_no_header() -> None:
    assert read_table("", "c.csv").header == ()


_FIELD = st.text(
    alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=12
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_FIELD, min_size=3, max_size=3), min_size=1, max_size=6))
def test_whatever_the_csv_module_writes_is_read_back(rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["a", "b", "c"], *rows])  # quotes a field with a quote or line break
    table = read_table(buffer.getvalue(), "c.csv")
    assert [fields for _, fields in table.rows] == [tuple(row) for row in rows]


def _as_rows(text: str) -> tuple[tuple[str, ...], list[tuple[int, tuple[str, ...]]]] | str:
    """What read_columns makes of ``text``, as a header and rows (or its refusal)."""
    try:
        table = read_columns(text, "c.csv")
    except InvalidInput as problem:
        return str(problem)
    rows = list(zip(*table.columns, strict=True)) if table.columns else []
    assert len(rows) == table.count or not table.header
    return table.header, [(table.line(row), fields) for row, fields in enumerate(rows)]


def _as_table(text: str) -> tuple[tuple[str, ...], list[tuple[int, tuple[str, ...]]]] | str:
    try:
        table = read_table(text, "c.csv")
    except InvalidInput as problem:
        return str(problem)
    return table.header, list(table.rows)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "a,b\n",
        "a,b",
        "a,b\n1,2",
        "a,b\n1,2\n",
        "a,b\n1,2\n\n",
        "\na,b\n1,2\n",
        "a,b\n\n1,2\n3,4\n",
        "a,b\n1,2\n3\n",
        "a,b\n1,2\n3,4,5\n6,7\n",
        "a,a\n1,2\n",
        " a , b \n 1 , 2 \n",
        "a\n1\n\n2\n",
        "a,b\r\n1,2\r\n",
        'a,b\n1,"2"\n',
        "a,b\n1,\x002\n",
        "a,b,c\n,,\n,,\n",
    ],
)
def test_columns_read_as_the_rows_are(text: str) -> None:
    assert _as_rows(text) == _as_table(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='ab,\n\r" ', max_size=40))
def test_columns_match_rows_whatever_the_text(text: str) -> None:
    assert _as_rows(text) == _as_table(text)
