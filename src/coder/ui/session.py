"""The UI's single gateway to the services.

Every write is one service call (one committed transaction) followed by :attr:`sig_data_changed`
carrying a :class:`Changed`. Reads that are asked for often (codebook, coders, sources, texts)
are cached here and refreshed when a change says so; a source's text never changes once imported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from coder.domain.bundle import ProjectBundle
from coder.domain.changes import Changes
from coder.domain.codebook import Codebook
from coder.domain.model import Code, Coder, CodeSpec, Coding, ImportedText, SourceInfo
from coder.domain.progress import Progress
from coder.services import codebook, codebook_files, coders, codings, exchange, exports, sources, ui_queries
from coder.services.codebook import RemovedCodes
from coder.services.project import Project
from coder.ui.changes import Changed


class CoderFilter(Enum):
    MINE = "mine"  # blind coding: only the current coder's codings
    ALL = "all"
    CHOSEN = "chosen"


class Session(QObject):
    sig_data_changed = Signal(object)  # Changed
    sig_before_switch = Signal()  # another coder or project is about to take over: save what is typed

    def __init__(self, project: Project, coder_name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.project = project
        self.coder = coders.ensure_coder(project, project.actor if project.is_server else coder_name)
        self._act_as_coder()
        self.hold_for_retry: Callable[[object], bool] | None = None  # set by coder.ui.live on a server
        self.coder_filter = CoderFilter.MINE
        self.chosen_coder_ids: tuple[str, ...] = ()
        self._texts: dict[str, str] = {}
        self._code_counts: dict[str, int] | None = None
        self._source_counts: dict[str, int] | None = None
        self._reload_caches()

    # ------------------------------------------------------------------ state

    def _act_as_coder(self) -> None:
        """Changes are recorded as made by the coder at work (on a server, the connecting role)."""
        if not self.project.is_server:
            self.project.actor = self.coder.name

    def _reload_caches(self) -> None:
        self.codebook: Codebook = codebook.get_codebook(self.project)
        self.coders: list[Coder] = coders.list_coders(self.project)
        self.sources: list[SourceInfo] = sources.list_sources(self.project)
        self.shortcuts: dict[str, int] = codebook.get_shortcuts(self.project)
        self._code_counts = self._source_counts = None

    def _emit(self, changed: Changed) -> None:
        if changed.codebook:
            self.codebook = codebook.get_codebook(self.project)
            self._keep_shortcuts()
        if changed.sources:
            self.sources = sources.list_sources(self.project)
        self._update_counts(changed)
        self.sig_data_changed.emit(changed)

    def notify(self, changed: Changed) -> None:
        """Tell every view about a change made through a service the session does not wrap (consensus)."""
        if changed.coders:
            self.coders = coders.list_coders(self.project)
        self._emit(changed)

    def _update_counts(self, changed: Changed) -> None:
        """Keep the cached counts in step with added and removed codings; recount otherwise."""
        if changed.codebook or changed.sources or changed.everything or changed.updated:
            self._code_counts = self._source_counts = None
            return
        for counts, key in ((self._code_counts, "code_id"), (self._source_counts, "source_id")):
            if counts is None:
                continue
            for step, group in ((-1, changed.removed), (1, changed.added)):
                for coding in group:
                    if self.is_visible(coding):
                        value = getattr(coding, key)
                        counts[value] = counts.get(value, 0) + step

    def _keep_shortcuts(self) -> None:
        """After a codebook change, keys stay with the codes that had them.

        Default keys follow the tree; when a change would move one, the keys as they were are
        stored, so that from then on they stay.
        """
        now = codebook.get_shortcuts(self.project)
        kept = {c: k for c, k in self.shortcuts.items() if c in self.codebook.by_id}
        if any(now.get(c) != k for c, k in kept.items()):
            codebook.set_shortcuts(self.project, self.shortcuts)
            now = codebook.get_shortcuts(self.project)
        self.shortcuts = now

    def code_for_key(self, key: int) -> str | None:
        """The code that key ``key`` (1–9) applies, if any."""
        return next((code_id for code_id, k in self.shortcuts.items() if k == key), None)

    def open_project(self, project: Project) -> None:
        """Switch to another project; the undo history belongs to the old one and goes."""
        self.sig_before_switch.emit()
        old = self.project
        self.undo_stack.clear()
        self.project = project
        self.coder = coders.ensure_coder(project, project.actor if project.is_server else self.coder.name)
        self._act_as_coder()
        self.chosen_coder_ids = ()
        if self.coder_filter is CoderFilter.CHOSEN:
            self.coder_filter = CoderFilter.MINE
        self._texts.clear()
        self._reload_caches()
        old.close()
        self.sig_data_changed.emit(Changed(project=True))

    def apply_remote(self, changes: Changes) -> None:
        """What other coders committed to a server project (heard by coder.ui.live), shown like our own."""
        if changes.everything:
            self._reload_caches()
            self.sig_data_changed.emit(Changed(sources=True, codebook=True, coders=True))
            return
        known = {coder.id for coder in self.coders}
        strangers = any(c.coder_id not in known for group in (changes.added, changes.updated) for c in group)
        if changes.coders or strangers:
            self.coders = coders.list_coders(self.project)
        self._emit(
            Changed(
                sources=changes.sources,
                codebook=changes.codebook,
                coders=changes.coders,
                added=changes.added,
                removed=changes.removed,
                updated=changes.updated,
            )
        )

    @property
    def project_path(self) -> Path:
        return self.project.path

    def set_coder(self, name: str) -> Coder:
        """Code as ``name`` from now on.

        Another coder starts with a fresh undo history (Ctrl+Z never reaches a previous coder's
        work) and with blind coding: only their own codings are shown.
        """
        coder = coders.ensure_coder(self.project, name)
        if coder.id != self.coder.id:
            self.sig_before_switch.emit()
            self.undo_stack.clear()
            self.coder_filter = CoderFilter.MINE
            self.chosen_coder_ids = ()
        self.coder = coder
        self._act_as_coder()
        self.coders = coders.list_coders(self.project)
        self._code_counts = self._source_counts = None
        self.sig_data_changed.emit(Changed(coders=True))
        return self.coder

    def set_filter(self, mode: CoderFilter, chosen: Sequence[str] = ()) -> None:
        self.coder_filter = mode
        self.chosen_coder_ids = tuple(chosen) if mode is CoderFilter.CHOSEN else ()
        self._code_counts = self._source_counts = None
        self.sig_data_changed.emit(Changed(coders=True))

    def visible_coder_ids(self) -> list[str] | None:
        """The coders whose codings are shown; None means every coder."""
        if self.coder_filter is CoderFilter.ALL:
            return None
        if self.coder_filter is CoderFilter.CHOSEN:
            return list(self.chosen_coder_ids)
        return [self.coder.id]

    def is_visible(self, coding: Coding) -> bool:
        shown = self.visible_coder_ids()
        return shown is None or coding.coder_id in shown

    def coder_name(self, coder_id: str) -> str:
        for coder in self.coders:
            if coder.id == coder_id:
                return coder.name
        return "?"

    # ------------------------------------------------------------------ reads

    def source(self, source_id: str) -> SourceInfo | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def text(self, source_id: str) -> str:
        text = self._texts.get(source_id)
        if text is None:
            text = self._texts[source_id] = sources.source_text(self.project, source_id)
        return text

    def visible_codings(self, source_id: str) -> list[Coding]:
        return codings.list_codings(self.project, source_id, coder_ids=self.visible_coder_ids())

    def codings_of_codes(self, code_ids: Sequence[str]) -> list[Coding]:
        return codings.list_codings(self.project, coder_ids=self.visible_coder_ids(), code_ids=code_ids)

    def code_counts(self) -> dict[str, int]:
        """Number of shown codings per code id."""
        if self._code_counts is None:
            self._code_counts = codebook.coding_counts(self.project, self.visible_coder_ids())
        return dict(self._code_counts)

    def source_counts(self) -> dict[str, int]:
        """Number of shown codings per source id."""
        if self._source_counts is None:
            self._source_counts = ui_queries.counts_by_source(self.project, self.visible_coder_ids())
        return dict(self._source_counts)

    def source_codings(self, source_id: str) -> int:
        """How many codings (of every coder) the source has; deleting it would remove them."""
        return ui_queries.counts_by_source(self.project).get(source_id, 0)

    def affected_codings(self, code_id: str) -> int:
        """How many codings (of every coder) deleting this code would remove."""
        ids = [code_id, *(c.id for c in self.codebook.descendants(code_id))]
        counts = codebook.coding_counts(self.project)
        return sum(counts.get(i, 0) for i in ids)

    # ------------------------------------------------------------------ codings

    def add_coding(self, source_id: str, code_id: str, start: int, end: int, coding_id: str) -> Coding:
        coding = codings.add_coding(
            self.project, source_id, code_id, self.coder.id, start, end, coding_id=coding_id
        )
        self._emit(Changed(added=(coding,)))
        return coding

    def stored_coding(self, coding_id: str) -> Coding | None:
        """The coding as the project holds it now (None when it is not there)."""
        return codings.get_coding(self.project, coding_id)

    def restore_codings(self, restored: Sequence[Coding]) -> None:
        codings.restore_codings(self.project, restored)
        self._emit(Changed(added=tuple(restored)))

    def remove_codings(self, coding_ids: Sequence[str]) -> list[Coding]:
        removed = codings.remove_codings(self.project, coding_ids)
        self._emit(Changed(removed=tuple(removed)))
        return removed

    def update_coding(self, coding_id: str, code_id: str | None = None, memo: str | None = None) -> Coding:
        before = codings.update_coding(self.project, coding_id, code_id=code_id, memo=memo)
        after = replace(
            before,
            code_id=before.code_id if code_id is None else code_id,
            memo=before.memo if memo is None else memo,
        )
        self._emit(Changed(updated=(after,)))
        return before

    def put_back(self, coding: Coding) -> None:
        codings.put_back(self.project, coding)
        self._emit(Changed(updated=(coding,)))

    # ------------------------------------------------------------------ codebook

    def add_code(self, name: str, parent_id: str | None, code_id: str, colour: str | None = None) -> Code:
        code = codebook.add_code(self.project, name, parent_id, colour=colour, code_id=code_id)
        self._emit(Changed(codebook=True))
        return code

    def update_code(self, code: Code) -> Code:
        before = codebook.update_code(self.project, code)
        self._emit(Changed(codebook=True))
        return before

    def delete_code(self, code_id: str) -> RemovedCodes:
        removed = codebook.delete_code(self.project, code_id)
        self._emit(Changed(codebook=True, removed=removed.codings))
        return removed

    def restore_codes(self, removed: RemovedCodes) -> None:
        codebook.restore_codes(self.project, removed)
        self._emit(Changed(codebook=True, added=removed.codings))

    def merge_code(self, source_id: str, target_id: str) -> RemovedCodes:
        removed = codebook.merge_code(self.project, source_id, target_id)
        moved = tuple(replace(c, code_id=target_id) for c in removed.codings)
        self._emit(Changed(codebook=True, updated=moved))
        return removed

    def unmerge_code(self, removed: RemovedCodes) -> None:
        codebook.unmerge_code(self.project, removed)
        self._emit(Changed(codebook=True, updated=removed.codings))

    def set_shortcut(self, code_id: str, key: int | None) -> dict[str, int]:
        before = codebook.set_shortcut(self.project, code_id, key)
        self.shortcuts = codebook.get_shortcuts(self.project)
        self._emit(Changed(shortcuts=True))
        return before

    def restore_shortcuts(self, shortcuts: dict[str, int]) -> None:
        codebook.set_shortcuts(self.project, shortcuts)
        self.shortcuts = codebook.get_shortcuts(self.project)
        self._emit(Changed(shortcuts=True))

    # ------------------------------------------------------------------ sources and exports

    @staticmethod
    def read_files(paths: Sequence[Path], progress: Progress) -> list[ImportedText]:
        """Read files without touching the project (safe on a worker thread)."""
        return sources.read_files(paths, progress)

    @staticmethod
    def store_new(
        project: Project, imported: Sequence[ImportedText]
    ) -> tuple[list[SourceInfo], list[sources.Skipped]]:
        """Store the read texts the project does not have yet (by name or by text), in one
        transaction; returns them and those skipped. Safe on a worker thread: it signals nothing, so
        call :meth:`sources_added` on the UI thread afterwards."""
        new, skipped = sources.split_new(project, imported)
        return (sources.store(project, new) if new else []), skipped

    def sources_added(self) -> None:
        """Sources were stored off the UI thread (see :meth:`store_new`): every view learns of them."""
        self._emit(Changed(sources=True))

    def rename_source(self, source_id: str, name: str) -> SourceInfo:
        before = sources.rename_source(self.project, source_id, name)
        self._emit(Changed(sources=True))
        return before

    def delete_source(self, source_id: str) -> sources.RemovedSource:
        removed = sources.delete_source(self.project, source_id)
        self._texts.pop(source_id, None)
        self._emit(Changed(sources=True, removed=removed.codings))
        return removed

    def restore_source(self, removed: sources.RemovedSource) -> None:
        sources.restore_source(self.project, removed)
        self._emit(Changed(sources=True, added=removed.codings))

    def export_spans(self, out: Path, coder_ids: Sequence[str] | None = None) -> int:
        """Write the codings of ``coder_ids`` (None: of every coder), whatever the view shows."""
        if coder_ids is not None and not coder_ids:
            return 0
        names = [] if coder_ids is None else [self.coder_name(i) for i in coder_ids]
        return exports.export_spans(self.project, out, names)

    # ------------------------------------------------------------------ exchange and codebook files

    @staticmethod
    def apply_bundle(project: Project, bundle: ProjectBundle) -> exchange.ExchangeSummary:
        """Bring an already-read REFI-QDA project or coder's copy in, as one transaction. Safe on a
        worker thread: it signals nothing, so call :meth:`bundle_applied` on the UI thread afterwards."""
        return exchange.apply_bundle(project, bundle)

    def bundle_applied(self) -> None:
        """A bundle went in (see :meth:`apply_bundle`): a bulk change is a boundary for undo, so the
        history before it is cleared, and every view starts again from the project."""
        self.undo_stack.clear()
        self._texts.clear()
        self._reload_caches()
        self.sig_data_changed.emit(Changed(project=True))

    def load_codebook(self, specs: Sequence[CodeSpec]) -> codebook.LoadSummary:
        summary = codebook.load_specs(self.project, specs)
        self.undo_stack.clear()
        self._emit(Changed(codebook=True))
        return summary

    def export_qdpx(self, out: Path) -> exchange.ExportSummary:
        return exchange.export_qdpx(self.project, out)

    def export_codebook(self, out: Path) -> int:
        """The codebook as YAML, .qdc, Markdown or HTML, by the file's extension."""
        if out.suffix.lower() in (".md", ".markdown", ".html", ".htm"):
            return exchange.export_codebook_document(self.project, out)
        specs = codebook.export_specs(self.project)
        codebook_files.write_codebook_file(out, specs, self.project.name)
        return len(specs)
