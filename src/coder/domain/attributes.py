"""Document attributes (REFI-QDA "variables"): typed values per source, and filters over them.

An attribute has a type: ``text``, ``number``, ``date``, ``boolean`` (yes/no) or ``choice`` (one of a
fixed list). Values are stored as canonical text, so that equal values are equal strings:

- number: the Python ``repr`` of the ``int`` or ``float`` the text gives (``"2023"``, ``"1.5"``);
- date: ISO ``YYYY-MM-DD``;
- boolean: ``"true"`` or ``"false"`` (``yes``/``no``, ``y``/``n``, ``1``/``0`` are read as well);
- choice: one of the attribute's choices, spelled as the choice is (matched ignoring case);
- text: the text without surrounding white space.

An empty text means "no value". Every refused value is one sentence naming the source and attribute.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from coder.domain.errors import InvalidInput, NotFound

TYPES = ("text", "number", "date", "boolean", "choice")
TYPE_WORDS = {
    "text": "text",
    "number": "a number",
    "date": "a date (YYYY-MM-DD)",
    "boolean": "yes or no",
    "choice": "one of the listed choices",
}
NO_VALUE = "(no value)"  # the group of sources without a value, in overviews
MAX_NAME = 200
MAX_VALUE = 10_000

_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0"})


@dataclass(frozen=True, slots=True)
class Attribute:
    """A typed attribute of sources; ``choices`` lists the allowed values of a ``choice`` attribute."""

    id: str
    name: str
    type: str
    choices: tuple[str, ...] = ()
    position: int = 0


def shown(value: object, limit: int = 80) -> str:
    """A value as echoed in a message: at most ``limit`` characters."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_attribute_name(name: str) -> str:
    """The name without surrounding spaces; refused when empty, too long or holding control characters."""
    clean = name.strip() if isinstance(name, str) else ""
    if not clean:
        raise InvalidInput("an attribute needs a name")
    if len(clean) > MAX_NAME:
        raise InvalidInput(f"the attribute name '{shown(clean)}' is longer than {MAX_NAME} characters")
    if any(ord(ch) < 32 or ch == "\x7f" for ch in clean):
        raise InvalidInput(f"the attribute name '{shown(clean)!r}' holds a line break or control character")
    if any(mark in clean for mark in "=<>!;"):
        raise InvalidInput(
            f"the attribute name '{shown(clean)}' holds one of = < > ! ; which filters use; choose another"
        )
    return clean


def check_type(kind: str) -> str:
    if kind not in TYPES:
        raise InvalidInput(f"'{shown(kind)}' is not an attribute type; use one of {', '.join(TYPES)}")
    return kind


def check_choices(choices: Iterable[str], name: str) -> tuple[str, ...]:
    """The choices of a list attribute: stripped, none empty, none twice (ignoring case)."""
    clean: list[str] = []
    seen: set[str] = set()
    for choice in choices:
        value = str(choice).strip()
        if not value:
            continue
        if value.casefold() in seen:
            raise InvalidInput(
                f"the choice '{shown(value)}' is listed twice for the attribute '{shown(name)}'"
            )
        seen.add(value.casefold())
        clean.append(value)
    return tuple(clean)


def number_text(raw: str) -> str | None:
    """The canonical text of a number, or None when ``raw`` is not one (no NaN, no infinity)."""
    text = raw.strip()
    if _INTEGER.match(text):
        return repr(int(text))
    if _DECIMAL.match(text):
        value = float(text)
        if math.isfinite(value):
            return repr(value)
    return None


def date_text(raw: str) -> str | None:
    text = raw.strip()
    if not _DATE.match(text):
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def boolean_text(raw: str) -> str | None:
    word = raw.strip().casefold()
    if word in _TRUE:
        return "true"
    if word in _FALSE:
        return "false"
    return None


def canonical_value(attribute: Attribute, raw: str, source: str) -> str:
    """The stored text of ``raw`` for ``attribute`` on the source named ``source``; ``""`` for no value."""
    text = raw.strip() if isinstance(raw, str) else str(raw).strip()
    if not text:
        return ""
    found = _canonical(attribute, text)
    if found is None:
        raise InvalidInput(
            f"the value '{shown(text)}' of the attribute '{shown(attribute.name)}' for the source "
            f"'{shown(source)}' is not {_expected(attribute)}"
        )
    return found


def _canonical(attribute: Attribute, text: str) -> str | None:
    if len(text) > MAX_VALUE:
        return None
    if attribute.type == "number":
        return number_text(text)
    if attribute.type == "date":
        return date_text(text)
    if attribute.type == "boolean":
        return boolean_text(text)
    if attribute.type == "choice":
        return next((c for c in attribute.choices if c.casefold() == text.casefold()), None)
    if any(ord(ch) < 32 and ch not in "\t" for ch in text):
        return None
    return text


def _expected(attribute: Attribute) -> str:
    if attribute.type == "choice":
        listed = ", ".join(shown(c, 30) for c in attribute.choices[:8])
        return f"one of its choices ({listed})" if listed else "one of its choices (it has none yet)"
    if attribute.type == "text":
        return "text on one line"
    return TYPE_WORDS[attribute.type]


def typed(attribute: Attribute, value: str) -> object:
    """A stored value as a Python value that sorts and compares (number, date, bool, position or text)."""
    if attribute.type == "number":
        return float(value)
    if attribute.type == "date":
        return date.fromisoformat(value)
    if attribute.type == "boolean":
        return value == "true"
    if attribute.type == "choice":
        return attribute.choices.index(value) if value in attribute.choices else len(attribute.choices)
    return value.casefold()


def display(attribute: Attribute, value: str) -> str:
    """A stored value as people read it: yes/no for booleans, the text otherwise."""
    if attribute.type == "boolean" and value:
        return "yes" if value == "true" else "no"
    return value


def sort_values(attribute: Attribute, values: Iterable[str]) -> list[str]:
    """Distinct stored values in their natural order (numbers by size, dates in time, choices as listed)."""
    return sorted(set(values), key=lambda v: (typed(attribute, v), v))


def infer_type(values: Sequence[str]) -> str:
    """The type a column of values suggests: number, date or boolean when every value is one, else text.

    Empty values are ignored; a column of empty values is text. ``0``/``1`` columns are numbers.
    """
    present = [v.strip() for v in values if v.strip()]
    if not present:
        return "text"
    if all(number_text(v) is not None for v in present):
        return "number"
    if all(date_text(v) is not None for v in present):
        return "date"
    if all(boolean_text(v) is not None for v in present):
        return "boolean"
    return "text"


# ---------------------------------------------------------------------------------------------- filters

OPERATORS = ("<=", ">=", "!=", "=", "<", ">")
ORDERED_TYPES = ("number", "date")
FILTER_HELP = (
    "write a condition as NAME=VALUE, NAME!=VALUE, or NAME<VALUE, NAME<=VALUE, NAME>VALUE, NAME>=VALUE "
    "for numbers and dates; several conditions are separated by ';' "
    "(e.g. 'outlet=Washington Post; year>=2023')"
)


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition of a source filter, as written: ``name``, operator, ``value``."""

    name: str
    operator: str
    value: str

    def __str__(self) -> str:
        return f"{self.name}{self.operator}{self.value}"


def parse_conditions(expressions: Iterable[str]) -> list[Condition]:
    """Conditions from expressions such as ``outlet=Washington Post`` or ``year>=2023; type=article``."""
    found: list[Condition] = []
    for expression in expressions:
        for part in str(expression).split(";"):
            if not part.strip():
                continue
            found.append(_condition(part))
    return found


def _condition(part: str) -> Condition:
    positions = [(part.find(op), op) for op in OPERATORS if part.find(op) >= 0]
    if not positions:
        raise InvalidInput(f"the filter '{shown(part.strip())}' has no comparison; {FILTER_HELP}")
    index = min(position for position, _ in positions)
    operator = max((op for position, op in positions if position == index), key=len)
    name, value = part[:index].strip(), part[index + len(operator) :].strip()
    if not name or not value:
        raise InvalidInput(f"the filter '{shown(part.strip())}' lacks a name or a value; {FILTER_HELP}")
    return Condition(name, operator, value)


@dataclass(frozen=True, slots=True)
class _Test:
    attribute_id: str
    operator: str
    wanted: object
    attribute: Attribute


def matching_sources(
    conditions: Sequence[Condition],
    attributes: Sequence[Attribute],
    values: Mapping[str, Mapping[str, str]],
    source_ids: Iterable[str],
) -> list[str]:
    """The sources (of ``source_ids``, in their order) that meet every condition.

    ``values`` maps a source id to its stored values by attribute id. A source without a value for an
    attribute meets no condition on it, not even ``!=``.
    """
    tests = [_test(condition, attributes) for condition in conditions]
    chosen: list[str] = []
    for source_id in source_ids:
        own = values.get(source_id, {})
        if all(_meets(test, own.get(test.attribute_id, "")) for test in tests):
            chosen.append(source_id)
    return chosen


def _test(condition: Condition, attributes: Sequence[Attribute]) -> _Test:
    by_name = {a.name.casefold(): a for a in attributes}
    attribute = by_name.get(condition.name.casefold())
    if attribute is None:
        known = ", ".join(a.name for a in attributes[:10]) or "none yet"
        raise NotFound(f"no attribute named '{shown(condition.name)}' in the project (attributes: {known})")
    if condition.operator not in ("=", "!=") and attribute.type not in ORDERED_TYPES:
        raise InvalidInput(
            f"the filter '{shown(condition)}' orders values, but '{shown(attribute.name)}' holds "
            f"{TYPE_WORDS[attribute.type]}; use = or !="
        )
    canonical = _canonical(attribute, condition.value)
    if canonical is None:
        raise InvalidInput(
            f"the filter '{shown(condition)}' compares '{shown(attribute.name)}' with "
            f"'{shown(condition.value)}', which is not {_expected(attribute)}"
        )
    return _Test(attribute.id, condition.operator, typed(attribute, canonical), attribute)


def _meets(test: _Test, value: str) -> bool:
    if not value:
        return False
    have = typed(test.attribute, value)
    wanted = test.wanted
    match test.operator:
        case "=":
            return have == wanted
        case "!=":
            return have != wanted
        case "<":
            return have < wanted  # type: ignore[operator]
        case "<=":
            return have <= wanted  # type: ignore[operator]
        case ">":
            return have > wanted  # type: ignore[operator]
        case _:
            return have >= wanted  # type: ignore[operator]
