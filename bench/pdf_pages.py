"""The page view and the reading text on a 300-page PDF (runs offscreen).

Makes a 300-page, two-column PDF of invented prose with footnotes, imports it through the
services, and measures:

* ``import_reading_s`` / ``import_lines_s``: reading its text with the new extraction
  ("pdf-reading-1", what an import now does) and with the first one ("pdf-lines-1"), and their ratio;
* ``first_page_ms``: from choosing the source in the page view until page 1 is painted, against
  the baseline ``baseline_first_page_ms``: PyMuPDF opening the file and drawing page 1 to a
  pixmap at the same scale in the same run, and their ratio (target: under 1 s);
* ``matched_s``: until every character is matched to the stored text (highlights and mouse
  selection work from then on; the window stays live meanwhile);
* ``scroll_peak_rss_mb`` and ``rss_growth_mb``: the process's peak resident memory while
  scrolling page by page through all 300 pages, each painted, and how much it grew from before
  the first page; ``pixmap_mb_max``: the most page pictures held at once.

The figures are printed as one JSON object on the last line. Usage:
``python bench/pdf_pages.py [--pages N]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pymupdf  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from coder.domain.pdf_positions import EXTRACTION_LINES, EXTRACTION_READING  # noqa: E402
from coder.importers.pdf import PdfPages  # noqa: E402
from coder.services import sources  # noqa: E402
from coder.services.project import create_project  # noqa: E402

WORDS = (
    "the fleet exercise partnership border treaty patrol bomber frigate staff talks sanctions engine "
    "supply trust hedging doctrine summit ministry officer analyst region northern maritime drill "
    "cooperation deterrence arms industry licence export market pipeline steel autonomy entrapment"
).split()
FIRST_PAGE_TARGET_S = 1.0


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def make_pdf(path: Path, pages: int) -> None:
    """Pages as a typesetter writes them: each page's text in one content stream."""
    rng = random.Random(pages)
    document = pymupdf.open()
    font = pymupdf.Font("helv")
    for number in range(pages):
        page = document.new_page()
        writer = pymupdf.TextWriter(page.rect)
        writer.append((57, 40), "An Invented Journal of Benchmarks", font=font, fontsize=8)
        writer.append((290, 815), str(number + 1), font=font, fontsize=9)
        for left in (57, 307):
            y = 70.0
            while y < 730:
                words = " ".join(rng.choice(WORDS) for _ in range(7))
                writer.append((left, y), words.capitalize() if y == 70 else words, font=font, fontsize=10)
                y += 13 if rng.random() > 0.1 else 26
        note = f"{number + 1} A footnote of page {number + 1}, in small print."
        writer.append((57, 770), note, font=font, fontsize=8)
        writer.write_text(page)
    document.save(path, garbage=3, deflate=True)
    document.close()


def read_seconds(path: Path, extraction: str) -> float:
    started = time.perf_counter()
    pages = PdfPages(path.name, path.read_bytes(), extraction)
    for _ in pages.read():
        pass
    pages.close()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    arguments = parser.parse_args()
    from coder.ui.app import application, build_window
    from coder.ui.settings import AppSettings

    application()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.pdf"
        make_pdf(path, arguments.pages)
        reading_s = read_seconds(path, EXTRACTION_READING)
        lines_s = read_seconds(path, EXTRACTION_LINES)
        project = create_project(Path(folder) / "bench.coder")
        [source] = sources.import_files(project, [path])
        settings = AppSettings(QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat))
        window = build_window(project, settings, "Bench")
        window.resize(1400, 900)
        window.show()
        window.sources.choose(source.id)
        for _ in range(3):
            QApplication.processEvents()
        pages = window.area.pages
        rss_before = rss_mb()
        started = time.perf_counter()
        window.area.toggle_action.setChecked(True)
        while not pages.first_shown_at and time.perf_counter() - started < 30:
            QApplication.processEvents()
        first_page_s = pages.first_shown_at - started
        scale = pages.geometry_.scale * pages.devicePixelRatioF()
        while not pages.ready and time.perf_counter() - started < 300:
            QApplication.processEvents()
        matched_s = time.perf_counter() - started
        baseline_started = time.perf_counter()
        with pymupdf.open(path) as document:
            document[0].get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
        baseline_s = time.perf_counter() - baseline_started
        bar = pages.verticalScrollBar()
        peak, pictures = rss_mb(), 0
        while bar.value() < bar.maximum():
            bar.setValue(bar.value() + bar.pageStep())
            pages.viewport().repaint()
            QApplication.processEvents()
            peak = max(peak, rss_mb())
            pictures = max(pictures, pages.pixmaps.bytes)
        window.close()
        project.close()
    figures = {
        "pages": arguments.pages,
        "import_reading_s": round(reading_s, 2),
        "import_lines_s": round(lines_s, 2),
        "import_ratio": round(reading_s / lines_s, 2),
        "first_page_ms": round(first_page_s * 1000, 1),
        "baseline_first_page_ms": round(baseline_s * 1000, 1),
        "first_page_ratio": round(first_page_s / baseline_s, 2),
        "first_page_target_ms": FIRST_PAGE_TARGET_S * 1000,
        "matched_s": round(matched_s, 2),
        "scroll_peak_rss_mb": round(peak, 1),
        "rss_growth_mb": round(peak - rss_before, 1),
        "pixmap_mb_max": round(pictures / 2**20, 1),
    }
    for name, value in figures.items():
        print(f"{name}: {value}", file=sys.stderr)
    print(json.dumps(figures))
    return 0 if first_page_s < FIRST_PAGE_TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
