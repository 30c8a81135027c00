"""Bringing the attributes of an imported or merged project in (see :func:`merge_attributes`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from coder.domain.attributes import Attribute, canonical_value
from coder.domain.bundle import ProjectBundle
from coder.domain.errors import InvalidInput
from coder.domain.ids import usable_id
from coder.domain.model import new_id
from coder.storage.unit_of_work import UnitOfWork


def merge_attributes(uow: UnitOfWork, bundle: ProjectBundle, source_ids: Mapping[str, str]) -> list[str]:
    """Add the bundle's attributes and values that this project lacks; returns notes for the researcher.

    Attributes are matched by name (ignoring case); a new one keeps its type and choices. A value
    goes to the matching source here when that source has no value for the attribute yet (this
    project's own values are kept). A value that does not fit this project's attribute of that name
    is left out; a new choice of a list attribute is added to its choices.
    """
    if not bundle.attributes:
        return []
    ours = {a.name.casefold(): a for a in uow.attributes.all()}
    taken = {a.id for a in ours.values()}
    position = max((a.position for a in ours.values()), default=-1) + 1
    mapped: dict[str, Attribute] = {}
    fresh: list[Attribute] = []
    for attribute in bundle.attributes:
        here = ours.get(attribute.name.casefold())
        if here is None:
            here = replace(attribute, id=usable_id(attribute.id, taken) or new_id(), position=position)
            taken.add(here.id)
            position += 1
            fresh.append(here)
            ours[here.name.casefold()] = here
        mapped[attribute.id] = here
    uow.attributes.insert(fresh)
    existing = {(s, a) for s, a, _v in uow.attributes.values()}
    names = {source_id: name for source_id, (name, _n) in uow.sources.lengths().items()}
    rows: list[tuple[str, str, str]] = []
    kept = misfits = 0
    extended: dict[str, Attribute] = {}
    for source_id, attribute_id, value in bundle.values:
        here_source = source_ids.get(source_id)
        attribute = extended.get(mapped[attribute_id].id, mapped[attribute_id])
        if here_source is None:
            continue
        if (here_source, attribute.id) in existing:
            kept += 1
            continue
        if attribute.type == "choice" and value.casefold() not in {c.casefold() for c in attribute.choices}:
            attribute = replace(attribute, choices=(*attribute.choices, value.strip()))
            extended[attribute.id] = attribute
        try:
            stored = canonical_value(attribute, value, names.get(here_source, ""))
        except InvalidInput:
            misfits += 1
            continue
        rows.append((here_source, attribute.id, stored))
        existing.add((here_source, attribute.id))
    for attribute in extended.values():
        uow.attributes.update(attribute)
    uow.attributes.set_values(rows)
    notes = []
    if fresh:
        listed = ", ".join(a.name for a in fresh[:5]) + (", ..." if len(fresh) > 5 else "")
        notes.append(f"attributes: {len(fresh)} new ({listed})")
    if rows or kept:
        notes.append(f"attribute values: {len(rows)} added, {kept} kept as this project has them")
    if misfits:
        notes.append(
            f"{misfits} attribute value(s) do not fit this project's attribute of the same name "
            "and were left out"
        )
    return notes
