"""Consensus decisions as undoable steps, and building a consensus from the app.

A decision is one service call; undo takes it back with ``undo_decision`` and redo takes it again
under the same decision id. Both go on the session's undo stack, beside every other edit.
"""

from __future__ import annotations

from collections.abc import Sequence

from coder.domain.consensus import DEFAULT_NAME, ConsensusInfo, Disagreement
from coder.domain.model import new_id
from coder.services import coders as coders_service
from coder.services import consensus as consensus_service
from coder.ui import dialogs
from coder.ui.changes import Changed
from coder.ui.session import Session
from coder.ui.undo import SessionCommand


def _listing(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class Decide(SessionCommand):
    """Settle one disagreement: accept from ``coders`` (none: leave it uncoded) or take a drawn ``span``."""

    def __init__(
        self,
        session: Session,
        name: str,
        item: Disagreement,
        coders: Sequence[str] = (),
        span: tuple[int, int] | None = None,
        note: str = "",
    ) -> None:
        if span is not None:
            text = "Consensus: take the span drawn by hand"
        elif coders:
            text = f"Consensus: accept {_listing(list(coders))}"
        else:
            text = "Consensus: accept none"
        super().__init__(session, text)
        self.name, self.item, self.coders, self.span, self.note = name, item, list(coders), span, note
        self.decision_id = new_id()

    def do_first(self) -> None:
        project, by = self.session.project, self.session.coder.name
        if self.span is not None:
            result = consensus_service.draw(
                project, self.item.id, *self.span, self.note, self.name, by, self.decision_id
            )
        else:
            result = consensus_service.accept(
                project, self.item.id, self.coders, self.note, self.name, by, self.decision_id
            )
        self.session.notify(Changed(consensus=True, added=result.added, removed=result.removed))

    def undo_it(self) -> None:
        result = consensus_service.undo_decision(self.session.project, self.decision_id)
        self.session.notify(Changed(consensus=True, added=result.restored, removed=result.removed))


def find_or_build(session: Session, coders: Sequence[str], parent: object = None) -> ConsensusInfo | None:
    """The consensus of exactly these coders; when there is none, build one if the user agrees."""
    project = session.project
    found = consensus_service.consensus_of(project, coders)
    if found is not None:
        return found
    everyone = "both" if len(coders) == 2 else "all of them"
    if not dialogs.confirm(
        parent,  # type: ignore[arg-type]
        "Settle disagreements",
        f"Build a consensus of {_listing(list(coders))}? It starts with every passage {everyone} coded "
        "alike; you then settle the disagreements one by one. The consensus is a coder of its own, so "
        "each coder's agreement with it can be computed.",
        "Build",
    ):
        return None
    name = DEFAULT_NAME
    taken = {coder.name for coder in coders_service.list_coders(project)}
    if name in taken:
        suggestion = f"{DEFAULT_NAME} of {_listing(list(coders))}"
        answer = dialogs.ask_text(
            parent,  # type: ignore[arg-type]
            "Name of the consensus",
            f"There is already a coder named '{DEFAULT_NAME}'. Name of this consensus:",
            suggestion,
        )
        if answer is None or not answer.strip():
            return None
        name = answer.strip()
    result = consensus_service.build_consensus(project, coders, name, by=session.coder.name)
    session.notify(Changed(coders=True, consensus=True))
    return result.consensus
