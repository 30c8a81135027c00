"""How fast the coding workspace is on a long, densely coded source (runs offscreen).

Builds, through the services, a project with one 1,000,000-character source (a few emoji in it, so
offsets take the slower astral path) and 50,000 codings by 3 coders, then measures with every
coder's codings shown:

* ``open_ms``: choosing the source until its text, highlights and margin stripes are painted;
* ``scroll_step_ms_p95``: the page steps from the top to the bottom, each painted (goal: under 50 ms
  at the 95th percentile);
* ``apply_ms_p95``: "select a passage, press a code's key" until painted (goal: under 50 ms).

The goal is absolute, so the "baseline" printed beside each is the 50 ms it is held to; the figures
are printed as one JSON object on the last line. Usage:
``python bench/gui_large_document.py [--characters N] [--codings N]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).parent))

from gui_support import select_visible_passage  # noqa: E402
from harness import report  # noqa: E402
from PySide6.QtCore import QEvent, QObject, QSettings  # noqa: E402
from PySide6.QtWidgets import QAbstractSlider, QApplication  # noqa: E402

from coder.domain.model import Coding, ImportedText, new_id, now  # noqa: E402
from coder.services import codebook, coders, codings, sources  # noqa: E402
from coder.services.project import Project, create_project, study_codebook  # noqa: E402

WORDS = (
    "the fleet exercise partnership border treaty patrol bomber frigate staff talks sanctions engine "
    "supply trust hedging doctrine summit ministry officer analyst region northern maritime drill "
    "cooperation deterrence arms industry licence copy export market bank rouble yuan pipeline steel "
    "signal coordination island strait missile radar submarine escort convoy logistics training "
    "academy cadet delegation communique statement formula alliance entente balance dependence"
).split()
EMOJI = ("🚢", "🛩", "📈", "🤝")


def make_text(characters: int, rng: random.Random) -> str:
    parts: list[str] = []
    size = 0
    paragraph = 0
    while size < characters:
        sentences = []
        for _ in range(rng.randint(4, 12)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
            sentences.append(" ".join(words).capitalize() + ".")
        paragraph += 1
        if paragraph % 40 == 0:
            sentences.append(rng.choice(EMOJI))
        text = " ".join(sentences) + "\n\n"
        parts.append(text)
        size += len(text)
    return "".join(parts)[:characters]


def build(folder: Path, characters: int, count: int) -> tuple[Project, str]:
    rng = random.Random(20240601)
    project = create_project(folder / "bench.coder", study_codebook())
    text = make_text(characters, rng)
    source = sources.store(project, [ImportedText(name="long.txt", format="txt", text=text)])[0]
    code_ids = [c.id for c in codebook.get_codebook(project).codes]
    coder_ids = [coders.ensure_coder(project, name).id for name in ("Ana", "Ben", "Chen")]
    stamp = now()
    made = []
    for number in range(count):
        start = rng.randrange(0, len(text) - 700)
        end = start + rng.randint(20, 600)
        made.append(
            Coding(
                id=new_id(),
                source_id=source.id,
                code_id=rng.choice(code_ids),
                coder_id=coder_ids[number % 3],
                start=start,
                end=end,
                created_at=stamp,
                changed_at=stamp,
            )
        )
    codings.restore_codings(project, made)
    return project, source.id


class PaintCounter(QObject):
    """Counts paint events of the widgets it watches, to prove each timed step really painted."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def painted(window: object, counter: PaintCounter | None = None) -> None:
    """Let Qt deliver pending updates, as the event loop does: text, highlights and margin paint."""
    before = counter.count if counter else 0
    QApplication.processEvents()
    if counter is not None and counter.count == before:
        raise AssertionError("the step painted nothing")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--characters", type=int, default=1_000_000)
    parser.add_argument("--codings", type=int, default=50_000)
    args = parser.parse_args()

    from coder.ui.app import application, build_window
    from coder.ui.session import CoderFilter
    from coder.ui.settings import AppSettings

    application()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        project, source_id = build(Path(folder), args.characters, args.codings)
        build_s = time.perf_counter() - started
        settings = AppSettings(QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat))
        window = build_window(project, settings, "Ana")
        window.resize(1400, 900)
        window.show()
        window.session.set_filter(CoderFilter.ALL)
        window.sources.choose(None)
        window.open_source(None)
        painted(window)
        # The busiest of the nine codes on keys 1-9 is chosen: its segments are listed, and every third
        # coding below uses it, so the retrieval list refreshes too.
        counts = window.session.code_counts()
        keyed = {key: code_id for code_id, key in window.session.shortcuts.items()}
        busiest_key = max(keyed, key=lambda key: counts.get(keyed[key], 0))
        window.codebook.choose(keyed[busiest_key])
        painted(window)

        window.session._texts.clear()  # the text comes from the project file, as on a first opening
        counter = PaintCounter()
        started = time.perf_counter()
        window.sources.choose(source_id)
        view = window.document
        view.viewport().installEventFilter(counter)
        view.margin.installEventFilter(counter)
        painted(window, counter)
        open_ms = (time.perf_counter() - started) * 1000
        assert view.source is not None and view.source.id == source_id
        highlights = len(view.highlights())
        stripes = len(view.margin.stripes())
        assert highlights > 0 and stripes > 0, "nothing highlighted after opening"

        bar = view.verticalScrollBar()
        steps: list[float] = []
        length = view.positions.length
        while view.visible_range()[1] < length:  # to the last line of the text
            started = time.perf_counter()
            bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
            painted(window, counter)
            steps.append((time.perf_counter() - started) * 1000)
            if len(steps) > 100_000:
                break

        bar.setValue(bar.maximum() // 2)
        painted(window)
        applies: list[float] = []
        rng = random.Random(7)
        for number in range(40):
            select_visible_passage(view, rng, 120)
            before = len(view.index)
            started = time.perf_counter()
            window.coding.apply_numbered(busiest_key if number % 3 == 0 else rng.randint(1, 9))
            painted(window, counter)
            applies.append((time.perf_counter() - started) * 1000)
            assert len(view.index) == before + 1, "the coding did not appear"
        window.close()
        window.session.project.close()

    def p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20)[-1]

    for name, values in (("scroll step", steps), ("apply a code", applies)):
        report(f"long source, {name} (p95)", p95(values) / 1000, 0.05, "the 50 ms goal", goal_ratio=1.0)
    figures = {
        "open_ms": round(open_ms, 1),
        "scroll_step_ms_p95": round(p95(steps), 1),
        "apply_ms_p95": round(p95(applies), 1),
        "scroll_step_ms_max": round(max(steps), 1),
        "apply_ms_max": round(max(applies), 1),
        "scroll_step_ms_median": round(statistics.median(steps), 1),
        "scroll_steps": len(steps),
        "apply_ms_median": round(statistics.median(applies), 1),
        "highlights_on_open": highlights,
        "stripes_on_open": stripes,
        "characters": args.characters,
        "codings": args.codings,
        "build_project_s": round(build_s, 1),
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
