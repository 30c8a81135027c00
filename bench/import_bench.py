"""Import speed and memory: the study article as PDF, and 1,000 text files of 20 KB each.

Run with ``python bench/import_bench.py``. Prints one line per figure and, on the last line,
all figures as one JSON object. Times are measured without tracing; the memory peaks come
from a second, traced pass (``tracemalloc`` slows Python down).
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from coder.importers import import_file

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ARTICLE_PDF = CORPUS / "you-wu-2024-sino-russian-military-cooperation.pdf"
TEXT_FILES = 1000
TEXT_BYTES = 20_000
LEGACY_FILES = 50
PDF_TARGET_S = 1.0
TEXT_TARGET_S = 10.0

WORDS = (
    "military cooperation partnership exercise patrol alliance entrapment abandonment autonomy trust "
    "strategic Beijing Moscow navy army joint drills arms trade research café naïve résumé "
    "中俄 军事 合作 联合 演习 😀 e\u0301"
).split()


def paragraph(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120))) + "."


def make_text(rng: random.Random, size: int, encodable_in: str = "utf-8") -> bytes:
    """About ``size`` bytes of prose in paragraphs, with Unix or Windows line ends."""
    newline = rng.choice(["\n", "\r\n"])
    parts: list[bytes] = []
    length = 0
    while length < size:
        text = paragraph(rng) + newline + newline
        data = text.encode(encodable_in, errors="ignore")
        parts.append(data)
        length += len(data)
    return b"".join(parts)[:size].rsplit(b" ", 1)[0]


def write_files(folder: Path, count: int, encoding: str, suffix: str) -> list[Path]:
    rng = random.Random(count)
    paths = []
    for number in range(count):
        path = folder / f"{encoding}-{number:04}{suffix}"
        path.write_bytes(make_text(rng, TEXT_BYTES, encoding))
        paths.append(path)
    return paths


def seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def peak_bytes(work: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def plain_text() -> int:
    """What coder's first PDF extraction did: PyMuPDF's plain text of every page."""
    import pymupdf

    with pymupdf.open(ARTICLE_PDF) as document:
        return sum(len(page.get_text("text", sort=False)) for page in document)


def import_all(paths: list[Path]) -> int:
    return sum(len(import_file(path).text) for path in paths)


def verdict(seconds: float, target: float) -> str:
    return "ok" if seconds < target else "TOO SLOW"


def max_rss_mib() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def main() -> None:
    figures: dict[str, object] = {}
    if ARTICLE_PDF.is_file():
        first = seconds(lambda: import_file(ARTICLE_PDF))
        runs = [seconds(lambda: import_file(ARTICLE_PDF)) for _ in range(5)]
        pages = len(import_file(ARTICLE_PDF).page_starts)
        figures.update(
            pdf_pages=pages,
            pdf_first_s=round(first, 3),
            pdf_median_s=round(statistics.median(runs), 3),
            pdf_peak_traced_mib=round(peak_bytes(lambda: import_file(ARTICLE_PDF)) / 2**20, 1),
        )
        median = statistics.median(runs)
        baseline = statistics.median([seconds(plain_text) for _ in range(5)])
        figures.update(pdf_baseline_plain_text_s=round(baseline, 3), pdf_ratio=round(median / baseline, 2))
        print(f"article PDF ({pages} pages): first {first:.3f} s, median of 5 {median:.3f} s")
        print(f"  baseline, PyMuPDF's plain text of every page (the first extraction): {baseline:.3f} s")
        print(f"  the reading text takes {median / baseline:.2f} times as long")
        print(f"  target < {PDF_TARGET_S} s: {verdict(first, PDF_TARGET_S)}")
    else:
        print(f"skipped the PDF: {ARTICLE_PDF.parent} is not present (only developers and CI have it)")
        figures["pdf_first_s"] = None

    with tempfile.TemporaryDirectory() as folder:
        texts = write_files(Path(folder), TEXT_FILES, "utf-8", ".txt")
        legacy = write_files(Path(folder), LEGACY_FILES, "cp1252", ".md")
        text_s = seconds(lambda: import_all(texts))
        legacy_s = seconds(lambda: import_all(legacy))
        text_peak = peak_bytes(lambda: import_all(texts))
    print(f"{TEXT_FILES} UTF-8 text files of {TEXT_BYTES // 1000} KB: {text_s:.2f} s")
    print(f"  target < {TEXT_TARGET_S} s: {verdict(text_s, TEXT_TARGET_S)}")
    print(f"{LEGACY_FILES} Windows-1252 files of {TEXT_BYTES // 1000} KB (detected): {legacy_s:.2f} s")
    figures.update(
        text_files=TEXT_FILES,
        text_total_s=round(text_s, 3),
        text_per_file_ms=round(1000 * text_s / TEXT_FILES, 3),
        legacy_files=LEGACY_FILES,
        legacy_total_s=round(legacy_s, 3),
        text_peak_traced_mib=round(text_peak / 2**20, 1),
        max_rss_mib=max_rss_mib(),
    )
    print(f"tracemalloc peak (texts): {figures['text_peak_traced_mib']} MiB")
    print(f"max RSS of this process: {figures['max_rss_mib']} MiB")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
