"""Another coder's project file, read without changing it, into a :class:`ProjectBundle`.

The file is opened read-only and checked exactly as an own project is (identity, version, whole
schema), so nothing inside it runs; its rows are then taken as plain values, to be checked by
:func:`coder.domain.bundle_check.check_bundle` before anything is merged.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from coder.domain.attributes import Attribute
from coder.domain.bundle import BundleSource, ProjectBundle
from coder.domain.errors import InvalidInput
from coder.domain.memos import Memo
from coder.domain.model import Code, Coder, Coding
from coder.storage import sqlite_file
from coder.storage.rows import stamp


def read_coder_file(path: Path) -> ProjectBundle:
    if not path.exists():
        raise InvalidInput(f"{path.name} does not exist")
    try:
        header = sqlite_file.read_header(path)
    except sqlite_file.NotAProject as error:
        raise InvalidInput(str(error)) from None
    if header != sqlite_file.SQLITE_HEADER:
        raise InvalidInput(f"{path.name} is neither a coder project nor a .qdpx file, so it cannot be merged")
    try:
        connection = sqlite_file.open_read_only(path)
    except sqlite3.Error:
        raise InvalidInput(f"{path.name} cannot be opened as a coder project") from None
    try:
        try:
            version = sqlite_file.check_file(connection, path.name)
        except sqlite_file.NotAProject as error:
            raise InvalidInput(str(error)) from None
        return _bundle_from(connection, path.stem, version)
    except sqlite3.DatabaseError:
        raise InvalidInput(f"{path.name} is damaged and cannot be read as a coder project") from None
    except (ValueError, TypeError, OverflowError):
        raise InvalidInput(
            f"{path.name} holds values coder cannot read (a date, page list or number out of shape); "
            "it was not merged"
        ) from None
    finally:
        connection.close()


def _bundle_from(connection: sqlite3.Connection, name: str, version: int) -> ProjectBundle:
    query = connection.execute
    sources = []
    for sid, sname, fmt, text, starts, original, original_name in query(
        "SELECT id, name, format, text, page_starts, original, original_name FROM sources ORDER BY name"
    ):
        pages = json.loads(starts) if isinstance(starts, str) else None
        if not isinstance(pages, list):
            raise ValueError("page starts")
        sources.append(BundleSource(sid, sname, fmt, text, tuple(pages), original, original_name or ""))
    codes = tuple(
        Code(*row)
        for row in query(
            "SELECT id, name, parent_id, colour, definition, when_to_use, when_not_to_use, example, position "
            "FROM codes"
        )
    )
    coders = tuple(Coder(*row) for row in query("SELECT id, name FROM coders"))
    provenance = "provenance" if version >= 2 else "''"
    codings = tuple(
        Coding(id, source, code, coder, start, end, memo, stamp(created), stamp(changed), prov)
        for id, source, code, coder, start, end, memo, created, changed, prov in query(
            'SELECT id, source_id, code_id, coder_id, start, "end", memo, created_at, changed_at, '
            f"{provenance} FROM codings"
        )
    )
    attributes: tuple[Attribute, ...] = ()
    values: tuple[tuple[str, str, str], ...] = ()
    memos: tuple[Memo, ...] = ()
    if version >= 2:
        attributes = tuple(
            Attribute(aid, aname, kind, tuple(json.loads(choices)), position)
            for aid, aname, kind, choices, position in query(
                "SELECT id, name, type, choices, position FROM attributes ORDER BY position, name"
            )
        )
        values = tuple(query("SELECT source_id, attribute_id, value FROM source_values"))
        memos = tuple(
            Memo(id, kind, target, coder, title, text, stamp(created), stamp(changed))
            for id, kind, target, coder, title, text, created, changed in query(
                "SELECT id, kind, target_id, coder_id, title, text, created_at, changed_at FROM memos"
            )
        )
    return ProjectBundle(
        name, tuple(sources), codes, coders, codings, attributes=attributes, values=values, memos=memos
    )
