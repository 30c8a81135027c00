"""A study for the consensus tests: one text coded by two coders with seeded random codings.

The expected consensus is computed here independently of coder's sweep: with sets of character
offsets, as the specification words it ("the characters coded by both coders as maximal runs").
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from coder.domain.model import Coding, new_id
from coder.services import codebook, coders, codings, sources
from coder.services.project import Project

CODES = ("Entrapment", "Abandonment", "Trust", "Exercises")
SMALL_TEXT = (
    "Joint drills 🎯 at sea; 北京 and Moscow talk of partnership, not alliance.\n"
    "Each side fears being dragged into the other's war, and each fears being left alone.\n"
) * 12


@dataclass
class Study:
    project: Project
    source_id: str
    text: str
    codes: dict[str, str]  # name -> id
    coders: dict[str, str]  # name -> id


def only_touch(spans: list[tuple[int, int]]) -> bool:
    """Whether two of the spans meet end to start without any overlap joining them."""
    points = sorted(spans)
    reach = -1
    for start, end in points:
        if start == reach:
            return True
        reach = max(reach, end)
    return False


def random_spans(rng: random.Random, length: int, count: int, longest: int) -> list[tuple[int, int]]:
    """``count`` spans inside ``[0, length)``, none only touching another (retried until so)."""
    while True:
        spans = []
        for _ in range(count):
            start = rng.randrange(0, length - 1)
            spans.append((start, min(length, start + rng.randint(1, longest))))
        if not only_touch(spans):
            return spans


def make_study(project: Project, folder: Path, file: Path | None = None, seed: int = 14) -> Study:
    """Import ``file`` (or a small text written here) and code it by A and B at random, seeded."""
    if file is None:
        folder.mkdir(parents=True, exist_ok=True)
        file = folder / "small.txt"
        file.write_text(SMALL_TEXT, encoding="utf-8")
    [info] = sources.import_files(project, [file])
    text = sources.source_text(project, info.id)
    codes = {name: codebook.add_code(project, name).id for name in CODES}
    people = {name: coders.ensure_coder(project, name).id for name in ("A", "B")}
    rng = random.Random(seed)
    made: list[Coding] = []
    longest = max(20, len(text) // 25)
    for coder_id in people.values():
        for code_id in codes.values():
            for start, end in random_spans(rng, len(text), rng.randint(3, 12), longest):
                made.append(Coding(new_id(), info.id, code_id, coder_id, start, end))
    codings.restore_codings(project, made)
    return Study(project, info.id, text, codes, people)


def characters(spans: Iterable[tuple[int, int]]) -> set[int]:
    return {offset for start, end in spans for offset in range(start, end)}


def runs(offsets: set[int]) -> list[tuple[int, int]]:
    """Maximal runs of consecutive offsets, in order."""
    found: list[tuple[int, int]] = []
    for offset in sorted(offsets):
        if found and found[-1][1] == offset:
            found[-1] = (found[-1][0], offset + 1)
        else:
            found.append((offset, offset + 1))
    return found


def spans_of(project: Project, coder_id: str, code_id: str) -> list[tuple[int, int]]:
    return [(c.start, c.end) for c in codings.list_codings(project, coder_ids=[coder_id], code_ids=[code_id])]
