"""Benchmark of the pure agreement engine against a per-character NumPy computation.

Builds, in memory, 200 sources of 10,000 characters, 3 coders, 20 codes and
60,000 codings; times ``compute_agreement`` (and the JSON it feeds), then the
same histograms computed with one array cell per character; checks that both
agree; measures peak memory of each with tracemalloc. The last line printed is
one JSON object with the figures.

Run: ``.venv/bin/python bench/agreement_engine_bench.py [--seed N] [--characters N]`` (with
longer sources the engine's time stays put while the per-character time grows).
"""

from __future__ import annotations

import argparse
import json
import random
import time
import tracemalloc
from collections.abc import Callable
from itertools import combinations
from typing import Any

import numpy as np

from coder.analysis.agreement import (
    AgreementInput,
    AgreementResult,
    CodeRef,
    SourceSpans,
    compute_agreement,
    to_json_dict,
)

SOURCES = 200
CHARACTERS = 10_000
CODERS = ("Ana", "Ben", "Chloe")
CODES = 20
CODINGS = 60_000


def make_input(seed: int, characters: int = CHARACTERS) -> AgreementInput:
    """Passages that each coder codes with jittered ends; some codings land elsewhere, some are repeated."""
    rng = random.Random(seed)
    per_source: list[list[tuple[str, str, int, int]]] = [[] for _ in range(SOURCES)]
    for _ in range(CODINGS // len(CODERS)):
        source = rng.randrange(SOURCES)
        code = f"code-{rng.randrange(CODES):02d}"
        length = rng.randint(20, 600)
        start = rng.randrange(characters - length)
        for coder in CODERS:
            if rng.random() < 0.15:  # this coder saw the passage elsewhere
                s = rng.randrange(characters - length)
                per_source[source].append((coder, code, s, s + length))
                continue
            s = min(max(0, start + rng.randint(-15, 15)), characters - 1)
            e = max(s + 1, min(characters, start + length + rng.randint(-15, 15)))
            per_source[source].append((coder, code, s, e))
    sources = [
        SourceSpans(f"interview-{i:03d}.txt", characters, codings) for i, codings in enumerate(per_source)
    ]
    codes = [CodeRef(f"code-{k:02d}", f"Code {k}", f"Theme/Code {k}") for k in range(CODES)]
    return AgreementInput(sources, CODERS, codes, 0.9)


def engine(data: AgreementInput) -> tuple[AgreementResult, str]:
    result = compute_agreement(data)
    return result, json.dumps(to_json_dict(result))


def per_character(data: AgreementInput) -> dict[str, Any]:
    """Pooled histograms, coded counts and pairwise overlaps, with one array cell per character."""
    m = len(data.coders)
    index = {coder: i for i, coder in enumerate(data.coders)}
    keys = {code.key: k for k, code in enumerate(data.codes)}
    histograms = np.zeros((len(keys), m + 1), dtype=np.int64)
    coded = np.zeros((len(keys), m), dtype=np.int64)
    both = np.zeros((len(keys), m, m), dtype=np.int64)
    for source in data.sources:
        cells = np.zeros((len(keys), m, source.characters), dtype=np.bool_)
        for coder, key, start, end in source.codings:
            cells[keys[key], index[coder], start:end] = True
        counts = cells.sum(axis=1)
        for k in range(len(keys)):
            histograms[k] += np.bincount(counts[k], minlength=m + 1)
        coded += cells.sum(axis=2)
        for i, j in combinations(range(m), 2):
            both[:, i, j] += (cells[:, i] & cells[:, j]).sum(axis=1)
    return {"histograms": histograms, "coded": coded, "both": both}


def timed(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best = float("inf")
    value = None
    for _ in range(repeat):
        began = time.perf_counter()
        value = run()
        best = min(best, time.perf_counter() - began)
    return best, value


def peak_mib(run: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20240517)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--characters", type=int, default=CHARACTERS, help="length of each source")
    args = parser.parse_args()

    began = time.perf_counter()
    data = make_input(args.seed, args.characters)
    made = time.perf_counter() - began
    codings = sum(len(source.codings) for source in data.sources)
    print(
        f"input: {len(data.sources)} sources × {args.characters:,} characters, {len(data.coders)} coders, "
        f"{len(data.codes)} codes, {codings:,} codings (built in {made:.2f} s)"
    )

    engine_s, (result, document) = timed(lambda: engine(data), args.repeat)
    compute_s, _ = timed(lambda: compute_agreement(data), args.repeat)
    numpy_s, reference = timed(lambda: per_character(data), args.repeat)

    for k, code in enumerate(result.codes):
        assert list(code.pooled.histogram) == reference["histograms"][k].tolist(), code.code.key
        assert list(code.pooled.coded) == reference["coded"][k].tolist(), code.code.key
        for pair, (i, j) in zip(code.pairwise, combinations(range(len(data.coders)), 2), strict=True):
            assert pair.stats.histogram[2] == reference["both"][k, i, j], (code.code.key, pair.coders)
    print("engine and per-character histograms agree")

    engine_peak = peak_mib(lambda: engine(data))
    numpy_peak = peak_mib(lambda: per_character(data))
    print(
        f"engine (compute + JSON): {engine_s:.3f} s (compute alone {compute_s:.3f} s), "
        f"peak {engine_peak:.1f} MiB; JSON {len(document) / 1024:.0f} KiB"
    )
    print(
        f"per character with NumPy (histograms and pair overlaps only): {numpy_s:.3f} s, "
        f"peak {numpy_peak:.1f} MiB"
    )
    print(
        json.dumps(
            {
                "sources": len(data.sources),
                "characters": sum(source.characters for source in data.sources),
                "coders": len(data.coders),
                "codes": len(data.codes),
                "codings": codings,
                "engine_seconds": round(engine_s, 4),
                "engine_compute_seconds": round(compute_s, 4),
                "numpy_per_character_seconds": round(numpy_s, 4),
                "engine_peak_mib": round(engine_peak, 2),
                "numpy_peak_mib": round(numpy_peak, 2),
                "krippendorff_alpha_mean": result.overall.krippendorff_alpha,
            }
        )
    )


if __name__ == "__main__":
    main()
