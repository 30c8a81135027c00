"""Source attributes as REFI-QDA variables and cases, both ways.

Writing: every attribute is a ``<Variable>`` (text → Text, number → Integer or Float, date → Date,
yes/no → Boolean, a list → Text whose ``Description`` holds ``Choices: [...]`` as JSON). A source's
values are ``<VariableValue>`` elements on the source itself and, for tools that keep variables on
cases (NVivo's case classifications), on one ``<Case>`` per source that refers to it by ``<SourceRef>``.

Reading: values on a source are that source's; a case's values go to every source it refers to (a
case that holds one source maps to that source's values). Where a source's own value and a case's
differ, the source's own wins; where two cases differ, the first wins; each is said in a note.
Values that do not fit their variable's type are left out with a note.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from xml.etree import ElementTree as ET

from coder.domain.attributes import Attribute, canonical_value, check_attribute_name
from coder.domain.errors import InvalidInput
from coder.refi.values import derived_guid, guid_key, is_guid, local, xml_safe

CHOICES_MARK = "Choices: "
_TYPE_OF = {"Text": "text", "Boolean": "boolean", "Integer": "number", "Float": "number", "Date": "date"}
_VALUE_ELEMENT = {
    "Text": "TextValue",
    "Boolean": "BooleanValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Date": "DateValue",
}
_FILTER_MARKS = "=<>!;"

ValueRow = tuple[str, str, str]  # (source id, attribute id, stored value)


# ---------------------------------------------------------------------------------------------- writing


def _variable_type(attribute: Attribute, values: Sequence[str]) -> str:
    if attribute.type == "number":
        return "Integer" if all("." not in v and "e" not in v.lower() for v in values) else "Float"
    return {"text": "Text", "choice": "Text", "date": "Date", "boolean": "Boolean"}[attribute.type]


def _value_text(kind: str, value: str) -> str:
    if kind == "Float":
        return format(Decimal(value), "f")  # xsd:decimal has no exponent
    return value


def add_variables(
    root: ET.Element, attributes: Sequence[Attribute], values: Sequence[ValueRow], names: Mapping[str, str]
) -> dict[str, list[ET.Element]]:
    """Append ``<Variables>`` and ``<Cases>`` to the project root (call it before adding ``<Sources>``).

    Returns the ``<VariableValue>`` elements of each source id, to be appended to its source element.
    ``names`` gives source names by id (the names of the cases).
    """
    if not attributes:
        return {}
    kinds: dict[str, str] = {}
    guids: dict[str, str] = {}
    holder = ET.SubElement(root, "Variables")
    for attribute in attributes:
        kind = _variable_type(attribute, [v for _s, a, v in values if a == attribute.id])
        kinds[attribute.id] = kind
        guids[attribute.id] = _guid(attribute.id, "variable")
        element = ET.SubElement(
            holder,
            "Variable",
            {"guid": guids[attribute.id], "name": xml_safe(attribute.name), "typeOfVariable": kind},
        )
        if attribute.type == "choice":
            ET.SubElement(element, "Description").text = xml_safe(
                CHOICES_MARK + json.dumps(list(attribute.choices), ensure_ascii=False)
            )
    by_source: dict[str, list[tuple[str, str]]] = {}
    for source_id, attribute_id, value in values:
        if attribute_id in kinds and source_id in names:
            by_source.setdefault(source_id, []).append((attribute_id, value))
    order = {a.id: i for i, a in enumerate(attributes)}
    elements: dict[str, list[ET.Element]] = {}
    cases = ET.Element("Cases")
    for source_id in sorted(by_source, key=lambda s: names[s]):
        own = sorted(by_source[source_id], key=lambda pair: order[pair[0]])
        elements[source_id] = [_value_element(guids[a], kinds[a], v) for a, v in own]
        case = ET.SubElement(
            cases, "Case", {"guid": derived_guid(source_id, "case"), "name": xml_safe(names[source_id])}
        )
        for attribute_id, value in own:
            case.append(_value_element(guids[attribute_id], kinds[attribute_id], value))
        ET.SubElement(case, "SourceRef", {"targetGUID": _guid(source_id, "id")})
    if len(cases):
        root.append(cases)
    return elements


def _guid(identifier: str, role: str) -> str:
    """The GUID coder writes for an id (as :func:`coder.refi.qdpx_write.guid` does for sources)."""
    return identifier if is_guid(identifier) else derived_guid(identifier, role)


def _value_element(variable_guid: str, kind: str, value: str) -> ET.Element:
    element = ET.Element("VariableValue")
    ET.SubElement(element, "VariableRef", {"targetGUID": variable_guid})
    ET.SubElement(element, _VALUE_ELEMENT[kind]).text = xml_safe(_value_text(kind, value))
    return element


# ---------------------------------------------------------------------------------------------- reading


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if local(child.tag) == name]


def _clean_name(raw: str, taken: set[str], notes: list[str]) -> str | None:
    name = " ".join(raw.split())
    if any(mark in name for mark in _FILTER_MARKS):
        cleaned = "".join("-" if ch in _FILTER_MARKS else ch for ch in name)
        notes.append(f"The variable '{name}' was renamed '{cleaned}': = < > ! ; are kept for filters.")
        name = cleaned
    try:
        name = check_attribute_name(name)
    except InvalidInput:
        return None
    candidate, number = name, 2
    while candidate.casefold() in taken:
        candidate = f"{name} ({number})"
        number += 1
    taken.add(candidate.casefold())
    return candidate


def read_variables(
    root: ET.Element, source_ids: Mapping[str, tuple[str, str]], notes: list[str]
) -> tuple[tuple[Attribute, ...], tuple[ValueRow, ...]]:
    """Attributes and values from a project's root; ``source_ids`` maps a source element's GUID key
    to (bundle source id, source name) for the sources that were read."""
    attributes: dict[str, Attribute] = {}
    taken: set[str] = set()
    datetimes = 0
    for holder in _children(root, "Variables"):
        for number, element in enumerate(_children(holder, "Variable")):
            key = guid_key(element.get("guid")) or derived_guid(str(number), "variable")
            kind_text = (element.get("typeOfVariable") or "Text").strip()
            if kind_text == "DateTime":
                datetimes += 1
            kind = _TYPE_OF.get(kind_text, "date" if kind_text == "DateTime" else "text")
            name = _clean_name(element.get("name") or "", taken, notes)
            if name is None or key in attributes:
                notes.append(
                    "A variable without a usable name or with a repeated GUID "
                    f"('{(element.get('name') or '')[:40]}') was left out."
                )
                continue
            choices: tuple[str, ...] = ()
            description = (
                "".join(_children(element, "Description")[0].itertext())
                if _children(element, "Description")
                else ""
            )
            if kind == "text" and description.startswith(CHOICES_MARK):
                try:
                    listed = json.loads(description[len(CHOICES_MARK) :])
                except ValueError:
                    listed = None
                if isinstance(listed, list) and all(isinstance(c, str) for c in listed):
                    kind, choices = "choice", tuple(dict.fromkeys(c.strip() for c in listed if c.strip()))
            attributes[key] = Attribute(key, name, kind, choices, len(attributes))
    if datetimes:
        notes.append(f"{datetimes} date-time variable(s) were read as dates (the time of day is not kept).")
    if not attributes:
        return (), ()
    values: dict[tuple[str, str], str] = {}
    origin: dict[tuple[str, str], str] = {}
    misfits = conflicts = 0
    sources_found = _source_elements(root)

    def take(element: ET.Element, source_key: str, where: str) -> None:
        nonlocal misfits, conflicts
        source = source_ids.get(source_key)
        if source is None:
            return
        for value_element in _children(element, "VariableValue"):
            refs = _children(value_element, "VariableRef")
            attribute = attributes.get(guid_key(refs[0].get("targetGUID")) or "") if refs else None
            if attribute is None:
                continue
            raw = next(
                ("".join(child.itertext()) for child in value_element if local(child.tag).endswith("Value")),
                "",
            )
            if (
                local(next((c.tag for c in value_element if local(c.tag).endswith("Value")), ""))
                == "DateTimeValue"
            ):
                raw = raw.strip()[:10]
            try:
                value = canonical_value(attribute, raw, source[1])
            except InvalidInput:
                misfits += 1
                continue
            if not value:
                continue
            slot = (source[0], attribute.id)
            if slot in values:
                if values[slot] != value:
                    conflicts += 1
                continue
            values[slot], origin[slot] = value, where

    for key, element in sources_found.items():
        take(element, key, "source")
    unmapped = 0
    for holder in _children(root, "Cases"):
        for case in _children(holder, "Case"):
            refs = [guid_key(ref.get("targetGUID")) or "" for ref in _children(case, "SourceRef")]
            known = [ref for ref in refs if ref in source_ids]
            if not known:
                unmapped += 1
            for ref in known:
                take(case, ref, "case")
    if misfits:
        notes.append(f"{misfits} variable value(s) that do not fit their variable's type were left out.")
    if conflicts:
        notes.append(
            f"{conflicts} variable value(s) that contradict a value already read for the same source were "
            "left out (a source's own value comes first, then the first case)."
        )
    if unmapped:
        notes.append(
            f"{unmapped} case(s) that refer to no imported source were not imported "
            "(coder keeps attributes on sources)."
        )
    rows = tuple((source_id, attribute_id, value) for (source_id, attribute_id), value in values.items())
    return tuple(attributes.values()), rows


def _source_elements(root: ET.Element) -> dict[str, ET.Element]:
    found: dict[str, ET.Element] = {}
    for holder in _children(root, "Sources"):
        for element in holder:
            key = guid_key(element.get("guid"))
            if key:
                found.setdefault(key, element)
    return found
