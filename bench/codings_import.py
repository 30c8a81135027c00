"""Benchmark: ``coder codings import`` of 100,000 CSV rows (target: under 5 s).

Run: ``.venv/bin/python bench/codings_import.py``. Prints its figures; the last
line is one JSON object.
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

ROWS = 100_000
SOURCES = 50
CODES = 20
CODERS = 3


def main() -> int:
    random.seed(7)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        project = root / "bench.coder"
        book = root / "book.yaml"
        book.write_text("codes:\n" + "".join(f"  - name: Code {k}\n" for k in range(CODES)), encoding="utf-8")
        texts = []
        for number in range(SOURCES):
            path = root / f"source-{number:03d}.txt"
            path.write_text(("word " * 4000)[:20_000], encoding="utf-8")
            texts.append(path)
        coder = [sys.executable, "-m", "coder", "--project", str(project)]
        subprocess.run([*coder[:3], "init", str(project), "--codebook", str(book)], check=True)
        subprocess.run([*coder, "import", *map(str, texts)], check=True, capture_output=True)
        lines = ["source,coder,code,start,end,memo"]
        for _ in range(ROWS):
            start = random.randrange(0, 19_000)
            lines.append(
                f"source-{random.randrange(SOURCES):03d}.txt,coder{random.randrange(CODERS)},"
                f"Code {random.randrange(CODES)},{start},{start + random.randrange(1, 900)},"
            )
        csv_path = root / "codings.csv"
        csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        began = time.perf_counter()
        done = subprocess.run([*coder, "codings", "import", str(csv_path)], capture_output=True, text=True)
        seconds = time.perf_counter() - began
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    figures = {
        "rows": ROWS,
        "seconds_including_startup": round(seconds, 3),
        "target_seconds": 5,
        "peak_rss_mib_children": round(peak_kib / 1024, 1),
    }
    print(
        f"codings import of {ROWS} rows: {seconds:.2f} s (target < 5 s), peak RSS {peak_kib / 1024:.0f} MiB"
    )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
