"""Ids from files: kept when they are valid and free, so that exchange does not renumber a project."""

from __future__ import annotations

import re
from collections.abc import Container

_UUID = re.compile(r"\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?")


def canonical_id(value: str | None) -> str | None:
    """A GUID in coder's form (lower case, no braces), or None when ``value`` is not one."""
    if not value:
        return None
    match = _UUID.fullmatch(value.strip())
    return match.group(1).lower() if match else None


def usable_id(value: str | None, taken: Container[str]) -> str | None:
    """``value`` as an id when it is a valid GUID that ``taken`` does not hold yet."""
    candidate = canonical_id(value)
    return candidate if candidate is not None and candidate not in taken else None
