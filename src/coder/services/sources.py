"""Sources: importing files as fixed text, listing them, reading, renaming and deleting them."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from coder.domain.errors import Conflict, InvalidInput, NotFound
from coder.domain.memos import SOURCE, Memo
from coder.domain.model import Coding, ImportedText, SourceInfo, new_ids, now
from coder.domain.names import check_name
from coder.domain.progress import NULL_PROGRESS, Progress, check
from coder.domain.text import sha256_text
from coder.importers import convert_file, read_ahead
from coder.services.project import Project
from coder.storage.repo_sources import SourceRecord
from coder.storage.rows import stamp_text

READ_AHEAD = 8  # files read on other threads while one is converted
# Threads reading ahead. Decoding holds the interpreter's lock, reading and hashing do not: two keep
# both busy; more only fight over the lock (10,000 files: 9.0-10.1 s with two, 10.1-10.6 s with four).
READERS = 2
STORE_BATCH = 200  # sources inserted at a time while an import reads on


def read_files(paths: Sequence[Path], progress: Progress = NULL_PROGRESS) -> list[ImportedText]:
    """Run the importers over every file; the first bad file stops the whole batch (see :func:`read_each`)."""
    return list(read_each(paths, progress))


def read_each(paths: Sequence[Path], progress: Progress = NULL_PROGRESS) -> Iterator[ImportedText]:
    """Each file's text, in order; the first bad file raises.

    The next few files are read from disk (and plain texts converted) on other threads while the
    current one is taken; at most :data:`READ_AHEAD` files are held ahead.
    """
    with ThreadPoolExecutor(max_workers=READERS) as pool:
        pending: deque[Future[ImportedText | tuple[str, bytes]]] = deque()
        following = iter(paths)
        for path in islice(following, READ_AHEAD):
            pending.append(pool.submit(read_ahead, path))
        try:
            for number, path in enumerate(paths):
                check(progress)
                progress.update(number, len(paths), path.name)
                done = pending.popleft().result()
                for later in islice(following, 1):
                    pending.append(pool.submit(read_ahead, later))
                yield done if isinstance(done, ImportedText) else convert_file(done)
        finally:
            for future in pending:
                future.cancel()
    progress.update(len(paths), len(paths), "")


def _check_new_names(taken: set[str], imported: Sequence[ImportedText]) -> None:
    taken = set(taken)
    for item in imported:
        _claim(taken, item.name)


def _claim(taken: set[str], name: str) -> None:
    """Add ``name`` to the names ``taken``, or refuse it if it is there already."""
    if name in taken:
        raise Conflict(f"a source named '{name}' is already in the project; rename the file to import it")
    taken.add(name)


def check_names(project: Project, imported: Sequence[ImportedText]) -> None:
    """Refuse names already in the project or given twice in one batch."""
    with project.read() as uow:
        taken = uow.sources.names()
    _check_new_names(taken, imported)


def records_for(imported: Sequence[ImportedText]) -> list[SourceRecord]:
    stamp = stamp_text(now())
    return [
        _record(item, stamp, source_id)
        for item, source_id in zip(imported, new_ids(len(imported)), strict=True)
    ]


def _record(item: ImportedText, stamp: str, source_id: str) -> SourceRecord:
    return SourceRecord(
        id=source_id,
        name=item.name,
        format=item.format,
        text=item.text,
        page_starts=tuple(item.page_starts),
        original_name=item.name,
        original=item.original,
        imported_at=stamp,
        extraction=item.extraction,
        sha256=item.sha256 or sha256_text(item.text),
    )


def store(project: Project, imported: Sequence[ImportedText]) -> list[SourceInfo]:
    """Store already-read texts as new sources, all in one transaction."""
    records = records_for(imported)
    with project.write() as uow:
        _check_new_names(uow.sources.names(), imported)
        uow.sources.insert(records)
        by_id = {info.id: info for info in uow.sources.infos()}
    return [by_id[record.id] for record in records]


def import_files(
    project: Project, paths: Sequence[Path], progress: Progress = NULL_PROGRESS
) -> list[SourceInfo]:
    """Import every file or none, in one transaction: a refused file (or a cancel) rolls it all back.

    Files are stored as they are read, a batch at a time, so reading and converting the next files
    (on other threads) goes on while the database takes the last batch. Names are checked against
    the project's and each other's as they come.
    """
    stamp = stamp_text(now())
    ids = new_ids(len(paths))  # at once: a call per id gives the reading threads the lock each time
    with project.write(bulk=True) as uow:  # much text: the file may take it the faster way
        taken = set(uow.sources.names())
        batch: list[SourceRecord] = []
        for item, source_id in zip(read_each(paths, progress), ids, strict=True):
            _claim(taken, item.name)
            batch.append(_record(item, stamp, source_id))
            if len(batch) >= STORE_BATCH:
                uow.sources.insert(batch)
                batch = []
        uow.sources.insert(batch)
        by_id = {info.id: info for info in uow.sources.infos()}
    return [by_id[source_id] for source_id in ids]


def list_sources(project: Project) -> list[SourceInfo]:
    with project.read() as uow:
        return uow.sources.infos()


def find_source(project: Project, name: str) -> SourceInfo:
    with project.read() as uow:
        found = uow.sources.by_name(name)
    if found is None:
        raise NotFound(f"no source named '{name}' in the project; 'coder sources' lists them")
    return found


def source_text(project: Project, source_id: str) -> str:
    with project.read() as uow:
        text = uow.sources.text(source_id)
    if text is None:
        raise NotFound("that source is no longer in the project")
    return text


def source_original(project: Project, source_id: str) -> bytes | None:
    """The imported file's bytes, kept for PDF and DOCX sources."""
    with project.read() as uow:
        return uow.sources.original(source_id)


# ---------------------------------------------------------------------- renaming and deleting


@dataclass(frozen=True)
class RemovedSource:
    """What deleting a source took away, so that undo can put it back exactly."""

    record: SourceRecord
    codings: tuple[Coding, ...]
    memos: tuple[Memo, ...] = ()


def rename_source(project: Project, source_id: str, name: str) -> SourceInfo:
    """Give a source a new name; returns the source as it was."""
    name = name.strip()
    if not name:
        raise InvalidInput("a source needs a name")
    check_name("source", name)
    with project.write() as uow:
        before = uow.sources.info(source_id)
        if before is None:
            raise NotFound("that source is no longer in the project")
        other = uow.sources.by_name(name)
        if other is not None and other.id != source_id:
            raise Conflict(f"a source named '{name}' is already in the project; choose another name")
        uow.sources.rename(source_id, name, project.actor)
    return before


def delete_source(project: Project, source_id: str) -> RemovedSource:
    """Delete a source with every coding and memo on it, in one transaction; returns them for undo."""
    with project.write() as uow:
        record = uow.sources.record(source_id)
        if record is None:
            raise NotFound("that source is no longer in the project")
        codings = uow.codings.list(source_id=source_id)
        memos = uow.memos.of_target(SOURCE, source_id)
        uow.codings.removed(codings)
        uow.sources.delete(source_id)
        if memos:
            uow.log.mark("memos")
    return RemovedSource(record, tuple(codings), tuple(memos))


def restore_source(project: Project, removed: RemovedSource) -> None:
    """Put back a deleted source with its codings, ids and all."""
    with project.write() as uow:
        if removed.record.name in uow.sources.names():
            raise Conflict(f"a source named '{removed.record.name}' is in the project again; rename it first")
        uow.sources.insert([removed.record])
        uow.codings.insert(list(removed.codings))
        uow.memos.insert(list(removed.memos))


@dataclass(frozen=True)
class Skipped:
    """An imported file left out because the project (or the batch) already has it."""

    name: str
    reason: str  # e.g. "a source of that name is already in the project"


def split_new(project: Project, imported: Sequence[ImportedText]) -> tuple[list[ImportedText], list[Skipped]]:
    """The texts to add, and those to skip: a name or a text (by sha256) the project already has,
    or one given earlier in the same batch."""
    with project.read() as uow:
        present = uow.sources.identities()
    names = {name: "is already in the project" for _id, name, _sha in present}
    texts = {sha: f"is already in the project as '{name}'" for _id, name, sha in present}
    new: list[ImportedText] = []
    skipped: list[Skipped] = []
    for item in imported:
        digest = item.sha256 or sha256_text(item.text)
        if item.name in names:
            skipped.append(Skipped(item.name, f"a source of that name {names[item.name]}"))
        elif digest in texts:
            skipped.append(Skipped(item.name, f"the same text {texts[digest]}"))
        else:
            new.append(item)
            names[item.name] = "comes earlier in this import"
            texts[digest] = f"comes earlier in this import as '{item.name}'"
    return new, skipped
