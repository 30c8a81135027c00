"""Checking the consensus coders and decisions of a project from outside before they are merged."""

from __future__ import annotations

from datetime import datetime

from coder.domain.bundle import ProjectBundle
from coder.domain.consensus import CHOICES
from coder.domain.errors import InvalidInput


def _integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _texts(values: object) -> bool:
    return isinstance(values, tuple | list) and all(isinstance(v, str) for v in values)


def check_consensus(bundle: ProjectBundle, where: str) -> None:
    """Refuse a consensus or decision that does not fit the rest of ``bundle``, in one sentence."""
    coders = {coder.id for coder in bundle.coders}
    lengths = {source.id: len(source.text) for source in bundle.sources}
    codes = {code.id for code in bundle.codes}
    consensus: set[str] = set()
    for info in bundle.consensus:
        if info.coder_id not in coders or not _texts(info.compared) or not set(info.compared) <= coders:
            raise InvalidInput(f"{where}: a consensus refers to a coder that the file does not hold")
        if info.coder_id in info.compared or info.coder_id in consensus:
            raise InvalidInput(f"{where}: a consensus is listed twice or compares itself")
        if not isinstance(info.built_by, str) or not isinstance(info.built_at, datetime):
            raise InvalidInput(f"{where}: a consensus has a builder or date that is not readable")
        consensus.add(info.coder_id)
    seen: set[str] = set()
    for decision in bundle.decisions:
        if decision.id in seen:
            raise InvalidInput(f"{where} gives the id '{decision.id[:40]}' to more than one decision")
        seen.add(decision.id)
        if (
            decision.consensus_id not in consensus
            or decision.source_id not in lengths
            or decision.code_id not in codes
        ):
            raise InvalidInput(
                f"{where}: a consensus decision refers to a consensus, source or code that the file "
                "does not hold"
            )
        if not (_integer(decision.start) and _integer(decision.end)) or not (
            0 <= decision.start < decision.end <= lengths[decision.source_id]
        ):
            raise InvalidInput(f"{where}: a consensus decision covers offsets outside its source's text")
        if decision.choice not in CHOICES or not _texts(decision.coders):
            raise InvalidInput(f"{where}: a consensus decision has a choice coder does not know")
        if not all(isinstance(v, str) for v in (decision.decided_by, decision.note)) or not isinstance(
            decision.decided_at, datetime
        ):
            raise InvalidInput(f"{where}: a consensus decision has a name, note or date that is not readable")
