"""Start-up: ``coder --version``, ``coder --help`` and ``coder sources`` against a bare Python.

Goals (issue 13): --version and --help under 3 times ``python -c pass``; ``coder sources`` on a
project holding the study corpus (or, without ../shared, five generated texts of the same sizes) under
0.3 s. Run: ``.venv/bin/python bench/startup.py``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from harness import coder_command, compile_coder, median_seconds, report, run_quietly

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def corpus_files(folder: Path) -> list[Path]:
    found = sorted(p for p in CORPUS.glob("*") if p.suffix in (".md", ".txt", ".pdf", ".docx"))
    if found:
        return [p for p in found if p.name != "README.md"]
    made = []
    for number, size in enumerate((85_000, 9_000, 82_000, 8_800, 85_000)):
        path = folder / f"text-{number}.txt"
        path.write_text(("word " * (size // 5 + 1))[:size], encoding="utf-8")
        made.append(path)
    return made


def main() -> int:
    coder = coder_command()
    compile_coder()
    bare = [sys.executable, "-c", "pass"]

    def call(command: list[str]) -> None:
        subprocess.run(command, capture_output=True, check=True)

    for _ in range(2):  # warm the file cache and the compiled modules
        call(bare)
        call([*coder, "--version"])
    baseline = median_seconds(lambda: call(bare), repeat=9)
    version = median_seconds(lambda: call([*coder, "--version"]), repeat=9)
    report("coder --version", version, baseline, "python -c pass", goal_ratio=3)
    baseline = median_seconds(lambda: call(bare), repeat=9)
    helped = median_seconds(lambda: call([*coder, "--help"]), repeat=9)
    report("coder --help", helped, baseline, "python -c pass", goal_ratio=3)
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "corpus.coder"
        run_quietly([*coder, "init", str(project)])
        files = corpus_files(Path(folder))
        run_quietly([*coder, "--project", str(project), "import", *map(str, files)])
        listing = [*coder, "--project", str(project), "sources"]
        call(listing)
        baseline = median_seconds(lambda: call(bare), repeat=9)
        listed = median_seconds(lambda: call(listing), repeat=9)
        report("coder sources (corpus project)", listed, baseline, "python -c pass", goal_s=0.3)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
