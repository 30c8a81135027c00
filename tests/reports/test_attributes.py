"""Attribute types, values, CSV import and export, and source filters."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from coder.domain.attributes import Attribute, canonical_value, infer_type, matching_sources, parse_conditions
from coder.domain.errors import CoderError, InvalidInput
from coder.services import attributes
from coder.services.project import open_project

NUMBER = Attribute("n", "year", "number")
DATE = Attribute("d", "published", "date")
YES = Attribute("b", "peer reviewed", "boolean")
LIST = Attribute("c", "outlet", "choice", ("Washington Post", "Journal"))
TEXT = Attribute("t", "author", "text")


@pytest.mark.parametrize(
    ("attribute", "raw", "stored"),
    [
        (NUMBER, " 2023 ", "2023"),
        (NUMBER, "+7", "7"),
        (NUMBER, "1.50", "1.5"),
        (NUMBER, "2e3", "2000.0"),
        (DATE, "2024-02-29", "2024-02-29"),
        (YES, "Yes", "true"),
        (YES, "0", "false"),
        (LIST, "journal", "Journal"),
        (TEXT, "  You Ji ", "You Ji"),
        (TEXT, "", ""),
    ],
)
def test_values_are_stored_canonically(attribute: Attribute, raw: str, stored: str) -> None:
    assert canonical_value(attribute, raw, "a.txt") == stored


@pytest.mark.parametrize(
    ("attribute", "raw", "words"),
    [
        (NUMBER, "twenty", "is not a number"),
        (NUMBER, "nan", "is not a number"),
        (NUMBER, "1_000", "is not a number"),
        (DATE, "2023-02-30", "is not a date"),
        (DATE, "01/02/2023", "is not a date"),
        (YES, "maybe", "is not yes or no"),
        (LIST, "Guardian", "one of its choices (Washington Post, Journal)"),
        (TEXT, "two\nlines", "text on one line"),
    ],
)
def test_bad_values_name_source_and_attribute(attribute: Attribute, raw: str, words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        canonical_value(attribute, raw, "a.txt")
    message = str(caught.value)
    assert words in message and f"'{attribute.name}'" in message and "'a.txt'" in message


def test_types_are_inferred_from_a_column() -> None:
    assert infer_type(["2022", "", "2024"]) == "number"
    assert infer_type(["2022-01-01", "2023-05-06"]) == "date"
    assert infer_type(["yes", "no", "Yes"]) == "boolean"
    assert infer_type(["1", "0"]) == "number"
    assert infer_type(["Washington Post", "2024"]) == "text"
    assert infer_type(["", " "]) == "text"


def test_filters_compare_typed_values() -> None:
    values = {"s1": {"n": "2022", "c": "Washington Post"}, "s2": {"n": "2024", "c": "Journal"}, "s3": {}}
    every = [NUMBER, LIST]

    def chosen(*expressions: str) -> list[str]:
        return matching_sources(parse_conditions(expressions), every, values, ["s1", "s2", "s3"])

    assert chosen("year>=2023") == ["s2"]
    assert chosen("year>=2023.0") == ["s2"]
    assert chosen("year<2023") == ["s1"]
    assert chosen("year!=2022") == ["s2"]  # s3 has no year: it meets no condition on it
    assert chosen("outlet=washington post") == ["s1"]
    assert chosen("outlet=Journal; year>=2020") == ["s2"]
    assert chosen("outlet=Journal", "year<2020") == []


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("year", "has no comparison"),
        ("=2023", "lacks a name or a value"),
        ("year>=", "lacks a name or a value"),
        ("colour=red", "no attribute named 'colour'"),
        ("outlet>Journal", "use = or !="),
        ("year>=soon", "which is not a number"),
        ("outlet=Guardian", "which is not one of its choices"),
    ],
)
def test_malformed_filters_are_refused_in_one_sentence(expression: str, words: str) -> None:
    with pytest.raises(CoderError, match=words):
        matching_sources(parse_conditions([expression]), [NUMBER, LIST], {}, [])


def _project_with_sources(path: Path) -> Path:
    from coder.domain.model import ImportedText
    from coder.services import sources
    from coder.services.project import create_project

    with create_project(path) as project:
        sources.store(project, [ImportedText(n, "txt", "some text") for n in ("a.txt", "b.txt", "c.txt")])
    return path


def test_csv_import_infers_types_and_round_trips(tmp_path: Path) -> None:
    path = _project_with_sources(tmp_path / "p.coder")
    table = tmp_path / "values.csv"
    table.write_text(
        "\ufeffoutlet:choice,source,year,peer,published\n"
        "Post,a.txt,2022,yes,2022-03-01\nJournal,b.txt,2024,no,\n",
        encoding="utf-8",
    )
    with open_project(path) as project:
        summary = attributes.import_csv(project, table)
        found = {a.name: a for a in attributes.list_attributes(project)}
        out = tmp_path / "out.csv"
        attributes.export_csv(project, out)
    assert summary.sources == 2 and summary.values_set == 7 and summary.values_cleared == 0
    assert {n: (a.type, a.choices) for n, a in found.items()} == {
        "outlet": ("choice", ("Post", "Journal")),
        "year": ("number", ()),
        "peer": ("boolean", ()),
        "published": ("date", ()),
    }
    assert out.read_text(encoding="utf-8").splitlines() == [
        "source,outlet,year,peer,published",
        "a.txt,Post,2022,true,2022-03-01",
        "b.txt,Journal,2024,false,",
        "c.txt,,,,",
    ]
    # an empty cell removes a value; existing attributes keep their type
    table.write_text("source,year\na.txt,\nb.txt,2025\n", encoding="utf-8")
    with open_project(path) as project:
        summary = attributes.import_csv(project, table)
        values = attributes.values_by_source(project)
    assert (summary.values_set, summary.values_cleared) == (1, 1)
    assert sorted(v[found["year"].id] for v in values.values() if found["year"].id in v) == ["2025"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("name,year\na.txt,2022\n", "has no 'source' column"),
        ("source,year,year\na.txt,1,2\n", "has the column 'year' twice"),
        ("source,year\na.txt,2022\nd.txt,2023\n", "line 3: no source named 'd.txt'"),
        (
            "source,year\na.txt,2022\na.txt,2023\n",
            "line 3: the source 'a.txt' is listed again (first on line 2)",
        ),
        ("source,year:number\na.txt,2022\nb.txt,soon\n", "line 3: the value 'soon' of the attribute 'year'"),
        ("source,year\na.txt,2022,extra\n", "line 2: the row has more cells than the header"),
        ('source,year\na.txt,"2022\n', "the CSV cannot be read"),
        ("source,a=b\na.txt,1\n", "holds one of = < > ! ;"),
    ],
)
def test_csv_errors_name_the_line_and_change_nothing(
    tmp_path: Path, content: str, words: str, snapshot: Callable[[Path], dict]
) -> None:
    path = _project_with_sources(tmp_path / "p.coder")
    table = tmp_path / "values.csv"
    table.write_text(content, encoding="utf-8")
    before = snapshot(path)
    with open_project(path) as project, pytest.raises(CoderError, match=re.escape(words)):
        attributes.import_csv(project, table)
    assert snapshot(path) == before


def test_csv_refuses_a_type_that_differs_from_the_attribute(tmp_path: Path) -> None:
    path = _project_with_sources(tmp_path / "p.coder")
    table = tmp_path / "values.csv"
    table.write_text("source,year:date\na.txt,2022-01-01\n", encoding="utf-8")
    with open_project(path) as project:
        attributes.define_attribute(project, "year", "number")
        with pytest.raises(CoderError, match="declares date, but the attribute 'year' is number"):
            attributes.import_csv(project, table)


def test_define_rename_delete_and_restore(tmp_path: Path) -> None:
    path = _project_with_sources(tmp_path / "p.coder")
    with open_project(path) as project:
        outlet = attributes.define_attribute(project, "outlet", "choice", ["Post", "Journal"])
        with pytest.raises(CoderError, match="already an attribute named 'outlet'"):
            attributes.define_attribute(project, "Outlet", "text")
        source = attributes.attribute_table(project).sources[0][0]
        assert attributes.set_value(project, source, outlet.id, "post") == ""
        assert attributes.set_value(project, source, outlet.id, "Journal") == "Post"
        with pytest.raises(CoderError, match="still given to a source"):
            attributes.update_attribute(project, Attribute(outlet.id, "outlet", "choice", ("Post",)))
        before = attributes.update_attribute(
            project, Attribute(outlet.id, "venue", "choice", ("Post", "Journal", "Blog"))
        )
        assert before.name == "outlet"
        removed = attributes.delete_attribute(project, outlet.id)
        assert attributes.list_attributes(project) == []
        attributes.restore_attribute(project, removed)
        assert attributes.values_by_source(project) == {source: {outlet.id: "Journal"}}
        assert [a.name for a in attributes.list_attributes(project)] == ["venue"]
