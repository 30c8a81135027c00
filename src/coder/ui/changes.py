"""What a change touched, so each panel refreshes only what it shows."""

from __future__ import annotations

from dataclasses import dataclass

from coder.domain.model import Coding


@dataclass(frozen=True)
class Changed:
    """A small descriptor emitted by the session after every change.

    ``added``, ``removed`` and ``updated`` carry the codings involved (``updated`` holds their new
    state), so the document view can patch its index instead of reading every coding again.
    """

    project: bool = False  # another project is open: everything is new
    sources: bool = False
    codebook: bool = False
    coders: bool = False  # the list of coders, the current coder or the coder filter
    consensus: bool = False  # a consensus was built or a decision taken or undone
    memos: bool = False  # memos on sources or codes, or journal entries
    shortcuts: bool = False  # which code each key 1–9 applies
    added: tuple[Coding, ...] = ()
    removed: tuple[Coding, ...] = ()
    updated: tuple[Coding, ...] = ()

    @property
    def codings(self) -> bool:
        return bool(self.added or self.removed or self.updated)

    @property
    def everything(self) -> bool:
        return self.project or self.coders

    def source_ids(self) -> set[str]:
        """The sources whose codings changed."""
        return {c.source_id for group in (self.added, self.removed, self.updated) for c in group}

    def code_ids(self) -> set[str]:
        return {c.code_id for group in (self.added, self.removed, self.updated) for c in group}
