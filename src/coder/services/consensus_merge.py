"""Merging the consensus coders and decisions of another coder's project file into this one.

A consensus comes along with its coder (matched by name like every coder). When this project has no
consensus for that coder yet, it is registered with the compared coders as the file names them; when it
has one comparing the same coders, the file's decisions are added; a decision already here (same id, or
the same place and choice) counts as present, so merging the same file twice adds nothing. Merged
decisions cannot be undone here: the codings they made were merged as codings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from coder.domain.bundle import ProjectBundle
from coder.domain.consensus import ConsensusInfo
from coder.domain.ids import usable_id
from coder.domain.model import new_id
from coder.storage.unit_of_work import UnitOfWork


def merge_consensus(
    uow: UnitOfWork,
    bundle: ProjectBundle,
    coder_ids: Mapping[str, str],
    source_ids: Mapping[str, str],
    code_ids: Mapping[str, str],
) -> list[str]:
    """Add the bundle's consensus coders and decisions; returns notes on what came along."""
    if not bundle.consensus:
        return []
    notes: list[str] = []
    here = {info.coder_id: info for info in uow.consensus.all()}
    taken = uow.consensus.decision_ids()
    places = {
        (d.consensus_id, d.source_id, d.code_id, d.start, d.end, d.choice, d.coders)
        for d in uow.consensus.decisions()
    }
    mapped: dict[str, str] = {}  # the file's consensus coder id -> ours, for those whose decisions merge
    names = uow.coders.names()
    for info in bundle.consensus:
        coder_id = coder_ids[info.coder_id]
        compared = tuple(coder_ids[c] for c in info.compared)
        name = names.get(coder_id, info.name)
        existing = here.get(coder_id)
        if existing is None:
            if coder_id in compared:
                notes.append(f"The consensus '{name}' compares itself here; its decisions were not merged.")
                continue
            uow.consensus.insert(ConsensusInfo(coder_id, name, compared, info.built_by, info.built_at))
        elif set(existing.compared) != set(compared):
            notes.append(
                f"The consensus '{name}' here compares other coders than the one merged in; its decisions "
                "were not merged (its codings were)."
            )
            continue
        mapped[info.coder_id] = coder_id
    added: dict[str, int] = {}
    for decision in bundle.decisions:
        consensus_id = mapped.get(decision.consensus_id)
        if consensus_id is None:
            continue
        source_id, code_id = source_ids[decision.source_id], code_ids[decision.code_id]
        place = (
            consensus_id,
            source_id,
            code_id,
            decision.start,
            decision.end,
            decision.choice,
            decision.coders,
        )
        if decision.id in taken or place in places:
            continue
        decision_id = usable_id(decision.id, taken) or new_id()
        taken.add(decision_id)
        places.add(place)
        uow.consensus.add_decision(
            replace(decision, id=decision_id, consensus_id=consensus_id, source_id=source_id, code_id=code_id)
        )
        added[consensus_id] = added.get(consensus_id, 0) + 1
    for coder_id, count in added.items():
        noun = "decision" if count == 1 else "decisions"
        notes.append(
            f"The consensus '{names.get(coder_id, '?')}': {count} {noun} merged (they cannot be undone here)."
        )
    return notes
