"""What a unit of work changed: a small descriptor, so each view refreshes only what it shows.

Storage records a change as it writes; the project hands the frozen :class:`Changes` to whoever
listens once the transaction has committed (the desktop app), and a server project does the same
for changes that other coders committed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coder.domain.model import Coding


@dataclass(frozen=True)
class Changes:
    """One committed transaction's effect. ``everything`` means: reload, the details are unknown."""

    sources: bool = False
    codebook: bool = False
    coders: bool = False
    memos: bool = False
    attributes: bool = False
    consensus: bool = False
    everything: bool = False
    added: tuple[Coding, ...] = ()
    removed: tuple[Coding, ...] = ()
    updated: tuple[Coding, ...] = ()

    @property
    def codings(self) -> bool:
        return bool(self.added or self.removed or self.updated)

    @property
    def empty(self) -> bool:
        return self == NO_CHANGES

    def source_ids(self) -> set[str]:
        return {c.source_id for group in (self.added, self.removed, self.updated) for c in group}


NO_CHANGES = Changes()

# Above this many codings in one transaction, listing them helps no view: it reloads instead.
DETAIL_LIMIT = 2_000


@dataclass
class ChangeLog:
    """Collects changes while a unit of work runs; :meth:`freeze` gives the result."""

    flags: set[str] = field(default_factory=set)
    added: list[Coding] = field(default_factory=list)
    removed: list[Coding] = field(default_factory=list)
    updated: list[Coding] = field(default_factory=list)

    def mark(self, *names: str) -> None:
        self.flags.update(names)

    def codings_added(self, codings: list[Coding] | tuple[Coding, ...]) -> None:
        self._record(self.added, codings)

    def codings_removed(self, codings: list[Coding] | tuple[Coding, ...]) -> None:
        self._record(self.removed, codings)

    def codings_updated(self, codings: list[Coding] | tuple[Coding, ...]) -> None:
        self._record(self.updated, codings)

    def many_codings(self) -> None:
        """A bulk change whose codings are not listed one by one."""
        self.flags.add("everything")

    def _record(self, target: list[Coding], codings: list[Coding] | tuple[Coding, ...]) -> None:
        if "everything" in self.flags:
            return
        target.extend(codings)
        if len(self.added) + len(self.removed) + len(self.updated) > DETAIL_LIMIT:
            self.many_codings()

    def freeze(self) -> Changes:
        flags = self.flags
        if "everything" in flags:
            return Changes(everything=True, **{name: True for name in flags - {"everything"}})
        return Changes(
            **{name: True for name in flags},
            added=tuple(self.added),
            removed=tuple(self.removed),
            updated=tuple(self.updated),
        )
