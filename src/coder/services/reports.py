"""Overviews of the coded material: frequencies, co-occurrence and code × group matrices.

``by`` chooses the groups: ``source``, ``coder``, or the name of an attribute (its values; sources
without a value form the group "(no value)"). ``attribute:NAME`` reaches an attribute that is
called ``source`` or ``coder``. The counting itself is :mod:`coder.analysis.overviews`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from coder.analysis.overviews import code_group_cells, cooccurrence_pairs, cooccurring
from coder.domain.attributes import NO_VALUE, display, shown, sort_values
from coder.domain.errors import InvalidInput
from coder.domain.overview import KINDS, MEASURES, Overview, Segment
from coder.domain.progress import NULL_PROGRESS, Progress, check
from coder.services.attributes import find_attribute
from coder.services.material import Material, Row, load_material, to_segments
from coder.services.project import Project

MAX_WITHIN = 1_000_000


@dataclass(frozen=True)
class ReportRun:
    """An overview with what it was computed from, so that a cell can list its segments."""

    overview: Overview
    material: Material
    group_of: Callable[[Row], str | None]
    code_ids: tuple[str, ...]


def _grouping(material: Material, by: str) -> tuple[str, tuple[str, ...], Callable[[Row], str | None]]:
    """The report's ``by`` label, its groups in order and a coding's group."""
    if by == "coder":
        return "coder", material.coders, lambda row: row[1]
    names = material.source_names
    if by == "source":
        return "source", tuple(name for _id, name in material.sources), lambda row: names.get(row[0])
    name = by.removeprefix("attribute:")
    attribute = find_attribute(material.attributes, name)
    of_source = {
        source_id: display(attribute, material.values.get(source_id, {}).get(attribute.id, "")) or NO_VALUE
        for source_id, _name in material.sources
    }
    present = [material.values.get(s, {}).get(attribute.id, "") for s, _n in material.sources]
    groups = [display(attribute, v) for v in sort_values(attribute, [v for v in present if v])]
    if not all(present):
        groups.append(NO_VALUE)
    return attribute.name, tuple(groups), lambda row: of_source.get(row[0])


def run_report(
    project: Project,
    kind: str,
    by: str | None = "source",
    coders: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    where: Sequence[str] = (),
    within: int | None = None,
    measure: str = "codings",
    progress: Progress = NULL_PROGRESS,
) -> ReportRun:
    """Compute one overview. Co-occurrence without ``by`` counts over all the chosen material."""
    if kind not in KINDS:
        raise InvalidInput(f"'{shown(kind)}' is not a report; use one of {', '.join(KINDS)}")
    if measure not in MEASURES:
        raise InvalidInput(f"'{shown(measure)}' is not a measure; use one of {', '.join(MEASURES)}")
    if within is not None and not 0 <= within <= MAX_WITHIN:
        raise InvalidInput(f"the distance must lie between 0 and {MAX_WITHIN:,} characters, not {within}")
    material = load_material(project, coders, where, progress=progress)
    code_ids = material.codes(codes)
    labels = tuple(material.label(code_id) for code_id in code_ids)
    check(progress)
    scope = (*material.scope, f"codes: {len(code_ids)}")
    generated = datetime.now(UTC)
    if kind == "cooccurrence" and not by:
        pairs = cooccurrence_pairs(material.rows, code_ids, within)
        overview = Overview(
            kind, "", labels, ("",), pairs=tuple(pairs), within=within, project=project.name,
            generated=generated, scope=scope,
        )  # fmt: skip
        return ReportRun(overview, material, lambda _row: "", tuple(code_ids))
    label, groups, group_of = _grouping(material, by or "source")
    if kind == "cooccurrence":
        pairs = cooccurrence_pairs(material.rows, code_ids, within, groups, group_of)
        overview = Overview(
            kind, label, labels, groups, pairs=tuple(pairs), within=within, project=project.name,
            generated=generated, scope=scope,
        )  # fmt: skip
    else:
        cells = code_group_cells(material.rows, code_ids, groups, group_of)
        overview = Overview(
            kind, label, labels, groups, cells=tuple(cells), measure=measure, project=project.name,
            generated=generated, scope=scope,
        )  # fmt: skip
    return ReportRun(overview, material, group_of, tuple(code_ids))


def cell_segments(
    project: Project, run: ReportRun, code: str, group: str, code_b: str | None = None
) -> list[Segment]:
    """The segments behind a cell: the codings of ``code`` in ``group``, or, for co-occurrence of
    ``code`` and ``code_b``, one segment per co-occurring pair, spanning both codings."""
    material, group_of = run.material, run.group_of
    spans: list[tuple[str, int, int, Sequence[str], Sequence[str]]] = []
    if code_b is None:
        for row in material.rows:
            if row[2] == code and group_of(row) == group:
                spans.append((row[0], row[3], row[4], (code,), (row[1],)))
    else:
        rows = [row for row in material.rows if row[2] in (code, code_b)]
        for first, second in cooccurring(rows, run.overview.within):
            if group_of(first) != group or group_of(second) != group:
                continue
            start, end = min(first[3], second[3]), max(first[4], second[4])
            spans.append((first[0], start, end, (first[2], second[2]), (first[1],)))
    names = material.source_names
    spans.sort(key=lambda s: (names.get(s[0], ""), s[1], s[2], tuple(s[4])))
    return to_segments(project, material, spans)


def describe_cell(overview: Overview, code: str, group: str, code_b: str | None = None) -> str:
    """A cell in words, as a heading of its segment list."""
    where = f" in {overview.by} '{group}'" if overview.by and group else ""
    if code_b is None:
        cell = overview.cell(code, group)
        return f"{overview.label(code).path}{where}: {cell.codings} codings, {cell.characters} characters"
    count = overview.pair_count(code, code_b, group)
    return f"{overview.label(code).path} with {overview.label(code_b).path}{where}: {count} pairs"


def group_rows(overview: Overview) -> Any:
    """(code label, [cell per group]) rows of a frequency or matrix overview, for tables."""
    return [(code, [overview.cell(code.key, group) for group in overview.groups]) for code in overview.codes]
