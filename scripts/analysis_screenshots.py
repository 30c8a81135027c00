"""Screenshots of the Analysis windows on the study corpus: ``python scripts/analysis_screenshots.py OUTDIR``.

The corpus (../shared/corpus, beside the repository) is imported into a temporary project and coded by
rule (tests/reports/keyword_coding.py: every sentence naming a concept's keyword, by two coders);
the attributes outlet and year are set. Each window is computed and rendered offscreen to a PNG.
The environment variable CODER_CORPUS names another corpus folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "tests" / "reports"))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from coder.services import attributes, sources  # noqa: E402
from coder.services.codings_csv import import_codings_csv  # noqa: E402
from coder.services.project import Project, create_project, study_codebook  # noqa: E402

CORPUS = Path(os.environ.get("CODER_CORPUS") or REPOSITORY.parent / "shared" / "corpus")
FILES = {
    "wapo-2022-china-russia-military-relationship.txt": ("Washington Post", "2022"),
    "you-wu-2024-sino-russian-military-cooperation.md": ("Journal of Contemporary China", "2024"),
}


def corpus_project(path: Path) -> Project:
    """The two corpus texts, coded by rule, with outlet and year."""
    import csv

    from keyword_coding import keyword_codings

    project = create_project(path, study_codebook())
    stored = sources.import_files(project, [CORPUS / name for name in FILES])
    table = path.with_suffix(".csv")
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "coder", "code", "start", "end"])
        for info in stored:
            for coder, code, start, end in keyword_codings(sources.source_text(project, info.id)):
                writer.writerow([info.name, coder, code, start, end])
    import_codings_csv(project, table)
    outlet = attributes.define_attribute(project, "outlet", "choice", [o for o, _y in FILES.values()])
    year = attributes.define_attribute(project, "year", "number")
    for info in stored:
        attributes.set_value(project, info.id, outlet.id, FILES[info.name][0])
        attributes.set_value(project, info.id, year.id, FILES[info.name][1])
    return project


def main(out: Path) -> int:
    from coder.services.reports import run_report
    from coder.ui.analysis import open_analysis_window
    from coder.ui.app import build_window
    from coder.ui.settings import AppSettings

    if not CORPUS.exists():
        print(f"the corpus is not at {CORPUS}", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp())
    project = corpus_project(folder / "corpus.coder")
    settings = AppSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    main_window = build_window(project, settings, "Ana")
    main_window.show()
    shown = {}
    for key, by in (("frequencies", "attribute:outlet"), ("cooccurrence", ""), ("matrix", "source")):
        window = open_analysis_window(main_window, key)
        window.by.setCurrentIndex(max(window.by.findData(by), 0))
        run = run_report(project, progress=_Never(), **window.request())
        window.show_run(run)
        row, column = {"frequencies": (6, 0), "cooccurrence": (0, 2), "matrix": (2, 1)}[key]
        window.table.clicked.emit(window.model.index(row, column))
        shown[key] = window
    query = open_analysis_window(main_window, "query")
    query.choose("overlap", "Dilemmas/Entrapment", "Dilemmas/Abandonment")
    from coder.services.queries import coding_query

    query.show_result(coding_query(project, "overlap", ["Dilemmas/Entrapment"], ["Dilemmas/Abandonment"]))
    shown["query"] = query
    shown["attributes"] = open_analysis_window(main_window, "attributes")
    for _ in range(5):
        app.processEvents()
    for key, window in shown.items():
        window.grab().save(str(out / f"analysis-{key}.png"))
        print(out / f"analysis-{key}.png")
    if len(sys.argv) > 2:
        window = shown["cooccurrence"]
        window.chart_kind.setCurrentIndex(1)
        app.processEvents()
        window.grab().save(str(out / "analysis-cooccurrence-network.png"))
    project.close()
    return 0


class _Never:
    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        return None

    def cancelled(self) -> bool:
        return False


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")))
