"""The coded material that overviews and queries read: chosen sources, coders and codes, as plain rows.

One read of the project: source names, the attribute values, the codebook and every coding as a
tuple; the choice (coders, codes, sources, ``--where`` filters) is applied in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coder.domain.attributes import Attribute, matching_sources, parse_conditions, shown
from coder.domain.codebook import Codebook
from coder.domain.errors import InvalidInput, NotFound
from coder.domain.overview import CodeLabel, Segment
from coder.domain.progress import NULL_PROGRESS, Progress, check
from coder.services.codebook import codebook_in
from coder.services.project import Project

Row = tuple[str, str, str, int, int]  # (source id, coder name, code id, start, end)


@dataclass(frozen=True)
class Material:
    """What was chosen, and the codings of the chosen coders in the chosen sources (all codes)."""

    rows: tuple[Row, ...]
    sources: tuple[tuple[str, str], ...]  # (id, name) of the chosen sources, by name
    coders: tuple[str, ...]  # chosen coder names
    book: Codebook
    attributes: tuple[Attribute, ...]
    values: dict[str, dict[str, str]]  # source id -> attribute id -> value
    scope: tuple[str, ...]  # the choice in words

    @property
    def source_names(self) -> dict[str, str]:
        return dict(self.sources)

    def label(self, code_id: str) -> CodeLabel:
        return CodeLabel(code_id, self.book.by_id[code_id].name, self.book.path_text(code_id))

    def codes(self, references: Sequence[str] | None) -> list[str]:
        """Code ids: the named codes (by name or path), or every code used in the chosen material."""
        if references:
            return list(dict.fromkeys(self.book.resolve(reference).id for reference in references))
        used = {row[2] for row in self.rows}
        return [code.id for code in self.book.in_tree_order() if code.id in used]


def load_material(
    project: Project,
    coders: Sequence[str] | None = None,
    where: Sequence[str] = (),
    sources: Sequence[str] | None = None,
    progress: Progress = NULL_PROGRESS,
) -> Material:
    """Read the project once and apply the choice; unknown names are refused in one sentence."""
    conditions = parse_conditions(where)
    with project.read() as uow:
        infos = uow.sources.infos()
        coder_names = uow.coders.names()
        attributes = tuple(uow.attributes.all())
        values: dict[str, dict[str, str]] = {}
        for source_id, attribute_id, value in uow.attributes.values():
            values.setdefault(source_id, {})[attribute_id] = value
        book = codebook_in(uow)
        check(progress)
        spans = uow.codings.spans()
    check(progress)
    by_name = {info.name: info.id for info in infos}
    chosen_ids = [info.id for info in infos]
    scope: list[str] = []
    if sources:
        unknown = [name for name in sources if name not in by_name]
        if unknown:
            raise NotFound(
                f"no source named '{shown(unknown[0])}' in the project; 'coder sources' lists them"
            )
        chosen_ids = [by_name[name] for name in dict.fromkeys(sources)]
    if conditions:
        chosen_ids = matching_sources(conditions, attributes, values, chosen_ids)
        scope.append(f"sources where {'; '.join(map(str, conditions))}: {len(chosen_ids)}")
        if not chosen_ids:
            raise InvalidInput(f"no source meets {'; '.join(map(str, conditions))}; nothing to count")
    elif sources:
        scope.append(f"sources: {len(chosen_ids)} chosen")
    else:
        scope.append(f"sources: all {len(chosen_ids)}")
    known = set(coder_names.values())
    if coders:
        unknown = [name for name in coders if name not in known]
        if unknown:
            raise NotFound(f"no coder named '{shown(unknown[0])}' in the project")
        chosen_coders = list(dict.fromkeys(coders))
        scope.append(f"coders: {', '.join(chosen_coders)}")
    else:
        chosen_coders = sorted({coder_names[row[1]] for row in spans})
        scope.append(f"coders: all with codings ({', '.join(chosen_coders) or 'none'})")
    wanted_sources = set(chosen_ids)
    wanted_coders = set(chosen_coders)
    rows = tuple(
        (source_id, coder_names[coder_id], code_id, start, end)
        for source_id, coder_id, code_id, start, end in spans
        if source_id in wanted_sources and coder_names[coder_id] in wanted_coders
    )
    names = {info.id: info.name for info in infos}
    chosen = tuple(sorted(((i, names[i]) for i in chosen_ids), key=lambda pair: pair[1]))
    return Material(rows, chosen, tuple(chosen_coders), book, attributes, values, tuple(scope))


def source_texts(project: Project, source_ids: Sequence[str]) -> dict[str, str]:
    with project.read() as uow:
        return dict(uow.sources.texts(list(dict.fromkeys(source_ids))))


def to_segments(
    project: Project,
    material: Material,
    spans: Sequence[tuple[str, int, int, Sequence[str], Sequence[str]]],
) -> list[Segment]:
    """Segments with their text from (source id, start, end, code ids, coder names)."""
    texts = source_texts(project, [span[0] for span in spans])
    names = material.source_names
    return [
        Segment(
            source=names.get(source_id, source_id),
            start=start,
            end=end,
            text=texts.get(source_id, "")[start:end],
            codes=tuple(material.book.path_text(code) for code in codes),
            coders=tuple(coders),
            source_id=source_id,
        )
        for source_id, start, end, codes, coders in spans
    ]
