"""Imports at team scale, each against a baseline measured in the same run (issue 13, item 4).

- ``coder import`` of 10,000 text files of 20 KB (goal: under 10 s). Baseline: a plain Python script
  that reads the same files, decodes them and inserts them into a SQLite table in one transaction.
- ``coder codings import`` of 1,000,000 CSV rows (goal: under 15 s). Baseline: a plain Python script
  that reads the same CSV with ``csv.reader`` and inserts the rows into a SQLite table.

Both coder figures include start-up, as a user meets them. Run: ``.venv/bin/python bench/imports.py
[--files N] [--rows N]``.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import coder_command, report, run_quietly

BASELINE_FILES = """
import sqlite3, sys
from pathlib import Path
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("CREATE TABLE t (name TEXT, text TEXT)")
db.execute("BEGIN")
db.executemany("INSERT INTO t VALUES (?, ?)",
               ((p.name, p.read_bytes().decode("utf-8")) for p in sorted(Path(sys.argv[2]).glob("*.txt"))))
db.execute("COMMIT")
"""

BASELINE_ROWS = """
import csv, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute('CREATE TABLE t (source TEXT, coder TEXT, code TEXT, start INTEGER, "end" INTEGER, memo TEXT)')
db.execute("BEGIN")
with open(sys.argv[2], newline="", encoding="utf-8") as handle:
    rows = csv.reader(handle)
    next(rows)
    db.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", rows)
db.execute("COMMIT")
"""

WORDS = (
    "military cooperation partnership exercise patrol alliance entrapment abandonment trust 中俄 演习".split()
)


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    run_quietly(command)
    return time.perf_counter() - started


def text_files(folder: Path, count: int, size: int = 20_000) -> list[Path]:
    rng = random.Random(count)
    folder.mkdir()
    paths = []
    for number in range(count):
        words = []
        length = 0
        while length < size:
            word = rng.choice(WORDS)
            words.append(word)
            length += len(word) + 1
        path = folder / f"file-{number:05}.txt"
        path.write_text(" ".join(words)[:size], encoding="utf-8")
        paths.append(path)
    return paths


def files_benchmark(root: Path, count: int) -> None:
    coder = coder_command()
    folder = root / "texts"
    paths = text_files(folder, count)
    # The files at rest on disk, as a user's are: not 200 MB just written, still being flushed while
    # the commits below wait for the disk.
    os.sync()
    baseline = timed([sys.executable, "-c", BASELINE_FILES, str(root / "baseline-files.db"), str(folder)])
    project = root / "files.coder"
    run_quietly([*coder, "init", str(project)])
    os.sync()
    seconds = timed([*coder, "--project", str(project), "import", *map(str, paths)])
    report(
        f"coder import of {count:,} text files of 20 KB", seconds, baseline, "read + sqlite insert", goal_s=10
    )


def rows_benchmark(root: Path, rows: int) -> None:
    coder = coder_command()
    project = root / "rows.coder"
    book = root / "book.yaml"
    book.write_text("codes:\n" + "".join(f"  - name: Code {k}\n" for k in range(30)), encoding="utf-8")
    run_quietly([*coder, "init", str(project), "--codebook", str(book)])
    sources = []
    for number in range(200):
        path = root / f"source-{number:03d}.txt"
        path.write_text(("word " * 2000)[:10_000], encoding="utf-8")
        sources.append(path)
    run_quietly([*coder, "--project", str(project), "import", *map(str, sources)])
    rng = random.Random(7)
    csv_path = root / "codings.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("source,coder,code,start,end,memo\n")
        for _ in range(rows):
            start = rng.randrange(0, 9_000)
            handle.write(
                f"source-{rng.randrange(200):03d}.txt,coder{rng.randrange(5)},Code {rng.randrange(30)},"
                f"{start},{start + rng.randrange(1, 900)},\n"
            )
    baseline = timed([sys.executable, "-c", BASELINE_ROWS, str(root / "baseline-rows.db"), str(csv_path)])
    seconds = timed([*coder, "--project", str(project), "codings", "import", str(csv_path)])
    done = subprocess.run(
        [*coder, "--project", str(project), "agreement", "--json", "-"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    report(
        f"coder codings import of {rows:,} rows", seconds, baseline, "csv.reader + sqlite insert", goal_s=15
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files_benchmark(Path(folder), args.files)
    with tempfile.TemporaryDirectory() as folder:
        rows_benchmark(Path(folder), args.rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
