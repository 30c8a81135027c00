"""Bulk import of codings from a CSV file: every row checked before any is stored."""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from coder.domain.codebook import Codebook, split_path
from coder.domain.colours import colour_for
from coder.domain.csv_rows import CsvTable, read_table
from coder.domain.errors import CoderError, InvalidInput, NotFound, shorten
from coder.domain.limits import MAX_CSV_BYTES
from coder.domain.model import Code, new_id, new_ids, now
from coder.domain.names import check_name
from coder.domain.spans import check_span, offset_or_none, parse_offset
from coder.importers import read_regular_file
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


def _read_table(path: Path) -> CsvTable:
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
    # Names come in here (coders, and codes --create-codes makes); each distinct value is checked once.
    for column in ("source", "coder", "code"):
        at = table.header.index(column)
        for value in dict.fromkeys(map(itemgetter(at), (fields for _, fields in table.rows))):
            parts = split_path(value) if column == "code" else [value.strip()]
            try:
                for part in parts:
                    if part:
                        check_name(column, part)
            except InvalidInput as problem:
                line = next(line for line, fields in table.rows if fields[at] == value)
                raise InvalidInput(f"{shorten(path.name)}, line {line}: {problem}") from None
    return table


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


class _Rows:
    """Turns the names of one CSV into ids, each distinct name once (a million rows name few things)."""

    def __init__(self, uow: UnitOfWork, create_codes: bool) -> None:
        self.uow, self.create_codes = uow, create_codes
        self.sources = {
            name: entry for entry_id, (name, n) in uow.sources.lengths().items() for entry in [(entry_id, n)]
        }
        self.book = codebook_in(uow)
        self.coders_before = {c.name for c in uow.coders.all()}
        self.source_of: dict[str, tuple[str, int]] = {}
        self.code_of: dict[str, str] = {}
        self.coder_of: dict[str, str] = {}
        self.new_codes = 0

    def source(self, field: str) -> tuple[str, int]:
        name = field.strip()
        found = self.sources.get(name)
        if found is None:
            raise NotFound(f"no source named '{shorten(name)}' in the project")
        self.source_of[field] = found
        return found

    def code(self, field: str) -> str:
        reference = field.strip()
        if not reference:
            raise InvalidInput("the code is empty")
        try:
            code_id = self.book.resolve(reference).id
        except NotFound:
            if not self.create_codes:
                raise NotFound(
                    f"no code '{shorten(reference)}' in the codebook; add it first or use --create-codes"
                ) from None
            code, created, self.book = _create_path(self.uow, self.book, split_path(reference))
            code_id, self.new_codes = code.id, self.new_codes + created
        self.code_of[field] = code_id
        return code_id

    def coder(self, field: str) -> str:
        coder_id = self.coder_of[field] = ensure_in_unit(self.uow, field.strip()).id
        return coder_id

    def new_coders(self) -> int:
        return len({name.strip() for name in self.coder_of} - self.coders_before)


def import_codings_csv(project: Project, path: Path, create_codes: bool = False) -> CsvImportSummary:
    """Add the codings of a CSV file, all or none; errors name the file's line."""
    table = _read_table(path)
    at = [table.header.index(name) for name in REQUIRED]
    memo_at = table.header.index("memo") if "memo" in table.header else None
    ids = iter(new_ids(len(table.rows)))
    values: list[tuple[object, ...]] = []
    with project.write() as uow:
        names = _Rows(uow, create_codes)
        stamp = stamp_text(now())
        for line, fields in table.rows:
            source_field, coder_field, code_field, start_field, end_field = (fields[i] for i in at)
            try:
                source_id, length = names.source_of.get(source_field) or names.source(source_field)
                code_id = names.code_of.get(code_field) or names.code(code_field)
                coder_id = names.coder_of.get(coder_field) or names.coder(coder_field)
                start = offset_or_none(start_field)
                end = offset_or_none(end_field)
                if start is None or end is None or not 0 <= start < end <= length:
                    check_span(parse_offset(start_field, "start"), parse_offset(end_field, "end"), length)
            except CoderError as exc:
                raise type(exc)(f"{shorten(path.name)}, line {line}: {exc}") from None
            memo = fields[memo_at] if memo_at is not None else ""
            values.append((next(ids), source_id, code_id, coder_id, start, end, memo, stamp, stamp, ""))
        uow.codings.insert_rows(values)
        uow.log.many_codings()
    return CsvImportSummary(codings=len(values), new_codes=names.new_codes, new_coders=names.new_coders())
