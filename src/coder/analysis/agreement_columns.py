"""The engine's input straight from stored rows: every coding as integers, no object per coding.

Reading 600,000 codings costs the database's own work; this module then turns the plain rows
``(source id, coder id, code id, start, end, ...)`` into NumPy columns with a few dictionary lookups per
row, finds the default coders and codes of ``agreement.md`` with array operations, and gives the
engine its :class:`~coder.analysis.agreement_model.Columns` over the compared coders and codes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np

from coder.analysis.agreement_model import Columns


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


def _column(values: Any, count: int) -> Any:
    return np.fromiter(values, dtype=np.int64, count=count)


def stored_codings(
    rows: Sequence[Sequence[Any]],
    source_index: Mapping[str, int],
    coder_names: Mapping[str, str],
    code_keys: Sequence[str],
) -> StoredCodings:
    """``rows`` as columns, keeping only the codings of the sources in ``source_index``.

    ``coder_names`` maps a stored coder id to its name; ``code_keys`` lists every code key (id).
    """
    count = len(rows)
    coder_ids = list(coder_names)
    coder_position = {coder_id: index for index, coder_id in enumerate(coder_ids)}
    code_position = {key: index for index, key in enumerate(code_keys)}
    if count:
        sources, coders, codes, starts, ends = list(zip(*rows, strict=True))[:5]
    else:
        sources = coders = codes = starts = ends = ()
    # map() over bound dictionary lookups runs in C: a few tens of nanoseconds a coding.
    source = _column(map(source_index.get, sources, repeat(-1)), count)
    coder = _column(map(coder_position.__getitem__, coders), count)
    code = _column(map(code_position.get, codes, repeat(-1)), count)
    start = np.array(starts, dtype=np.int64)
    end = np.array(ends, dtype=np.int64)
    keep = source >= 0
    if not keep.all():
        source, coder, code, start, end = source[keep], coder[keep], code[keep], start[keep], end[keep]
    return StoredCodings(
        source, coder, code, start, end, tuple(coder_names[i] for i in coder_ids), tuple(code_keys)
    )


def coders_present(codings: StoredCodings) -> set[str]:
    """Every coder with at least one coding in the included sources (the default coders to compare)."""
    return {codings.coder_names[i] for i in np.unique(codings.coder).tolist()}


def codes_used_by(codings: StoredCodings, coders: Sequence[str]) -> set[str]:
    """The keys of every code that one of ``coders`` used in the included sources."""
    wanted = [i for i, name in enumerate(codings.coder_names) if name in set(coders)]
    used = codings.code[np.isin(codings.coder, wanted) & (codings.code >= 0)]
    return {codings.code_keys[i] for i in np.unique(used).tolist()}


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
