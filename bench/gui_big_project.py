"""How the app copes with a team-scale project (runs offscreen).

The project: 2,000 sources of 10,000 characters, 5 coders, 30 codes and 600,000 codings, of which
50,000 carry one code ("Code 00"). Built through the services, then measured with every coder's
codings shown, as a lead reviewing the team's work sees them:

* ``open_s``: opening the project until the window, its source list with counts, the codebook with
  counts and the first source are painted (goal: under 2 s). Baseline: the same for a project with
  the same codebook and no sources or codings, opened in the same run.
* ``retrieve_s``: choosing "Code 00" until its 50,000 segments are listed and painted. Baseline:
  reading those 50,000 rows with plain ``sqlite3``.
* ``segments_step_ms_p95``, ``sources_step_ms_p95``: page steps through the segment list and the
  source list, each painted.
* ``apply_ms_p95``: select a passage and apply "Code 00" (so the 50,000-segment list and the counts
  follow), until painted.

Prints one line per figure and one JSON object each (see bench/harness.py).
Usage: ``python bench/gui_big_project.py [--codings N] [--sources N]``
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from gui_support import select_visible_passage  # noqa: E402
from harness import report  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QAbstractItemView, QAbstractSlider, QApplication  # noqa: E402

from coder.domain.model import Coding, ImportedText, new_id, now  # noqa: E402
from coder.services import codebook, coders, codings, sources  # noqa: E402
from coder.services.project import create_project, open_project  # noqa: E402

CODERS, CODES, LENGTH, BIG_CODE = 5, 30, 10_000, 50_000


def codebook_of(project: Any) -> list[str]:
    return [codebook.add_code(project, f"Code {n:02d}").id for n in range(CODES)]


def build(path: Path, source_count: int, coding_count: int) -> None:
    rng = random.Random(5)
    project = create_project(path)
    code_ids = codebook_of(project)
    texts = [
        ImportedText(name=f"s{n:04d}.txt", format="txt", text="".join(rng.choices("abcde fghij\n", k=LENGTH)))
        for n in range(source_count)
    ]
    source_ids = [s.id for s in sources.store(project, texts)]
    coder_ids = [coders.ensure_coder(project, f"coder{n}").id for n in range(CODERS)]
    stamp = now()
    batch: list[Coding] = []
    for number in range(coding_count):
        code = code_ids[0] if number < min(BIG_CODE, coding_count // 3) else rng.choice(code_ids[1:])
        start = rng.randrange(LENGTH - 600)
        batch.append(
            Coding(
                id=new_id(),
                source_id=rng.choice(source_ids),
                code_id=code,
                coder_id=coder_ids[number % CODERS],
                start=start,
                end=start + rng.randint(20, 600),
                created_at=stamp,
                changed_at=stamp,
            )
        )
        if len(batch) == 100_000:
            codings.restore_codings(project, batch)
            batch = []
    codings.restore_codings(project, batch)
    project.close()


def painted() -> None:
    QApplication.processEvents()
    QApplication.processEvents()


def open_window(path: Path, settings_path: Path) -> tuple[Any, float]:
    from coder.ui.app import build_window
    from coder.ui.session import CoderFilter
    from coder.ui.settings import AppSettings

    settings = AppSettings(QSettings(str(settings_path), QSettings.Format.IniFormat))
    settings.coder_filter = CoderFilter.ALL.value
    started = time.perf_counter()
    project = open_project(path)
    window = build_window(project, settings, "coder0")
    window.resize(1400, 900)
    window.show()
    painted()
    return window, time.perf_counter() - started


def page_steps(view: QAbstractItemView, limit: int = 60) -> list[float]:
    bar = view.verticalScrollBar()
    bar.setValue(0)
    painted()
    steps = []
    while bar.value() < bar.maximum() and len(steps) < limit:
        started = time.perf_counter()
        bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
        painted()
        steps.append((time.perf_counter() - started) * 1000)
    return steps


def p95(values: list[float]) -> float:
    if len(values) < 2:  # a list that fits on one screen has no page steps
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=20)[-1]


def read_big_code(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        (code_id,) = connection.execute("SELECT id FROM codes WHERE name = 'Code 00'").fetchone()
        return len(connection.execute("SELECT * FROM codings WHERE code_id = ?", (code_id,)).fetchall())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=2_000)
    parser.add_argument("--codings", type=int, default=600_000)
    parser.add_argument("--keep", type=Path, help="a project built by an earlier run, reused (or made there)")
    args = parser.parse_args()

    from coder.ui.app import application

    application()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        started = time.perf_counter()
        if args.keep is not None and args.keep.exists():
            shutil.copyfile(args.keep, root / "big.coder")
        else:
            build(root / "big.coder", args.sources, args.codings)
            if args.keep is not None:
                shutil.copyfile(root / "big.coder", args.keep)
        empty = create_project(root / "empty.coder")
        codebook_of(empty)
        empty.close()
        os.sync()  # the projects at rest on disk, as a user's are; not megabytes waiting to be written
        print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)

        baseline_window, empty_s = open_window(root / "empty.coder", root / "a.ini")
        baseline_window.close()
        baseline_window.session.project.close()
        window, open_s = open_window(root / "big.coder", root / "b.ini")
        w = window
        report("app opens 600k codings", open_s, empty_s, "the same app on an empty project", goal_s=2.0)

        big = next(c.id for c in w.session.codebook.codes if c.name == "Code 00")
        baseline_s = min(_timed(lambda: read_big_code(root / "big.coder")) for _ in range(3))
        started = time.perf_counter()
        w.codebook.choose(big)
        painted()
        retrieve_s = time.perf_counter() - started
        shown = w.segments.model.rowCount()
        assert shown >= min(BIG_CODE, args.codings // 3), shown
        report(
            "segments of one code listed", retrieve_s, baseline_s, "sqlite3 reading its rows", segments=shown
        )

        steps = page_steps(w.segments.table)
        print(f"segment list page step p95 {p95(steps):.1f} ms over {len(steps)} steps")
        source_steps = page_steps(w.sources.list)
        print(f"source list page step p95 {p95(source_steps):.1f} ms")

        view = w.document
        applies = []
        rng = random.Random(3)
        key = next((k for c, k in w.session.shortcuts.items() if c == big), None)
        for _ in range(40):
            select_visible_passage(view, rng, 80)
            before = w.segments.model.rowCount()
            started = time.perf_counter()
            if key is not None:
                w.coding.apply_numbered(key)
            else:
                w.coding.apply(big)
            painted()
            applies.append((time.perf_counter() - started) * 1000)
            assert w.segments.model.rowCount() == before + 1, "the new segment is not listed"
        print(f"apply with 50,000 segments listed p95 {p95(applies):.1f} ms (slowest {max(applies):.1f})")
        report(
            "app responsiveness (p95 ms)",
            max(p95(steps), p95(source_steps), p95(applies)) / 1000,
            0.05,
            "the 50 ms goal",
            goal_ratio=1.0,
            segments_step_ms_p95=round(p95(steps), 1),
            sources_step_ms_p95=round(p95(source_steps), 1),
            apply_ms_p95=round(p95(applies), 1),
        )
        window.close()
        w.session.project.close()
    return 0


def _timed(work: Any) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
