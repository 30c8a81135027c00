"""The YAML codebook format: read it with line numbers, write it back, and find the bundled codebook.

A codebook file is a mapping with an optional ``codebook:`` block (``name``, ``description``) and a
``codes:`` list. Each code is a mapping with a required ``name`` and the optional keys ``colour`` (or
``color``), ``definition``, ``when_to_use``, ``when_not_to_use``, ``example``, ``guid`` and ``children``
(a list of codes of the same shape). See ``docs/codebook-format.md``.

The file is composed into YAML nodes and never constructed into Python objects, so no tag can run code;
every tag other than the plain ones (text, numbers, booleans, null, lists, mappings) is refused.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, NoReturn

import yaml

from coder.domain.codebook import PATH_SEPARATOR, validate_specs
from coder.domain.errors import InvalidInput, shorten
from coder.domain.limits import MAX_CODE_DEPTH
from coder.domain.model import CodeSpec
from coder.domain.names import check_name

__all__ = ["bundled_codebook_text", "dump_codebook", "load_codebook"]

_CORE = "tag:yaml.org,2002:"
_STR = _CORE + "str"
_NULL = _CORE + "null"
_MAP = _CORE + "map"
_SEQ = _CORE + "seq"
_NOT_TEXT = {
    _CORE + "int": "a number",
    _CORE + "float": "a number",
    _CORE + "bool": "true or false",
    _CORE + "timestamp": "a date",
}

TOP_KEYS = ("codebook", "codes")
META_KEYS = ("name", "description")
TEXT_KEYS = ("definition", "when_to_use", "when_not_to_use", "example")
CODE_KEYS = ("name", "colour", "color", *TEXT_KEYS, "guid", "children")
_CODE_KEYS_SHOWN = "name, colour (or color), " + ", ".join(TEXT_KEYS) + ", guid, children"

_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_RESOURCE = ("resources", "codebook.yaml")


# ---------------------------------------------------------------- reading


@dataclass
class _Reader:
    """Walks the composed node tree of one file, turning nodes into specs or precise errors."""

    source: str
    specs: list[CodeSpec] = field(default_factory=list)

    def fail(self, line: int, message: str) -> NoReturn:
        raise InvalidInput(f"{self.source}, line {line}: {message}")

    def visit(self, node: yaml.Node) -> None:
        """Refuse every tag that a safe reader would not accept."""
        tag = node.tag
        if isinstance(node, yaml.MappingNode):
            allowed = tag == _MAP
        elif isinstance(node, yaml.SequenceNode):
            allowed = tag == _SEQ
        else:
            allowed = tag in (_STR, _NULL) or tag in _NOT_TEXT
        if not allowed:
            shown = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
            self.fail(_line(node), f"the tag '{shorten(shown)}' is not allowed in a codebook")

    def mapping(self, node: yaml.MappingNode, where: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """The entries of a mapping by key (with the key's node), refusing repeated keys."""
        entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            self.visit(key_node)
            self.visit(value_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(_line(key_node), f"a key {where} is a list or a mapping, not a word")
            key = str(key_node.value)
            if key in entries:
                self.fail(_line(key_node), f"the key '{shorten(key)}' appears twice {where}")
            entries[key] = (key_node, value_node)
        return entries

    def known(
        self, entries: dict[str, tuple[yaml.Node, yaml.Node]], allowed: Sequence[str], where: str, shown: str
    ) -> dict[str, yaml.Node]:
        """The values by key, after refusing any key not in ``allowed`` (typos must not pass silently)."""
        for key, (key_node, _) in entries.items():
            if key not in allowed:
                self.fail(
                    _line(key_node), f"unknown key '{shorten(key)}' {where}; the allowed keys are: {shown}"
                )
        return {key: value for key, (_, value) in entries.items()}

    def text(self, node: yaml.Node, what: str) -> str:
        """A scalar that must be text; null (nothing written) counts as empty text."""
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                return str(node.value).strip()
            if node.tag == _NULL:
                return ""
            kind = _NOT_TEXT.get(node.tag, "not text")
            self.fail(_line(node), f"{what} must be text, not {kind}; put it in quotes")
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
        self.fail(_line(node), f"{what} must be text, not {kind}")

    def read(self, text: str) -> list[CodeSpec]:
        root = _compose(text, self.source)
        if root is None:
            self.fail(1, "the file is empty; a codebook needs a 'codes:' list")
        self.visit(root)
        if not isinstance(root, yaml.MappingNode):
            self.fail(_line(root), "a codebook file must be a mapping with the keys 'codebook' and 'codes'")
        where = "at the top level"
        entries = self.known(self.mapping(root, where), TOP_KEYS, where, ", ".join(TOP_KEYS))
        if "codebook" in entries:
            self.metadata(entries["codebook"])
        codes = entries.get("codes")
        if codes is None or (isinstance(codes, yaml.ScalarNode) and codes.tag == _NULL):
            line = _line(codes) if codes is not None else _line(root)
            self.fail(line, "the codebook has no codes; list them under 'codes:'")
        self.code_list(codes, (), "'codes'")
        if not self.specs:
            self.fail(_line(codes), "the codebook has no codes; list them under 'codes:'")
        validate_specs(self.specs)
        return self.specs

    def metadata(self, node: yaml.Node) -> None:
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return
        if not isinstance(node, yaml.MappingNode):
            self.fail(_line(node), "'codebook' must be a mapping with a 'name' and a 'description'")
        where = "in 'codebook'"
        for key, value in self.known(
            self.mapping(node, where), META_KEYS, where, ", ".join(META_KEYS)
        ).items():
            self.text(value, f"the codebook's {key}")

    def code_list(self, node: yaml.Node, parent: tuple[str, ...], what: str) -> None:
        if not isinstance(node, yaml.SequenceNode):
            self.fail(_line(node), f"{what} must be a list of codes, each starting with '- name:'")
        first_line: dict[str, int] = {}
        for item in node.value:
            self.visit(item)
            name, line = self.code(item, parent)
            if name in first_line:
                under = f"under '{shorten(PATH_SEPARATOR.join(parent))}'" if parent else "at the top level"
                self.fail(
                    line,
                    f"code '{shorten(name)}' appears twice {under} (first at line {first_line[name]}); "
                    "names must be unique among siblings",
                )
            first_line[name] = line

    def code(self, node: yaml.Node, parent: tuple[str, ...]) -> tuple[str, int]:
        """Read one code and, after it, its children; return its name and line."""
        line = _line(node)
        if not isinstance(node, yaml.MappingNode):
            if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
                self.fail(line, f"a code must be a mapping such as '- name: {node.value}', not plain text")
            self.fail(line, "a code must be a mapping with at least a 'name'")
        place = f"under '{shorten(PATH_SEPARATOR.join(parent))}'" if parent else "at the top level"
        raw = self.mapping(node, f"in a code {place}")
        named = raw["name"][1] if "name" in raw else None
        if isinstance(named, yaml.ScalarNode) and named.tag == _STR and str(named.value).strip():
            where = f"in code '{shorten(str(named.value).strip())}'"
        else:
            where = f"in a code {place}"
        entries = self.known(raw, CODE_KEYS, where, _CODE_KEYS_SHOWN)
        if "name" not in entries:
            self.fail(line, f"a code {place} has no 'name'")
        name = self.text(entries["name"], "a code's name")
        if not name:
            self.fail(_line(entries["name"]), f"a code {place} has an empty name")
        if PATH_SEPARATOR in name:
            self.fail(
                _line(entries["name"]),
                f"the code name '{shorten(name)}' contains '/', which separates levels in code paths",
            )
        try:
            check_name("code", name)
        except InvalidInput as problem:
            self.fail(_line(entries["name"]), str(problem))
        colour = self.colour(entries, name)
        texts = {
            key: self.text(entries[key], f"the {key} of code '{shorten(name)}'")
            for key in TEXT_KEYS
            if key in entries
        }
        guid = self.guid(entries["guid"], name) if "guid" in entries else None
        path = (*parent, name)
        self.specs.append(CodeSpec(path=path, colour=colour, guid=guid, line=line, **texts))
        children = entries.get("children")
        if children is not None and not (isinstance(children, yaml.ScalarNode) and children.tag == _NULL):
            self.code_list(children, path, f"the children of code '{shorten(name)}'")
        return name, line

    def colour(self, entries: dict[str, yaml.Node], name: str) -> str | None:
        if "colour" in entries and "color" in entries:
            self.fail(
                _line(entries["color"]), f"code '{shorten(name)}' has both 'colour' and 'color'; keep one"
            )
        node = entries.get("colour", entries.get("color"))
        if node is None:
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            self.fail(
                _line(node),
                f"the colour of code '{shorten(name)}' is empty; write it in quotes, as in "
                'colour: "#a8cbf2", because an unquoted # starts a comment',
            )
        value = self.text(node, f"the colour of code '{shorten(name)}'")
        colour = _normalise_colour(value)
        if colour is None:
            self.fail(
                _line(node),
                f"the colour '{shorten(value)}' of code '{shorten(name)}' is not of the form #RRGGBB or #RGB",
            )
        return colour

    def guid(self, node: yaml.Node, name: str) -> str | None:
        value = self.text(node, f"the guid of code '{shorten(name)}'")
        if not value:
            return None
        try:
            return str(uuid.UUID(value))
        except ValueError:
            self.fail(_line(node), f"the guid '{shorten(value)}' of code '{shorten(name)}' is not a GUID")


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


class _AliasFound(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__()
        self.mark = mark


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__()
        self.mark = mark


# The top mapping, then a list and a mapping for each level of codes, then a code's values.
_MAX_NESTING = 2 * MAX_CODE_DEPTH + 2


class _Loader(yaml.SafeLoader):
    """The safe loader, used only to compose nodes (which keep their lines), refusing aliases.

    An alias repeats another part of the file; a codebook has no use for it, and refusing it rules out
    the exponential blow-up that nested aliases allow. Nesting deeper than a codebook of
    ``MAX_CODE_DEPTH`` levels can hold is refused while composing, before PyYAML's recursion runs out.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise _AliasFound(self.peek_event().start_mark)
        if self._depth >= _MAX_NESTING:
            raise _TooDeep(self.peek_event().start_mark)
        self._depth += 1
        try:
            node: yaml.Node | None = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        return node


def _compose(text: str, source: str) -> yaml.Node | None:
    try:
        return yaml.compose(text.removeprefix("\ufeff"), Loader=_Loader)
    except _AliasFound as found:
        raise InvalidInput(
            f"{source}, line {found.mark.line + 1}: aliases (*name) are not supported in a codebook; "
            "write the code out in full"
        ) from None
    except _TooDeep as deep:
        raise InvalidInput(
            f"{source}, line {deep.mark.line + 1}: the codebook nests deeper than the {MAX_CODE_DEPTH} "
            "levels of codes a codebook may have; move codes higher up"
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = int(mark.line) + 1 if mark is not None else 1
        problem = error.problem or error.context or "it is not valid YAML"
        if error.context and problem.startswith("but "):  # PyYAML splits such messages in two
            problem = f"{error.context}, {problem}"
        raise InvalidInput(
            f"{source}, line {line}: the YAML cannot be read: {shorten(problem, 160)}"
        ) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, max(int(error.position), 0)) + 1
        raise InvalidInput(
            f"{source}, line {line}: the YAML cannot be read: it contains the character "
            f"U+{int(error.character):04X}, which is not allowed"
        ) from None
    except yaml.YAMLError as error:
        raise InvalidInput(f"{source}, line 1: the YAML cannot be read: {shorten(error, 160)}") from None


def _normalise_colour(value: str) -> str | None:
    """``#RRGGBB`` in lower case, from ``#RGB`` or ``#RRGGBB`` in any case; None if it is neither."""
    if not _COLOUR.fullmatch(value):
        return None
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits


def load_codebook(text: str, source_name: str = "codebook") -> list[CodeSpec]:
    """The codes of a YAML codebook in tree order (parents before children), each with its line.

    Raises ``InvalidInput`` whose message names ``source_name`` and the line of the problem.
    """
    return _Reader(source_name).read(text)


# ---------------------------------------------------------------- writing


class _Dumper(yaml.SafeDumper):
    """Block style, with lists indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


class _Prose(str):
    """A text field, written folded when it is long so that the file stays easy to read and edit."""


# Characters that YAML also reads as line breaks; only a double-quoted scalar keeps them exactly.
_ODD_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


def _text_style(value: str, fold: bool) -> str | None:
    if any(ch in value for ch in _ODD_BREAKS):
        return '"'
    if "\n" in value:
        return "|"
    if fold and len(value) > 60:
        return ">"
    return None  # the emitter picks plain or quoted


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(_STR, str(value), style=_text_style(value, fold=False))


def _represent_prose(dumper: yaml.SafeDumper, value: _Prose) -> yaml.ScalarNode:
    return dumper.represent_scalar(_STR, str(value), style=_text_style(value, fold=True))


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(_Prose, _represent_prose)


def dump_codebook(specs: Sequence[CodeSpec], name: str | None = None) -> str:
    """The YAML text of a codebook; ``load_codebook`` reads it back as the same specs.

    ``specs`` must be in tree order (each parent before its children). Empty fields are left out, and
    text is written without surrounding whitespace, as ``load_codebook`` would read it.
    """
    validate_specs(specs)
    top: list[dict[str, Any]] = []
    entries: dict[tuple[str, ...], dict[str, Any]] = {}
    for spec in specs:
        entry: dict[str, Any] = {"name": spec.name}
        if spec.colour:
            colour = _normalise_colour(spec.colour)
            if colour is None:
                raise InvalidInput(
                    f"code '{shorten(spec.name)}' has the colour '{shorten(spec.colour)}', "
                    "which is not #RRGGBB"
                )
            entry["colour"] = colour
        for key in TEXT_KEYS:
            value = str(getattr(spec, key)).strip()
            if value:
                entry[key] = _Prose(value)
        if spec.guid:
            entry["guid"] = spec.guid
        entries[spec.path] = entry
        if len(spec.path) == 1:
            top.append(entry)
        else:
            entries[spec.path[:-1]].setdefault("children", []).append(entry)
    document: dict[str, Any] = {}
    if name:
        document["codebook"] = {"name": name}
    document["codes"] = top
    return yaml.dump(
        document,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=96,
        indent=2,
    )


def bundled_codebook_text() -> str:
    """The text of the codebook that ships with coder (the Sino-Russian military relations study)."""
    resource = resources.files("coder")
    for part in _RESOURCE:
        resource = resource / part
    return resource.read_text(encoding="utf-8")
