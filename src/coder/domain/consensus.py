"""A team's consensus: where its codings came from, its decisions, and how a decision changes it.

The consensus is an ordinary coder. Each of its codings records its origin in ``Coding.provenance``:
a JSON list of parts, each covering ``[start, end)`` of the coding and saying from which coders it was
accepted (``from``; empty for a span drawn by hand), who decided (``by``), when (``at``, ISO 8601 in
UTC), an optional ``note`` and the decision it came from (``decision``; null for the spans on which all
compared coders agreed when the consensus was built).

The consensus's codings of one code in one source are kept as maximal runs: a settled span merges with
every consensus coding of that code it overlaps or touches, and the merged coding keeps all their parts
(see :func:`settle`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from coder.domain.model import Coding, new_id
from coder.domain.spans import Span, union

DEFAULT_NAME = "consensus"
CHOICES = ("coders", "none", "manual")
ID_LENGTH = 8  # hex digits of a disagreement's id, more only where two would collide


# --- values ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a consensus coding's provenance: ``[start, end)`` and where it came from."""

    start: int
    end: int
    coders: tuple[str, ...]  # accepted from these coders (names); () when drawn by hand
    by: str  # who decided
    at: str  # when, ISO 8601 UTC
    note: str = ""
    decision: str | None = None  # the decision's id; None for what all coders agreed on at the build

    @property
    def by_hand(self) -> bool:
        return not self.coders


@dataclass(frozen=True, slots=True)
class ConsensusInfo:
    """A consensus of a project: its coder and the coders it compares (ids, in their order)."""

    coder_id: str
    name: str
    compared: tuple[str, ...]
    built_by: str
    built_at: datetime


@dataclass(frozen=True, slots=True)
class Decision:
    """How one stretch ``[start, end)`` of one code in one source was settled.

    ``choice`` is ``coders`` (accepted from ``coders``: the consensus codes it when one of them did),
    ``none`` (the consensus leaves it uncoded) or ``manual`` (a span drawn by hand).
    """

    id: str
    consensus_id: str
    source_id: str
    code_id: str
    start: int
    end: int
    choice: str
    coders: tuple[str, ...]
    decided_by: str
    decided_at: datetime
    note: str = ""


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A maximal stretch of one code in one source that some but not all compared coders coded."""

    id: str  # short, stable while the codings do not change
    key: str  # the full hash the id is taken from
    source_id: str
    source: str
    code_id: str
    code: str
    code_path: str
    start: int
    end: int
    coders: tuple[str, ...]  # who coded it, in the order of the compared coders
    text: str = ""


# --- provenance as JSON ----------------------------------------------------------------------------------


def provenance_text(parts: Sequence[Part]) -> str:
    """The JSON stored in ``Coding.provenance`` ('' for no parts)."""
    if not parts:
        return ""
    return json.dumps(
        [
            {
                "from": list(part.coders),
                "by": part.by,
                "at": part.at,
                "note": part.note,
                "start": part.start,
                "end": part.end,
                "decision": part.decision,
            }
            for part in parts
        ],
        ensure_ascii=False,
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _offset(value: Any, default: int, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        return default
    return min(max(value, low), high)


def parse_provenance(text: str, start: int, end: int) -> tuple[Part, ...]:
    """The parts of a coding ``[start, end)`` from its provenance; () when there is none or it is unreadable.

    A single object is read as one part; a part without offsets covers the whole coding.
    """
    if not text.strip():
        return ()
    try:
        data = json.loads(text)
    except ValueError:
        return ()
    items = [data] if isinstance(data, dict) else data if isinstance(data, list) else []
    parts: list[Part] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        coders = item.get("from", [])
        coders = [coders] if isinstance(coders, str) else coders if isinstance(coders, list) else []
        part_start = _offset(item.get("start"), start, start, end)
        part_end = _offset(item.get("end"), end, start, end)
        if part_start >= part_end:
            continue
        decision = item.get("decision")
        parts.append(
            Part(
                part_start,
                part_end,
                tuple(name for name in coders if isinstance(name, str)),
                _text(item.get("by")),
                _text(item.get("at")),
                _text(item.get("note")),
                decision if isinstance(decision, str) else None,
            )
        )
    return tuple(parts)


def _names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def describe(parts: Sequence[Part]) -> str:
    """The provenance in one line of words, for people and other programs' comment fields."""
    pieces = []
    for part in parts:
        origin = "drawn by hand" if part.by_hand else f"accepted from {_names(part.coders)}"
        if part.decision is None and not part.by_hand:
            origin = f"agreed by {_names(part.coders)}"
        when = part.at[:10] if part.at else "an unknown date"
        note = " ".join(part.note.split())
        piece = f"{part.start}-{part.end} {origin}, decided by {part.by or 'unknown'} on {when}"
        pieces.append(piece + (f" (note: {note})" if note else ""))
    return "Consensus coding: " + "; ".join(pieces) + "." if pieces else ""


# --- disagreement ids -------------------------------------------------------------------------------------


def disagreement_key(consensus_id: str, source_id: str, code_id: str, start: int, end: int) -> str:
    """The full hash behind a disagreement's id: the same stretch always gets the same one."""
    return hashlib.sha256(f"{consensus_id}\n{source_id}\n{code_id}\n{start}\n{end}".encode()).hexdigest()


def short_ids(keys: Sequence[str]) -> list[str]:
    """For each key its first :data:`ID_LENGTH` digits, or more where two keys would share them."""
    result = [key[:ID_LENGTH] for key in keys]
    length = ID_LENGTH
    while length < 64:
        groups: dict[str, list[int]] = {}
        for index, short in enumerate(result):
            groups.setdefault(short, []).append(index)
        clashes = [indexes for indexes in groups.values() if len(indexes) > 1]
        if not clashes:
            break
        length += 2
        for indexes in clashes:
            for index in indexes:
                result[index] = keys[index][:length]
    return result


def settled(start: int, end: int, ranges: Iterable[Span]) -> bool:
    """Whether ``[start, end)`` lies inside one of the decided ``ranges``."""
    return any(low <= start and end <= high for low, high in ranges)


# --- settling a stretch -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Plan:
    """What a decision does to the consensus's codings of one code in one source."""

    removed: tuple[Coding, ...]
    added: tuple[Coding, ...]


def _outside(coding: Coding, region: Span) -> list[Span]:
    low, high = region
    kept = [(coding.start, min(coding.end, low)), (max(coding.start, high), coding.end)]
    return [(s, e) for s, e in kept if s < e]


def _join(parts: list[Part]) -> tuple[Part, ...]:
    """Parts in text order; touching or overlapping parts with the same origin become one."""
    parts.sort(key=lambda p: (p.start, p.end, p.at))
    joined: list[Part] = []
    for part in parts:
        last = joined[-1] if joined else None
        if (
            last is not None
            and part.start <= last.end
            and replace(part, start=0, end=0) == replace(last, start=0, end=0)
        ):
            joined[-1] = replace(last, end=max(last.end, part.end))
        else:
            joined.append(part)
    return tuple(joined)


def settle(
    existing: Sequence[Coding],
    region: Span,
    covered: Sequence[Part],
    moment: datetime,
    place: tuple[str, str, str],
) -> Plan:
    """Set the consensus within ``region`` to exactly the ``covered`` parts (spans inside ``region``).

    ``existing`` are the consensus's codings of one code in one source; new codings go to ``place``
    (source id, code id, consensus coder id). Coverage outside ``region``
    stays; the result is kept as maximal runs, each keeping the parts of the codings merged into it.
    A coding that neither meets the region nor merges with anything stays as it is.
    """
    if not existing and not covered:
        return Plan((), ())
    kept = {coding.id: _outside(coding, region) for coding in existing}
    spans = [span for pieces in kept.values() for span in pieces] + [(p.start, p.end) for p in covered]
    removed: dict[str, Coding] = {c.id: c for c in existing if not kept[c.id]}
    added: list[Coding] = []
    for run_start, run_end in union(spans):
        inside = [
            (coding, [s for s in kept[coding.id] if run_start <= s[0] and s[1] <= run_end])
            for coding in existing
        ]
        contributors = [(coding, pieces) for coding, pieces in inside if pieces]
        news = [part for part in covered if run_start <= part.start and part.end <= run_end]
        if not news and len(contributors) == 1:
            coding = contributors[0][0]
            if (coding.start, coding.end) == (run_start, run_end):
                continue  # untouched
        parts: list[Part] = list(news)
        memos: list[str] = []
        for coding, pieces in contributors:
            removed[coding.id] = coding
            if coding.memo.strip() and coding.memo not in memos:
                memos.append(coding.memo)
            for part in parse_provenance(coding.provenance, coding.start, coding.end):
                for low, high in pieces:
                    if max(part.start, low) < min(part.end, high):
                        parts.append(replace(part, start=max(part.start, low), end=min(part.end, high)))
        created = min((c.created_at for c, _ in contributors), default=moment)
        added.append(
            Coding(
                new_id(),
                *place,
                start=run_start,
                end=run_end,
                memo="\n\n".join(memos),
                created_at=created,
                changed_at=moment,
                provenance=provenance_text(_join(parts)),
            )
        )
    return Plan(tuple(removed.values()), tuple(added))
