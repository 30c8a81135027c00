"""Render the agreement window while settling disagreements: ``python scripts/screenshot_consensus.py DIR``.

Uses the demo project of scripts/screenshot.py (Alice and Boris code one written-for-the-demo text).
Writes ``settling.png`` (one disagreement, each coder's coding and memo side by side),
``settled.png`` (every disagreement settled: each coder's agreement with the consensus) and
``decisions.png`` (the list of decisions, any of which can be taken back).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402
from screenshot import build_demo  # noqa: E402

from coder.services import codebook, coders, codings  # noqa: E402
from coder.services.project import Project  # noqa: E402
from coder.ui import dialogs  # noqa: E402


def _settle(window: object, out: Path) -> None:
    panel = window.adjudication  # type: ignore[attr-defined]
    for _ in range(40):
        QApplication.processEvents()
    panel.start_button.click()
    panel.code_filter.setCurrentIndex(0)
    panel._on_filter_chosen(0)
    patrols = next((i for i, d in enumerate(panel.walked()) if d.code == "Air patrols"), 0)
    panel.go(patrols)
    panel.note.setText("The rhythm of exercises is context, not a patrol; the team follows Alice.")
    for _ in range(10):
        QApplication.processEvents()
    window.grab().save(str(out / "settling.png"))  # type: ignore[attr-defined]
    panel.code_filter.setCurrentIndex(0)
    panel._on_filter_chosen(0)
    while panel.current() is not None:
        panel.accept(["Alice"])
        QApplication.processEvents()
    for _ in range(10):
        QApplication.processEvents()
    window.grab().save(str(out / "settled.png"))  # type: ignore[attr-defined]
    panel.show_decisions()
    panel.decisions.select(2)
    for _ in range(10):
        QApplication.processEvents()
    window.grab().save(str(out / "decisions.png"))  # type: ignore[attr-defined]


def _memos(project: Project) -> None:
    """Memos by both coders on the air patrols, so that they show side by side."""
    patrols = codebook.get_codebook(project).resolve("Air patrols").id
    names = {coder.id: coder.name for coder in coders.list_coders(project)}
    memos = {
        "Alice": "The flights are the signal, aimed at Tokyo.",
        "Boris": "The whole paragraph is about patrols.",
    }
    for coding in codings.list_codings(project, code_ids=[patrols]):
        codings.update_coding(project, coding.id, memo=memos[names[coding.coder_id]])


def render(out: Path) -> None:
    from coder.ui.agreement import open_agreement_window
    from coder.ui.app import application
    from coder.ui.session import Session

    application()
    dialogs.confirm = lambda *_args, **_kwargs: True  # type: ignore[assignment]
    dialogs.show_error = lambda _parent, message: print(f"error shown: {message}")  # type: ignore[assignment]
    dialogs.show_info = lambda _parent, _title, message: print(f"shown: {message}")  # type: ignore[assignment]
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        project = build_demo(Path(folder))
        _memos(project)
        session = Session(project, "Alice")
        window = open_agreement_window(session, None)
        window.resize(1500, 1000)
        window.choices.compute_button.click()
        for _ in range(400):
            QApplication.processEvents()
            if window.run is not None:
                break
        _settle(window, out)
        window.close()
        project.close()
    print(f"wrote settling.png, settled.png and decisions.png in {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python scripts/screenshot_consensus.py DIR")
    render(Path(sys.argv[1]))
