"""Exchange: REFI-QDA export and import, and merging another coder's copy of the project.

Import and merge are one operation on a :class:`ProjectBundle`, in one transaction:

- the bundle is checked row by row first (:func:`coder.domain.bundle_check.check_bundle`): ids used
  twice, offsets that are not whole numbers or leave their text, bad names refuse the whole file;
- sources are matched by the sha256 of their text, never by name (a matching source
  keeps its name here); a source new to this project is added under its name. A name
  already taken here by a *different* text is refused, naming the sources, and nothing
  is changed: its codings could not be placed on our text;
- codes are matched by path (new ones are created with their parents), coders by name;
- ids from the file are kept where they are valid GUIDs not used here yet;
- a coding whose id is already here, or that repeats a coding already here (same source, code,
  coder, span and memo), counts as present, so importing or merging the same file twice adds
  nothing the second time; codings that repeat each other inside the file are all kept.
  Codes and coders that match keep what this project says about them.
- memos go to the matched source or code and coder. A coder's memo that this project lacks is
  added; the same text, or a text this memo already holds, counts as present; a memo that differs
  keeps both versions, this project's first, separated by a ``----`` line (so nothing is lost, and
  merging again adds nothing). Journal entries are matched by id, or by coder, date, title and text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from coder import __version__
from coder.domain.bundle import BundleSource, ProjectBundle
from coder.domain.bundle_check import check_bundle
from coder.domain.codebook import Codebook
from coder.domain.colours import colour_for, normalise_colour
from coder.domain.errors import CoderError, Conflict, InvalidInput
from coder.domain.ids import usable_id
from coder.domain.limits import MAX_PROJECT_FILE_BYTES
from coder.domain.memos import CODE, JOURNAL, SEPARATOR, SOURCE, Memo, joined
from coder.domain.model import Code, Coder, Coding, new_id, now
from coder.domain.text import sha256_text
from coder.exporters.codebook_document import codebook_html, codebook_markdown
from coder.importers import check_regular_file
from coder.refi.values import format_datetime
from coder.services.attribute_merge import merge_attributes
from coder.services.codebook import codebook_in, export_specs
from coder.services.consensus_merge import merge_consensus
from coder.services.project import Project
from coder.storage.repo_sources import SourceRecord
from coder.storage.rows import stamp_text
from coder.storage.unit_of_work import UnitOfWork

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
    memos_added: int = 0  # memos and journal entries
    memos_present: int = 0
    memos_changed: int = 0  # memos here that the file's version extended, or that now hold both versions


MergeSummary = ExchangeSummary


@dataclass(frozen=True)
class ExportSummary:
    sources: int
    codes: int
    coders: int
    codings: int


def write_atomically(out: Path, write: Callable[[IO[bytes]], None]) -> None:
    temporary = out.with_name(f".{out.name}.partial")
    try:
        with temporary.open("wb") as handle:
            write(handle)
        temporary.replace(out)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise CoderError(f"cannot write {out}: {exc.strerror or exc}") from None
        raise


def project_bundle(project: Project) -> ProjectBundle:
    """The whole project, texts and original files included."""
    with project.read() as uow:
        sources = tuple(
            BundleSource(
                id=r.id,
                name=r.name,
                format=r.format,
                text=r.text,
                page_starts=r.page_starts,
                original=r.original,
                original_name=r.original_name,
            )
            for r in uow.sources.records()
        )
        codes = tuple(uow.codes.all())
        coders = tuple(uow.coders.all())
        codings = tuple(uow.codings.list())
        attributes = tuple(uow.attributes.all())
        values = tuple(uow.attributes.values())
        memos = tuple(uow.memos.all())
    return ProjectBundle(
        project.name, sources, codes, coders, codings, attributes=attributes, values=values, memos=memos
    )


def export_qdpx(project: Project, out: Path) -> ExportSummary:
    """Write the whole project as a REFI-QDA project exchange file."""
    if out.suffix.lower() != ".qdpx":
        raise InvalidInput(f"cannot export a project to '{out.name}'; the file name must end in .qdpx")
    from coder.refi.qdpx_write import write_qdpx

    bundle = project_bundle(project)
    stamp = format_datetime(now())
    write_atomically(out, lambda handle: write_qdpx(bundle, handle, f"coder {__version__}", stamp))
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
    data = render(specs, f"Codebook of {project.name}", _code_memos(project)).encode("utf-8")
    write_atomically(out, lambda handle: handle.write(data))
    return len(specs)


def _code_memos(project: Project) -> dict[tuple[str, ...], list[tuple[str, str]]]:
    """Each code's memos as (coder, text), by the code's path, in coder-name order."""
    with project.read() as uow:
        book = codebook_in(uow)
        names = uow.coders.names()
        found: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for memo in uow.memos.all():
            if memo.kind == CODE and memo.target_id in book.by_id and memo.text.strip():
                found.setdefault(book.path(memo.target_id), []).append(
                    (names.get(memo.coder_id, "?"), memo.text)
                )
    return {path: sorted(memos) for path, memos in found.items()}


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
    return apply_bundle(project, read_exchange_file(path), path.name)


def merge(project: Project, other: Path) -> MergeSummary:
    """Merge another coder's project file (.coder) or a .qdpx into this project, all or nothing."""
    if project.path is not None and other.exists() and other.resolve() == project.path.resolve():
        raise InvalidInput(f"{other.name} is this project itself; merge another coder's copy into it")
    if other.suffix.lower() in EXCHANGE_SUFFIXES:
        return apply_bundle(project, read_exchange_file(other), other.name)
    return apply_bundle(project, read_coder_file(other), other.name)


def read_coder_file(path: Path) -> ProjectBundle:
    """Another coder project, opened read-only: nothing in it is changed, nothing in it runs."""
    from coder.storage.foreign_file import read_coder_file as read

    check_regular_file(path, "coder project", MAX_PROJECT_FILE_BYTES)
    return read(path)


def apply_bundle(project: Project, bundle: ProjectBundle, where: str | None = None) -> ExchangeSummary:
    """Add what ``bundle`` holds that this project lacks, in one transaction (see the module's doc)."""
    check_bundle(bundle, where or bundle.name)
    with project.write() as uow:
        merger = _Merger(uow)
        merger.sources(bundle.sources)
        merger.codes(bundle.codes)
        merger.coders(bundle.coders)
        merger.codings(bundle)
        merger.memos(bundle.memos)
        notes = merge_attributes(uow, bundle, merger.source_ids)
        notes = [*notes, *merge_consensus(uow, bundle, merger.coder_ids, merger.source_ids, merger.code_ids)]
        uow.log.mark("everything")
        return merger.summary((*bundle.notes, *notes))


class _Merger:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.source_ids: dict[str, str] = {}
        self.code_ids: dict[str, str] = {}
        self.coder_ids: dict[str, str] = {}
        self.added: dict[str, list[str]] = {"sources": [], "codes": [], "coders": []}
        self.matched_sources: list[tuple[str, str]] = []
        self.matched_coders: list[str] = []
        self.codes_matched = 0
        self.codings_added = self.codings_present = 0
        self.memo_counts = Counter[str]()

    def sources(self, sources: tuple[BundleSource, ...]) -> None:
        identities = self.uow.sources.identities()
        by_sha: dict[str, list[tuple[str, str]]] = {}
        for source_id, name, sha in identities:
            by_sha.setdefault(sha, []).append((source_id, name))
        taken_names = {name for _, name, _ in identities}
        taken_ids = {source_id for source_id, _, _ in identities}
        conflicts: list[str] = []
        records: list[SourceRecord] = []
        stamp = stamp_text(now())
        for source in sources:
            sha = sha256_text(source.text)
            here = by_sha.get(sha)
            if here:
                source_id, name = next((s for s in here if s[1] == source.name), here[0])
                self.matched_sources.append((source.name, name))
            elif source.name in taken_names:
                conflicts.append(source.name)
                continue
            else:
                source_id = usable_id(source.id, taken_ids) or new_id()
                taken_ids.add(source_id)
                records.append(
                    SourceRecord(
                        id=source_id,
                        name=source.name,
                        format=source.format,
                        text=source.text,
                        page_starts=tuple(source.page_starts),
                        original_name=source.original_name or source.name,
                        original=None if source.original is None else bytes(source.original),
                        imported_at=stamp,
                        sha256=sha,
                    )
                )
                by_sha[sha] = [(source_id, source.name)]
                taken_names.add(source.name)
                self.added["sources"].append(source.name)
            self.source_ids[source.id] = source_id
        if conflicts:
            names = ", ".join(f"'{name}'" for name in conflicts)
            raise Conflict(
                f"the text of {names} differs from the source of the same name in this project (the sha256 "
                "of the texts differ), so its codings cannot be placed on it; nothing was changed"
            )
        self.uow.sources.insert(records)

    def codes(self, codes: tuple[Code, ...]) -> None:
        book = codebook_in(self.uow)
        taken = set(book.by_id)
        ours = {book.path(code.id): code for code in book.codes}
        last_position: dict[str | None, int] = {}
        for code in book.codes:
            last_position[code.parent_id] = max(last_position.get(code.parent_id, -1), code.position)
        theirs = Codebook(codes)
        fresh: list[Code] = []
        for code in theirs.in_tree_order():
            path = theirs.path(code.id)
            existing = ours.get(path)
            if existing is None:
                parent = self.code_ids[code.parent_id] if code.parent_id is not None else None
                last_position[parent] = last_position.get(parent, -1) + 1
                existing = Code(
                    id=usable_id(code.id, taken) or new_id(),
                    name=code.name.strip(),
                    parent_id=parent,
                    colour=normalise_colour(code.colour or "") or colour_for(len(ours)),
                    definition=code.definition,
                    when_to_use=code.when_to_use,
                    when_not_to_use=code.when_not_to_use,
                    example=code.example,
                    position=last_position[parent],
                )
                taken.add(existing.id)
                fresh.append(existing)
                ours[path] = existing
                self.added["codes"].append("/".join(path))
            else:
                self.codes_matched += 1
            self.code_ids[code.id] = existing.id
        self.uow.codes.insert(fresh)

    def coders(self, coders: tuple[Coder, ...]) -> None:
        here = {coder.name: coder.id for coder in self.uow.coders.all()}
        taken = set(here.values())
        fresh: list[Coder] = []
        for coder in coders:
            name = coder.name.strip() or "unknown coder"
            if name in here:
                if name not in self.matched_coders and name not in self.added["coders"]:
                    self.matched_coders.append(name)
            else:
                here[name] = usable_id(coder.id, taken) or new_id()
                taken.add(here[name])
                fresh.append(Coder(here[name], name))
                self.added["coders"].append(name)
            self.coder_ids[coder.id] = here[name]
        self.uow.coders.insert(fresh)

    def codings(self, bundle: ProjectBundle) -> None:
        same_id = {c.id: c for c in self.uow.codings.get_many([c.id for c in bundle.codings])}
        existing = Counter(tuple(row) for row in self.uow.codings.keys(list(set(self.source_ids.values()))))
        taken = set(same_id)
        added: list[Coding] = []
        for coding in bundle.codings:
            parts = (
                self.source_ids[coding.source_id],
                self.code_ids[coding.code_id],
                self.coder_ids[coding.coder_id],
            )
            key = (*parts, coding.start, coding.end, coding.memo)
            here = same_id.get(coding.id)
            if (
                here is not None
                and (here.source_id, here.code_id, here.coder_id, here.start, here.end) == key[:5]
            ):
                self.codings_present += 1  # the very same coding (merged before): memo and all stay ours
                existing[(*key[:5], here.memo)] -= 1
                continue
            if existing[key] > 0:
                existing[key] -= 1
                self.codings_present += 1
                continue
            coding_id = usable_id(coding.id, taken) or new_id()
            taken.add(coding_id)
            added.append(
                Coding(
                    coding_id,
                    *parts,
                    coding.start,
                    coding.end,
                    coding.memo,
                    coding.created_at,
                    coding.changed_at,
                    coding.provenance,
                )
            )
        added.sort(key=lambda c: (c.source_id, c.start))
        self.uow.codings.insert(added, listed=False)
        self.codings_added = len(added)

    def memos(self, memos: tuple[Memo, ...]) -> None:
        if not memos:
            return
        taken = self.uow.memos.ids_present([memo.id for memo in memos])
        journal = {(m.coder_id, m.created_at, m.title, m.text) for m in self.uow.memos.journal()}
        writer = self.uow.actor or "a merge"
        fresh: list[Memo] = []
        for memo in memos:
            coder_id = self.coder_ids[memo.coder_id]
            if memo.kind == JOURNAL:
                if memo.id in taken or (coder_id, memo.created_at, memo.title, memo.text) in journal:
                    self.memo_counts["present"] += 1
                    continue
                target_id = None
            else:
                target_id = (self.source_ids if memo.kind == SOURCE else self.code_ids)[memo.target_id or ""]
                ours = self.uow.memos.get(memo.kind, target_id, coder_id)
                if ours is not None:
                    self._meet(ours, memo.text, writer)
                    continue
            if not memo.text.strip() and not memo.title.strip():
                continue
            memo_id = usable_id(memo.id, taken) or new_id()
            taken.add(memo_id)
            fresh.append(replace(memo, id=memo_id, target_id=target_id, coder_id=coder_id, version=1))
            self.memo_counts["added"] += 1
        self.uow.memos.insert(fresh)

    def _meet(self, ours: Memo, theirs: str, writer: str) -> None:
        """The file's text of a memo this project has too: present, longer, or both versions kept."""
        if theirs.strip() in ours.text or not theirs.strip():
            self.memo_counts["present"] += 1
            return
        text = theirs if ours.text.strip() in theirs else joined([ours.text, theirs])
        self.memo_counts["changed"] += 1
        self.memo_counts["joined"] += text != theirs
        self.uow.memos.update(replace(ours, text=text, changed_at=now()), ours.version, writer)

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
            notes=notes + self._memo_notes(),
            memos_added=self.memo_counts["added"],
            memos_present=self.memo_counts["present"],
            memos_changed=self.memo_counts["changed"],
        )

    def _memo_notes(self) -> tuple[str, ...]:
        joined_count = self.memo_counts["joined"]
        if not joined_count:
            return ()
        return (
            f"{joined_count} memo(s) differed between the file and this project; both versions were kept, "
            f"this project's first, separated by a line '{SEPARATOR.strip()}'.",
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
        *(
            [
                f"memos and journal entries: {summary.memos_added} added, {summary.memos_changed} changed, "
                f"{summary.memos_present} already in the project"
            ]
            if summary.memos_added or summary.memos_present or summary.memos_changed
            else []
        ),
    ]
