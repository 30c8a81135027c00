"""File ▸ Export coded PDF…: the open PDF source with the shown codings as highlights."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from coder.ui import dialogs, errors
from coder.ui.session import Session
from coder.ui.views.document_area import DocumentArea

PDF_FILTER = "PDF files (*.pdf)"


class PdfExportActions(QObject):
    sig_status_changed = Signal(str)

    def __init__(self, session: Session, area: DocumentArea, window: QWidget) -> None:
        super().__init__(window)
        self.session, self.area, self.window = session, area, window
        self.export_pdf = QAction("Export coded PDF…", window)
        self.export_pdf.setToolTip("The open PDF source's file with the codings shown as highlights")
        self.export_pdf.triggered.connect(lambda _=False: self.ask_export_pdf())
        self.export_pdf.setEnabled(False)
        # a PDF source is open exactly when its page view can be shown
        area.toggle_action.changed.connect(lambda: self.export_pdf.setEnabled(area.toggle_action.isEnabled()))

    def ask_export_pdf(self) -> None:
        source = self.area.text.source
        if source is None or source.format != "pdf":
            return
        shown = self.session.visible_coder_ids()
        names = [] if shown is None else [self.session.coder_name(i) for i in shown]
        if shown is not None and not names:
            self.sig_status_changed.emit(
                "No coder's codings are shown; choose coders in the View menu first."
            )
            return
        suggested = str(Path(source.name).with_suffix("").name) + "-coded.pdf"
        path = dialogs.ask_save_file(self.window, "Export coded PDF", suggested, PDF_FILTER)
        if path is None:
            return
        from coder.services.pdf_export import export_coded_pdf

        with errors.reporting(self.window):
            count = export_coded_pdf(self.session.project, source.name, path, names)
            self.sig_status_changed.emit(f"Exported {count} coding{'s' * (count != 1)} to {path.name}.")
