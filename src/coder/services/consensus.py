"""Settling disagreements into a consensus: build it, list what is left, decide, undo a decision.

The consensus is an ordinary coder (``consensus`` unless the team names it otherwise) with a row in
the ``consensus`` table naming the coders it compares. Building it adds, per code and source, the
characters that all compared coders coded, as maximal runs. A disagreement is a maximal stretch of
one code in one source that some but not all compared coders coded (with a constant set of coders
who did); it is settled once a decision covers it. Every decision can be undone: the decision keeps
the consensus codings it added and removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from coder.analysis.agreement import disagreements as passages
from coder.analysis.sweep import pieces
from coder.domain.consensus import (
    DEFAULT_NAME,
    ID_LENGTH,
    ConsensusInfo,
    Decision,
    Disagreement,
    Part,
    disagreement_key,
    provenance_text,
    settle,
    settled,
    short_ids,
)
from coder.domain.errors import Conflict, InvalidInput, NotFound
from coder.domain.model import Coder, Coding, new_id, now
from coder.domain.spans import Span, check_span, union
from coder.services.codebook import codebook_in
from coder.services.coders import clean_name
from coder.services.project import Project
from coder.storage.unit_of_work import UnitOfWork

_Groups = dict[tuple[str, str], list[list[Span]]]  # (source id, code id) -> spans per compared coder


@dataclass(frozen=True)
class BuildResult:
    consensus: ConsensusInfo
    compared: tuple[str, ...]  # names
    codings: int  # codings added: the stretches all compared coders coded
    disagreements: tuple[Disagreement, ...]  # what is left to settle


@dataclass(frozen=True)
class DecisionResult:
    decision: Decision
    added: tuple[Coding, ...]  # consensus codings the decision made
    removed: tuple[Coding, ...]  # consensus codings it replaced or removed
    left: int  # open disagreements after it


@dataclass(frozen=True)
class UndoResult:
    decision: Decision
    restored: tuple[Coding, ...]  # consensus codings put back as they were
    removed: tuple[Coding, ...]  # consensus codings the decision had made, now gone


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _who(uow: UnitOfWork, by: str | None) -> str:
    return (by or uow.actor or "").strip() or "unknown"


# --- finding a consensus -----------------------------------------------------------------------------------


def list_consensus(project: Project) -> list[ConsensusInfo]:
    with project.read() as uow:
        return uow.consensus.all()


def _find(uow: UnitOfWork, name: str) -> ConsensusInfo:
    every = uow.consensus.all()
    found = next((info for info in every if info.name == name), None)
    if found is not None:
        return found
    if not every:
        raise NotFound(
            "no consensus has been built in this project yet; start one with "
            "'coder consensus build --coders A,B'"
        )
    others = ", ".join(f"'{info.name}'" for info in every)
    raise NotFound(
        f"no consensus named '{name}' in the project (there is {others}); choose it with --as NAME"
    )


def find_consensus(project: Project, name: str = DEFAULT_NAME) -> ConsensusInfo:
    with project.read() as uow:
        return _find(uow, name)


def consensus_of(project: Project, coder_names: Sequence[str]) -> ConsensusInfo | None:
    """The consensus that compares exactly these coders (in any order), if one was built."""
    with project.read() as uow:
        ids = {i for i, name in uow.coders.names().items() if name in set(coder_names)}
        if len(ids) != len(set(coder_names)):
            return None
        return next((info for info in uow.consensus.all() if set(info.compared) == ids), None)


def compared_names(project: Project, info: ConsensusInfo) -> tuple[str, ...]:
    with project.read() as uow:
        names = uow.coders.names()
    return tuple(names.get(i, "?") for i in info.compared)


# --- building -------------------------------------------------------------------------------------------


def build_consensus(
    project: Project, coders: Sequence[str], name: str = DEFAULT_NAME, by: str | None = None
) -> BuildResult:
    """Create the consensus coder with every stretch that all ``coders`` coded, as maximal runs."""
    chosen = list(dict.fromkeys(c.strip() for c in coders if c.strip()))
    if len(chosen) < 2:
        raise InvalidInput(
            "a consensus settles the codings of at least two coders; name them with --coders A,B"
        )
    name = clean_name(name)
    with project.write() as uow:
        by_name = {coder_name: i for i, coder_name in uow.coders.names().items()}
        unknown = [c for c in chosen if c not in by_name]
        if unknown:
            raise NotFound(f"no coder named '{unknown[0]}' in the project")
        if name in chosen:
            raise InvalidInput(
                f"the consensus cannot take the name of '{name}', a coder it compares; "
                "choose another name with --as NAME"
            )
        if name in by_name:
            if uow.consensus.get(by_name[name]) is not None:
                raise Conflict(
                    f"a consensus named '{name}' already exists; build another one under a new name "
                    "with --as NAME"
                )
            raise Conflict(
                f"'{name}' is already a coder of this project; give the consensus another name with --as NAME"
            )
        moment, who = now(), _who(uow, by)
        coder = Coder(new_id(), name)
        uow.coders.insert([coder])
        info = ConsensusInfo(coder.id, name, tuple(by_name[c] for c in chosen), who, moment)
        uow.consensus.insert(info)
        everyone = (1 << len(chosen)) - 1
        added: list[Coding] = []
        for (source_id, code_id), spans in sorted(_groups(uow, info).items()):
            for start, end, mask in pieces([union(s) for s in spans]):
                if mask == everyone:
                    part = Part(start, end, tuple(chosen), who, _stamp(moment))
                    added.append(
                        Coding(
                            new_id(),
                            source_id,
                            code_id,
                            coder.id,
                            start,
                            end,
                            created_at=moment,
                            changed_at=moment,
                            provenance=provenance_text([part]),
                        )
                    )
        uow.codings.insert(added)
        left, _ = _disagreements(uow, info, with_text=False)
    return BuildResult(info, tuple(chosen), len(added), tuple(left))


# --- disagreements ---------------------------------------------------------------------------------------


def _groups(uow: UnitOfWork, info: ConsensusInfo) -> _Groups:
    index = {coder_id: i for i, coder_id in enumerate(info.compared)}
    groups: _Groups = {}
    for source_id, code_id, coder_id, start, end in uow.consensus.spans(info.compared):
        spans = groups.get((source_id, code_id))
        if spans is None:
            spans = groups[source_id, code_id] = [[] for _ in info.compared]
        spans[index[coder_id]].append((start, end))
    return groups


def _disagreements(
    uow: UnitOfWork, info: ConsensusInfo, with_text: bool
) -> tuple[list[Disagreement], list[Disagreement]]:
    """The open and the settled disagreements, by code (codebook order), source name and position."""
    names = uow.coders.names()
    compared = [names.get(i, "?") for i in info.compared]
    decided: dict[tuple[str, str], list[Span]] = {}
    for decision in uow.consensus.decisions(info.coder_id):
        decided.setdefault((decision.source_id, decision.code_id), []).append((decision.start, decision.end))
    book = codebook_in(uow)
    order = {code.id: index for index, code in enumerate(book.in_tree_order())}
    sources = uow.sources.lengths()
    found: list[tuple[Disagreement, bool]] = []
    for (source_id, code_id), spans in _groups(uow, info).items():
        ranges = decided.get((source_id, code_id), [])
        for passage in passages(dict(zip(compared, spans, strict=True))):
            key = disagreement_key(info.coder_id, source_id, code_id, passage.start, passage.end)
            item = Disagreement(
                id=key[:ID_LENGTH],
                key=key,
                source_id=source_id,
                source=sources[source_id][0],
                code_id=code_id,
                code=book.by_id[code_id].name,
                code_path=book.path_text(code_id),
                start=passage.start,
                end=passage.end,
                coders=tuple(c for c in compared if c in passage.coded_by),
            )
            found.append((item, settled(passage.start, passage.end, ranges)))
    found.sort(key=lambda f: (order.get(f[0].code_id, len(order)), f[0].source, f[0].start, f[0].end))
    ids = short_ids([item.key for item, _ in found])
    texts: dict[str, str] = {}
    open_ones: list[Disagreement] = []
    closed: list[Disagreement] = []
    for (item, is_settled), short in zip(found, ids, strict=True):
        text = ""
        if with_text and not is_settled:
            if item.source_id not in texts:
                texts[item.source_id] = uow.sources.text(item.source_id) or ""
            text = texts[item.source_id][item.start : item.end]
        (closed if is_settled else open_ones).append(replace(item, id=short, text=text))
    return open_ones, closed


def list_disagreements(
    project: Project, name: str = DEFAULT_NAME, with_text: bool = True
) -> list[Disagreement]:
    """The disagreements of the consensus ``name`` that no decision has settled yet."""
    with project.read() as uow:
        return _disagreements(uow, _find(uow, name), with_text)[0]


def _pick(uow: UnitOfWork, info: ConsensusInfo, wanted: str) -> Disagreement:
    wanted = wanted.strip().lower()
    open_ones, closed = _disagreements(uow, info, with_text=False)

    def matching(items: list[Disagreement]) -> list[Disagreement]:
        exact = [d for d in items if d.id == wanted]
        if exact or len(wanted) < ID_LENGTH:
            return exact
        return [d for d in items if d.key.startswith(wanted)]

    found = matching(open_ones)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise InvalidInput(f"the id '{wanted}' fits several disagreements; give more of its digits")
    if matching(closed):
        raise Conflict(
            f"the disagreement '{wanted}' is already settled; undo its decision to settle it again"
        )
    raise NotFound(
        f"no open disagreement '{wanted}' in the consensus '{info.name}'; list them again with "
        "'coder consensus disagreements' (an id changes when the codings there change)"
    )


# --- deciding ---------------------------------------------------------------------------------------------


def _decide(
    uow: UnitOfWork,
    info: ConsensusInfo,
    item: Disagreement,
    choice: str,
    chosen: Sequence[str],
    covered: Sequence[tuple[Span, tuple[str, ...]]],
    region: Span,
    note: str,
    by: str | None,
    decision_id: str | None,
) -> DecisionResult:
    moment, who = now(), _who(uow, by)
    decision_id = decision_id or new_id()
    parts = [Part(s, e, coders, who, _stamp(moment), note, decision_id) for (s, e), coders in covered]
    existing = uow.consensus.codings_at(info.coder_id, item.source_id, item.code_id)
    plan = settle(existing, region, parts, moment, (item.source_id, item.code_id, info.coder_id))
    uow.codings.removed(list(plan.removed))
    uow.codings.insert(list(plan.added))
    start, end = region
    decision = Decision(
        decision_id,
        info.coder_id,
        item.source_id,
        item.code_id,
        start,
        end,
        choice,
        tuple(chosen),
        who,
        moment,
        note,
    )
    uow.consensus.add_decision(decision, plan.added, plan.removed)
    left = len(_disagreements(uow, info, with_text=False)[0])
    return DecisionResult(decision, plan.added, plan.removed, left)


def accept(
    project: Project,
    disagreement_id: str,
    coders: Sequence[str],
    note: str = "",
    name: str = DEFAULT_NAME,
    by: str | None = None,
    decision_id: str | None = None,
) -> DecisionResult:
    """Settle a disagreement from ``coders`` (the consensus codes it when one of them did), or, with no
    coders, leave it uncoded in the consensus. Several coders at once give the union."""
    chosen = list(dict.fromkeys(c.strip() for c in coders if c.strip()))
    with project.write() as uow:
        info = _find(uow, name)
        names = uow.coders.names()
        compared = [names.get(i, "?") for i in info.compared]
        known = set(names.values())
        for coder in chosen:
            if coder not in known:
                raise NotFound(f"no coder named '{coder}' in the project")
            if coder not in compared:
                raise InvalidInput(
                    f"'{coder}' is not one of the coders the consensus '{info.name}' compares "
                    f"({', '.join(compared)}); accept from one of them"
                )
        item = _pick(uow, info, disagreement_id)
        coded = tuple(c for c in compared if c in chosen and c in item.coders)
        covered = [((item.start, item.end), coded)] if coded else []
        choice = "coders" if chosen else "none"
        return _decide(
            uow, info, item, choice, chosen, covered, (item.start, item.end), note, by, decision_id
        )


def draw(
    project: Project,
    disagreement_id: str,
    start: int,
    end: int,
    note: str = "",
    name: str = DEFAULT_NAME,
    by: str | None = None,
    decision_id: str | None = None,
) -> DecisionResult:
    """Settle a disagreement with a span drawn by hand, which must overlap or touch it.

    The decision covers the disagreement and the drawn span together; within that range the consensus
    codes exactly the drawn span.
    """
    with project.write() as uow:
        info = _find(uow, name)
        item = _pick(uow, info, disagreement_id)
        check_span(start, end, int(uow.sources.length(item.source_id) or 0))
        if end < item.start or start > item.end:
            raise InvalidInput(
                f"the span drawn by hand ({start}-{end}) must overlap or touch the disagreement it settles "
                f"({item.start}-{item.end})"
            )
        region = (min(start, item.start), max(end, item.end))
        return _decide(uow, info, item, "manual", (), [((start, end), ())], region, note, by, decision_id)


def list_decisions(project: Project, name: str = DEFAULT_NAME) -> list[Decision]:
    with project.read() as uow:
        return uow.consensus.decisions(_find(uow, name).coder_id)


def undo_decision(project: Project, decision_id: str) -> UndoResult:
    """Take a decision back: the consensus codings it made go, those it replaced come back as they were."""
    with project.write() as uow:
        decision = uow.consensus.decision(decision_id)
        if decision is None:
            raise NotFound("that decision is no longer in the project")
        undo = uow.consensus.undo_of(decision_id)
        if undo is None:
            raise InvalidInput(
                "that decision came with a merged file and cannot be undone here; change the consensus's "
                "codings there by hand instead"
            )
        added, removed = undo
        present = {c.id: c for c in uow.codings.get_many([c.id for c in added])}
        if any(present.get(c.id) != c for c in added):
            raise Conflict(
                "a consensus coding made by that decision has changed since (by a later decision or by "
                "hand); undo that change first"
            )
        uow.codings.removed(added)
        uow.codings.insert(removed)
        uow.consensus.remove_decision(decision_id)
    return UndoResult(decision, tuple(removed), tuple(added))
