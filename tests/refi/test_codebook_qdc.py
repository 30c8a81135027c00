"""REFI-QDA codebooks (.qdc): lenient reading, valid writing, exact four-field descriptions."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coder.domain.errors import InvalidInput
from coder.domain.model import CodeSpec
from coder.refi.codebook import qdc_bytes, read_qdc, read_qdc_report
from coder.refi.descriptions import LABELS, CodeTexts, compose, split
from coder.services.codebook import export_specs, load_specs
from coder.services.codebook_files import read_codebook_file, write_codebook_file
from coder.services.project import Project

SPECS = [
    CodeSpec(path=("Economy",), colour="#e8e08c", definition="Money and markets."),
    CodeSpec(
        path=("Economy", "Wages"),
        colour="#a6d8f4",
        definition="Pay for work.\nAny currency.",
        when_to_use="Salaries, fees.\n\nWhen to use:\nalso tips",
        when_not_to_use="Prices.",
        example="'we earn too little' \U0001f4b8",
    ),
    CodeSpec(path=("Trust & <faith>",), colour="#f4a6a6", example="Example:"),
]


def _write(tmp_path: Path, text: str, name: str = "codes.qdc") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_written_codebook_validates_and_reads_back_exactly(tmp_path: Path, codebook_schema: object) -> None:
    data = qdc_bytes(SPECS)
    codebook_schema.validate(io.BytesIO(data))  # type: ignore[attr-defined]
    path = tmp_path / "codes.qdc"
    path.write_bytes(data)
    specs, notes = read_qdc_report(path)
    assert notes == []
    assert [(s.path, s.colour, s.definition, s.when_to_use, s.when_not_to_use, s.example) for s in specs] == [
        (s.path, s.colour, s.definition, s.when_to_use, s.when_not_to_use, s.example) for s in SPECS
    ]


def test_codebook_round_trip_through_a_project(
    tmp_path: Path, new_project: Callable[[str], Project], codebook_schema: object
) -> None:
    first = new_project("one")
    load_specs(first, SPECS)
    write_codebook_file(tmp_path / "out.qdc", export_specs(first))
    codebook_schema.validate(str(tmp_path / "out.qdc"))  # type: ignore[attr-defined]
    second = new_project("two")
    load_specs(second, read_codebook_file(tmp_path / "out.qdc"))

    def fields(project: Project) -> list[tuple[object, ...]]:
        return [
            (s.path, s.colour, s.definition, s.when_to_use, s.when_not_to_use, s.example)
            for s in export_specs(project)
        ]

    assert fields(second) == fields(first)


@pytest.mark.parametrize(
    "namespace", ["urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:1:0", "urn:QDA-XML:codebook:0:4", ""]
)
def test_namespace_variants_and_empty_sets(tmp_path: Path, namespace: str) -> None:
    declaration = f' xmlns="{namespace}"' if namespace else ""
    path = _write(
        tmp_path,
        f'<CodeBook{declaration}><Codes><Code guid="{{5215CC69-B628-4E02-AFB9-9BEEAEE55808}}" name="Topics" '
        'isCodable="false"><Code guid="d7aa29da-519b-4946-9b90-253b6db8fd0a" name="Economy" isCodable="true" '
        'color="#ff0"><Description>Jobs, taxes.</Description></Code></Code></Codes><Sets/></CodeBook>',
    )
    specs = read_qdc(path)
    assert [(s.path, s.colour, s.definition) for s in specs] == [
        (("Topics",), None, ""),
        (("Topics", "Economy"), "#ffff00", "Jobs, taxes."),
    ]
    assert specs[0].guid == "5215cc69-b628-4e02-afb9-9beeaee55808"


def test_colours_outside_hex_are_normalised_or_dropped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    codes = "".join(
        f'<Code guid="00000000-0000-0000-0000-00000000000{i}" name="c{i}" isCodable="true" color="{colour}"/>'
        for i, colour in enumerate(["rgb(255, 128, 0)", "#11223344", "#ABC", "blue", "rgb(300,0,0)"])
    )
    path = _write(tmp_path, f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes></CodeBook>')
    with caplog.at_level(logging.WARNING, logger="coder.refi"):
        specs = read_qdc(path)
    assert [s.colour for s in specs] == ["#ff8000", "#112233", "#aabbcc", None, None]
    assert "2 colour(s) could not be read" in caplog.text and "'blue' (c3)" in caplog.text


def test_flat_hierarchies_of_atlas8_and_taguette(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="00000000-0000-0000-0000-000000000001" name="Coke::diet Coke" isCodable="true"/>'
        '<Code guid="00000000-0000-0000-0000-000000000002" name="Coke" isCodable="true" color="#966450"/>'
        '<Code guid="00000000-0000-0000-0000-000000000003" name="interesting\\places" isCodable="true"/>'
        '<Code guid="00000000-0000-0000-0000-000000000004" name="either/or" isCodable="true"/>'
        '<Code guid="00000000-0000-0000-0000-000000000005" name="Coke" isCodable="true"/>'
        "</Codes></CodeBook>",
    )
    specs, notes = read_qdc_report(path)
    assert [s.path for s in specs] == [
        ("Coke",),
        ("Coke", "diet Coke"),
        ("interesting",),
        ("interesting", "places"),
        ("either\u2215or",),
    ]
    assert specs[0].colour == "#966450"
    assert any("became '∕'" in note for note in notes)
    assert any("joined into one" in note for note in notes)


def test_a_project_file_is_not_a_codebook(tmp_path: Path) -> None:
    path = _write(tmp_path, '<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>')
    with pytest.raises(InvalidInput, match="is not a REFI-QDA codebook: its root element is <Project>"):
        read_qdc(path)


def test_an_empty_codebook_cannot_be_written() -> None:
    with pytest.raises(InvalidInput, match="the codebook is empty"):
        qdc_bytes([])


@pytest.mark.parametrize(
    "texts",
    [
        CodeTexts(definition="Only a definition, as other programs expect."),
        CodeTexts(definition="Example:\nlooks like a heading"),
        CodeTexts(definition="\\When to use:"),
        CodeTexts(when_not_to_use="only this one"),
        CodeTexts("a\n", "\n", "", "\n\nExample:\n\\Example:\n"),
    ],
)
def test_descriptions_split_back_into_the_four_fields(texts: CodeTexts) -> None:
    assert split(compose(texts)) == texts


def test_a_plain_definition_stays_plain() -> None:
    assert compose(CodeTexts(definition="Talk about money.")) == "Talk about money."
    assert (
        compose(CodeTexts("d", "w", "n", "e"))
        == "Definition:\nd\n\nWhen to use:\nw\n\nWhen not to use:\nn\n\nExample:\ne"
    )
    assert split("Something from NVivo\n\nExample:\nnot ours") == CodeTexts(
        definition="Something from NVivo\n\nExample:\nnot ours"
    )


_PIECES = ["\n", "\n\n", "\\", ":", " ", "\r"] + [f"{label}:" for label in LABELS]
_FIELD = st.lists(st.one_of(st.sampled_from(_PIECES), st.characters()), max_size=12).map("".join)


@given(_FIELD, _FIELD, _FIELD, _FIELD)
def test_any_four_texts_survive_compose_and_split(a: str, b: str, c: str, d: str) -> None:
    texts = CodeTexts(a, b, c, d)
    assert split(compose(texts)) == texts
