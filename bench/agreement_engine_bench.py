"""Benchmark of the agreement engine at team scale, against the cost of merely building its input.

Generates, in memory and seeded, 600,000 codings: 2,000 sources of 10,000 characters,
5 coders, 30 codes (passages that every coder codes with jittered ends; some coders code
the passage elsewhere). Then times, in the same run and best of ``--repeat``:

- the baseline: building the engine's input (``SpanCoding`` tuples grouped into
  ``SourceSpans`` and an ``AgreementInput``) from plain Python lists of rows, which is what
  reading the codings costs anyway;
- ``compute_agreement`` on that input: every statistic, by source and pooled, pairwise,
  segment agreement and the unitized alpha.

The goal is a ratio under 3. A slice of the sources is checked against a plain per-character
NumPy computation first. The last line printed is one JSON object.

Run: ``.venv/bin/python bench/agreement_engine_bench.py [--seed N] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable
from itertools import combinations
from typing import Any

import numpy as np

from coder.analysis.agreement import (
    AgreementInput,
    AgreementResult,
    CodeRef,
    SourceSpans,
    SpanCoding,
    compute_agreement,
)

SOURCES = 2_000
CHARACTERS = 10_000
CODERS = ("Ana", "Ben", "Chloe", "Dev", "Eli")
CODES = 30
CODINGS = 600_000
GOAL = 3.0

Row = tuple[int, str, str, int, int]  # source index, coder, code key, start, end


def make_rows(seed: int) -> list[Row]:
    """Passages that each coder codes with jittered ends; some coders code them elsewhere."""
    rng = random.Random(seed)
    rows: list[Row] = []
    for _ in range(CODINGS // len(CODERS)):
        source = rng.randrange(SOURCES)
        code = f"code-{rng.randrange(CODES):02d}"
        length = rng.randint(20, 600)
        start = rng.randrange(CHARACTERS - length)
        for coder in CODERS:
            if rng.random() < 0.15:  # this coder saw the passage elsewhere
                s = rng.randrange(CHARACTERS - length)
                rows.append((source, coder, code, s, s + length))
                continue
            s = min(max(0, start + rng.randint(-15, 15)), CHARACTERS - 1)
            e = max(s + 1, min(CHARACTERS, start + length + rng.randint(-15, 15)))
            rows.append((source, coder, code, s, e))
    return rows


def build_input(rows: list[Row]) -> AgreementInput:
    """The baseline: the engine's input from plain rows, as a service builds it after reading them."""
    grouped: list[list[SpanCoding]] = [[] for _ in range(SOURCES)]
    for source, coder, code, start, end in rows:
        grouped[source].append(SpanCoding(coder, code, start, end))
    sources = [
        SourceSpans(f"interview-{i:04d}.txt", CHARACTERS, tuple(codings)) for i, codings in enumerate(grouped)
    ]
    codes = [CodeRef(f"code-{k:02d}", f"Code {k}", f"Theme/Code {k}") for k in range(CODES)]
    return AgreementInput(sources, CODERS, codes, 0.9)


def check_slice(data: AgreementInput, count: int = 40) -> None:
    """Histograms, coded counts and pair overlaps of a few sources against one NumPy cell per character."""
    part = AgreementInput(data.sources[:count], data.coders, data.codes, data.overlap)
    result = compute_agreement(part)
    m = len(part.coders)
    pairs = list(combinations(range(m), 2))
    index = {coder: i for i, coder in enumerate(part.coders)}
    keys = {code.key: k for k, code in enumerate(part.codes)}
    both = np.zeros((len(keys), len(pairs)), dtype=np.int64)
    for number, source in enumerate(part.sources):
        cells = np.zeros((len(keys), m, source.characters), dtype=np.bool_)
        for coder, key, start, end in source.codings:
            cells[keys[key], index[coder], start:end] = True
        for k, code in enumerate(result.codes):
            stats = code.by_source[number].stats
            assert list(stats.histogram) == np.bincount(cells[k].sum(axis=0), minlength=m + 1).tolist()
            assert list(stats.coded) == cells[k].sum(axis=1).tolist()
            for p, (i, j) in enumerate(pairs):
                both[k, p] += int((cells[k, i] & cells[k, j]).sum())
    for k, code in enumerate(result.codes):
        assert [pair.stats.histogram[2] for pair in code.pairwise] == both[k].tolist()


def timed(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best = float("inf")
    value = None
    for _ in range(repeat):
        began = time.perf_counter()
        value = run()
        best = min(best, time.perf_counter() - began)
    return best, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20240517)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    rows = make_rows(args.seed)
    print(
        f"input: {SOURCES:,} sources × {CHARACTERS:,} characters, {len(CODERS)} coders, {CODES} codes, "
        f"{len(rows):,} codings"
    )
    baseline_s, data = timed(lambda: build_input(rows), args.repeat)
    check_slice(data)
    print("a slice of 40 sources agrees with a per-character NumPy computation")
    coder_s, result = timed(lambda: compute_agreement(data), args.repeat)
    assert isinstance(result, AgreementResult)
    ratio = coder_s / baseline_s
    print(f"baseline, building the engine's input from plain rows: {baseline_s:.3f} s")
    print(f"compute_agreement (all statistics, segments, pairwise, unitized alpha): {coder_s:.3f} s")
    print(f"ratio {ratio:.2f} (goal < {GOAL:g}); overall u-alpha {result.overall.u_alpha_binary}")
    print(
        json.dumps(
            {
                "benchmark": "agreement_engine",
                "coder_s": round(coder_s, 4),
                "baseline_s": round(baseline_s, 4),
                "ratio": round(ratio, 3),
                "codings": len(rows),
                "sources": SOURCES,
                "coders": len(CODERS),
                "codes": CODES,
                "goal_ratio": GOAL,
            }
        )
    )


if __name__ == "__main__":
    main()
