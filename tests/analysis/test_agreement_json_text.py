"""The ``--json`` text, written straight from the engine's columns, is exactly ``json.dumps`` of the dict."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given
from test_agreement_properties import SETTINGS, scenarios

from coder.analysis.agreement import (
    AgreementInput,
    CodeRef,
    SourceSpans,
    compute_agreement,
    to_json_dict,
    to_json_text,
)
from coder.analysis.agreement_model import SourceTable


def _dumped(result: object) -> str:
    return json.dumps(to_json_dict(result), ensure_ascii=False, allow_nan=False) + "\n"  # type: ignore[arg-type]


@SETTINGS
@given(scenarios())
def test_the_text_is_the_dumped_dictionary(data: AgreementInput) -> None:
    result = compute_agreement(data)
    assert all(isinstance(code.by_source, SourceTable) for code in result.codes)
    assert to_json_text(result) == _dumped(result)
    # by_source entries given as plain tuples (as other callers may) take the general way, same text
    plain = replace(
        result, codes=tuple(replace(code, by_source=tuple(code.by_source)) for code in result.codes)
    )
    assert to_json_text(plain) == to_json_text(result)


def test_names_with_quotes_braces_and_other_scripts_are_kept() -> None:
    odd = 'a "by_source": [] {x} 北京 😀 \\ \n'
    data = AgreementInput(
        [SourceSpans(odd, 12, [("A", "k", 0, 5), ("B", "k", 1, 5)]), SourceSpans("quiet", 3)],
        ["A", odd],
        [CodeRef("k", odd, f"{odd}/{odd}"), CodeRef("u", "Unused", "Unused")],
    )
    data = replace(
        data, sources=(SourceSpans(odd, 12, [("A", "k", 0, 5), (odd, "k", 1, 5)]), SourceSpans("quiet", 3))
    )
    result = compute_agreement(data)
    text = to_json_text(result)
    assert text == _dumped(result)
    assert json.loads(text)["codes"][0]["by_source"][0]["source"] == odd


def test_a_figure_that_is_not_finite_is_refused_as_json_dumps_refuses_it() -> None:
    data = AgreementInput(
        [SourceSpans("s", 10, [("A", "k", 0, 5), ("B", "k", 2, 8)])], ["A", "B"], [CodeRef("k", "K", "K")]
    )
    result = compute_agreement(data)
    table = result.codes[0].by_source
    assert isinstance(table, SourceTable)
    figures = [list(column) for column in table.groups.figures]
    figures[2][0] = float("nan")
    table.groups.figures = figures
    with pytest.raises(ValueError):
        _dumped(result)
    with pytest.raises(ValueError):
        to_json_text(result)


def test_a_source_table_reads_as_the_tuple_of_its_entries() -> None:
    data = AgreementInput(
        [
            SourceSpans("one", 10, [("A", "k", 0, 5), ("B", "k", 2, 8)]),
            SourceSpans("two", 4),
            SourceSpans("three", 6),
        ],
        ["A", "B"],
        [CodeRef("k", "K", "K")],
    )
    table = compute_agreement(data).codes[0].by_source
    entries = tuple(table)
    assert isinstance(table, SourceTable)
    assert len(table) == 3
    assert [entry.source for entry in entries] == ["one", "two", "three"]
    assert table[-1] == entries[-1]
    assert table[1:] == entries[1:]
    assert table == entries
    assert table == SourceTable(table.sources, table.rows, table.groups, table.absent)
    assert hash(table) == hash(entries)
    assert entries[0].stats.histogram == (2, 5, 3)
    assert entries[1].stats.histogram == (4, 0, 0)
    with pytest.raises(IndexError):
        table[3]
