"""Benchmark: ``coder agreement --json`` end to end at team scale (goal: under 5 s wall, start-up included).

2,000 sources of 10,000 characters, 5 coders, 30 codes, 600,000 codings. The project is
built only through the public command line: ``coder init``, ``coder import`` of generated
``.txt`` files and ``coder codings import`` of a generated CSV (``--create-codes``), so the
script does not depend on how the project file stores things.

Timed in the same run: the command, and as a baseline a plain ``sqlite3`` read of the same
codings from the project file (the table is found by its columns ``start`` and ``end``, the
only thing this script assumes about the file). Prints both, their ratio and the pooled
histograms' check against the generated rows; the last line is one JSON object.

Run: ``.venv/bin/python bench/agreement.py [--repeat N] [--keep FOLDER]``; with ``--keep`` the project
and its generated CSV are made in FOLDER once and reused by later runs (building takes minutes).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOURCES, LENGTH, CODERS, CODES, CODINGS = 2_000, 10_000, 5, 30, 600_000
GOAL_SECONDS = 5.0

Row = tuple[str, str, str, int, int]  # source file name, coder, code, start, end


def coder(project: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "coder", "--project", str(project), *args]


def build(root: Path) -> tuple[Path, list[Row]]:
    """A project made with the public commands; returns it and the codings it holds."""
    rng = random.Random(11)
    project = root / "bench.coder"
    subprocess.run([sys.executable, "-m", "coder", "init", str(project)], check=True, capture_output=True)
    texts = root / "texts"
    texts.mkdir()
    files = []
    for number in range(SOURCES):
        path = texts / f"s{number:04d}.txt"
        path.write_text("".join(rng.choices("abcde fghij\n", k=LENGTH)), encoding="utf-8")
        files.append(str(path))
    subprocess.run(coder(project, "import", *files), check=True, capture_output=True)
    rows: list[Row] = []
    for _ in range(CODINGS // CODERS):
        source = f"s{rng.randrange(SOURCES):04d}.txt"
        code = f"Code {rng.randrange(CODES):02d}"
        length = rng.randint(20, 600)
        start = rng.randrange(LENGTH - length)
        for number in range(CODERS):
            s = min(max(0, start + rng.randint(-15, 15)), LENGTH - 1)
            e = max(s + 1, min(LENGTH, start + length + rng.randint(-15, 15)))
            rows.append((source, f"coder{number}", code, s, e))
    csv_path = root / "codings.csv"
    csv_path.write_text(
        "source,coder,code,start,end\n" + "".join(f"{s},{c},{k},{a},{b}\n" for s, c, k, a, b in rows),
        encoding="utf-8",
    )
    subprocess.run(coder(project, "codings", "import", str(csv_path), "--create-codes"), check=True)
    return project, rows


def _children_cpu() -> float:
    """User and system time of the finished child processes so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def reused(folder: Path) -> tuple[Path, list[Row]] | None:
    """The project and codings that an earlier run built in ``folder``, if it finished."""
    project, csv_path = folder / "bench.coder", folder / "codings.csv"
    if not (folder / "built").exists():  # written only once the build finished
        return None
    rows: list[Row] = []
    for line in csv_path.read_text(encoding="utf-8").splitlines()[1:]:
        source, who, code, start, end = line.split(",")
        rows.append((source, who, code, int(start), int(end)))
    return project, rows


def read_codings(project: Path) -> int:
    """The baseline: every coding's row read with plain sqlite3 from the project file."""
    with sqlite3.connect(f"file:{project}?mode=ro", uri=True) as connection:
        tables = [
            name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        for table in tables:
            columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
            if "start" in columns and "end" in columns:
                names = ", ".join(f'"{column}"' for column in columns)
                return len(connection.execute(f'SELECT {names} FROM "{table}"').fetchall())
    raise SystemExit("no table of codings (with columns start and end) in the project file")


def expected_histograms(rows: list[Row]) -> dict[str, list[int]]:
    """The pooled histogram of each code, from the generated rows with one cell per character."""
    import numpy as np

    marks: dict[tuple[str, str], np.ndarray] = {}
    for source, who, code, start, end in rows:
        array = marks.setdefault((source, code), np.zeros((CODERS, LENGTH), dtype=bool))
        array[int(who[5:]), start:end] = True
    totals: dict[str, list[int]] = {}
    for (_source, code), array in marks.items():
        counts = np.bincount(array.sum(axis=0), minlength=CODERS + 1).tolist()
        total = totals.setdefault(code, [0] * (CODERS + 1))
        for j, n in enumerate(counts):
            total[j] += n
    for code, total in totals.items():  # sources where the code is absent: characters coded by nobody
        total[0] += (SOURCES - sum(1 for (_s, c) in marks if c == code)) * LENGTH
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="a folder for the project, reused when built there before")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        found = reused(args.keep) if args.keep is not None else None
        if found is not None:
            project, rows = found
            print(f"project reused from an earlier run ({len(rows):,} codings)")
        else:
            if args.keep is not None:  # a fresh folder: an unfinished earlier build is not reused
                shutil.rmtree(args.keep, ignore_errors=True)
                args.keep.mkdir(parents=True)
            began = time.perf_counter()
            project, rows = build(args.keep if args.keep is not None else root)
            if args.keep is not None:
                (args.keep / "built").write_text("", encoding="utf-8")
            print(f"project built through the command line in {time.perf_counter() - began:.1f} s")
        out = root / "agreement.json"
        command = coder(project, "agreement", "--json", str(out))
        walls, reads, cpus, read_cpus = [], [], [], []
        for _ in range(args.repeat):
            began, cpu = time.perf_counter(), time.process_time()
            count = read_codings(project)
            reads.append(time.perf_counter() - began)
            read_cpus.append(time.process_time() - cpu)
            began, cpu = time.perf_counter(), _children_cpu()
            done = subprocess.run(command, capture_output=True, text=True)
            walls.append(time.perf_counter() - began)
            cpus.append(_children_cpu() - cpu)
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
        report = json.loads(out.read_text(encoding="utf-8"))
        ours = {code["code"]: code["pooled"]["histogram"] for code in report["codes"]}
        same = ours == expected_histograms(rows) and count == len(rows)
    wall, read = min(walls), min(reads)
    print(f"coder agreement --json: {wall:.2f} s (goal < {GOAL_SECONDS:g} s, start-up included)")
    print(f"baseline, plain sqlite3 read of the {count:,} codings: {read:.2f} s; ratio {wall / read:.1f}")
    # On a shared machine the wall times wait for a core; processor times (user + system) wait less.
    cpu, read_cpu = min(cpus), min(read_cpus)
    print(f"processor time: coder {cpu:.2f} s, baseline {read_cpu:.2f} s; ratio {cpu / read_cpu:.1f}")
    print(f"pooled histograms equal to a per-character computation: {same}")
    print(
        json.dumps(
            {
                "benchmark": "agreement_cli",
                "coder_s": round(wall, 3),
                "baseline_s": round(read, 3),
                "ratio": round(wall / read, 2),
                "coder_cpu_s": round(cpu, 3),
                "baseline_cpu_s": round(read_cpu, 3),
                "codings": len(rows),
                "sources": SOURCES,
                "coders": CODERS,
                "codes": CODES,
                "goal_seconds": GOAL_SECONDS,
                "histograms_equal": same,
            }
        )
    )
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
