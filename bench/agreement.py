"""Benchmark: ``coder agreement --json`` on a large project (target: under 2 s wall, start-up included).

200 sources of 10,000 characters, 3 coders, 20 codes, 60,000 codings. Prints the
wall time of the command, its peak memory, and the same histograms computed per
character with NumPy for comparison. The last line is one JSON object.
Run: ``.venv/bin/python bench/agreement.py``.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOURCES, LENGTH, CODERS, CODES, CODINGS = 200, 10_000, 3, 20, 60_000


def build(root: Path) -> tuple[Path, list[tuple[str, str, str, int, int]]]:
    from coder.domain.model import CodeSpec
    from coder.services import codebook, sources
    from coder.services.codings_csv import import_codings_csv
    from coder.services.project import create_project

    random.seed(11)
    project_path = root / "bench.coder"
    project = create_project(project_path)
    codebook.load_specs(project, [CodeSpec((f"Code {k}",)) for k in range(CODES)])
    files = []
    for number in range(SOURCES):
        path = root / f"s{number:03d}.txt"
        path.write_text("".join(random.choice("abcde fghij\n") for _ in range(LENGTH)), encoding="utf-8")
        files.append(path)
    sources.import_files(project, files)
    rows = []
    for _ in range(CODINGS):
        start = random.randrange(LENGTH - 1)
        end = min(LENGTH, start + random.randrange(1, 400))
        rows.append(
            (
                f"s{random.randrange(SOURCES):03d}.txt",
                f"coder{random.randrange(CODERS)}",
                f"Code {random.randrange(CODES)}",
                start,
                end,
            )
        )
    csv_path = root / "codings.csv"
    csv_path.write_text(
        "source,coder,code,start,end\n" + "".join(",".join(map(str, r)) + "\n" for r in rows),
        encoding="utf-8",
    )
    import_codings_csv(project, csv_path)
    project.close()
    return project_path, rows


def numpy_histograms(rows: list[tuple[str, str, str, int, int]]) -> tuple[float, dict[str, list[int]]]:
    import numpy as np

    began = time.perf_counter()
    marks: dict[tuple[str, str], np.ndarray] = {}
    for source, coder, code, start, end in rows:
        key = (source, code)
        if key not in marks:
            marks[key] = np.zeros((CODERS, LENGTH), dtype=bool)
        marks[key][int(coder[5:]), start:end] = True
    totals: dict[str, list[int]] = {}
    for (_source, code), array in marks.items():
        counts = np.bincount(array.sum(axis=0), minlength=CODERS + 1)
        total = totals.setdefault(code, [0] * (CODERS + 1))
        for j in range(CODERS + 1):
            total[j] += int(counts[j])
    # sources where a code is absent add units coded by nobody
    for code, total in totals.items():
        present = sum(1 for (_s, c) in marks if c == code)
        total[0] += (SOURCES - present) * LENGTH
    return time.perf_counter() - began, totals


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        project, rows = build(root)
        out = root / "agreement.json"
        command = [sys.executable, "-m", "coder", "--project", str(project), "agreement", "--json", str(out)]
        subprocess.run(command, check=True, capture_output=True)  # warm the file cache once
        walls = []
        for _ in range(3):
            began = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True)
            walls.append(time.perf_counter() - began)
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        report = json.loads(out.read_text(encoding="utf-8"))
        numpy_seconds, histograms = numpy_histograms(rows)
        ours = {c["code"]: c["pooled"]["histogram"] for c in report["codes"]}
        same = all(ours[code] == histograms[code] for code in histograms)
    figures = {
        "sources": SOURCES,
        "characters_per_source": LENGTH,
        "coders": CODERS,
        "codes": CODES,
        "codings": CODINGS,
        "wall_seconds_best": round(min(walls), 3),
        "wall_seconds_worst": round(max(walls), 3),
        "target_seconds": 2,
        "peak_rss_mib": round(peak_mib, 1),
        "numpy_per_character_seconds": round(numpy_seconds, 3),
        "histograms_equal_numpy": same,
    }
    print(f"coder agreement --json: best {min(walls):.2f} s, worst {max(walls):.2f} s (target < 2 s)")
    print(
        f"peak memory {peak_mib:.0f} MiB; NumPy per character {numpy_seconds:.2f} s; same histograms: {same}"
    )
    print(json.dumps(figures))
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
