"""Bulk import of codings from a CSV file: every row checked before any is stored."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from coder.domain.codebook import Codebook, split_path
from coder.domain.colours import colour_for
from coder.domain.errors import CoderError, InvalidInput, NotFound
from coder.domain.model import Code, new_id, new_ids, now
from coder.domain.spans import check_span
from coder.services.codebook import codebook_in
from coder.services.coders import ensure_in_unit
from coder.services.project import Project
from coder.storage.rows import stamp_text
from coder.storage.unit_of_work import UnitOfWork

REQUIRED = ("source", "coder", "code", "start", "end")


@dataclass(frozen=True)
class CsvImportSummary:
    codings: int
    new_codes: int
    new_coders: int


def _read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
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
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader, [])]
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise InvalidInput(
                f"{path.name} lacks the column(s) {', '.join(missing)}; "
                "the header row needs source,coder,code,start,end (and optionally memo)"
            )
        rows = [(reader.line_num, dict(zip(header, values, strict=False))) for values in reader if values]
    except csv.Error as exc:
        raise InvalidInput(f"{path.name}, line {reader.line_num}: the CSV cannot be read: {exc}") from None
    return rows


def _integer(value: str | None, column: str) -> int:
    try:
        return int((value or "").strip())
    except ValueError:
        raise InvalidInput(f"{column} '{value}' is not a whole number") from None


def _create_path(uow: UnitOfWork, book: Codebook, path: tuple[str, ...]) -> tuple[Code, int, Codebook]:
    """The code at ``path``, made with any missing parents; returns it, how many were made, the book."""
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
            uow.codes.insert([existing])
            book = Codebook([*book.codes, existing])
            created += 1
        parent = existing
    assert parent is not None
    return parent, created, book


def import_codings_csv(project: Project, path: Path, create_codes: bool = False) -> CsvImportSummary:
    """Add the codings of a CSV file, all or none; errors name the file's line."""
    rows = _read_rows(path)
    ids = iter(new_ids(len(rows)))
    values: list[tuple[object, ...]] = []
    new_codes = 0
    with project.write() as uow:
        sources = {name: (source_id, length) for source_id, (name, length) in uow.sources.lengths().items()}
        book = codebook_in(uow)
        coders_before = {c.name for c in uow.coders.all()}
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
                        code, created, book = _create_path(uow, book, split_path(reference))
                        code_id, new_codes = code.id, new_codes + created
                    code_ids[reference] = code_id
                coder_name = (row.get("coder") or "").strip()
                if coder_name not in coder_ids:
                    coder_ids[coder_name] = ensure_in_unit(uow, coder_name).id
                start = _integer(row.get("start"), "start")
                end = _integer(row.get("end"), "end")
                check_span(start, end, length)
            except CoderError as exc:
                raise type(exc)(f"{path.name}, line {line}: {exc}") from None
            memo = row.get("memo") or ""
            values.append(
                (next(ids), source_id, code_id, coder_ids[coder_name], start, end, memo, stamp, stamp, "")
            )
        values.sort(key=lambda row: (row[1], row[4]))  # index order: far fewer page writes
        uow.codings.insert_rows(values)
        uow.log.many_codings()
    return CsvImportSummary(
        codings=len(values), new_codes=new_codes, new_coders=len(set(coder_ids) - coders_before)
    )
