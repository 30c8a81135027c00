"""Document attributes: defining them, setting values, CSV import and export, and source filters.

The rules for values live in :mod:`coder.domain.attributes`; here they meet the project.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from coder.domain.attributes import (
    TYPES,
    Attribute,
    canonical_value,
    check_attribute_name,
    check_choices,
    check_type,
    infer_type,
    matching_sources,
    parse_conditions,
    shown,
)
from coder.domain.errors import CoderError, Conflict, InvalidInput, NotFound
from coder.domain.model import new_id
from coder.services.project import Project
from coder.storage.unit_of_work import UnitOfWork

SOURCE_COLUMN = "source"


@dataclass(frozen=True)
class AttributeTable:
    """Everything the attribute editor shows: attributes, sources (id, name) and values."""

    attributes: tuple[Attribute, ...]
    sources: tuple[tuple[str, str], ...]
    values: dict[str, dict[str, str]]  # source id -> attribute id -> stored value


@dataclass(frozen=True)
class RemovedAttribute:
    """A deleted attribute with its values, to put it back (undo)."""

    attribute: Attribute
    values: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class CsvSummary:
    sources: int
    attributes_added: tuple[str, ...]
    values_set: int
    values_cleared: int


# ---------------------------------------------------------------------------------------------- reading


def list_attributes(project: Project) -> list[Attribute]:
    with project.read() as uow:
        return uow.attributes.all()


def values_by_source(project: Project) -> dict[str, dict[str, str]]:
    """Stored values: source id -> attribute id -> value."""
    with project.read() as uow:
        return _values_in(uow)


def _values_in(uow: UnitOfWork) -> dict[str, dict[str, str]]:
    values: dict[str, dict[str, str]] = {}
    for source_id, attribute_id, value in uow.attributes.values():
        values.setdefault(source_id, {})[attribute_id] = value
    return values


def attribute_table(project: Project) -> AttributeTable:
    with project.read() as uow:
        attributes = tuple(uow.attributes.all())
        sources = tuple((s.id, s.name) for s in uow.sources.infos())
        return AttributeTable(attributes, sources, _values_in(uow))


def find_attribute(attributes: Iterable[Attribute], name: str) -> Attribute:
    wanted = name.strip().casefold()
    for attribute in attributes:
        if attribute.name.casefold() == wanted:
            return attribute
    raise NotFound(f"no attribute named '{shown(name)}' in the project; 'coder attributes list' shows them")


# ---------------------------------------------------------------------------------------------- defining


def _check_free(uow: UnitOfWork, name: str, own_id: str | None = None) -> None:
    for attribute in uow.attributes.all():
        if attribute.name.casefold() == name.casefold() and attribute.id != own_id:
            raise Conflict(f"there is already an attribute named '{shown(attribute.name)}'")


def define_attribute(
    project: Project, name: str, kind: str, choices: Sequence[str] = (), attribute_id: str | None = None
) -> Attribute:
    """A new attribute (last in the order); a ``choice`` attribute needs its choices."""
    clean = check_attribute_name(name)
    check_type(kind)
    listed = check_choices(choices, clean) if kind == "choice" else ()
    with project.write() as uow:
        _check_free(uow, clean)
        position = max((a.position for a in uow.attributes.all()), default=-1) + 1
        attribute = Attribute(attribute_id or new_id(), clean, kind, listed, position)
        uow.attributes.insert([attribute])
    return attribute


def update_attribute(project: Project, attribute: Attribute) -> Attribute:
    """Rename an attribute or change its choices; returns it as it was (for undo).

    Its type does not change here (values would need converting); a choice still used by a source
    cannot be removed.
    """
    clean = check_attribute_name(attribute.name)
    with project.write() as uow:
        before = next((a for a in uow.attributes.all() if a.id == attribute.id), None)
        if before is None:
            raise NotFound("that attribute is no longer in the project")
        if before.type != attribute.type:
            raise InvalidInput(
                f"the type of '{shown(before.name)}' cannot change; delete it and define it anew"
            )
        _check_free(uow, clean, attribute.id)
        choices = check_choices(attribute.choices, clean) if attribute.type == "choice" else ()
        if attribute.type == "choice":
            used = {value for _s, _a, value in uow.attributes.values(attribute.id)}
            dropped = sorted(used - set(choices))
            if dropped:
                raise InvalidInput(
                    f"the choice '{shown(dropped[0])}' of '{shown(clean)}' is still given to a source; "
                    "change those sources first"
                )
        uow.attributes.update(replace(attribute, name=clean, choices=choices))
    return before


def delete_attribute(project: Project, attribute_id: str) -> RemovedAttribute:
    with project.write() as uow:
        attribute = next((a for a in uow.attributes.all() if a.id == attribute_id), None)
        if attribute is None:
            raise NotFound("that attribute is no longer in the project")
        values = tuple(uow.attributes.values(attribute_id))
        uow.attributes.delete(attribute_id)
    return RemovedAttribute(attribute, values)


def restore_attribute(project: Project, removed: RemovedAttribute) -> None:
    """Put a deleted attribute back with the values of sources still in the project."""
    with project.write() as uow:
        _check_free(uow, removed.attribute.name)
        uow.attributes.insert([removed.attribute])
        present = set(uow.sources.lengths())
        uow.attributes.set_values([row for row in removed.values if row[0] in present])


# ---------------------------------------------------------------------------------------------- values


def set_value(project: Project, source_id: str, attribute_id: str, raw: str) -> str:
    """Give a source a value (``""`` removes it); returns the value it had (``""``: none), for undo."""
    with project.write() as uow:
        attribute = next((a for a in uow.attributes.all() if a.id == attribute_id), None)
        if attribute is None:
            raise NotFound("that attribute is no longer in the project")
        info = uow.sources.info(source_id)
        if info is None:
            raise NotFound("that source is no longer in the project")
        value = canonical_value(attribute, raw, info.name)
        before = _values_in(uow).get(source_id, {}).get(attribute_id, "")
        if value:
            uow.attributes.set_values([(source_id, attribute_id, value)])
        else:
            uow.attributes.clear_values([(source_id, attribute_id)])
    return before


def set_value_by_name(project: Project, source_name: str, attribute_name: str, raw: str) -> str:
    """:func:`set_value` with names, for the command line; returns the stored value."""
    with project.read() as uow:
        info = uow.sources.by_name(source_name)
        attribute = find_attribute(uow.attributes.all(), attribute_name)
    if info is None:
        raise NotFound(f"no source named '{shown(source_name)}' in the project; 'coder sources' lists them")
    set_value(project, info.id, attribute.id, raw)
    return canonical_value(attribute, raw, info.name)


# ---------------------------------------------------------------------------------------------- filters


def filter_sources(project: Project, where: Sequence[str]) -> list[str] | None:
    """The ids of the sources meeting every condition in ``where`` (None: no condition given)."""
    conditions = parse_conditions(where)
    if not conditions:
        return None
    with project.read() as uow:
        attributes = uow.attributes.all()
        values = _values_in(uow)
        ids = [s.id for s in uow.sources.infos()]
    return matching_sources(conditions, attributes, values, ids)


# ---------------------------------------------------------------------------------------------- CSV


def export_csv(project: Project, out: Path) -> int:
    """Write ``source`` and one column per attribute (stored values); returns the number of sources."""
    if out.suffix.lower() != ".csv":
        raise InvalidInput(f"cannot export attributes to '{out.name}'; the file name must end in .csv")
    table = attribute_table(project)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([SOURCE_COLUMN, *(a.name for a in table.attributes)])
    for source_id, name in table.sources:
        own = table.values.get(source_id, {})
        writer.writerow([name, *(own.get(a.id, "") for a in table.attributes)])
    temporary = out.with_name(f".{out.name}.partial")
    try:
        temporary.write_text(buffer.getvalue(), encoding="utf-8", newline="")
        temporary.replace(out)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise CoderError(f"cannot write {out}: {exc.strerror or exc}") from None
    return len(table.sources)


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{path.name} does not exist") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {path.name}: {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path.name} is not a UTF-8 CSV file; save it as CSV UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, [])
        rows = [(reader.line_num, values) for values in reader if any(v.strip() for v in values)]
    except csv.Error as exc:
        raise InvalidInput(f"{path.name}, line {reader.line_num}: the CSV cannot be read ({exc})") from None
    return header, rows


@dataclass(frozen=True)
class _Column:
    index: int
    name: str
    declared: str | None


def _columns(header: Sequence[str], where: str) -> tuple[int, list[_Column]]:
    names = [cell.strip() for cell in header]
    if SOURCE_COLUMN not in names:
        raise InvalidInput(
            f"{where} has no 'source' column; the header row needs 'source' and one column per attribute "
            "(e.g. source,outlet,year)"
        )
    source_index = names.index(SOURCE_COLUMN)
    columns: list[_Column] = []
    seen: dict[str, str] = {}
    for index, cell in enumerate(names):
        if index == source_index:
            continue
        if cell == SOURCE_COLUMN:
            raise InvalidInput(f"{where} has the column 'source' twice")
        name, colon, kind = cell.rpartition(":")
        declared: str | None = kind.strip().lower() if colon and kind.strip().lower() in TYPES else None
        name = name if declared else cell
        clean = check_attribute_name(name) if name.strip() else ""
        if not clean:
            raise InvalidInput(f"{where}: column {index + 1} of the header has no name")
        if clean.casefold() in seen:
            raise InvalidInput(f"{where} has the column '{shown(clean)}' twice")
        seen[clean.casefold()] = clean
        columns.append(_Column(index, clean, declared))
    return source_index, columns


def import_csv(project: Project, path: Path) -> CsvSummary:
    """Set attribute values from a CSV file: a ``source`` column and one column per attribute.

    A header cell may declare the type of a new attribute as ``NAME:TYPE`` (``year:number``); a new
    attribute without one gets the type its values suggest (:func:`infer_type`), and a new ``choice``
    attribute the values of its column as choices, in order of appearance. An empty cell removes the
    source's value. Every row is checked before any value is stored; the first problem is refused,
    naming its line.
    """
    header, rows = _read_csv(path)
    where = path.name
    source_index, columns = _columns(header, where)
    with project.write() as uow:
        sources = {s.name: s.id for s in uow.sources.infos()}
        existing = {a.name.casefold(): a for a in uow.attributes.all()}
        seen_sources: dict[str, int] = {}
        for line, values in rows:
            name = values[source_index].strip() if source_index < len(values) else ""
            if len(values) > len(header):
                raise InvalidInput(f"{where}, line {line}: the row has more cells than the header")
            if not name:
                raise InvalidInput(f"{where}, line {line}: the source name is empty")
            if name not in sources:
                raise NotFound(f"{where}, line {line}: no source named '{shown(name)}' in the project")
            if name in seen_sources:
                raise InvalidInput(
                    f"{where}, line {line}: the source '{shown(name)}' is listed again (first on line "
                    f"{seen_sources[name]})"
                )
            seen_sources[name] = line
        position = max((a.position for a in existing.values()), default=-1) + 1
        attributes: list[Attribute] = []
        added: list[Attribute] = []
        for column in columns:
            cells = [values[column.index] if column.index < len(values) else "" for _line, values in rows]
            attribute = existing.get(column.name.casefold())
            if attribute is not None:
                if column.declared and column.declared != attribute.type:
                    raise InvalidInput(
                        f"{where}: the column '{shown(column.name)}:{column.declared}' declares "
                        f"{column.declared}, but the attribute '{shown(attribute.name)}' is {attribute.type}"
                    )
            else:
                kind = column.declared or infer_type(cells)
                choices = (
                    check_choices(dict.fromkeys(c.strip() for c in cells), column.name)
                    if kind == "choice"
                    else ()
                )
                attribute = Attribute(new_id(), column.name, kind, choices, position)
                position += 1
                added.append(attribute)
            attributes.append(attribute)
        stored = _values_in(uow)
        to_set: list[tuple[str, str, str]] = []
        to_clear: list[tuple[str, str]] = []
        for line, values in rows:
            name = values[source_index].strip()
            for column, attribute in zip(columns, attributes, strict=True):
                raw = values[column.index] if column.index < len(values) else ""
                try:
                    value = canonical_value(attribute, raw, name)
                except InvalidInput as error:
                    raise InvalidInput(f"{where}, line {line}: {error}") from None
                if value:
                    to_set.append((sources[name], attribute.id, value))
                elif stored.get(sources[name], {}).get(attribute.id):
                    to_clear.append((sources[name], attribute.id))
        uow.attributes.insert(added)
        uow.attributes.set_values(to_set)
        uow.attributes.clear_values(to_clear)
    return CsvSummary(len(rows), tuple(a.name for a in added), len(to_set), len(to_clear))


def describe_values(attributes: Sequence[Attribute], values: Mapping[str, str]) -> list[tuple[str, str]]:
    """(attribute name, value) of one source's values, in the attributes' order."""
    return [(a.name, values[a.id]) for a in attributes if values.get(a.id)]
