"""What every benchmark shares: repeated timing, a baseline measured in the same run, one JSON line each.

The machines are shared, so an absolute time drifts with whatever else runs; a ratio to a baseline
measured moments before, on the same machine, does not. Each figure is the median of several runs.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent


def coder_command() -> list[str]:
    """The installed ``coder`` entry point next to this Python (as a user runs it)."""
    script = BIN / "coder"
    if script.exists():
        return [str(script)]
    found = shutil.which("coder")
    return [found] if found else [sys.executable, "-m", "coder"]


def compile_coder() -> None:
    """Byte-compile coder's modules, as installing a package does (pip compiles them on install).

    In a checkout run with PYTHONDONTWRITEBYTECODE set, every start would otherwise compile coder's
    sources again: some 70 ms that no installed copy pays.
    """
    import importlib.util

    spec = importlib.util.find_spec("coder")
    if spec is None or not spec.submodule_search_locations:
        return
    folder = list(spec.submodule_search_locations)[0]
    subprocess.run([sys.executable, "-m", "compileall", "-q", folder], check=True, capture_output=True)


def median_seconds(work: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run_quietly(command: Sequence[str], **kwargs: Any) -> None:
    done = subprocess.run(list(command), capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} failed: {done.stderr.strip()[:500]}")


def report(
    name: str,
    coder_s: float,
    baseline_s: float,
    baseline: str,
    goal_ratio: float | None = None,
    goal_s: float | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Print a readable line and the JSON line for one figure; returns the figure."""
    ratio = coder_s / baseline_s if baseline_s > 0 else float("inf")
    met = (goal_ratio is None or ratio < goal_ratio) and (goal_s is None or coder_s < goal_s)
    goals = " and ".join(
        part
        for part in (
            f"ratio < {goal_ratio:g}" if goal_ratio is not None else "",
            f"under {goal_s:g} s" if goal_s is not None else "",
        )
        if part
    )
    print(
        f"{name}: coder {coder_s:.3f} s, baseline ({baseline}) {baseline_s:.3f} s, ratio {ratio:.2f}"
        + (f" — goal {goals}: {'met' if met else 'NOT met'}" if goals else "")
    )
    figure = {
        "benchmark": name,
        "coder_s": round(coder_s, 4),
        "baseline_s": round(baseline_s, 4),
        "ratio": round(ratio, 3),
        "baseline": baseline,
        "goal_ratio": goal_ratio,
        "goal_s": goal_s,
        "met": met,
        **extra,
    }
    print(json.dumps(figure), flush=True)
    return figure
