"""``coder export spans`` of a million codings, CSV and XLSX (issue 13, item 2).

Goal: CSV under 3 times a baseline that reads the same rows with plain ``sqlite3`` (names joined in
SQL, each source's text read once) and writes them with ``csv``, measured in the same run; memory that
does not grow with the number of rows (peak RSS at a quarter of the rows and at all of them). The
project is built through coder's own storage layer. Run: ``.venv/bin/python bench/exports.py [--rows N]``.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import report

from coder.domain.model import ImportedText, new_ids, now
from coder.services import codebook, coders, sources
from coder.services.project import create_project
from coder.storage.rows import stamp_text

SOURCES, CODES, CODERS, LENGTH = 2_000, 30, 5, 10_000

BASELINE = """
import csv, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
codes = dict(db.execute("SELECT id, name FROM codes"))
coders = dict(db.execute("SELECT id, name FROM coders"))
with open(sys.argv[2], "w", newline="", encoding="utf-8") as handle:
    out = csv.writer(handle)
    out.writerow(["source", "coder", "code", "code_path", "start", "end", "text", "memo"])
    for source_id, name in db.execute("SELECT id, name FROM sources ORDER BY name").fetchall():
        text = db.execute("SELECT text FROM sources WHERE id = ?", (source_id,)).fetchone()[0]
        query = (
            'SELECT code_id, coder_id, start, "end", memo FROM codings WHERE source_id = ? '
            'ORDER BY start, "end"'
        )
        for code, coder, start, end, memo in db.execute(query, (source_id,)):
            out.writerow([name, coders[coder], codes[code], codes[code], start, end, text[start:end], memo])
"""

# The export's own peak: VmHWM of this process's memory after exec. getrusage's ru_maxrss would not do:
# Linux keeps it across fork and exec, so it reports the (large) benchmark process that started this one.
MEASURED = """
import resource, sys
from coder.launcher import main
code = main(sys.argv[2:])
try:
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with open(sys.argv[1], "w") as handle:
    handle.write(str(peak))
raise SystemExit(code)
"""


def build(path: Path, rows: int) -> None:
    rng = random.Random(rows)
    project = create_project(path)
    words = "cooperation partnership exercise patrol alliance entrapment abandonment trust".split()
    texts = [" ".join(rng.choice(words) for _ in range(LENGTH // 6))[:LENGTH] for _ in range(50)]
    infos = sources.store(
        project, [ImportedText(f"source-{n:04}.txt", "txt", texts[n % 50] + f" {n}") for n in range(SOURCES)]
    )
    code_ids = [codebook.add_code(project, f"Code {k}").id for k in range(CODES)]
    coder_ids = [coders.ensure_coder(project, f"coder{k}").id for k in range(CODERS)]
    stamp = stamp_text(now())
    values = []
    for coding_id in new_ids(rows):
        start = rng.randrange(0, LENGTH - 900)
        values.append(
            (
                coding_id,
                rng.choice(infos).id,
                rng.choice(code_ids),
                rng.choice(coder_ids),
                start,
                start + rng.randrange(1, 800),
                "",
                stamp,
                stamp,
                "",
            )
        )
    values.sort()
    with project.write() as uow:
        uow.codings.insert_rows(values)
    project.close()


def export(project: Path, out: Path, rss_file: Path) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            MEASURED,
            str(rss_file),
            "--project",
            str(project),
            "export",
            "spans",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return seconds, int(rss_file.read_text())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        peaks = {}
        for rows in (args.rows // 4, args.rows):
            project = root / f"p{rows}.coder"
            build(project, rows)
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", BASELINE, str(project), str(root / "base.csv")], check=True)
            baseline = time.perf_counter() - started
            seconds, peak = export(project, root / "spans.csv", root / "rss")
            peaks[rows] = peak
            if rows == args.rows:
                lines = sum(1 for _ in (root / "spans.csv").open(encoding="utf-8"))
                assert lines >= rows + 1, lines
                report(
                    f"coder export spans CSV, {rows:,} codings",
                    seconds,
                    baseline,
                    "sqlite3 + csv",
                    goal_ratio=3,
                    peak_rss_mib=round(peak / 1024, 1),
                )
                xlsx_seconds, xlsx_peak = export(project, root / "spans.xlsx", root / "rss")
                report(
                    f"coder export spans XLSX, {rows:,} codings",
                    xlsx_seconds,
                    baseline,
                    "sqlite3 + csv",
                    peak_rss_mib=round(xlsx_peak / 1024, 1),
                )
        small, large = args.rows // 4, args.rows
        growth = peaks[large] / peaks[small]
        print(
            f"peak memory of the CSV export: {peaks[small] / 1024:.0f} MiB at {small:,} rows, "
            f"{peaks[large] / 1024:.0f} MiB at {large:,} rows (growth {growth:.2f}x for 4x the rows)"
        )
        report(
            "export spans memory growth for 4x rows",
            peaks[large] / 1024,
            peaks[small] / 1024,
            f"peak RSS MiB at {small:,} rows",
            goal_ratio=1.5,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
