"""Render the main window with a demo project to a PNG: ``python scripts/screenshot.py OUT.png``.

The demo text below was written for this script (it quotes no publication). The project holds the
study codebook and codings by two coders, some of them overlapping, shown with "All coders".
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from coder.domain.model import ImportedText  # noqa: E402
from coder.services import codebook, coders, codings, sources  # noqa: E402
from coder.services.project import Project, create_project, study_codebook  # noqa: E402

DEMO_NAME = "naval-cooperation-notes.txt"
DEMO_TEXT = """\
Joint Sea and the limits of partnership: notes on Sino-Russian naval cooperation

Since the first combined naval drill off Qingdao in 2012, the Chinese and Russian navies have met at \
sea almost every year. Officials in both capitals present the series as routine, aimed at no third \
country and designed to improve the ability of two friendly fleets to work side by side. Read \
closely, however, the scenarios tell a more pointed story: anti-submarine warfare, air defence of a \
surface group and the seizure of an island are not the skills one rehearses for counter-piracy.

The steady rhythm of exercises has been matched by joint air patrols over the Sea of Japan and the \
East China Sea, in which long-range bombers of both air forces fly a shared route before turning \
home. Tokyo and Seoul scramble fighters each time, and commentators in Washington describe the \
flights as a deliberate signal of coordination. Beijing, for its part, repeats that the partnership \
is not an alliance and that neither side seeks bloc confrontation.

Behind the choreography lie real asymmetries. Russia still supplies engines and air-defence systems \
that Chinese industry has not fully mastered, while China's shipyards now launch more tonnage in a \
year than Russian yards manage in a decade. Moscow's planners worry quietly that technology sold \
today may be copied tomorrow, and some retired officers warn that their country risks becoming the \
junior partner in a relationship it once led.

Since 2022 the war in Ukraine has sharpened both the value and the risk of the tie. Western \
sanctions have pushed Russia to rely on Chinese electronics and machine tools, yet Chinese banks \
remain cautious, fearing secondary penalties that could cut them off from dollar markets. Beijing \
wants a Russia that is weakened but not defeated; it has little interest in being drawn into a \
European war, and even less in a collapse that would leave an unstable nuclear power on its \
northern border.

For the analyst, the lesson is that depth of military contact is not the same as depth of \
commitment. The two states train together, fly together and trade weapons, but each keeps its \
freedom to decide when the partner's quarrel is also its own.
"""

# (coder, code, first words of the passage, last words of the passage, memo)
DEMO_CODINGS = (
    ("Alice", "Combat-oriented drills", "Read closely, however", "rehearses for counter-piracy.", ""),
    ("Boris", "Combat-oriented drills", "anti-submarine warfare", "seizure of an island", ""),
    ("Alice", "Official rhetoric", "Officials in both capitals", "work side by side.", ""),
    ("Boris", "Third-party targeting", "aimed at no third", "country", "Denial of targeting."),
    ("Alice", "Air patrols", "joint air patrols", "before turning home.", ""),
    ("Boris", "Air patrols", "The steady rhythm", "before turning home.", ""),
    ("Alice", "Shared threat perception", "Tokyo and Seoul", "signal of coordination.", ""),
    ("Alice", "Non-alliance principle", "Beijing, for its part", "bloc confrontation.", ""),
    ("Boris", "Official rhetoric", "Beijing, for its part", "bloc confrontation.", "Standard formula."),
    ("Alice", "Russian sales to China", "Russia still supplies", "fully mastered", ""),
    ("Alice", "Asymmetry and dependence", "Behind the choreography", "manage in a decade.", ""),
    ("Boris", "Mistrust", "Moscow's planners worry", "copied tomorrow", "Copying fears."),
    ("Alice", "Asymmetry and dependence", "some retired officers", "it once led.", ""),
    ("Alice", "Ukraine war", "Since 2022 the war", "risk of the tie.", ""),
    ("Alice", "Sanctions", "Western sanctions", "dollar markets.", ""),
    ("Boris", "Sanctions", "yet Chinese banks", "dollar markets.", ""),
    ("Alice", "Entrapment", "it has little interest", "European war", ""),
    ("Boris", "Strategic autonomy", "but each keeps its", "also its own.", ""),
    ("Alice", "Quasi-alliance building", "depth of military contact", "depth of commitment.", ""),
)


def span_of(text: str, first: str, last: str) -> tuple[int, int]:
    start = text.index(first)
    return start, text.index(last, start) + len(last)


def build_demo(folder: Path) -> Project:
    project = create_project(folder / "demo.coder", study_codebook())
    source = sources.store(project, [ImportedText(name=DEMO_NAME, format="txt", text=DEMO_TEXT)])[0]
    sources.store(
        project,
        [
            ImportedText(name="interview-03.txt", format="txt", text="A second source, not coded yet.\n"),
            ImportedText(name="ministry-briefing.md", format="md", text="A third source.\n"),
        ],
    )
    book = codebook.get_codebook(project)
    ids = {name: coders.ensure_coder(project, name).id for name in ("Alice", "Boris")}
    for coder, code, first, last, memo in DEMO_CODINGS:
        start, end = span_of(DEMO_TEXT, first, last)
        codings.add_coding(project, source.id, book.resolve(code).id, ids[coder], start, end, memo=memo)
    return project


def render(out: Path) -> None:
    from coder.ui.app import application, build_window
    from coder.ui.session import CoderFilter
    from coder.ui.settings import AppSettings

    application()
    with tempfile.TemporaryDirectory() as folder:
        project = build_demo(Path(folder))
        settings = AppSettings(QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat))
        window = build_window(project, settings, "Alice")
        window.resize(1500, 940)
        window.show()
        window.session.set_filter(CoderFilter.ALL)
        book = window.session.codebook
        demo = next(s for s in window.session.sources if s.name == DEMO_NAME)
        window.sources.choose(demo.id)
        window.codebook.choose(book.resolve("Asymmetry and dependence").id)
        window.document.setFocus()
        window.show_status("Double-click a code, press 1–9 or Ctrl+K, or drag the selection onto a code.")
        for _ in range(5):
            QApplication.processEvents()
        window.document.refresh()
        QApplication.processEvents()
        window.grab().save(str(out))
        window.close()
        window.session.project.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python scripts/screenshot.py OUT.png")
    render(Path(sys.argv[1]))
