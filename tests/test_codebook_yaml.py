"""The YAML codebook format and the study's bundled codebook."""

from __future__ import annotations

import colorsys
import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.codebook_yaml import bundled_codebook_text, dump_codebook, load_codebook
from coder.domain.errors import InvalidInput
from coder.domain.model import CodeSpec
from coder.domain.names import check_name

HEX = re.compile(r"#[0-9a-f]{6}")


def without_lines(specs: list[CodeSpec]) -> list[CodeSpec]:
    return [dataclasses.replace(spec, line=None) for spec in specs]


def error_of(text: str) -> str:
    with pytest.raises(InvalidInput) as caught:
        load_codebook(text, "test.yaml")
    return str(caught.value)


# ---------------------------------------------------------------- the bundled codebook


@pytest.fixture(scope="module")
def bundled() -> list[CodeSpec]:
    return load_codebook(bundled_codebook_text(), "codebook.yaml")


def test_bundled_codebook_has_a_manageable_tree(bundled: list[CodeSpec]) -> None:
    groups = [spec for spec in bundled if len(spec.path) == 1]
    assert 6 <= len(groups) <= 9
    assert 25 <= len(bundled) <= 40
    assert max(len(spec.path) for spec in bundled) == 3
    assert all(len(group.name) <= 12 for group in groups), "group names show in a narrow tree"
    lines = [spec.line for spec in bundled]
    assert all(isinstance(line, int) for line in lines)
    assert lines == sorted(lines)


@pytest.mark.parametrize(
    "concept",
    [
        "quasi-alliance",
        "third-party targeting",
        "entrapment",
        "abandonment",
        "strategic autonomy",
        "exercises",
        "patrols",
        "arms trade",
        "r&d",
        "trust",
        "mistrust",
        "hedging",
        "asymmetry",
        "ukraine",
        "taiwan",
        "central asia",
        "sanctions",
        "nuclear",
        "rhetoric",
        "exchanges",
    ],
)
def test_bundled_codebook_has_the_study_concepts(bundled: list[CodeSpec], concept: str) -> None:
    assert any(concept in spec.name.casefold() for spec in bundled), concept


def test_every_bundled_code_is_fully_described(bundled: list[CodeSpec]) -> None:
    for spec in bundled:
        assert spec.colour is not None and HEX.fullmatch(spec.colour), spec.path
        for field in ("definition", "when_to_use", "when_not_to_use", "example"):
            value = getattr(spec, field)
            assert len(value) >= 40, f"{'/'.join(spec.path)} has a thin {field}"


def test_bundled_colours_are_distinct_light_and_follow_their_group(bundled: list[CodeSpec]) -> None:
    colours = [spec.colour for spec in bundled]
    assert len(set(colours)) == len(colours)

    def channels(colour: str | None) -> tuple[float, float, float]:
        assert colour is not None
        red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        return red, green, blue

    def luminance(colour: str | None) -> float:
        def linear(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        red, green, blue = channels(colour)
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)

    by_path = {spec.path: spec for spec in bundled}
    for spec in bundled:
        contrast_with_black = (luminance(spec.colour) + 0.05) / 0.05
        assert contrast_with_black >= 7, f"{spec.path} is too dark behind black text"
        if len(spec.path) > 1:
            hue = colorsys.rgb_to_hls(*channels(spec.colour))[0]
            group_hue = colorsys.rgb_to_hls(*channels(by_path[spec.path[:1]].colour))[0]
            distance = min(abs(hue - group_hue), 1 - abs(hue - group_hue))
            assert distance < 0.1, f"{spec.path} is not a shade of its group's colour"


def test_bundled_codebook_round_trips(bundled: list[CodeSpec]) -> None:
    again = load_codebook(dump_codebook(bundled, name="Sino-Russian military relations"))
    assert without_lines(again) == without_lines(bundled)


# ---------------------------------------------------------------- reading


NESTED = """\
codebook:
  name: Nested
  description: Three levels.
codes:
  - name: Alignment
    colour: "#ABC"
    definition: >-
      Folded text
      on two lines.
    children:
      - name: Exercises
        color: "#A1B2C3"
        when_to_use: |
          First line.
          Second line.
        children:
          - name: Combat drills
            example:
  - name: Trust
"""


def test_a_three_level_code_list_is_read_in_tree_order_with_lines() -> None:
    specs = load_codebook(NESTED, "nested.yaml")
    assert [spec.path for spec in specs] == [
        ("Alignment",),
        ("Alignment", "Exercises"),
        ("Alignment", "Exercises", "Combat drills"),
        ("Trust",),
    ]
    assert [spec.line for spec in specs] == [5, 11, 17, 19]
    alignment, exercises, drills, trust = specs
    assert alignment.colour == "#aabbcc"  # #RGB is widened and lower-cased
    assert alignment.definition == "Folded text on two lines."
    assert exercises.colour == "#a1b2c3"  # the spelling "color" is accepted
    assert exercises.when_to_use == "First line.\nSecond line."
    assert drills.example == ""  # a key with nothing after it is empty text
    assert drills.colour is None and trust.colour is None


def test_windows_line_ends_and_a_byte_order_mark_are_accepted() -> None:
    text = "\ufeff" + NESTED.replace("\n", "\r\n")
    specs = load_codebook(text)
    assert [spec.line for spec in specs] == [5, 11, 17, 19]
    assert specs[1].when_to_use == "First line.\nSecond line."


def test_a_guid_is_kept_in_canonical_form() -> None:
    text = "codes:\n  - name: A\n    guid: 0A1B2C3D-4E5F-4a6b-8c7d-9e0f1a2b3c4d\n"
    assert load_codebook(text)[0].guid == "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        pytest.param(
            "codes:\n  - name: A\n    definition: one: two\n",
            3,
            "the YAML cannot be read: mapping values are not allowed here",
            id="malformed",
        ),
        pytest.param("codes:\n  - name: A\n\t- name: B\n", 3, "the YAML cannot be read", id="tab"),
        pytest.param("codes:\n  - name: A\n  - Trust\n", 3, "'- name: Trust'", id="code-not-mapping"),
        pytest.param("codes:\n  - name: A\n  - [x, y]\n", 3, "must be a mapping", id="code-is-list"),
        pytest.param("codes:\n  - name: A\n  - colour: '#ffffff'\n", 3, "has no 'name'", id="no-name"),
        pytest.param("codes:\n  - name: A\n  - name: '  '\n", 3, "empty name", id="empty-name"),
        pytest.param("codes:\n  - name: A\n  - name:\n", 3, "empty name", id="null-name"),
        pytest.param("codes:\n  - name: A\n\n  - name: Arms/trade\n", 4, "contains '/'", id="slash"),
        pytest.param(
            "codes:\n  - name: A\n    children:\n      - name: B\n        defintion: x\n",
            5,
            "unknown key 'defintion' in code 'B'; the allowed keys are: name, colour (or color), "
            "definition, when_to_use, when_not_to_use, example, guid, children",
            id="unknown-key",
        ),
        pytest.param("kodes:\n  - name: A\n", 1, "unknown key 'kodes'", id="unknown-top-key"),
        pytest.param("codebook:\n  title: X\ncodes:\n  - name: A\n", 2, "unknown key 'title'", id="meta-key"),
        pytest.param(
            "codes:\n  - name: A\n    colour: red\n", 3, "'red' of code 'A' is not", id="colour-word"
        ),
        pytest.param("codes:\n  - name: A\n    colour: '#12345'\n", 3, "#RRGGBB or #RGB", id="colour-len"),
        pytest.param("codes:\n  - name: A\n    colour: '#ggg'\n", 3, "#RRGGBB or #RGB", id="colour-hex"),
        pytest.param("codes:\n  - name: A\n    colour: #abcdef\n", 3, "in quotes", id="colour-comment"),
        pytest.param(
            "codes:\n  - name: A\n    colour: '#abc'\n    color: '#def'\n", 4, "both", id="two-colours"
        ),
        pytest.param("codes:\n  - name: 1989\n", 2, "must be text, not a number", id="number-name"),
        pytest.param("codes:\n  - name: A\n    example: yes\n", 3, "not true or false", id="bool-text"),
        pytest.param("codes:\n  - name: A\n    definition: [a, b]\n", 3, "not a list", id="list-text"),
        pytest.param("codes:\n  - name: A\n    colour: 123456\n", 3, "must be text", id="number-colour"),
        pytest.param("codes:\n  - name: A\n    children: B\n", 3, "must be a list of codes", id="children"),
        pytest.param("codes:\n  - name: A\n    guid: nope\n", 3, "not a GUID", id="guid"),
        pytest.param(
            "codes:\n  - name: A\n    children:\n      - name: B\n      - name: C\n      - name: B\n",
            6,
            "code 'B' appears twice under 'A' (first at line 4)",
            id="duplicate-siblings",
        ),
        pytest.param(
            "codes:\n  - name: A\n  - name: A\n", 3, "appears twice at the top level", id="duplicate-top"
        ),
        pytest.param(
            "codes:\n  - name: A\n    example: x\n    example: y\n",
            4,
            "'example' appears twice",
            id="dup-key",
        ),
        pytest.param("codes:\n  - name: A\n    example: bell \x07\n", 3, "U+0007", id="control-character"),
        pytest.param(
            "codes:\n  - name: A\n---\ncodes: []\n", 3, "expected a single document", id="two-documents"
        ),
        pytest.param("", 1, "the file is empty", id="empty"),
        pytest.param("# only a comment\n\n", 1, "the file is empty", id="comment-only"),
        pytest.param("codebook:\n  name: X\n", 1, "has no codes", id="no-codes"),
        pytest.param("codebook:\n  name: X\ncodes: []\n", 3, "has no codes", id="empty-codes"),
        pytest.param("codes:\n  name: A\n", 2, "'codes' must be a list", id="codes-not-list"),
        pytest.param("- name: A\n", 1, "must be a mapping with the keys", id="root-list"),
        pytest.param(
            "codes:\n  - &a\n    name: A\n  - *a\n", 4, "aliases (*name) are not supported", id="alias"
        ),
        pytest.param(
            "codes:\n  - name: A\n    example: !!python/object:os.system {}\n",
            3,
            "the tag '!!python/object:os.system' is not allowed",
            id="python-object",
        ),
        pytest.param("codes:\n  - name: !custom A\n", 2, "the tag '!custom' is not allowed", id="local-tag"),
    ],
)
def test_errors_name_the_file_and_the_line(text: str, line: int, fragment: str) -> None:
    message = error_of(text)
    assert message.startswith(f"test.yaml, line {line}: "), message
    assert fragment in message


def test_python_tags_never_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"codes: !!python/object/apply:os.system ['touch {marker}']\n"
    assert "is not allowed" in error_of(text)
    with pytest.raises(InvalidInput):
        load_codebook(f"codes:\n  - name: !!python/object/apply:os.system ['touch {marker}']\n")
    assert not marker.exists()


def test_the_default_source_name_is_used_in_messages() -> None:
    with pytest.raises(InvalidInput, match=r"^codebook, line 2: "):
        load_codebook("codes:\n  - name: a/b\n")


# ---------------------------------------------------------------- writing


UNICODE_SPECS = [
    CodeSpec(
        path=("中俄关系",),
        colour="#ffe0b2",
        definition="Relations sino-russes : « partenariat » sans alliance. 😀",
        when_to_use="First line.\nSecond line with: a colon\n\n  indented line after a blank one",
        when_not_to_use="Use 'Trust' instead — or \"Mistrust\" # not a comment",
    ),
    CodeSpec(path=("中俄关系", "联合演习"), example="- looks like a list item\n? and a key"),
    CodeSpec(
        path=("中俄关系", "联合演习", "yes"), colour="#0a0b0c", guid="0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    ),
    CodeSpec(path=("1989",), definition="true", example="null"),
    CodeSpec(path=("Тревога 🚢",), definition="Line one\r\nline two\u2028after a separator"),
]


def test_unicode_and_multi_line_text_round_trip() -> None:
    text = dump_codebook(UNICODE_SPECS, name="Études 中文")
    assert without_lines(load_codebook(text)) == UNICODE_SPECS
    assert "中俄关系" in text and "😀" in text and "\\u" not in text  # unicode is written as is


def test_dump_writes_the_hand_editable_format() -> None:
    specs = [
        CodeSpec(
            path=("Alignment",),
            colour="#ABC",
            definition="A long definition that goes on for well over sixty characters, to be folded.",
            example="Line one.\nLine two.",
        ),
        CodeSpec(path=("Alignment", "Quasi-alliance building"), when_to_use="Short."),
        CodeSpec(path=("Trust",)),
    ]
    text = dump_codebook(specs, name="Study")
    assert text == (
        "codebook:\n"
        "  name: Study\n"
        "codes:\n"
        "  - name: Alignment\n"
        "    colour: '#aabbcc'\n"
        "    definition: >-\n"
        "      A long definition that goes on for well over sixty characters, to be folded.\n"
        "    example: |-\n"
        "      Line one.\n"
        "      Line two.\n"
        "    children:\n"
        "      - name: Quasi-alliance building\n"
        "        when_to_use: Short.\n"
        "  - name: Trust\n"
    )
    assert without_lines(load_codebook(text)) == [dataclasses.replace(specs[0], colour="#aabbcc"), *specs[1:]]


def test_dump_without_a_name_writes_only_codes() -> None:
    assert dump_codebook([CodeSpec(path=("A",))]) == "codes:\n  - name: A\n"


def test_dump_refuses_specs_out_of_tree_order() -> None:
    with pytest.raises(InvalidInput, match="before its parent"):
        dump_codebook([CodeSpec(path=("A", "B")), CodeSpec(path=("A",))])


def test_dump_refuses_a_colour_it_could_not_read_back() -> None:
    with pytest.raises(InvalidInput, match="red"):
        dump_codebook([CodeSpec(path=("A",), colour="red")])


def _acceptable(name: str) -> bool:
    try:
        check_name("code", name)
    except InvalidInput:
        return False
    return "/" not in name


def _tree_specs(draw: st.DrawFn) -> list[CodeSpec]:
    names = st.text(min_size=1, max_size=12).map(str.strip).filter(_acceptable)
    texts = st.text(max_size=80).map(str.strip)
    colours = st.none() | st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)
    specs: list[CodeSpec] = []

    def level(parent: tuple[str, ...], depth: int) -> None:
        for name in draw(st.lists(names, max_size=3 if depth else 4, unique=True)):
            path = (*parent, name)
            specs.append(
                CodeSpec(
                    path=path,
                    colour=draw(colours),
                    definition=draw(texts),
                    when_to_use=draw(texts),
                    when_not_to_use=draw(texts),
                    example=draw(texts),
                )
            )
            if depth < 2:
                level(path, depth + 1)

    level((), 0)
    return specs


@settings(max_examples=60, deadline=None)
@given(st.composite(_tree_specs)())
def test_any_valid_tree_round_trips(specs: list[CodeSpec]) -> None:
    if not specs:
        return
    assert without_lines(load_codebook(dump_codebook(specs))) == specs


def _nested_yaml(depth: int) -> str:
    lines = ["codes:"]
    for level in range(depth):
        pad = "  " * (2 * level)
        lines.append(f"{pad}  - name: Level {level + 1}")
        if level + 1 < depth:
            lines.append(f"{pad}    children:")
    return "\n".join(lines) + "\n"


def test_fifty_levels_load_and_round_trip() -> None:
    specs = load_codebook(_nested_yaml(50))
    assert len(specs[-1].path) == 50
    assert without_lines(load_codebook(dump_codebook(specs))) == without_lines(specs)


@pytest.mark.parametrize("depth", [51, 400])
def test_a_codebook_deeper_than_fifty_levels_is_refused_with_its_line(depth: int) -> None:
    with pytest.raises(InvalidInput) as caught:
        load_codebook(_nested_yaml(depth), "deep.yaml")
    assert str(caught.value) == (
        "deep.yaml, line 102: the codebook nests deeper than the 50 levels of codes a codebook may have; "
        "move codes higher up"
    )


def test_deep_flow_nesting_is_refused_not_a_crash() -> None:
    with pytest.raises(
        InvalidInput, match="^deep.yaml, line 1: the codebook nests deeper than the 50 levels"
    ):
        load_codebook("codes: " + "[" * 5000 + "]" * 5000 + "\n", "deep.yaml")


@pytest.mark.parametrize("name", ['"A\\tB"', '"A\\x00B"', '"A\\u2028B"', '"A\\rB"'])
def test_a_code_name_with_a_control_character_is_refused_with_its_line(name: str) -> None:
    with pytest.raises(
        InvalidInput, match=r"^book.yaml, line 3: the code name '.*' contains a control character"
    ):
        load_codebook(f"codes:\n  - name: Fine\n  - name: {name}\n", "book.yaml")


def test_a_long_value_is_not_echoed_in_full() -> None:
    with pytest.raises(InvalidInput) as caught:
        load_codebook(f"codes:\n  - name: Fine\n    colour: '#{'f' * 5000}'\n", "book.yaml")
    assert str(caught.value) == (
        f"book.yaml, line 3: the colour '#{'f' * 38}…' of code 'Fine' is not of the form #RRGGBB or #RGB"
    )
