"""Render the memo, journal and search views to PNGs: ``python scripts/screenshot_memos.py FOLDER OUT``.

FOLDER holds the source files to import (e.g. the study corpus, which stays outside the
repository); OUT is the folder for ``memo-source.png``, ``memo-code.png``, ``journal.png`` and
``search.png``. The memos and journal entries below were written for this script.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from coder.domain.memos import CODE, SOURCE  # noqa: E402
from coder.services import codebook, coders, memos, sources  # noqa: E402
from coder.services.project import Project, create_project, study_codebook  # noqa: E402

SOURCE_MEMO = (
    "Read twice. The argument turns on dependence, not on alliance: every section comes back to what "
    "each side cannot do without the other.\n\nTo check: whether the arms-trade figures are the "
    "authors' own or quoted from elsewhere."
)
OTHER_SOURCE_MEMO = "I coded the exercises section more narrowly than Alice; see the journal, 3 March."
CODE_MEMO = "Use only where a text says a partner might be dragged in; a mere warning is not enough."
JOURNAL = (
    (
        "Alice",
        "Codebook meeting",
        "We split 'Military cooperation' into exercises and arms trade. Boris will recode the news article.",
    ),
    ("Boris", "Exercises", "Coded the exercises narrowly: only named, joint drills count."),
    (
        "Alice",
        "Doubt about entrapment",
        "Entrapment and abandonment overlap in two passages; "
        "agreement on them will be low until we write an example for each.",
    ),
)


def build(folder: Path, files: list[Path]) -> Project:
    project = create_project(folder / "corpus.coder", study_codebook())
    stored = sources.import_files(project, files)
    alice, boris = (coders.ensure_coder(project, name) for name in ("Alice", "Boris"))
    first = stored[0].id
    memos.set_memo(project, SOURCE, first, alice.id, SOURCE_MEMO, 0)
    memos.set_memo(project, SOURCE, first, boris.id, OTHER_SOURCE_MEMO, 0)
    entrapment = codebook.get_codebook(project).resolve("Entrapment").id
    memos.set_memo(project, CODE, entrapment, alice.id, CODE_MEMO, 0)
    memos.set_memo(project, CODE, entrapment, boris.id, "Agree with Alice; add the 2014 example.", 0)
    people = {"Alice": alice.id, "Boris": boris.id}
    for name, title, text in JOURNAL:
        memos.add_journal_entry(project, people[name], title, text)
    return project


def settle(widget: QWidget) -> None:
    for _ in range(5):
        QApplication.processEvents()


def render(folder: Path, out: Path) -> None:
    from coder.ui.app import application, build_window
    from coder.ui.session import CoderFilter
    from coder.ui.settings import AppSettings

    suffixes = {".txt", ".md", ".pdf", ".docx"}
    files = sorted(p for p in folder.iterdir() if p.suffix in suffixes and p.name != "README.md")
    out.mkdir(parents=True, exist_ok=True)
    application()
    with tempfile.TemporaryDirectory() as temporary:
        project = build(Path(temporary), files)
        settings = AppSettings(QSettings(str(Path(temporary) / "settings.ini"), QSettings.Format.IniFormat))
        window = build_window(project, settings, "Alice")
        window.resize(1500, 940)
        window.show()
        window.session.set_filter(CoderFilter.ALL)
        window.sources.choose(window.session.sources[0].id)
        window.below_document.setCurrentWidget(window.source_memo)
        window.codebook.choose(window.session.codebook.resolve("Entrapment").id)
        settle(window)
        window.grab().save(str(out / "memo-source.png"))
        window.details.widget().grab().save(str(out / "memo-code.png"))
        journal = window.open_journal()
        journal.choose_row(1)
        settle(journal)
        journal.grab().save(str(out / "journal.png"))
        search = window.open_search()
        search.pattern.setText("alliance")
        search.whole_word.setChecked(True)
        search.run_search()
        settle(search)
        search.grab().save(str(out / "search.png"))
        for shown in (search, journal, window):
            shown.close()
        window.session.project.close()
    print(f"wrote 4 screenshots to {out}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python scripts/screenshot_memos.py FOLDER OUT")
    render(Path(sys.argv[1]), Path(sys.argv[2]))
