"""Coding queries over the project: segments by code combinations (see :mod:`coder.analysis.queries`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coder.analysis.queries import BINARY, OPERATORS, run_query
from coder.domain.attributes import shown
from coder.domain.errors import CoderError, InvalidInput
from coder.domain.overview import Segment
from coder.domain.progress import NULL_PROGRESS, Progress, check
from coder.services.material import load_material, to_segments
from coder.services.project import Project


@dataclass(frozen=True)
class QueryResult:
    segments: tuple[Segment, ...]
    description: str
    scope: tuple[str, ...]


def coding_query(
    project: Project,
    operator: str,
    a: Sequence[str],
    b: Sequence[str] = (),
    distance: int = 0,
    coders: Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
    where: Sequence[str] = (),
    pooled: bool = False,
    progress: Progress = NULL_PROGRESS,
) -> QueryResult:
    """Run a query; ``a`` and ``b`` name codes (by name or path; several mean any of them)."""
    if operator not in OPERATORS:
        raise InvalidInput(f"'{shown(operator)}' is not a query; use one of {', '.join(OPERATORS)}")
    if not a:
        raise InvalidInput("name at least one code for A")
    if operator in BINARY and not b:
        raise InvalidInput(f"the query '{operator}' needs a second code (B)")
    material = load_material(project, coders, where, sources, progress)
    a_ids = material.codes(a)
    b_ids = material.codes(b) if b else []
    check(progress)
    hits = run_query(material.rows, operator, a_ids, b_ids, distance, pooled)
    spans = [(h.source, h.start, h.end, h.codes, h.coders) for h in hits]
    segments = sorted(
        to_segments(project, material, spans), key=lambda s: (s.source, s.start, s.end, s.coders)
    )
    names = " or ".join(material.book.path_text(i) for i in a_ids)
    others = " or ".join(material.book.path_text(i) for i in b_ids)
    words = {
        "coded": f"coded {names}",
        "overlap": f"{names} AND {others} (overlapping parts)",
        "within": f"{names} within {others}",
        "not": f"{names} NOT {others}",
        "followed": f"{names} followed by {others} within {distance} characters",
    }
    how = "codings of all chosen coders pooled" if pooled else "each coder's own codings"
    return QueryResult(tuple(segments), words[operator], (*material.scope, how))


def export_segments(segments: Sequence[Segment], out: Path) -> int:
    """Write query results as CSV or (``.xlsx``) a workbook, one row per segment."""
    from coder.exporters.segments import write_segments_csv, write_segments_xlsx

    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInput(f"cannot export segments to '{out.name}'; the file name must end in .csv or .xlsx")
    temporary = out.with_name(f".{out.name}.partial")
    try:
        if suffix == ".xlsx":
            write_segments_xlsx(temporary, segments)
        else:
            write_segments_csv(temporary, segments)
        temporary.replace(out)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise CoderError(f"cannot write {out}: {exc.strerror or exc}") from None
    return len(segments)


def expand_children(project: Project, references: Sequence[str]) -> list[str]:
    """Code paths of the named codes and of all codes below them."""
    from coder.services.codebook import get_codebook

    book = get_codebook(project)
    found: list[str] = []
    for reference in references:
        code = book.resolve(reference)
        found.append(book.path_text(code.id))
        found.extend(book.path_text(child.id) for child in book.descendants(code.id))
    return list(dict.fromkeys(found))
