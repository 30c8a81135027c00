"""Exporting coded spans."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coder.domain.errors import CoderError, InvalidInput
from coder.exporters.spans import SpanRow, sort_key, write_csv, write_xlsx
from coder.services.codebook import export_specs, get_codebook
from coder.services.coders import find_coder, list_coders
from coder.services.codings import list_codings
from coder.services.project import Project
from coder.services.sources import list_sources, source_text


def span_rows(project: Project, coder_names: Sequence[str] = ()) -> list[SpanRow]:
    coder_ids = [find_coder(project, name).id for name in coder_names] if coder_names else None
    coders = {c.id: c.name for c in list_coders(project)}
    book = get_codebook(project)
    sources = {s.id: s for s in list_sources(project)}
    texts: dict[str, str] = {}
    rows: list[SpanRow] = []
    for coding in list_codings(project, coder_ids=coder_ids):
        if coding.source_id not in texts:
            texts[coding.source_id] = source_text(project, coding.source_id)
        rows.append(
            SpanRow(
                source=sources[coding.source_id].name,
                coder=coders[coding.coder_id],
                code=book.by_id[coding.code_id].name,
                code_path=book.path_text(coding.code_id),
                start=coding.start,
                end=coding.end,
                text=texts[coding.source_id][coding.start : coding.end],
                memo=coding.memo,
            )
        )
    rows.sort(key=sort_key)
    return rows


def export_spans(project: Project, out: Path, coder_names: Sequence[str] = ()) -> int:
    """Write the codings as CSV, or as a workbook when ``out`` ends in ``.xlsx``."""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInput(f"cannot export spans to '{out.name}'; the file name must end in .csv or .xlsx")
    rows = span_rows(project, coder_names)
    temporary = out.with_name(f".{out.name}.partial")
    try:
        if suffix == ".xlsx":
            write_xlsx(temporary, rows, export_specs(project))
        else:
            write_csv(temporary, rows)
        temporary.replace(out)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise CoderError(f"cannot write {out}: {exc.strerror}") from None
    return len(rows)
