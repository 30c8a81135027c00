"""Reading a REFI-QDA project (.qdpx, or a bare .qde) into a :class:`ProjectBundle`.

Text sources and the text of PDF sources are read from their plain-text files (UTF-8,
with or without BOM). Where only the Word or PDF file came along, its text is taken by
the ``extract`` function the caller passes (coder's own importers, in the service layer).
Selection positions are read in whichever counting convention fits each source (see
:mod:`coder.refi.positions`); when none fits, the import is refused rather than put codings
on the wrong words. Notes become memos and journal entries (see :mod:`coder.refi.memo_notes`).
What was left out or adapted is said in the bundle's ``notes``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from coder.domain.bundle import BundleSource, ProjectBundle
from coder.domain.errors import CoderError, InvalidInput
from coder.domain.limits import MAX_TEXT_FILE_BYTES, check_characters
from coder.domain.memos import CODE, SOURCE
from coder.domain.model import Code, Coder, Coding, now
from coder.domain.names import check_name
from coder.domain.text import normalise
from coder.refi.codes import parse_codes
from coder.refi.memo_notes import read_memos
from coder.refi.package import Package, open_package
from coder.refi.positions import describe, detect
from coder.refi.project_xml import (
    NOTE_ELSEWHERE,
    NOTE_UNREFERENCED,
    RawProject,
    RawSelection,
    RawSource,
    parse_project,
    plural,
)
from coder.refi.provenance import split as split_provenance
from coder.refi.texts import decode_text
from coder.refi.values import PROJECT_NS, derived_guid, local, namespace, parse_datetime
from coder.refi.variables import read_variables

# (source name, "pdf" or "docx", file bytes) -> (stored text, page starts)
Extractor = Callable[[str, str, bytes], tuple[str, tuple[int, ...]]]
UNKNOWN_CODER = "unknown coder"


@dataclass(frozen=True, slots=True)
class _Text:
    raw: str
    format: str
    original: bytes | None
    page_starts: tuple[int, ...]


def read_project(path: Path, extract: Extractor | None = None) -> ProjectBundle:
    """Everything coder can take from a project file; refuses unsafe or unreadable files."""
    package = open_package(path)
    try:
        return _Reader(package, extract).bundle(path.stem)
    finally:
        package.close()


class _Reader:
    def __init__(self, package: Package, extract: Extractor | None) -> None:
        self.package = package
        self.extract = extract
        self.notes: list[str] = []
        root = package.root
        if local(root.tag) != "Project":
            hint = (
                f"; load it with 'coder codebook load {package.name}'"
                if local(root.tag) == "CodeBook"
                else ""
            )
            raise InvalidInput(
                f"{package.name} is not a REFI-QDA project: its root element is <{local(root.tag)}>{hint}."
            )
        if namespace(root.tag) != PROJECT_NS:
            self.notes.append(
                f"{package.name} declares the namespace '{namespace(root.tag)}' instead of '{PROJECT_NS}'; "
                "it was read anyway."
            )
        self.raw: RawProject = parse_project(root, package.name)
        self.used_notes: set[str] = set()  # notes that became part of a memo
        self.missing: list[str] = []  # sources whose text is not in the file
        self.empty: list[str] = []  # sources whose text is empty
        self.coders: dict[str, Coder] = {}  # by name
        self.user_coder: dict[str, str] = {}  # user GUID -> coder id
        for guid, name in self.raw.users.items():
            self.user_coder[guid] = self.coders.setdefault(name, Coder(id=guid, name=name)).id

    def bundle(self, fallback_name: str) -> ProjectBundle:
        parsed, self.code_paths = parse_codes(self.raw.codes, self.notes, self.package.name)
        self.path_ids = {code.path: code.guid for code in parsed}
        codes = tuple(
            Code(
                id=code.guid,
                name=code.path[-1],
                parent_id=self.path_ids[code.path[:-1]] if len(code.path) > 1 else None,
                colour=code.colour or "",
                definition=code.texts.definition,
                when_to_use=code.texts.when_to_use,
                when_not_to_use=code.texts.when_not_to_use,
                example=code.texts.example,
                position=index,
            )
            for index, code in enumerate(parsed)
        )
        sources: list[BundleSource] = []
        codings: list[Coding] = []
        taken: set[str] = set()
        read_sources: dict[str, tuple[str, str]] = {}  # source element GUID -> (id, name), for variables
        if self.raw.sources and not self.package.has_files:
            self.notes.append(
                f"{self.package.name} is a bare project file without its sources folder; only texts "
                "written inside it can be imported."
            )
        for number, raw_source in enumerate(self.raw.sources):
            name = _unique(check_name("source", _source_name(raw_source, number)), taken)
            text = self._text(raw_source, name)
            if text is None:
                continue
            check_characters(f"'{name}' in {self.package.name}", len(text.raw))
            source_id = raw_source.guid or derived_guid(str(number), "source")
            stored = normalise(text.raw)
            if not stored.strip():
                self.empty.append(name)
                continue
            sources.append(
                BundleSource(source_id, name, text.format, stored, text.page_starts, text.original, name)
            )
            if raw_source.guid:
                read_sources[raw_source.guid] = (source_id, name)
            codings.extend(self._codings(raw_source, source_id, name, text.raw, stored))
        if self.missing:
            names = ", ".join(f"'{name}'" for name in self.missing)
            self.notes.append(
                f"{len(self.missing)} source(s) left out, their text is not in the file: {names}."
            )
        if self.empty:
            names = ", ".join(f"'{name}'" for name in self.empty)
            self.notes.append(f"{len(self.empty)} source(s) left out, their text is empty: {names}.")
        # Read by coder.refi.variables, which notes what it leaves out itself.
        for label in ("case", "variable", "variable value"):
            self.raw.skipped.pop(label, None)
        attributes, values = read_variables(self.package.root, read_sources, self.notes)
        targets = {
            SOURCE: read_sources,
            CODE: {guid: (self.path_ids[path], "/".join(path)) for guid, path in self.code_paths.items()},
        }
        memos = read_memos(
            self.package.root, targets, self._note_text, self._coder, self.raw.user, self.notes
        )
        self._note_skipped()
        return ProjectBundle(
            name=self.raw.name or fallback_name,
            sources=tuple(sources),
            codes=codes,
            coders=tuple(self.coders.values()),
            codings=tuple(codings),
            notes=tuple(self.notes),
            attributes=attributes,
            values=values,
            memos=memos,
        )

    def _text(self, source: RawSource, name: str) -> _Text | None:
        plain = self.package.read(source.plain_path, MAX_TEXT_FILE_BYTES)
        raw = decode_text(plain, name, self.notes) if plain is not None else source.inline_text
        if source.kind == "pdf":
            original = self.package.read(source.pdf_path)
            if raw is None and original is not None:
                raw = self._extract(name, "pdf", original)[0] if self.extract else None
            if raw is None:
                return self._missing(name)
            return _Text(raw, "pdf", original, self._page_starts(name, original, normalise(raw)))
        rich_path = source.rich_path or ""
        rich = self.package.read(rich_path) if rich_path.lower().endswith(".docx") else None
        blank = raw is None or (not raw.strip() and not source.selections)
        if blank and rich is not None and self.extract is not None:
            try:
                recovered = self._extract(name, "docx", rich)[0]
            except CoderError:
                if raw is None:
                    raise
                recovered = ""
            if raw is not None and recovered.strip():
                self.notes.append(
                    f"'{name}': its plain-text file is empty, so the text was taken from its Word file."
                )
            raw = recovered if raw is None or recovered.strip() else raw
        if raw is None:
            return self._missing(name)
        fmt = "docx" if rich is not None else ("md" if name.lower().endswith(".md") else "txt")
        return _Text(raw, fmt, rich, ())

    def _extract(self, name: str, fmt: str, data: bytes) -> tuple[str, tuple[int, ...]]:
        assert self.extract is not None
        return self.extract(name, fmt, data)

    def _missing(self, name: str) -> None:
        self.missing.append(name)
        return None

    def _page_starts(self, name: str, original: bytes | None, stored: str) -> tuple[int, ...]:
        if original is not None and self.extract is not None:
            try:
                text, starts = self.extract(name, "pdf", original)
            except CoderError:
                text, starts = "", ()
            if text == stored and starts:
                return starts
        self.notes.append(f"'{name}': its page boundaries are not known, so it counts as one page.")
        return (0,)

    def _codings(self, source: RawSource, source_id: str, name: str, raw: str, stored: str) -> list[Coding]:
        coded = [s for s in source.selections if s.codings]
        usable = [s for s in coded if s.start is not None and s.end is not None and 0 <= s.start < s.end]
        memo_only = len(source.selections) - len(coded)
        if len(usable) < len(coded):
            self.notes.append(
                f"'{name}': {len(coded) - len(usable)} selection(s) without a valid span were left out."
            )
        if memo_only:
            self.notes.append(
                f"'{name}': {memo_only} selection(s) without any code were left out "
                "(coder keeps memos on codings)."
            )
        spans = [(s.start, s.end) for s in usable]
        detection = detect(raw, stored, spans, [s.name for s in usable])  # type: ignore[arg-type]
        if detection.convention is None:
            raise InvalidInput(
                f"the positions of {detection.misfits} of {len(usable)} coded selections in '{name}' do not "
                "fit its text however they are counted (code points or UTF-16 units, CRLF as one or two), "
                "so nothing was imported rather than put codings on the wrong words."
            )
        if usable:
            self.notes.append(describe(detection, name))
        codings: list[Coding] = []
        missing_codes = 0
        for selection, (start, end) in zip(usable, detection.spans, strict=True):
            description, provenance = split_provenance(selection.description)
            selection = replace(selection, description=description)
            for index, raw_coding in enumerate(selection.codings):
                path = self.code_paths.get(raw_coding.code or "")
                if path is None:
                    missing_codes += 1
                    continue
                created = parse_datetime(raw_coding.created or selection.created) or now()
                codings.append(
                    Coding(
                        id=raw_coding.guid or derived_guid(f"{source_id}:{start}:{end}:{index}", "coding"),
                        source_id=source_id,
                        code_id=self.path_ids[path],
                        coder_id=self._coder(raw_coding.user, selection.user, source.user, self.raw.user),
                        start=start,
                        end=end,
                        memo=self._memo(selection, raw_coding.note_refs),
                        created_at=created,
                        changed_at=parse_datetime(selection.modified) or created,
                        provenance=provenance,
                    )
                )
        if missing_codes:
            self.notes.append(
                f"'{name}': {missing_codes} coding(s) name a code that is not in the codebook; left out."
            )
        return codings

    def _coder(self, *users: str | None) -> str:
        user = next((u for u in users if u), None)
        if user is None:
            name = UNKNOWN_CODER
        elif user in self.user_coder:
            return self.user_coder[user]
        else:
            name = check_name("coder", f"user {user[:8]}")
        coder = self.coders.setdefault(name, Coder(id=user or derived_guid(name, "coder"), name=name))
        if user:
            self.user_coder[user] = coder.id
        return coder.id

    def _memo(self, selection: RawSelection, coding_refs: list[str]) -> str:
        parts = [selection.description]
        for ref in [*selection.note_refs, *coding_refs]:
            parts.append(self._note_text(ref))
        return "\n\n".join(part for part in parts if part)

    def _note_text(self, ref: str) -> str:
        self.used_notes.add(ref)
        text = self.raw.notes.get(ref, "")
        path = self.raw.note_paths.get(ref)
        if not text and path:
            data = self.package.read(path, MAX_TEXT_FILE_BYTES)
            text = normalise(decode_text(data, path, self.notes)) if data is not None else ""
        return text

    def _note_skipped(self) -> None:
        """One note per kind of element that coder did not take, with its count."""
        skipped = Counter(self.raw.skipped)
        unused = [key for key in self.raw.notes if key not in self.used_notes]
        referred = self.raw.note_refs
        skipped[NOTE_ELSEWHERE] += sum(1 for key in unused if key in referred)
        skipped[NOTE_UNREFERENCED] += sum(1 for key in unused if key not in referred)
        for noun, count in sorted(skipped.items()):
            if count:
                shown = noun if count == 1 else plural(noun)
                self.notes.append(f"{count} {shown} {'was' if count == 1 else 'were'} not imported.")


def _source_name(source: RawSource, number: int) -> str:
    if source.name and source.name.strip():
        return source.name.strip()
    for reference in (source.plain_path, source.rich_path, source.pdf_path):
        if reference:
            return reference.replace("\\", "/").rsplit("/", 1)[-1]
    return f"source {number + 1}"


def _unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    stem, dot, suffix = name.rpartition(".")
    while candidate in taken:
        candidate = f"{stem} ({number}).{suffix}" if dot and stem else f"{name} ({number})"
        number += 1
    taken.add(candidate)
    return candidate
