"""Bulk import of codings from a CSV file: every row checked before any is stored."""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from coder.domain.codebook import Codebook, split_path
from coder.domain.colours import colour_for
from coder.domain.csv_rows import read_table
from coder.domain.errors import CoderError, InvalidInput, NotFound, shorten
from coder.domain.limits import MAX_CSV_BYTES
from coder.domain.model import Code, Coder, new_id, new_ids, now
from coder.domain.names import check_name
from coder.domain.spans import check_span, parse_offset
from coder.importers import read_regular_file
from coder.services.codebook import _codes
from coder.services.coders import ensure_in_session
from coder.services.project import Project
from coder.storage import mapping
from coder.storage.bulk import insert_rows, stamp_text
from coder.storage.tables import CoderRow, SourceRow

REQUIRED = ("source", "coder", "code", "start", "end")


@dataclass(frozen=True)
class CsvImportSummary:
    codings: int
    new_codes: int
    new_coders: int


def _read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    data = read_regular_file(path, "codings CSV file", MAX_CSV_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{shorten(path.name)} is not a UTF-8 CSV file; save it as CSV UTF-8") from None
    table = read_table(text, shorten(path.name))
    missing = [name for name in REQUIRED if name not in table.header]
    if missing:
        raise InvalidInput(
            f"{shorten(path.name)} lacks the column(s) {', '.join(missing)}; "
            "the header row needs source,coder,code,start,end (and optionally memo)"
        )
    records = table.records()
    # Names come in here (coders, and codes --create-codes makes); each distinct value is checked once.
    rows = [fields for _, fields in table.rows]
    for column in ("source", "coder", "code"):
        for value in dict.fromkeys(map(itemgetter(table.header.index(column)), rows)):
            parts = split_path(value) if column == "code" else [value.strip()]
            try:
                for part in parts:
                    if part:
                        check_name(column, part)
            except InvalidInput as problem:
                line = next(line for line, row in records if row[column] == value)
                raise InvalidInput(f"{shorten(path.name)}, line {line}: {problem}") from None
    return records


def _integer(value: str | None, column: str) -> int:
    return parse_offset(value, column)


def _create_path(session: Session, book: Codebook, path: tuple[str, ...]) -> tuple[Code, int]:
    parent: Code | None = None
    created = 0
    for depth in range(1, len(path) + 1):
        existing = book.by_path(path[:depth])
        if existing is None:
            siblings = book.children(parent.id if parent else None)
            existing = Code(
                id=new_id(),
                name=path[depth - 1],
                parent_id=parent.id if parent else None,
                colour=colour_for(len(book.codes)),
                position=max((c.position for c in siblings), default=-1) + 1,
            )
            session.add(mapping.code_row(existing))
            session.flush()
            book.codes.append(existing)
            book.by_id[existing.id] = existing
            created += 1
        parent = existing
    assert parent is not None
    return parent, created


def import_codings_csv(project: Project, path: Path, create_codes: bool = False) -> CsvImportSummary:
    """Add the codings of a CSV file, all or none; errors name the file's line."""
    rows = _read_rows(path)
    ids = iter(new_ids(len(rows)))
    values: list[tuple[object, ...]] = []
    new_codes = 0
    with project.transaction() as session:
        sources = {
            name: (source_id, length)
            for source_id, name, length in session.execute(
                select(SourceRow.id, SourceRow.name, SourceRow.characters)
            )
        }
        book = _codes(session)
        coders_before = {c.name for c in _all_coders(session)}
        coder_ids: dict[str, str] = {}
        code_ids: dict[str, str] = {}
        stamp = stamp_text(now())
        for line, row in rows:
            try:
                source_name = (row.get("source") or "").strip()
                if source_name not in sources:
                    raise NotFound(f"no source named '{source_name}' in the project")
                source_id, length = sources[source_name]
                reference = (row.get("code") or "").strip()
                if not reference:
                    raise InvalidInput("the code is empty")
                code_id = code_ids.get(reference)
                if code_id is None:
                    try:
                        code_id = book.resolve(reference).id
                    except NotFound:
                        if not create_codes:
                            raise NotFound(
                                f"no code '{reference}' in the codebook; add it first or use --create-codes"
                            ) from None
                        code, created = _create_path(session, book, split_path(reference))
                        code_id, new_codes = code.id, new_codes + created
                    code_ids[reference] = code_id
                coder_name = (row.get("coder") or "").strip()
                if coder_name not in coder_ids:
                    coder_ids[coder_name] = ensure_in_session(session, coder_name).id
                start = _integer(row.get("start"), "start")
                end = _integer(row.get("end"), "end")
                check_span(start, end, length)
            except CoderError as exc:
                raise type(exc)(f"{path.name}, line {line}: {exc}") from None
            memo = row.get("memo") or ""
            values.append(
                (next(ids), source_id, code_id, coder_ids[coder_name], start, end, memo, stamp, stamp)
            )
        values.sort(key=lambda row: (row[1], row[4]))  # index order: far fewer page writes
        insert_rows(session, values)
    return CsvImportSummary(
        codings=len(values), new_codes=new_codes, new_coders=len(set(coder_ids) - coders_before)
    )


def _all_coders(session: Session) -> list[Coder]:
    return [mapping.coder(row) for row in session.execute(select(CoderRow)).scalars()]
