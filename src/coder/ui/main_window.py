"""The coding workspace: sources, the document, the codebook with its details, coded segments."""

from __future__ import annotations

import gc
import html
from pathlib import Path

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
)
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QTabWidget, QVBoxLayout, QWidget

from coder.domain.errors import InvalidInput
from coder.domain.memos import SOURCE
from coder.domain.model import Coding
from coder.ui import dialogs, errors, help_texts, tasks
from coder.ui.changes import Changed
from coder.ui.coding_actions import CodingActions
from coder.ui.exchange_actions import ExchangeActions
from coder.ui.file_actions import FileActions
from coder.ui.live import LiveLink, ServerActions
from coder.ui.pdf_export_actions import PdfExportActions
from coder.ui.plain import plain_label
from coder.ui.session import CoderFilter, Session
from coder.ui.settings import AppSettings
from coder.ui.undo_actions import UndoActions
from coder.ui.views.codebook_panel import CodebookPanel
from coder.ui.views.coder_bar import CoderBar
from coder.ui.views.details_pane import DetailsPane
from coder.ui.views.document_area import DocumentArea
from coder.ui.views.document_view import DocumentView
from coder.ui.views.memo_pane import MemoPane
from coder.ui.views.search_bar import SearchBar
from coder.ui.views.segments_panel import SegmentsPanel
from coder.ui.views.sources_panel import SourcesPanel

WINDOW_FRAME = 32  # room for the title bar a window manager adds
FRAME_SIDES = 8  # and for its borders


def titled(title: str, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(2, 2, 2, 2)
    layout.setSpacing(2)
    label = QLabel(f"<b>{title}</b>")
    label.setContentsMargins(4, 2, 4, 0)
    layout.addWidget(label)
    layout.addWidget(widget)
    return box


SOURCES_MIN, CODEBOOK_MIN = 140, 270  # pixels the side panels keep when the window narrows


class MainWindow(QMainWindow):
    def __init__(self, session: Session, settings: AppSettings) -> None:
        super().__init__()
        self.session, self.settings = session, settings
        dialogs.remember_folders_in(settings)
        self.setAcceptDrops(True)
        self.sources = SourcesPanel(session)
        self.document = DocumentView(session)
        self.area = DocumentArea(session, self.document)
        self.search = SearchBar(self.document)
        self.document_title = QLabel()
        self.document_title.setWordWrap(True)  # a long name wraps rather than widen the window
        self.document_title.setContentsMargins(6, 2, 6, 0)
        self.segments = SegmentsPanel(session)
        self.source_memo = MemoPane(session, SOURCE)
        self.codebook = CodebookPanel(session)
        self.details = DetailsPane(session)
        self.coder_bar = CoderBar(session)
        self.coding = CodingActions(session, self.document, self.codebook, self)
        self.coding.add_view(self.area.pages)
        self.pdf_export = PdfExportActions(session, self.area, self)
        self.files = FileActions(session, settings, self)
        self.exchange = ExchangeActions(session, self)
        self.files.busy_elsewhere = lambda: tasks.running(self.exchange.task)
        self.server = ServerActions(session, self)
        self._build_layout()
        self._build_menus()
        self._connect()
        self._status = plain_label()  # messages quote names of codes, sources and files
        self.statusBar().addWidget(self._status, 1)
        self._coder_status = QLabel()
        self.statusBar().addPermanentWidget(self._coder_status)
        self.live = LiveLink(session, self)  # a server project: others' changes, the connection
        self._shares: list[float] | None = None
        if settings.restore_window(self, self.splitters):
            # The division as the researcher left it, read once the window is laid out (before that
            # the splitter reports sizes for a width it does not have yet).
            QTimer.singleShot(0, self._remember_division)
            self._keep_on_screen()
        else:
            self._fit_to_screen()
        self.splitters["main"].splitterMoved.connect(self._on_main_splitter_moved)
        self._on_session_data_changed(Changed(project=True))

    # ------------------------------------------------------------------ size on screen

    def _available(self) -> QRect:
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1400, 860)

    def _fit_to_screen(self) -> None:
        """The first window: as large as comfortable, never larger than the screen (1366×768, 150 %)."""
        room = self._available()
        width, height = min(1400, room.width() - FRAME_SIDES), min(860, room.height() - WINDOW_FRAME)
        self.resize(width, height)
        shares = (0.19, 0.52, 0.29) if width >= 1200 else (0.17, 0.47, 0.36)  # codes need room too
        self.splitters["main"].setSizes([round(width * share) for share in shares])
        self._shares, self._shares_width = list(shares), width
        self.splitters["middle"].setSizes([round(height * share) for share in (0.68, 0.32)])
        self.splitters["right"].setSizes([round(height * share) for share in (0.55, 0.45)])

    def _main_shares(self) -> list[float]:
        """The main splitter's division now, as shares of its width (kept with that width)."""
        sizes = self.splitters["main"].sizes()
        total = sum(sizes)
        if total <= 0:
            return [0.19, 0.52, 0.29]
        self._shares_width = total
        return [size / total for size in sizes]

    def _on_main_splitter_moved(self, _position: int, _index: int) -> None:
        self._remember_division()

    def _remember_division(self) -> None:
        self._shares = self._main_shares()  # the researcher's division, kept through resizing

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Sources, document and codebook keep their shares of the width, so a narrower window does
        not take everything from the document (a splitter gives the whole change to one panel)."""
        super().resizeEvent(event)
        main = self.splitters["main"]
        # The splitter spans the window (it may not have been laid out at the new width yet).
        total = event.size().width() - (main.count() - 1) * main.handleWidth()
        shares = getattr(self, "_shares", None)  # None while the window is being built
        if total > 0 and shares is not None:
            # In a narrower window the side panels keep a useful width (names must stay readable),
            # never more than they had; the document gives up the rest.
            made_at = getattr(self, "_shares_width", total)
            sources = max(total * shares[0], min(SOURCES_MIN, shares[0] * made_at, total * 0.2))
            codes = max(total * shares[2], min(CODEBOOK_MIN, shares[2] * made_at, total * 0.33))
            main.blockSignals(True)
            main.setSizes([round(sources), round(total - sources - codes), round(codes)])
            main.blockSignals(False)

    def _keep_on_screen(self) -> None:
        """A window saved on a larger screen (or at another scale) is brought within this one."""
        room = self._available()
        width = min(self.width(), room.width() - FRAME_SIDES)
        height = min(self.height(), room.height() - WINDOW_FRAME)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        # The window's inside, placed so that its title bar and borders are on the screen too.
        left = min(max(self.x(), room.left() + FRAME_SIDES // 2), room.right() + 1 - width - FRAME_SIDES // 2)
        top = min(max(self.y(), room.top() + WINDOW_FRAME - FRAME_SIDES), room.bottom() + 1 - height)
        if (left, top) != (self.x(), self.y()):
            self.move(left, top)

    # ------------------------------------------------------------------ building

    def _build_layout(self) -> None:
        document_box = QWidget()
        box = QVBoxLayout(document_box)
        box.setContentsMargins(2, 2, 2, 2)
        box.setSpacing(2)
        box.addWidget(self.document_title)
        box.addWidget(self.area, 1)
        box.addWidget(self.search)
        self.below_document = QTabWidget()
        self.below_document.addTab(self.segments, "Coded segments")
        self.below_document.addTab(self.source_memo, "Source memo")
        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(document_box)
        middle.addWidget(self.below_document)
        middle.setStretchFactor(0, 3)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(titled("Codebook", self.codebook))
        right.addWidget(titled("Code details", self.details))
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(titled("Sources", self.sources))
        main.addWidget(middle)
        main.addWidget(right)
        main.setStretchFactor(1, 1)
        for splitter in (main, middle, right):
            splitter.setChildrenCollapsible(False)
        self.splitters = {"main": main, "middle": middle, "right": right}
        self.setCentralWidget(main)

    def _build_menus(self) -> None:
        self.undo = UndoActions(self.session.undo_stack, self)
        self.undo_action, self.redo_action = self.undo.undo, self.undo.redo
        files = self.files
        menu = self.menuBar().addMenu("&File")
        for item in (
            files.new_project,
            files.open_project,
            self.server.open_server,
            files.recent_menu,
            files.save_copy,
            None,
            files.import_files,
            files.export_spans,
            self.pdf_export.export_pdf,
            self.sources.rename_action,
            self.sources.delete_action,
            None,
            self.exchange.import_project,
            self.exchange.export_project,
            self.exchange.merge_copy,
            None,
            self.exchange.load_codebook,
            self.exchange.export_codebook,
            None,
            self._action("Quit", self.close, "Ctrl+Q"),
        ):
            self._add(menu, item)
        menu = self.menuBar().addMenu("&Edit")
        self.find_action = self._action(
            "Find…", lambda: (self.area.show_text(), self.search.open_bar()), "Ctrl+F"
        )
        self.search_all_action = self._action("Search all sources…", self.open_search, "Ctrl+Shift+F")
        for item in (
            self.undo_action,
            self.redo_action,
            None,
            self.find_action,
            self._action("Find next", self.search.find_next, "F3"),
            self._action("Find previous", self.search.find_previous, "Shift+F3"),
            self.search_all_action,
        ):
            self._add(menu, item)
        menu = self.menuBar().addMenu("&Coding")
        coding = self.coding
        for item in (
            coding.quick_code,
            coding.in_vivo,
            None,
            coding.remove,
            coding.change_code,
            coding.edit_memo,
        ):
            self._add(menu, item)
        menu.addSeparator()
        menu.addAction("Keys 1–9 code the selection with the codes that have them").setEnabled(False)
        menu = self.menuBar().addMenu("Code&book")
        panel = self.codebook
        menu.addAction("Add code…", lambda: panel.add_code(None))
        menu.addAction("Add sub-code…", panel.add_child_code)
        menu.addAction("Rename…", panel.rename_code)
        menu.addAction("Colour…", panel.recolour_code)
        menu.addAction("Merge into…", panel.merge_code)
        menu.addAction("Delete…", panel.delete_code)
        menu.addSeparator()
        keys = menu.addMenu("Key of the chosen code")
        keys.aboutToShow.connect(lambda: panel.fill_key_menu(keys))
        menu = self.menuBar().addMenu("&View")
        menu.addAction("My codings only (blind)", lambda: self.session.set_filter(CoderFilter.MINE))
        menu.addAction("All coders' codings", lambda: self.session.set_filter(CoderFilter.ALL))
        menu.addAction("Switch coder…", self.coder_bar.ask_for_coder)
        menu.addSeparator()
        menu.addAction(self.area.toggle_action)
        for action in self.area.pages.zoom_actions:
            menu.addAction(action)
        menu = self.menuBar().addMenu("&Tools")
        self.agreement_action = self._action("Inter-coder agreement…", self.open_agreement, "Ctrl+Shift+A")
        menu.addAction(self.agreement_action)
        self.journal_action = self._action("Journal…", self.open_journal, "Ctrl+Shift+J")
        menu.addAction(self.journal_action)
        from coder.ui.analysis import install_analysis_menu

        self.analysis_actions = install_analysis_menu(self)
        menu = self.menuBar().addMenu("&Help")
        menu.addAction("How to code", lambda: dialogs.show_help(self, "How to code", help_texts.HOW_TO))
        menu.addAction(
            "Keyboard shortcuts",
            lambda: dialogs.show_info(self, "Keyboard shortcuts", help_texts.shortcuts_text(self.menuBar())),
        )
        menu.addAction(
            "About coder",
            lambda: dialogs.show_info(self, "About coder", help_texts.about_text(self.session.project_path)),
        )
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        for item in (
            files.import_files,
            None,
            self.undo.undo_button,
            self.undo.redo_button,
            None,
            self.find_action,
            coding.quick_code,
            None,
            self.area.toggle_action,
        ):
            self._add(toolbar, item)
        toolbar.addSeparator()
        toolbar.addWidget(self.coder_bar)

    def _action(self, text: str, slot: object, key: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _=False: slot())  # type: ignore[operator]
        return action

    @staticmethod
    def _add(container: object, item: object) -> None:
        if item is None:
            container.addSeparator()  # type: ignore[attr-defined]
        elif isinstance(item, QAction):
            container.addAction(item)  # type: ignore[attr-defined]
        else:
            container.addMenu(item)  # type: ignore[attr-defined]

    def _connect(self) -> None:
        self.session.sig_data_changed.connect(self._on_session_data_changed)
        self.sources.sig_source_chosen.connect(self._on_sources_source_chosen)
        self.codebook.sig_code_chosen.connect(self._on_codebook_code_chosen)
        self.segments.sig_segment_activated.connect(self.jump_to)
        self.coder_bar.sig_coder_switched.connect(self._on_coder_bar_coder_switched)
        self.coding.sig_status_changed.connect(self.show_status)
        self.exchange.sig_status_changed.connect(self.show_status)
        self.files.sig_status_changed.connect(self.show_status)
        self.server.sig_status_changed.connect(self.show_status)
        self.undo.sig_status_changed.connect(self.show_status)
        self.files.sig_sources_imported.connect(self._on_files_sources_imported)
        self.pdf_export.sig_status_changed.connect(self.show_status)
        self.area.sig_view_switched.connect(self.coding.use_view)

    # ------------------------------------------------------------------ reacting to changes

    def _on_session_data_changed(self, changed: Changed) -> None:
        self.sources.apply_changes(changed)
        self.codebook.apply_changes(changed)
        if changed.project:
            self._open_first_source()
        elif changed.sources and self._shown_source_went():
            self._open_first_source()
        elif changed.coders and self.document.source is not None:
            with errors.reporting(self):  # other coders' codings: same text, same place in it
                self.area.reload_codings(self.session.visible_codings(self.document.source.id))
        else:
            self.area.apply_changes(changed)
        self.segments.apply_changes(changed)
        if changed.codebook or changed.codings or changed.everything:
            self.details.reload()
        self.coder_bar.apply_changes(changed)
        if changed.coders:
            self.settings.coder_filter = self.session.coder_filter.value
        self._update_titles()

    def _shown_source_went(self) -> bool:
        """True when the source shown was deleted; a renamed one is shown under its new name."""
        shown = self.document.source
        if shown is None:
            return False
        now = self.session.source(shown.id)
        if now is not None and now != shown:
            self.document.source = now
        return now is None

    def _open_first_source(self) -> None:
        first = self.session.sources[0].id if self.session.sources else None
        self.open_source(first)
        self.sources.choose(first)

    def _update_titles(self) -> None:
        self.setWindowTitle(f"{self.session.project.name} — coder")
        source = self.document.source
        if source is None:
            self.document_title.setText("<i>No source open</i>")
        else:
            pages = f" · {source.pages} pages" if source.pages else ""
            count = len(self.document.index)
            name = html.escape(source.name)  # a name from a file is text, never markup
            self.document_title.setText(
                f"<b>{name}</b> <span style='color:#666'>· {source.characters:,} characters{pages}"
                f" · {count} coding{'s' * (count != 1)} shown</span>"
            )
        shown = {
            CoderFilter.MINE: "only mine",
            CoderFilter.ALL: "all coders",
            CoderFilter.CHOSEN: "chosen coders",
        }
        coder = html.escape(self.session.coder.name)
        self._coder_status.setText(f"Coder: <b>{coder}</b> · showing {shown[self.session.coder_filter]}")

    def open_source(self, source_id: str | None) -> None:
        source = self.session.source(source_id) if source_id else None
        if source is None:
            self.area.show_source(None)
        else:
            with errors.reporting(self):
                text = self.session.text(source.id)
                self.area.show_source(source, text, self.session.visible_codings(source.id))
            # Tens of thousands of codings now live as long as the document is open: keep the cyclic
            # garbage collector from walking them again and again (pauses while scrolling). What an
            # earlier freeze kept is released first, so nothing stays frozen after it is dropped.
            gc.unfreeze()
            gc.collect()
            gc.freeze()
        self.source_memo.show_target(source.id if source else None)
        self._update_titles()

    def _on_sources_source_chosen(self, source_id: str | None) -> None:
        if source_id is not None and (self.document.source is None or self.document.source.id != source_id):
            self.open_source(source_id)

    def _on_codebook_code_chosen(self, code_id: str | None) -> None:
        self.details.show_code(code_id)
        self.segments.show_code(code_id)

    def _on_coder_bar_coder_switched(self, name: str) -> None:
        with errors.reporting(self):
            self.session.set_coder(name)
            self.settings.coder_name = name
            self.show_status(f"Now coding as {name}: you see your own codings, and Ctrl+Z undoes only yours.")

    def _on_files_sources_imported(self, stored: list) -> None:
        if stored:
            self.sources.choose(stored[0].id)

    def jump_to(self, coding: Coding) -> None:
        """Open the coding's source and select its passage."""
        if self.document.source is None or self.document.source.id != coding.source_id:
            self.sources.choose(coding.source_id)
            self.open_source(coding.source_id)
        self.area.select_span(coding.start, coding.end)
        if coding.id in self.document.index.by_id:
            self.area.choose_coding(coding.id)
        self.area.active.setFocus()

    def open_agreement(self) -> QWidget:
        """The inter-coder agreement window (one per main window, brought back when open)."""
        from coder.ui.agreement import open_agreement_window

        return open_agreement_window(self.session, self)

    def open_search(self) -> QWidget:
        """The search across all sources and memos (one per main window, brought back when open)."""
        from coder.ui.search import open_search_window

        return open_search_window(self)

    def open_journal(self) -> QWidget:
        from coder.ui.journal import open_journal_window

        return open_journal_window(self.session, self)

    def show_status(self, message: str) -> None:
        self._status.setText(message)

    # ------------------------------------------------------------------ window events

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            return
        event.acceptProposedAction()
        projects = [p for p in paths if p.suffix.lower() in (".qdpx", ".qde", ".coder")]
        if len(paths) == 1 and projects:
            title = "Merging" if paths[0].suffix.lower() == ".coder" else "Importing project"
            self.exchange.bring_in(paths[0], title)
        elif projects:
            errors.report(InvalidInput("drop a project file (.qdpx or .coder) on its own"), self)
        else:
            self.files.import_paths(paths)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.details.show_code(None)  # saves a definition or memo still being typed
        self.source_memo.save()
        self.settings.save_window(self, self.splitters)
        super().closeEvent(event)
