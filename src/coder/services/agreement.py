"""Inter-coder agreement over a project: choosing what to compare, then the pure engine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from coder.analysis.agreement import compute_agreement
from coder.analysis.agreement_columns import (
    StoredCodings,
    coders_present,
    codes_used_by,
    compared_columns,
    stored_codings,
)
from coder.analysis.agreement_model import AgreementInput, AgreementResult, CodeRef, SourceSpans, SpanCoding
from coder.domain.errors import InvalidInput, NotFound
from coder.domain.progress import NULL_PROGRESS, Progress, check
from coder.services.codebook import codebook_in
from coder.services.project import Project


@dataclass(frozen=True)
class AgreementRun:
    """The engine's input and result, with what a report needs besides."""

    data: AgreementInput
    result: AgreementResult
    project: str
    generated: datetime


def prepare(
    project: Project,
    coders: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
    overlap: float = 0.9,
    progress: Progress = NULL_PROGRESS,
    with_codings: bool = True,
) -> AgreementInput:
    """The engine's input: defaults as in specs/agreement.md, names checked.

    The codings reach the engine as integer columns. ``with_codings`` also gives each source its
    codings one by one, with their memos: what reports that quote passages (HTML, the app) need.
    """
    with project.read() as uow:
        lengths = uow.sources.lengths()
        coder_names = uow.coders.names()
        book = codebook_in(uow)
        check(progress)
        stored_columns = uow.codings.columns(with_memos=with_codings)
    check(progress)
    by_name = {name: (source_id, length) for source_id, (name, length) in lengths.items()}
    if sources:
        unknown = [name for name in sources if name not in by_name]
        if unknown:
            raise NotFound(f"no source named '{unknown[0]}' in the project; 'coder sources' lists them")
        chosen = list(dict.fromkeys(sources))
    else:
        chosen = sorted(by_name)
    source_index = {by_name[name][0]: index for index, name in enumerate(chosen)}
    stored = stored_codings(stored_columns, source_index, coder_names, [code.id for code in book.codes])
    if coders:
        chosen_coders = list(dict.fromkeys(coders))
        unknown = [name for name in chosen_coders if name not in set(coder_names.values())]
        if unknown:
            raise NotFound(f"no coder named '{unknown[0]}' in the project")
    else:
        chosen_coders = sorted(coders_present(stored))
    if len(chosen_coders) < 2:
        found = ", ".join(chosen_coders) or "none"
        raise InvalidInput(
            f"agreement needs at least two coders with codings in these sources (found: {found})"
        )
    if codes:
        keys = list(dict.fromkeys(book.resolve(reference).id for reference in codes))
    else:
        used = codes_used_by(stored, chosen_coders)
        order = {code.id: index for index, code in enumerate(book.in_tree_order())}
        keys = sorted(used, key=lambda key: order.get(key, len(order)))
    refs = [CodeRef(key=key, name=book.by_id[key].name, path=book.path_text(key)) for key in keys]
    spans = _source_spans(chosen, by_name, stored)
    return AgreementInput(
        sources=tuple(spans),
        coders=tuple(chosen_coders),
        codes=tuple(refs),
        overlap=overlap,
        columns=compared_columns(stored, chosen_coders, keys),
    )


def _source_spans(
    chosen: Sequence[str], by_name: dict[str, tuple[str, int]], stored: StoredCodings
) -> list[SourceSpans]:
    """The included sources, with their codings one by one only when their memos were read."""
    grouped: list[list[SpanCoding]] = [[] for _ in chosen]
    if stored.memos is not None:
        names, keys = stored.coder_names, stored.code_keys
        numbers = (stored.source, stored.coder, stored.code, stored.start, stored.end)
        for (source, coder, code, start, end), memo in zip(
            zip(*(column.tolist() for column in numbers), strict=True), stored.memos, strict=True
        ):
            key = keys[code] if code >= 0 else ""
            grouped[source].append(SpanCoding(names[coder], key, start, end, memo))
    return [SourceSpans(name, by_name[name][1], tuple(grouped[i])) for i, name in enumerate(chosen)]


def run_agreement(
    project: Project,
    coders: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
    overlap: float = 0.9,
    progress: Progress = NULL_PROGRESS,
    with_codings: bool = True,
) -> AgreementRun:
    """Compare coders; ``with_codings=False`` when no report will quote passages (JSON, CSV, table)."""
    if not 0.0 <= overlap <= 1.0:
        raise InvalidInput(f"the overlap threshold must lie between 0 and 1, not {overlap}")
    data = prepare(project, coders, codes, sources, overlap, progress, with_codings)
    check(progress)
    result = compute_agreement(data)
    return AgreementRun(data=data, result=result, project=project.name, generated=datetime.now(UTC))


def source_texts(project: Project, names: Sequence[str]) -> dict[str, str]:
    """The texts of the named sources, for the HTML report's quotations."""
    with project.read() as uow:
        ids = {name: source_id for source_id, (name, _n) in uow.sources.lengths().items()}
        return {
            ids_name: text
            for ids_name in names
            if ids_name in ids and (text := uow.sources.text(ids[ids_name])) is not None
        }
