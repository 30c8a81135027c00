"""Attributes through REFI-QDA: variables and cases both ways, and through merging a project file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from small_project import build_small_project

from coder.services import attributes, exchange
from coder.services.project import create_project, open_project

REFI = Path(__file__).resolve().parents[2].parent / "shared" / "refi"


def _by_name(project_path: Path) -> dict[str, dict[str, str]]:
    with open_project(project_path) as project:
        table = attributes.attribute_table(project)
    names = {a.id: a.name for a in table.attributes}
    return {
        source: {names[a]: v for a, v in table.values.get(source_id, {}).items()}
        for source_id, source in table.sources
    }


def test_attributes_survive_a_qdpx_round_trip(tmp_path: Path) -> None:
    original = build_small_project(tmp_path / "small.coder")
    out = tmp_path / "small.qdpx"
    with open_project(original) as project:
        exchange.export_qdpx(project, out)
    copy = tmp_path / "copy.coder"
    with create_project(copy) as project:
        summary = exchange.import_qdpx(project, out)
        found = {a.name: (a.type, a.choices) for a in attributes.list_attributes(project)}
    assert found == {"outlet": ("choice", ("paper", "web")), "year": ("number", ())}
    assert (
        _by_name(copy)
        == _by_name(original)
        == {
            "s1.txt": {"outlet": "paper", "year": "2022"},
            "s2.txt": {"outlet": "web", "year": "2024"},
        }
    )
    assert "attribute values: 4 added, 0 kept as this project has them" in summary.notes
    assert not any("case" in note or "variable" in note for note in summary.notes)
    xml = zipfile.ZipFile(out).read("project.qde").decode("utf-8")
    assert xml.count("<Case ") == 2 and xml.count("<SourceRef ") == 2
    assert '<Variable guid="' in xml and 'typeOfVariable="Integer"' in xml


def test_exported_variables_validate_against_the_schema(tmp_path: Path) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    schema_path = REFI / "Project.xsd"
    if not schema_path.exists():
        pytest.skip("Project.xsd is not here: the shared REFI-QDA material (../shared/refi) is absent")
    original = build_small_project(tmp_path / "small.coder")
    with open_project(original) as project:
        attributes.define_attribute(project, "weight", "number")
        attributes.define_attribute(project, "published", "date")
        attributes.define_attribute(project, "peer", "boolean")
        table = attributes.attribute_table(project)
        s1 = table.sources[0][0]
        ids = {a.name: a.id for a in table.attributes}
        for name, value in (("weight", "0.00001"), ("published", "2022-03-01"), ("peer", "yes")):
            attributes.set_value(project, s1, ids[name], value)
        out = tmp_path / "small.qdpx"
        exchange.export_qdpx(project, out)
    xmlschema.XMLSchema(str(schema_path)).validate(io.BytesIO(zipfile.ZipFile(out).read("project.qde")))
    assert "<FloatValue>0.00001</FloatValue>" in zipfile.ZipFile(out).read("project.qde").decode()


HANDMADE = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="handmade">
  <Variables>
    <Variable guid="00000000-0000-4000-8000-000000000001" name="Age&lt;30" typeOfVariable="Boolean"/>
    <Variable guid="00000000-0000-4000-8000-000000000002" name="interviewed" typeOfVariable="DateTime"/>
    <Variable guid="00000000-0000-4000-8000-000000000003" name="score" typeOfVariable="Float"/>
    <Variable guid="00000000-0000-4000-8000-000000000004" name="region" typeOfVariable="Text"/>
  </Variables>
  <Cases>
    <Case guid="00000000-0000-4000-8000-0000000000c1" name="Maria">
      <VariableValue><VariableRef targetGUID="00000000-0000-4000-8000-000000000001"/>
        <BooleanValue>1</BooleanValue></VariableValue>
      <VariableValue><VariableRef targetGUID="00000000-0000-4000-8000-000000000002"/>
        <DateTimeValue>2021-06-01T10:30:00Z</DateTimeValue></VariableValue>
      <VariableValue><VariableRef targetGUID="00000000-0000-4000-8000-000000000004"/>
        <TextValue>North</TextValue></VariableValue>
      <SourceRef targetGUID="{00000000-0000-4000-8000-0000000000A1}"/>
    </Case>
    <Case guid="00000000-0000-4000-8000-0000000000c2" name="Nobody">
      <VariableValue><VariableRef targetGUID="00000000-0000-4000-8000-000000000004"/>
        <TextValue>East</TextValue></VariableValue>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="00000000-0000-4000-8000-0000000000a1" name="a.txt">
      <PlainTextContent>First interview.</PlainTextContent>
      <VariableValue><VariableRef targetGUID="00000000-0000-4000-8000-000000000004"/>
        <TextValue>South</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="00000000-0000-4000-8000-000000000003"/>
        <FloatValue>not a number</FloatValue></VariableValue>
    </TextSource>
    <TextSource guid="00000000-0000-4000-8000-0000000000a2" name="b.txt">
      <PlainTextContent>Second interview.</PlainTextContent>
      <VariableValue><VariableRef targetGUID="00000000-0000-4000-8000-000000000003"/>
        <FloatValue>2.50</FloatValue></VariableValue>
    </TextSource>
  </Sources>
</Project>
"""


def test_variables_on_sources_and_cases_are_read(tmp_path: Path) -> None:
    """A case that holds one source gives it its values; the source's own value wins a contradiction."""
    path = tmp_path / "handmade.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", HANDMADE)
    target = tmp_path / "t.coder"
    with create_project(target) as project:
        summary = exchange.import_qdpx(project, path)
        found = {a.name: a.type for a in attributes.list_attributes(project)}
    assert found == {"Age-30": "boolean", "interviewed": "date", "score": "number", "region": "text"}
    assert _by_name(target) == {
        "a.txt": {"Age-30": "true", "interviewed": "2021-06-01", "region": "South"},
        "b.txt": {"score": "2.5"},
    }
    notes = "\n".join(summary.notes)
    assert "The variable 'Age<30' was renamed 'Age-30'" in notes
    assert "1 date-time variable(s) were read as dates" in notes
    assert "1 variable value(s) that do not fit their variable's type were left out" in notes
    assert "1 variable value(s) that contradict a value already read for the same source" in notes
    assert "1 case(s) that refer to no imported source were not imported" in notes


def test_merging_keeps_this_projects_values(tmp_path: Path) -> None:
    ours = build_small_project(tmp_path / "ours.coder")
    theirs = (
        build_small_project(tmp_path / "theirs" / "theirs.coder")
        if (tmp_path / "theirs").mkdir() is None
        else None
    )
    assert theirs is not None
    with open_project(theirs) as project:
        table = attributes.attribute_table(project)
        ids = {a.name: a.id for a in table.attributes}
        sources = dict((name, sid) for sid, name in table.sources)
        attributes.set_value(project, sources["s1.txt"], ids["year"], "1999")
        region = attributes.define_attribute(project, "region", "choice", ["north", "south"])
        attributes.set_value(project, sources["s2.txt"], region.id, "south")
    with open_project(ours) as project:
        summary = exchange.merge(project, theirs)
    assert _by_name(ours) == {
        "s1.txt": {"outlet": "paper", "year": "2022"},
        "s2.txt": {"outlet": "web", "year": "2024", "region": "south"},
    }
    assert "attribute values: 1 added, 4 kept as this project has them" in summary.notes
