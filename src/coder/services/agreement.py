"""Inter-coder agreement over a project: choosing what to compare, then the pure engine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from coder.analysis.agreement import coders_with_codings, codes_used, compute_agreement
from coder.analysis.agreement_model import AgreementInput, AgreementResult, CodeRef, SourceSpans, SpanCoding
from coder.domain.errors import InvalidInput, NotFound
from coder.domain.progress import NULL_PROGRESS, Progress, check
from coder.services.codebook import get_codebook
from coder.services.project import Project


@dataclass(frozen=True)
class AgreementRun:
    """The engine's input and result, with what a report needs besides."""

    data: AgreementInput
    result: AgreementResult
    project: str
    generated: datetime


def _source_spans(
    project: Project, source_names: Sequence[str] | None, progress: Progress
) -> tuple[list[SourceSpans], dict[str, str]]:
    with project.read() as uow:
        lengths = uow.sources.lengths()
        coder_names = uow.coders.names()
        by_name = {name: (source_id, length) for source_id, (name, length) in lengths.items()}
        if source_names:
            unknown = [name for name in source_names if name not in by_name]
            if unknown:
                raise NotFound(f"no source named '{unknown[0]}' in the project; 'coder sources' lists them")
            chosen = list(dict.fromkeys(source_names))
        else:
            chosen = sorted(by_name)
        check(progress)
        spans = uow.codings.spans_with_memos()
    ids = {by_name[name][0]: name for name in chosen}
    grouped: dict[str, list[SpanCoding]] = {name: [] for name in chosen}
    for number, (source_id, coder_id, code_id, start, end, memo) in enumerate(spans):
        if number % 50_000 == 0:
            check(progress)
        name = ids.get(source_id)
        if name is not None:
            grouped[name].append(SpanCoding(coder_names[coder_id], code_id, start, end, memo))
    result = [SourceSpans(name, by_name[name][1], tuple(grouped[name])) for name in chosen]
    return result, {name: by_name[name][0] for name in chosen}


def prepare(
    project: Project,
    coders: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
    overlap: float = 0.9,
    progress: Progress = NULL_PROGRESS,
) -> AgreementInput:
    """The engine's input: defaults as in specs/agreement.md, names checked."""
    spans, _ids = _source_spans(project, sources, progress)
    present = coders_with_codings(spans)
    if coders:
        chosen_coders = list(dict.fromkeys(coders))
        known = set(_all_coder_names(project))
        unknown = [name for name in chosen_coders if name not in known]
        if unknown:
            raise NotFound(f"no coder named '{unknown[0]}' in the project")
    else:
        chosen_coders = sorted(present)
    if len(chosen_coders) < 2:
        found = ", ".join(chosen_coders) or "none"
        raise InvalidInput(
            f"agreement needs at least two coders with codings in these sources (found: {found})"
        )
    book = get_codebook(project)
    if codes:
        keys = list(dict.fromkeys(book.resolve(reference).id for reference in codes))
    else:
        used = codes_used(spans, chosen_coders)
        order = {code.id: index for index, code in enumerate(book.in_tree_order())}
        keys = sorted(used, key=lambda key: order.get(key, len(order)))
    refs = [CodeRef(key=key, name=book.by_id[key].name, path=book.path_text(key)) for key in keys]
    return AgreementInput(
        sources=tuple(spans), coders=tuple(chosen_coders), codes=tuple(refs), overlap=overlap
    )


def _all_coder_names(project: Project) -> list[str]:
    with project.read() as uow:
        return list(uow.coders.names().values())


def run_agreement(
    project: Project,
    coders: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
    overlap: float = 0.9,
    progress: Progress = NULL_PROGRESS,
) -> AgreementRun:
    if not 0.0 <= overlap <= 1.0:
        raise InvalidInput(f"the overlap threshold must lie between 0 and 1, not {overlap}")
    data = prepare(project, coders, codes, sources, overlap, progress)
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
