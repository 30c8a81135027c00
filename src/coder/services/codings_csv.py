"""Bulk import of codings from a CSV file: every row checked before any is stored."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter, le, lt
from pathlib import Path
from typing import TypeVar

from coder.domain.codebook import Codebook, split_path
from coder.domain.colours import colour_for
from coder.domain.csv_rows import CsvColumns, read_columns
from coder.domain.errors import CoderError, InvalidInput, NotFound, shorten
from coder.domain.limits import MAX_CSV_BYTES
from coder.domain.model import Code, new_id, new_ids, now
from coder.domain.names import check_name
from coder.domain.spans import MAX_OFFSET_DIGITS, check_span, offset_or_none, parse_offset
from coder.importers import read_regular_file
from coder.services.codebook import codebook_in
from coder.services.coders import ensure_in_unit
from coder.services.project import Project
from coder.storage.rows import stamp_text
from coder.storage.unit_of_work import UnitOfWork

REQUIRED = ("source", "coder", "code", "start", "end")
T = TypeVar("T")


@dataclass(frozen=True)
class CsvImportSummary:
    codings: int
    new_codes: int
    new_coders: int


def _read_columns(path: Path) -> tuple[CsvColumns, dict[str, list[str]]]:
    """The file's columns (each a list of the fields of every row), its names checked.

    Also the distinct fields of the name columns (source, coder, code), in the order they first appear.
    """
    data = read_regular_file(path, "codings CSV file", MAX_CSV_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{shorten(path.name)} is not a UTF-8 CSV file; save it as CSV UTF-8") from None
    del data
    table = read_columns(text, shorten(path.name))
    missing = [name for name in REQUIRED if name not in table.header]
    if missing:
        raise InvalidInput(
            f"{shorten(path.name)} lacks the column(s) {', '.join(missing)}; "
            "the header row needs source,coder,code,start,end (and optionally memo)"
        )
    # Names come in here (coders, and codes --create-codes makes); each distinct value is checked once.
    distinct: dict[str, list[str]] = {}
    for column in ("source", "coder", "code"):
        values = table.columns[table.header.index(column)]
        distinct[column] = list(dict.fromkeys(values))
        for value in distinct[column]:
            parts = split_path(value) if column == "code" else [value.strip()]
            try:
                for part in parts:
                    if part:
                        check_name(column, part)
            except InvalidInput as problem:
                line = table.line(values.index(value))
                raise InvalidInput(f"{shorten(path.name)}, line {line}: {problem}") from None
    return table, distinct


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


class _Names:
    """Turns the names of one CSV into ids, each distinct name once (a million rows name few things)."""

    def __init__(self, uow: UnitOfWork, create_codes: bool) -> None:
        self.uow, self.create_codes = uow, create_codes
        self.sources = {name: (source_id, n) for source_id, (name, n) in uow.sources.lengths().items()}
        self.book = codebook_in(uow)
        self.coders_before = {c.name for c in uow.coders.all()}
        self.coders_named: set[str] = set()
        self.new_codes = 0

    def source(self, field: str) -> tuple[str, int]:
        name = field.strip()
        found = self.sources.get(name)
        if found is None:
            raise NotFound(f"no source named '{shorten(name)}' in the project")
        return found

    def code(self, field: str) -> str:
        reference = field.strip()
        if not reference:
            raise InvalidInput("the code is empty")
        try:
            return self.book.resolve(reference).id
        except NotFound:
            if not self.create_codes:
                raise NotFound(
                    f"no code '{shorten(reference)}' in the codebook; add it first or use --create-codes"
                ) from None
            code, created, self.book = _create_path(self.uow, self.book, split_path(reference))
            self.new_codes += created
            return code.id

    def coder(self, field: str) -> str:
        self.coders_named.add(field.strip())
        return ensure_in_unit(self.uow, field.strip()).id

    def new_coders(self) -> int:
        return len(self.coders_named - self.coders_before)


Failure = tuple[int, CoderError]  # the row (0-based) and what is wrong with it


def _resolve(
    column: Sequence[str], distinct: Sequence[str], resolve: Callable[[str], T]
) -> tuple[list[T], Failure | None]:
    """Each field's value, every ``distinct`` field resolved once, in the order of first appearance."""
    resolved: dict[str, T] = {}
    for field in distinct:
        try:
            resolved[field] = resolve(field)
        except CoderError as problem:
            return [], (column.index(field), problem)
    return list(map(resolved.__getitem__, column)), None


def _offsets(column: Sequence[str], what: str) -> tuple[list[int], Failure | None]:
    """The offsets of a column; the usual column (plain digits only) is checked and read in C."""
    joined = "".join(column)
    if joined.isascii() and joined.isdigit() and all(column) and max(map(len, column)) <= MAX_OFFSET_DIGITS:
        return list(map(int, column)), None
    for row, field in enumerate(column):
        if offset_or_none(field) is None:
            try:
                parse_offset(field, what)
            except CoderError as problem:
                return [], (row, problem)
    return [offset_or_none(field) or 0 for field in column], None


def import_codings_csv(project: Project, path: Path, create_codes: bool = False) -> CsvImportSummary:
    """Add the codings of a CSV file, all or none; an error names the first line that is wrong.

    The file is taken column by column: each distinct source, code and coder name is resolved once and
    the offsets are checked and converted in bulk, so a million rows cost little more than reading them.
    """
    with _no_cycle_collection():
        return _import(project, path, create_codes)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cycle collector paused: it would walk the million row tuples again and again as they are
    made, and they form no cycles (reference counting frees them)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import(project: Project, path: Path, create_codes: bool) -> CsvImportSummary:
    table, distinct = _read_columns(path)
    count = table.count

    def column(name: str) -> Sequence[str]:
        return table.columns[table.header.index(name)]

    with project.write(bulk=True) as uow:
        names = _Names(uow, create_codes)
        places, bad_source = _resolve(column("source"), distinct["source"], names.source)
        code_ids, bad_code = _resolve(column("code"), distinct["code"], names.code)
        coder_ids, bad_coder = _resolve(column("coder"), distinct["coder"], names.coder)
        starts, bad_start = _offsets(column("start"), "start")
        ends, bad_end = _offsets(column("end"), "end")
        failures = [f for f in (bad_source, bad_code, bad_coder, bad_start, bad_end) if f is not None]
        lengths = list(map(itemgetter(1), places))
        if not failures and not (all(map(lt, starts, ends)) and all(map(le, ends, lengths))):
            outside = next(
                row
                for row, (start, end, length) in enumerate(zip(starts, ends, lengths, strict=True))
                if not start < end <= length
            )
            try:
                check_span(starts[outside], ends[outside], lengths[outside])
            except CoderError as problem:
                failures.append((outside, problem))
        if failures:
            row, problem = min(failures, key=lambda failure: failure[0])
            raise type(problem)(f"{shorten(path.name)}, line {table.line(row)}: {problem}") from None
        stamp = stamp_text(now())
        memos = column("memo") if "memo" in table.header else [""] * count
        # The new ids in order: the rows go in in id order (see CodingsRepo.insert_rows), already sorted.
        ids = new_ids(count, ordered=True)
        values = list(
            zip(ids, map(itemgetter(0), places), code_ids, coder_ids, starts, ends, memos, strict=True)
        )
        uow.codings.insert_rows(values, made_at=stamp)
        uow.log.many_codings()
    return CsvImportSummary(codings=count, new_codes=names.new_codes, new_coders=names.new_coders())
