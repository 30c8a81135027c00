"""The engine's input straight from stored rows: every coding as integers, no object per coding.

Storage hands over every coding as integer columns (:class:`~coder.domain.model.CodingColumns`);
this module renumbers their sources, coders and codes with one array lookup each, finds the
default coders and codes of ``agreement.md`` with array operations, and gives the engine its
:class:`~coder.analysis.agreement_model.Columns` over the compared coders and codes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from coder.analysis.agreement_model import Columns
from coder.domain.model import CodingColumns


@dataclass(frozen=True, slots=True)
class StoredCodings:
    """The codings of the included sources, with coders and codes as indices into every one stored."""

    source: Any  # index into the included sources
    coder: Any  # index into ``coder_names``
    code: Any  # index into ``code_keys``
    start: Any
    end: Any
    coder_names: tuple[str, ...]
    code_keys: tuple[str, ...]
    memos: tuple[str, ...] | None = None  # each coding's memo, when read


def stored_codings(
    stored: CodingColumns,
    source_index: Mapping[str, int],
    coder_names: Mapping[str, str],
    code_keys: Sequence[str],
) -> StoredCodings:
    """The stored codings of the sources in ``source_index``, with its positions as source indices.

    ``coder_names`` maps a stored coder id to its name; ``code_keys`` lists every code key (id).
    """
    coder_ids = list(coder_names)
    coder_position = {coder_id: index for index, coder_id in enumerate(coder_ids)}
    code_position = {key: index for index, key in enumerate(code_keys)}
    source = _remap(stored.source, stored.source_ids, source_index)
    coder = _remap(stored.coder, stored.coder_ids, coder_position)
    code = _remap(stored.code, stored.code_ids, code_position)
    start, end, memos = stored.start, stored.end, stored.memos
    keep = (source >= 0) & (coder >= 0)
    if not keep.all():
        source, coder, code, start, end = source[keep], coder[keep], code[keep], start[keep], end[keep]
        if memos is not None:
            memos = tuple(memo for memo, kept in zip(memos, keep.tolist(), strict=True) if kept)
    return StoredCodings(
        source, coder, code, start, end, tuple(coder_names[i] for i in coder_ids), tuple(code_keys), memos
    )


def _remap(positions: Any, ids: Sequence[str], index: Mapping[str, int]) -> Any:
    """Positions in ``ids`` turned into ``index``'s numbers (-1 for an id it lacks)."""
    table = np.array([index.get(key, -1) for key in ids], dtype=np.int64)
    return table[positions]


def coders_present(codings: StoredCodings) -> set[str]:
    """Every coder with at least one coding in the included sources (the default coders to compare)."""
    counts = np.bincount(codings.coder, minlength=len(codings.coder_names))
    return {codings.coder_names[i] for i in np.flatnonzero(counts).tolist()}


def codes_used_by(codings: StoredCodings, coders: Sequence[str]) -> set[str]:
    """The keys of every code that one of ``coders`` used in the included sources."""
    wanted = np.array([name in set(coders) for name in codings.coder_names], dtype=bool)
    used = codings.code[wanted[codings.coder] & (codings.code >= 0)] if len(wanted) else codings.code[:0]
    counts = np.bincount(used, minlength=len(codings.code_keys))
    return {codings.code_keys[i] for i in np.flatnonzero(counts).tolist()}


def compared_columns(codings: StoredCodings, coders: Sequence[str], codes: Sequence[str]) -> Columns:
    """The engine's columns: coders and codes as indices into the compared lists, -1 for the rest."""
    coder_map = np.full(len(codings.coder_names) + 1, -1, dtype=np.int64)
    by_name = {name: index for index, name in enumerate(coders)}
    for index, name in enumerate(codings.coder_names):
        coder_map[index] = by_name.get(name, -1)
    code_map = np.full(len(codings.code_keys) + 1, -1, dtype=np.int64)  # the last entry serves code -1
    by_key = {key: index for index, key in enumerate(codes)}
    for index, key in enumerate(codings.code_keys):
        code_map[index] = by_key.get(key, -1)
    return Columns(
        codings.source, coder_map[codings.coder], code_map[codings.code], codings.start, codings.end
    )
