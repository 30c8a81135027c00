"""Exchange: REFI-QDA export and import, and merging another coder's copy of the project.

Import and merge are one operation on a :class:`ProjectBundle`, in one transaction:

- sources are matched by the sha256 of their text, never by name (a matching source
  keeps its name here); a source new to this project is added under its name. A name
  already taken here by a *different* text is refused, naming the sources, and nothing
  is changed: its codings could not be placed on our text;
- codes are matched by path (new ones are created with their parents), coders by name;
- a coding is added unless an identical one (same source, code, coder, start, end) is
  already here, so importing or merging the same file twice adds nothing the second time.
  Codes and coders that match keep what this project says about them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from sqlalchemy import insert, select
from sqlmodel import Session

from coder import __version__
from coder.domain.bundle import BundleSource, ProjectBundle
from coder.domain.codebook import Codebook
from coder.domain.colours import colour_for, normalise_colour
from coder.domain.errors import CoderError, Conflict, InvalidInput
from coder.domain.model import FORMATS, Code, Coder, Coding, new_id, now
from coder.domain.spans import check_span
from coder.domain.text import sha256_text
from coder.exporters.codebook_document import codebook_html, codebook_markdown
from coder.refi.values import format_datetime
from coder.services.codebook import export_specs
from coder.services.project import Project
from coder.storage import db, mapping
from coder.storage.migrations import SCHEMA_VERSION
from coder.storage.tables import CodeRow, CoderRow, CodingRow, SourceRow

EXCHANGE_SUFFIXES = (".qdpx", ".qde")


@dataclass(frozen=True)
class ExchangeSummary:
    """What an import or merge found: names of what is new, what matched, and notes."""

    sources_added: tuple[str, ...] = ()
    sources_matched: tuple[tuple[str, str], ...] = ()  # (name in the file, name here)
    codes_added: tuple[str, ...] = ()  # paths, levels joined by '/'
    codes_matched: int = 0
    coders_added: tuple[str, ...] = ()
    coders_matched: tuple[str, ...] = ()
    codings_added: int = 0
    codings_present: int = 0
    notes: tuple[str, ...] = ()


MergeSummary = ExchangeSummary


@dataclass(frozen=True)
class ExportSummary:
    sources: int
    codes: int
    coders: int
    codings: int


def _write_atomically(out: Path, write: Callable[[IO[bytes]], None]) -> None:
    temporary = out.with_name(f".{out.name}.partial")
    try:
        with temporary.open("wb") as handle:
            write(handle)
        temporary.replace(out)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise CoderError(f"cannot write {out}: {exc.strerror}") from None
        raise


def project_bundle(project: Project) -> ProjectBundle:
    """The whole project, texts and original files included."""
    with project.transaction() as session:
        sources = tuple(
            BundleSource(
                id=row.id,
                name=row.name,
                format=row.format,
                text=row.text,
                page_starts=tuple(json.loads(row.page_starts)),
                original=row.original,
                original_name=row.original_name,
            )
            for row in session.execute(select(SourceRow).order_by(SourceRow.name)).scalars()
        )
        codes = tuple(mapping.code(row) for row in session.execute(select(CodeRow)).scalars())
        coders = tuple(mapping.coder(row) for row in session.execute(select(CoderRow)).scalars())
        codings = tuple(mapping.coding(row) for row in session.execute(select(CodingRow)).scalars())
    return ProjectBundle(project.name, sources, codes, coders, codings)


def export_qdpx(project: Project, out: Path) -> ExportSummary:
    """Write the whole project as a REFI-QDA project exchange file."""
    if out.suffix.lower() != ".qdpx":
        raise InvalidInput(f"cannot export a project to '{out.name}'; the file name must end in .qdpx")
    from coder.refi.qdpx_write import write_qdpx

    bundle = project_bundle(project)
    stamp = format_datetime(now())
    _write_atomically(out, lambda handle: write_qdpx(bundle, handle, f"coder {__version__}", stamp))
    return ExportSummary(len(bundle.sources), len(bundle.codes), len(bundle.coders), len(bundle.codings))


def export_codebook_document(project: Project, out: Path) -> int:
    """The codebook as a readable Markdown or HTML document; returns the number of codes."""
    suffix = out.suffix.lower()
    if suffix not in (".md", ".markdown", ".html", ".htm"):
        raise InvalidInput(
            f"cannot write the codebook to '{out.name}'; the file name must end in .md or .html"
        )
    specs = export_specs(project)
    render = codebook_markdown if suffix in (".md", ".markdown") else codebook_html
    data = render(specs, f"Codebook of {project.name}").encode("utf-8")
    _write_atomically(out, lambda handle: handle.write(data))
    return len(specs)


def _extract(name: str, fmt: str, data: bytes) -> tuple[str, tuple[int, ...]]:
    """Text of a Word or PDF file inside an exchange file, exactly as coder's importers read it."""
    if fmt == "pdf":
        from coder.importers.pdf import import_pdf as convert
    else:
        from coder.importers.docx import import_docx as convert
    imported = convert(name, data)
    return imported.text, imported.page_starts


def read_exchange_file(path: Path) -> ProjectBundle:
    """A .qdpx or bare .qde file as a bundle, with notes on what was detected or left out."""
    from coder.refi.qdpx_read import read_project

    return read_project(path, _extract)


def import_qdpx(project: Project, path: Path) -> ExchangeSummary:
    """Bring a REFI-QDA project (.qdpx, or a bare .qde) into this project, all or nothing."""
    if path.suffix.lower() not in EXCHANGE_SUFFIXES:
        raise InvalidInput(f"{path.name} is not a REFI-QDA project file; it should end in .qdpx")
    return apply_bundle(project, read_exchange_file(path))


def merge(project: Project, other: Path) -> MergeSummary:
    """Merge another coder's project file (.coder) or a .qdpx into this project, all or nothing."""
    if other.exists() and project.path.exists() and other.resolve() == project.path.resolve():
        raise InvalidInput(f"{other.name} is this project itself; merge another coder's copy into it")
    if other.suffix.lower() in EXCHANGE_SUFFIXES:
        return apply_bundle(project, read_exchange_file(other))
    return apply_bundle(project, read_coder_file(other))


def read_coder_file(path: Path) -> ProjectBundle:
    """Another coder project, opened read-only: nothing in it is changed, not even migrated."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(db.SQLITE_HEADER))
    except FileNotFoundError:
        raise InvalidInput(f"{path.name} does not exist") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {path.name}: {exc.strerror}") from None
    if header != db.SQLITE_HEADER:
        raise InvalidInput(f"{path.name} is neither a coder project nor a .qdpx file, so it cannot be merged")
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        application = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if application != db.APPLICATION_ID:
            raise InvalidInput(f"{path.name} is a SQLite database of another program, not a coder project")
        if version != SCHEMA_VERSION:
            newer = (
                "a newer version of coder; update coder" if version > SCHEMA_VERSION else "an older version"
            )
            raise InvalidInput(f"{path.name} was made by {newer}; open it once with this coder, then merge")
        return _bundle_from(connection, path.stem)
    except sqlite3.DatabaseError as exc:
        raise InvalidInput(f"{path.name} cannot be read as a coder project ({exc})") from None
    finally:
        connection.close()


def _stamp(value: str) -> datetime:
    stamp = datetime.fromisoformat(value)
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _bundle_from(connection: sqlite3.Connection, name: str) -> ProjectBundle:
    query = connection.execute
    sources = tuple(
        BundleSource(id, name, fmt, text, tuple(json.loads(starts)), original, original_name)
        for id, name, fmt, text, starts, original, original_name in query(
            "SELECT id, name, format, text, page_starts, original, original_name FROM sources ORDER BY name"
        )
    )
    codes = tuple(
        Code(*row)
        for row in query(
            "SELECT id, name, parent_id, colour, definition, when_to_use, when_not_to_use, example, position "
            "FROM codes"
        )
    )
    coders = tuple(Coder(*row) for row in query("SELECT id, name FROM coders"))
    codings = tuple(
        Coding(id, source, code, coder, start, end, memo, _stamp(created), _stamp(changed))
        for id, source, code, coder, start, end, memo, created, changed in query(
            'SELECT id, source_id, code_id, coder_id, start, "end", memo, created_at, changed_at FROM codings'
        )
    )
    return ProjectBundle(name, sources, codes, coders, codings)


def apply_bundle(project: Project, bundle: ProjectBundle) -> ExchangeSummary:
    """Add what ``bundle`` holds that this project lacks, in one transaction (see the module's doc)."""
    with project.transaction() as session:
        merger = _Merger(session)
        merger.sources(bundle.sources)
        merger.codes(bundle.codes)
        merger.coders(bundle.coders)
        merger.codings(bundle)
        return merger.summary(bundle.notes)


class _Merger:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.source_ids: dict[str, str] = {}
        self.lengths: dict[str, int] = {}
        self.code_ids: dict[str, str] = {}
        self.coder_ids: dict[str, str] = {}
        self.added: dict[str, list[str]] = {"sources": [], "codes": [], "coders": []}
        self.matched_sources: list[tuple[str, str]] = []
        self.matched_coders: list[str] = []
        self.codes_matched = 0
        self.codings_added = self.codings_present = 0

    def sources(self, sources: tuple[BundleSource, ...]) -> None:
        rows = self.session.execute(select(SourceRow.id, SourceRow.name, SourceRow.sha256)).all()
        by_sha: dict[str, list[tuple[str, str]]] = {}
        for source_id, name, sha in sorted(rows, key=lambda r: r[1]):
            by_sha.setdefault(sha, []).append((source_id, name))
        taken = {name for _, name, _ in rows}
        conflicts: list[str] = []
        stamp = now()
        for source in sources:
            sha = sha256_text(source.text)
            here = by_sha.get(sha)
            if here:
                source_id, name = next((s for s in here if s[1] == source.name), here[0])
                self.matched_sources.append((source.name, name))
            elif source.name in taken:
                conflicts.append(source.name)
                continue
            else:
                if source.format not in FORMATS:
                    raise InvalidInput(f"'{source.name}' has the unknown format '{source.format}'")
                source_id = new_id()
                self.session.execute(
                    insert(SourceRow),
                    [
                        {
                            "id": source_id,
                            "name": source.name,
                            "format": source.format,
                            "text": source.text,
                            "characters": len(source.text),
                            "sha256": sha,
                            "page_starts": json.dumps(list(source.page_starts)),
                            "original_name": source.original_name or source.name,
                            "original": source.original,
                            "imported_at": stamp,
                        }
                    ],
                )
                by_sha[sha] = [(source_id, source.name)]
                taken.add(source.name)
                self.added["sources"].append(source.name)
            self.source_ids[source.id] = source_id
            self.lengths[source.id] = len(source.text)
        if conflicts:
            names = ", ".join(f"'{name}'" for name in conflicts)
            raise Conflict(
                f"the text of {names} differs from the source of the same name in this project (the sha256 "
                "of the texts differ), so its codings cannot be placed on it; nothing was changed"
            )

    def codes(self, codes: tuple[Code, ...]) -> None:
        book = Codebook(mapping.code(row) for row in self.session.execute(select(CodeRow)).scalars())
        theirs = Codebook(codes)

        def walk(parent_id: str | None, ours: str | None) -> None:
            for code in theirs.children(parent_id):
                path = theirs.path(code.id)
                existing = book.by_path(path)
                if existing is None:
                    siblings = book.children(ours)
                    existing = Code(
                        id=new_id(),
                        name=code.name.strip(),
                        parent_id=ours,
                        colour=normalise_colour(code.colour or "") or colour_for(len(book.codes)),
                        definition=code.definition,
                        when_to_use=code.when_to_use,
                        when_not_to_use=code.when_not_to_use,
                        example=code.example,
                        position=max((c.position for c in siblings), default=-1) + 1,
                    )
                    self.session.add(mapping.code_row(existing))
                    self.session.flush()
                    book.codes.append(existing)
                    book.by_id[existing.id] = existing
                    self.added["codes"].append("/".join(path))
                else:
                    self.codes_matched += 1
                self.code_ids[code.id] = existing.id
                walk(code.id, existing.id)

        walk(None, None)

    def coders(self, coders: tuple[Coder, ...]) -> None:
        here = {row.name: row.id for row in self.session.execute(select(CoderRow)).scalars()}
        for coder in coders:
            name = coder.name.strip() or "unknown coder"
            if name in here:
                if name not in self.matched_coders and name not in self.added["coders"]:
                    self.matched_coders.append(name)
            else:
                here[name] = new_id()
                self.session.add(CoderRow(id=here[name], name=name))
                self.session.flush()
                self.added["coders"].append(name)
            self.coder_ids[coder.id] = here[name]

    def codings(self, bundle: ProjectBundle) -> None:
        ours = list(set(self.source_ids.values()))
        keys = {
            tuple(row)
            for row in self.session.execute(
                select(
                    CodingRow.source_id, CodingRow.code_id, CodingRow.coder_id, CodingRow.start, CodingRow.end
                ).where(CodingRow.source_id.in_(ours))  # type: ignore[attr-defined]
            )
        }
        values: list[dict[str, object]] = []
        for coding in bundle.codings:
            parts = (
                self.source_ids.get(coding.source_id),
                self.code_ids.get(coding.code_id),
                self.coder_ids.get(coding.coder_id),
            )
            if None in parts:
                raise InvalidInput(
                    "a coding in the file refers to a source, code or coder the file does not hold"
                )
            key = (*parts, coding.start, coding.end)
            if key in keys:
                self.codings_present += 1
                continue
            check_span(coding.start, coding.end, self.lengths[coding.source_id])
            keys.add(key)
            values.append(
                mapping.coding_values(
                    Coding(
                        new_id(),
                        *key[:3],
                        coding.start,
                        coding.end,
                        coding.memo,
                        coding.created_at,
                        coding.changed_at,
                    )
                )
            )
        if values:
            self.session.execute(insert(CodingRow), values)
        self.codings_added = len(values)

    def summary(self, notes: tuple[str, ...]) -> ExchangeSummary:
        return ExchangeSummary(
            sources_added=tuple(self.added["sources"]),
            sources_matched=tuple(self.matched_sources),
            codes_added=tuple(self.added["codes"]),
            codes_matched=self.codes_matched,
            coders_added=tuple(self.added["coders"]),
            coders_matched=tuple(self.matched_coders),
            codings_added=self.codings_added,
            codings_present=self.codings_present,
            notes=notes,
        )


def _listed(items: tuple[str, ...], limit: int = 5) -> str:
    if not items:
        return ""
    shown = ", ".join(items[:limit]) + (", ..." if len(items) > limit else "")
    return f" ({shown})"


def summary_lines(summary: ExchangeSummary) -> list[str]:
    """What an import or merge did, in lines for a researcher: notes first, then the counts."""
    matched = tuple(
        theirs if theirs == ours else f"{theirs} = {ours}" for theirs, ours in summary.sources_matched
    )
    return [
        *summary.notes,
        f"sources: {len(summary.sources_added)} new{_listed(summary.sources_added)}, "
        f"{len(matched)} matched by their text{_listed(matched)}",
        f"codes: {len(summary.codes_added)} new{_listed(summary.codes_added)}, "
        f"{summary.codes_matched} matched by path",
        f"coders: {len(summary.coders_added)} new{_listed(summary.coders_added)}, "
        f"{len(summary.coders_matched)} matched by name{_listed(summary.coders_matched)}",
        f"codings: {summary.codings_added} added, {summary.codings_present} already in the project",
    ]
