"""Benchmark: a team coding one server project at once (targets: lost 0, commit p95 < 50 ms, seen < 2 s).

Starts a throwaway PostgreSQL server (as the tests do), makes a project with 20 sources and 20 codes,
and adds 20 coders to its team, each a login role of their own. Then each coder, in a process of its
own, applies 500 codings through the services, one transaction each, all coders at once, while
another session of the project listens (as the app does) and notes when it sees each coding.

Baseline, measured first in the same run: one coder alone applying the same 500 codings. Prints the
figures; the last line is one JSON object with ``coders``, ``codings``, ``commit_ms_p50``,
``commit_ms_p95``, ``codings_per_s``, ``visible_to_other_ms_p95``, ``lost``, the baseline and the ratio.

Run: ``.venv/bin/python bench/team.py [CODERS] [CODINGS_EACH]``.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from coder.domain.changes import Changes  # noqa: E402
from coder.domain.model import ImportedText, new_id  # noqa: E402
from coder.services import codebook, coders, codings, sources, team  # noqa: E402
from coder.services.project import create_project, open_project  # noqa: E402
from pg_server import start_server  # noqa: E402

SOURCES = 20
CODES = 20
TEXT = "Moscow and Beijing drill together while Washington watches the partners. " * 300


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def coder_work(url: str, count: int, seed: int, start: Any, results: Any) -> None:
    """One coder: ``count`` codings, each its own transaction; reports (id, ms, commit end time)."""
    random.seed(seed)
    with open_project(url) as project:
        me = team.current_member(project)
        assert me is not None
        coder_id = coders.find_coder(project, me.coder).id
        source_ids = [info.id for info in sources.list_sources(project)]
        code_ids = [code.id for code in codebook.get_codebook(project).codes]
        start.wait(300)
        done = []
        for _ in range(count):
            begin = random.randrange(0, len(TEXT) - 200)
            coding_id = new_id()
            started = time.perf_counter()
            codings.add_coding(
                project,
                random.choice(source_ids),
                random.choice(code_ids),
                coder_id,
                begin,
                begin + random.randrange(5, 200),
                coding_id=coding_id,
            )
            done.append((coding_id, (time.perf_counter() - started) * 1000, time.time()))
        results.put(done)


def run_round(server: Any, url: str, names: list[str], count: int) -> dict[str, Any]:
    import psycopg

    database = str(psycopg.conninfo.conninfo_to_dict(url)["dbname"])
    seen: dict[str, float] = {}
    lock = threading.Lock()

    def heard(changes: Changes) -> None:
        moment = time.time()
        with lock:
            for coding in changes.added:
                seen.setdefault(coding.id, moment)

    status: list[str] = []
    with open_project(url) as watcher:
        stop = watcher.watch(heard, status.append)
        while not status:
            time.sleep(0.01)
        context = multiprocessing.get_context("fork")
        start = context.Barrier(len(names) + 1)
        results = context.Queue()
        workers = [
            context.Process(
                target=coder_work, args=(server.url(database, user=name), count, n, start, results)
            )
            for n, name in enumerate(names)
        ]
        for worker in workers:
            worker.start()
        start.wait(300)
        began = time.perf_counter()
        done: list[tuple[str, float, float]] = []
        for _ in workers:
            done.extend(results.get(timeout=600))
        elapsed = time.perf_counter() - began
        for worker in workers:
            worker.join(60)
        deadline = time.time() + 10
        while time.time() < deadline:
            with lock:
                if all(coding_id in seen for coding_id, _ms, _end in done):
                    break
            time.sleep(0.05)
        stop()
    visible = [(seen[c] - end) * 1000 for c, _ms, end in done if c in seen]
    commits = [ms for _c, ms, _end in done]
    return {
        "commits": commits,
        "elapsed": elapsed,
        "visible": visible,
        "unseen": len(done) - len(visible),
        "done": len(done),
    }


def main() -> int:
    team_size = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    each = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    server = start_server()
    if server is None:
        print("no PostgreSQL server programs (initdb, pg_ctl) found; install Debian's postgresql package")
        return 1
    try:
        url = server.url(server.new_database("bench"))
        names = [f"coder{n:02d}" for n in range(team_size)]
        with create_project(url) as project:
            sources.store(project, [ImportedText(f"s{n:02d}.txt", "txt", TEXT) for n in range(SOURCES)])
            for n in range(CODES):
                codebook.add_code(project, f"Code {n}")
            for name in [*names, "alone"]:
                team.add_member(project, name, "coder")
        baseline = run_round(server, url, ["alone"], each)
        result = run_round(server, url, names, each)
        with open_project(url) as project:
            stored = {c.id for c in codings.list_codings(project)}
        lost = team_size * each + each - len(stored)  # every coding of both rounds must be stored
        alone_p95 = percentile(baseline["commits"], 0.95)
        figures = {
            "coders": team_size,
            "codings": result["done"],
            "commit_ms_p50": round(percentile(result["commits"], 0.50), 2),
            "commit_ms_p95": round(percentile(result["commits"], 0.95), 2),
            "codings_per_s": round(result["done"] / result["elapsed"], 1),
            "visible_to_other_ms_p95": round(percentile(result["visible"], 0.95), 1),
            "unseen_by_other": result["unseen"],
            "lost": lost,
            "baseline_alone_commit_ms_p95": round(alone_p95, 2),
            "ratio_commit_p95_to_alone": round(percentile(result["commits"], 0.95) / alone_p95, 2),
        }
        print(
            f"one coder alone: commit p95 {alone_p95:.1f} ms over {each} codings\n"
            f"{team_size} coders at once: {result['done']} codings in {result['elapsed']:.1f} s "
            f"({figures['codings_per_s']}/s), commit p50 {figures['commit_ms_p50']} ms, "
            f"p95 {figures['commit_ms_p95']} ms; seen by another session p95 "
            f"{figures['visible_to_other_ms_p95']} ms ({result['unseen']} not seen); lost {lost}"
        )
        print(json.dumps(figures))
        return 0 if lost == 0 else 1
    finally:
        server.stop()


if __name__ == "__main__":
    raise SystemExit(main())
