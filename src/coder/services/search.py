"""Search across sources (all, or some) and memos; optionally only inside the codings of one code.

Limits, so that no pattern can hang the app or the command line:

- a search stops after :data:`TIME_LIMIT` seconds in all and is refused in one sentence. Between
  matches the clock is read on every platform; a single match that runs long (an expression such
  as ``(a+)+$`` on a long line) is interrupted by a timer where the platform has one (``SIGALRM``
  on Linux and macOS, when searching from the main thread) — elsewhere only between matches;
- at most :data:`MAX_HITS` hits are kept; the result says when there were more.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from coder.analysis.text_search import (
    Lines,
    Query,
    SearchTooLong,
    compile_query,
    context,
    find,
    too_long,
    within,
)
from coder.domain.codebook import Codebook
from coder.domain.errors import NotFound
from coder.domain.memos import CODE, JOURNAL, SOURCE, Memo
from coder.domain.spans import union
from coder.services.project import Project
from coder.storage.unit_of_work import UnitOfWork

TIME_LIMIT = 5.0  # seconds for one search
MAX_HITS = 100_000

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SourceHit:
    source_id: str
    source: str
    start: int  # code points, end exclusive
    end: int
    text: str  # exactly the source's text[start:end]
    line: int  # from 1
    before: str  # context, on one line
    after: str


@dataclass(frozen=True, slots=True)
class MemoHit:
    memo: Memo
    where: str  # "interview-03.txt", "Alliance dynamics / Entrapment" or the entry's title
    coder: str
    field: str  # "text" or "title"
    start: int
    end: int
    text: str
    before: str
    after: str

    @property
    def kind(self) -> str:
        return self.memo.kind


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[SourceHit, ...] = ()
    memo_hits: tuple[MemoHit, ...] = ()
    truncated: bool = False  # more than MAX_HITS hits; only the first are here
    sources_searched: int = 0

    @property
    def sources_with_hits(self) -> int:
        return len({hit.source_id for hit in self.hits})


@contextmanager
def _interrupt_after(seconds: float, limit: float) -> Iterator[None]:
    """Stop whatever runs in this block after ``seconds``, even inside one long match (see above)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or seconds <= 0:
        yield
        return

    def stop(_signum: int, _frame: Any) -> None:
        raise too_long(limit)

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Budget:
    """The time left for one search, shared by every text it looks at."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def run(self, work: Callable[[float], T]) -> T:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise too_long(self.seconds)
        try:
            with _interrupt_after(left, self.seconds):
                return work(self.deadline)
        except SearchTooLong:
            raise too_long(self.seconds) from None


def search(
    project: Project,
    query: Query,
    source_ids: Sequence[str] | None = None,
    code_id: str | None = None,
    coder_ids: Sequence[str] | None = None,
    memos: bool = False,
    time_limit: float = TIME_LIMIT,
) -> SearchResult:
    """Hits in the given sources (all when None), in source-name order, then by position.

    With ``code_id``, only hits wholly inside passages coded with that code by ``coder_ids`` (every
    coder when None). With ``memos``, memo and journal texts are searched too.
    """
    pattern = compile_query(query)
    budget = _Budget(time_limit)
    hits: list[SourceHit] = []
    truncated = False
    with project.read() as uow:
        infos = {info.id: info for info in uow.sources.infos()}
        chosen = list(infos) if source_ids is None else [i for i in dict.fromkeys(source_ids) if i in infos]
        if source_ids is not None and len(chosen) < len(set(source_ids)):
            raise NotFound("a source to search is no longer in the project")
        chosen.sort(key=lambda i: infos[i].name)
        spans: dict[str, list[tuple[int, int]]] | None = None
        if code_id is not None:
            if not uow.codes.exists(code_id):
                raise NotFound("that code is no longer in the codebook")
            coded: dict[str, list[tuple[int, int]]] = {}
            for coding in uow.codings.list(coder_ids=coder_ids, code_ids=[code_id]):
                coded.setdefault(coding.source_id, []).append((coding.start, coding.end))
            spans = {source_id: union(found) for source_id, found in coded.items()}
            chosen = [i for i in chosen if i in spans]
        for source_id in chosen:
            text = uow.sources.text(source_id) or ""
            left = MAX_HITS - len(hits) + 1  # one more, to know that there were more
            found = budget.run(lambda deadline, text=text, left=left: find(text, pattern, left, deadline))
            if spans is not None:
                found = within(found, spans[source_id])
            lines = Lines(text) if found else None
            for start, end in found:
                if len(hits) == MAX_HITS:
                    truncated = True
                    break
                before, _, after = context(text, start, end)
                line = lines.of(start) if lines else 1
                name = infos[source_id].name
                hits.append(SourceHit(source_id, name, start, end, text[start:end], line, before, after))
            if truncated:
                break
        memo_hits = _search_memos(uow, pattern, budget) if memos else []
    return SearchResult(tuple(hits), tuple(memo_hits), truncated, len(chosen))


def search_memos(project: Project, query: Query, time_limit: float = TIME_LIMIT) -> list[MemoHit]:
    """Hits in the text (and a journal entry's title) of every memo, by kind, place and coder."""
    pattern = compile_query(query)
    with project.read() as uow:
        return _search_memos(uow, pattern, _Budget(time_limit))


def memo_places(uow: UnitOfWork) -> tuple[dict[str, str], dict[str, str], Codebook]:
    """Source names and coder names by id, and the codebook: what labels a memo."""
    sources = {info.id: info.name for info in uow.sources.infos()}
    return sources, uow.coders.names(), Codebook(uow.codes.all())


def memo_where(memo: Memo, sources: dict[str, str], book: Codebook) -> str:
    if memo.kind == SOURCE:
        return sources.get(memo.target_id or "", "?")
    if memo.kind == CODE:
        return book.path_text(memo.target_id) if memo.target_id in book.by_id else "?"
    return memo.title


_KIND_ORDER = {SOURCE: 0, CODE: 1, JOURNAL: 2}


def _search_memos(uow: UnitOfWork, pattern: re.Pattern[str], budget: _Budget) -> list[MemoHit]:
    sources, coders, book = memo_places(uow)
    found: list[MemoHit] = []
    memos = sorted(
        uow.memos.all(), key=lambda m: (_KIND_ORDER[m.kind], memo_where(m, sources, book), m.created_at)
    )
    for memo in memos:
        where = memo_where(memo, sources, book)
        coder = coders.get(memo.coder_id, "?")
        fields = (
            (("title", memo.title), ("text", memo.text)) if memo.kind == JOURNAL else (("text", memo.text),)
        )
        for field, value in fields:
            if not value:
                continue
            spans = budget.run(lambda deadline, value=value: find(value, pattern, MAX_HITS, deadline))
            for start, end in spans:
                before, _, after = context(value, start, end)
                found.append(MemoHit(memo, where, coder, field, start, end, value[start:end], before, after))
    return found


__all__ = ["Query", "SearchTooLong", "SearchResult", "SourceHit", "MemoHit", "search", "search_memos"]
