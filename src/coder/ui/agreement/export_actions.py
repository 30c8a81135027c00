"""Saving an agreement run as JSON, CSV or HTML: the same content as ``coder agreement --json/--csv/--html``.

:func:`ask_save_path` is the one modal question here; tests replace it on this module, so callers
use ``export_actions.ask_save_path(...)``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtWidgets import QWidget

from coder.analysis.agreement import to_json_text
from coder.analysis.report_csv import to_csv
from coder.analysis.report_html import render_html
from coder.domain.errors import CoderError
from coder.services.agreement import AgreementRun
from coder.ui import dialogs

KINDS = {
    "json": ("JSON report (*.json)", "agreement.json"),
    "csv": ("CSV table (*.csv)", "agreement.csv"),
    "html": ("HTML report (*.html)", "agreement.html"),
}


def ask_save_path(parent: QWidget | None, kind: str, project: str) -> Path | None:
    """Ask where to save the ``kind`` report; ``None`` when the researcher cancels."""
    file_filter, default = KINDS[kind]
    suggested = f"{project}-{default}" if project else default
    return dialogs.ask_save_file(
        parent, f"Save the agreement report as {kind.upper()}", suggested, file_filter
    )


def json_content(run: AgreementRun) -> str:
    return to_json_text(run.result)


def csv_content(run: AgreementRun) -> str:
    return to_csv(run.result)


def html_content(run: AgreementRun, texts: Mapping[str, str]) -> str:
    return render_html(run.result, run.data, texts, project=run.project, generated=run.generated)


def write_atomically(path: Path, content: str) -> None:
    """Write ``content`` to a new file beside ``path``, then put it in place in one step.

    A failure leaves any earlier file at ``path`` as it was.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    try:
        with temporary.open("x", encoding="utf-8", newline="") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        reason = (error.strerror or type(error).__name__).lower()
        raise CoderError(f"cannot write {path}: {reason}") from None
