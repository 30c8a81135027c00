"""Small value conversions of REFI-QDA: GUIDs, colours, date-times, XML-safe text."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

from coder.domain.colours import normalise_colour

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"

_GUID = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")
_RGB_FUNCTION = re.compile(
    r"^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*[0-9.]+%?\s*)?\)$", re.IGNORECASE
)
_HEX_ALPHA = re.compile(r"^#([0-9a-fA-F]{6})[0-9a-fA-F]{2}$")
# Characters XML 1.0 cannot hold, not even as references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Fixed namespace for GUIDs derived from our ids (selections, representations).
_DERIVED = uuid.UUID("9b0c3f55-7c1e-4d9a-9a8e-2f1d6c5b4a30")


def local(tag: str) -> str:
    """An element's name without its namespace, whatever namespace a tool wrote."""
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def guid_key(value: str | None) -> str | None:
    """A GUID for comparison: braces removed, lower case; other strings just stripped and lower-cased."""
    if value is None:
        return None
    value = value.strip()
    match = _GUID.match(value)
    return (match.group(1) if match else value).lower() or None


def is_guid(value: str | None) -> bool:
    return bool(value) and bool(_GUID.match(value.strip()))  # type: ignore[union-attr]


def derived_guid(base: str, role: str) -> str:
    """A stable GUID for a part that has no id of its own, e.g. the selection of a coding."""
    return str(uuid.uuid5(_DERIVED, f"{base}:{role}"))


def parse_colour(value: str | None) -> tuple[str | None, bool]:
    """A colour as ``#rrggbb`` and whether it was usable; ``rgb()`` and alpha are accepted."""
    if value is None or not value.strip():
        return None, True
    value = value.strip()
    plain = normalise_colour(value)
    if plain is not None:
        return plain, True
    match = _HEX_ALPHA.match(value)
    if match:
        return "#" + match.group(1).lower(), True
    match = _RGB_FUNCTION.match(value)
    if match and all(int(part) <= 255 for part in match.groups()):
        return "#" + "".join(f"{int(part):02x}" for part in match.groups()), True
    return None, False


def parse_datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def format_datetime(stamp: datetime) -> str:
    aware = stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def xml_safe(text: str) -> str:
    """Text XML can hold: the few control characters it forbids become U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)
