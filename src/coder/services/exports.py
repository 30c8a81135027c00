"""Exporting coded spans, streamed: each source's text is read once, rows are written as they come.

A million codings are written without holding them: the codings of one source at a time come from
the database in text order, the ties (same start and end) are ordered by code path and coder, and
each row goes to the file at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby
from pathlib import Path

from coder.domain.errors import CoderError, InvalidInput, NotFound
from coder.exporters.spans import SpanRow, write_csv, write_xlsx
from coder.services.codebook import codebook_in, export_specs
from coder.services.project import Project


def _coder_ids(names: dict[str, str], wanted: Sequence[str]) -> list[str] | None:
    if not wanted:
        return None
    by_name = {name: coder_id for coder_id, name in names.items()}
    missing = [name for name in wanted if name not in by_name]
    if missing:
        raise NotFound(f"no coder named '{missing[0]}' in the project")
    return [by_name[name] for name in dict.fromkeys(wanted)]


def span_rows(project: Project, coder_names: Sequence[str] = ()) -> Iterator[SpanRow]:
    """Every coding (or the named coders') with its text, ordered by source, start, end, code, coder."""
    with project.read() as uow:
        coders = uow.coders.names()
        coder_ids = _coder_ids(coders, coder_names)
        book = codebook_in(uow)
        names = {code.id: code.name for code in book.codes}
        paths = {code.id: book.path_text(code.id) for code in book.codes}
        for info in uow.sources.infos():  # ordered by name
            found = uow.codings.in_source(info.id, coder_ids)
            if not found:
                continue
            text = uow.sources.text(info.id) or ""
            for _span, tied in groupby(found, key=lambda row: (row[2], row[3])):
                group = list(tied)
                if len(group) > 1:
                    group.sort(key=lambda row: (paths[row[0]], coders[row[1]]))
                for code_id, coder_id, start, end, memo in group:
                    yield SpanRow(
                        info.name,
                        coders[coder_id],
                        names[code_id],
                        paths[code_id],
                        start,
                        end,
                        text[start:end],
                        memo,
                    )


def export_spans(project: Project, out: Path, coder_names: Sequence[str] = ()) -> int:
    """Write the codings as CSV, or as a workbook when ``out`` ends in ``.xlsx``; returns how many."""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInput(f"cannot export spans to '{out.name}'; the file name must end in .csv or .xlsx")
    if project.path is not None and out.exists() and out.resolve() == project.path.resolve():
        raise InvalidInput(f"{out.name} is the project file itself; export to a new file")
    count = 0

    def counted() -> Iterator[SpanRow]:
        nonlocal count
        for row in span_rows(project, coder_names):
            count += 1
            yield row

    temporary = out.with_name(f".{out.name}.partial")
    try:
        if suffix == ".xlsx":
            write_xlsx(temporary, counted(), export_specs(project))
        else:
            write_csv(temporary, counted())
        temporary.replace(out)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise CoderError(f"cannot write {out}: {exc.strerror or exc}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return count
