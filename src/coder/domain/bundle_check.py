"""Checking a whole project from outside (another coder's file, a REFI-QDA project) before merging.

A foreign project is data, not code: every row is checked as strictly as ``coder import`` and
``coder codings import`` check theirs, and the first problem is refused in one sentence naming it,
so that nothing half-valid reaches a project (a fractional offset, a page start past the text, a
code name with ``/``, an id used twice, a coding on a code the file does not hold).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from coder.domain.attributes import canonical_value, check_attribute_name, check_choices, check_type
from coder.domain.bundle import ProjectBundle
from coder.domain.bundle_consensus import check_consensus
from coder.domain.errors import InvalidInput
from coder.domain.limits import check_depth
from coder.domain.memos import CODE, JOURNAL, KINDS, SOURCE, Memo
from coder.domain.model import FORMATS
from coder.domain.names import check_name


def _shown(value: object, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _repeated(ids: Iterable[str], what: str, where: str) -> None:
    counts = Counter(ids)
    twice = next((key for key, count in counts.items() if count > 1), None)
    if twice is not None:
        raise InvalidInput(
            f"{where} gives the id '{_shown(twice)}' to more than one {what}, so its codings could land "
            "on the wrong item; it was not merged"
        )


def _name(value: object, what: str, where: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{where} holds a {what} whose name is not text")
    try:
        return check_name(what, value)
    except InvalidInput as problem:
        raise InvalidInput(f"{where}: {problem}") from None


def check_bundle(bundle: ProjectBundle, where: str) -> None:
    """Refuse the first row of ``bundle`` that coder would not store itself."""
    _repeated((s.id for s in bundle.sources), "source", where)
    _repeated((c.id for c in bundle.codes), "code", where)
    _repeated((c.id for c in bundle.coders), "coder", where)
    _repeated((c.id for c in bundle.codings), "coding", where)
    _repeated((m.id for m in bundle.memos), "memo", where)
    lengths: dict[str, int] = {}
    for source in bundle.sources:
        name = _name(source.name, "source", where)
        if source.format not in FORMATS:
            raise InvalidInput(
                f"{where}: source '{_shown(name)}' has the unknown format '{_shown(source.format)}'"
            )
        if not isinstance(source.text, str) or not source.text:
            raise InvalidInput(f"{where}: source '{_shown(name)}' has no text")
        starts = source.page_starts
        if not isinstance(starts, tuple | list) or not all(_integer(s) for s in starts):
            raise InvalidInput(f"{where}: the page starts of source '{_shown(name)}' are not whole numbers")
        if any(not 0 <= s <= len(source.text) for s in starts) or list(starts) != sorted(starts):
            raise InvalidInput(
                f"{where}: the page starts of source '{_shown(name)}' are not in order within its text"
            )
        if source.original is not None and not isinstance(source.original, bytes | bytearray):
            raise InvalidInput(f"{where}: the original file of source '{_shown(name)}' is not a file")
        lengths[source.id] = len(source.text)
    codes = {code.id: code for code in bundle.codes}
    for code in bundle.codes:
        name = _name(code.name, "code", where)
        if "/" in name:
            raise InvalidInput(
                f"{where}: code name '{_shown(name)}' contains '/', which separates levels of the codebook"
            )
        if code.parent_id is not None and code.parent_id not in codes:
            raise InvalidInput(f"{where}: code '{_shown(name)}' has a parent the file does not hold")
        if not isinstance(code.colour, str):
            raise InvalidInput(f"{where}: code '{_shown(name)}' has a colour that is not text")
        for text in (code.definition, code.when_to_use, code.when_not_to_use, code.example):
            if not isinstance(text, str):
                raise InvalidInput(f"{where}: a text of code '{_shown(name)}' is not text")
    _check_tree(codes, where)
    for code in bundle.codes:
        check_depth(_path(codes, code.id), f" in {where}")
    check_attributes(bundle, where)
    coder_ids = set()
    for coder in bundle.coders:
        _name(coder.name, "coder", where)
        coder_ids.add(coder.id)
    for coding in bundle.codings:
        if coding.source_id not in lengths or coding.code_id not in codes or coding.coder_id not in coder_ids:
            raise InvalidInput(
                f"{where}: a coding refers to a source, code or coder that the file does not hold"
            )
        if not (_integer(coding.start) and _integer(coding.end)):
            raise InvalidInput(
                f"{where}: a coding has the offsets {_shown(coding.start)}-{_shown(coding.end)}, "
                "which are not whole numbers"
            )
        if not 0 <= coding.start < coding.end <= lengths[coding.source_id]:
            raise InvalidInput(
                f"{where}: a coding spans {coding.start}-{coding.end}, outside its source's "
                f"{lengths[coding.source_id]} characters"
            )
        if not isinstance(coding.memo, str) or not isinstance(coding.provenance, str):
            raise InvalidInput(f"{where}: a coding has a memo that is not text")
        if not isinstance(coding.created_at, datetime) or not isinstance(coding.changed_at, datetime):
            raise InvalidInput(f"{where}: a coding has a date that is not a date")
    _check_memos(bundle.memos, {SOURCE: set(lengths), CODE: set(codes)}, coder_ids, where)
    check_consensus(bundle, where)


def _check_memos(
    memos: tuple[Memo, ...], targets: dict[str, set[str]], coder_ids: set[str], where: str
) -> None:
    """Memos on sources and codes of the file, by its coders; one per coder and target."""
    seen: set[tuple[str, str | None, str]] = set()
    for memo in memos:
        if memo.kind not in KINDS:
            raise InvalidInput(f"{where}: a memo has the unknown kind '{_shown(memo.kind)}'")
        if memo.kind == JOURNAL:
            if memo.target_id is not None:
                raise InvalidInput(f"{where}: a journal entry is attached to a source or code")
        elif memo.target_id not in targets[memo.kind]:
            raise InvalidInput(f"{where}: a memo refers to a {memo.kind} that the file does not hold")
        if memo.coder_id not in coder_ids:
            raise InvalidInput(f"{where}: a memo refers to a coder that the file does not hold")
        if not isinstance(memo.text, str) or not isinstance(memo.title, str):
            raise InvalidInput(f"{where}: a memo has a text or title that is not text")
        if not isinstance(memo.created_at, datetime) or not isinstance(memo.changed_at, datetime):
            raise InvalidInput(f"{where}: a memo has a date that is not a date")
        key = (memo.kind, memo.target_id, memo.coder_id)
        if memo.kind != JOURNAL and key in seen:
            raise InvalidInput(f"{where}: one coder has two memos on the same {memo.kind}")
        seen.add(key)


def check_attributes(bundle: ProjectBundle, where: str) -> None:
    """Attributes with good names and types, values that fit them, on sources the bundle holds."""
    _repeated((a.id for a in bundle.attributes), "attribute", where)
    by_id = {}
    names: set[str] = set()
    for attribute in bundle.attributes:
        try:
            name = check_attribute_name(attribute.name)
            check_type(attribute.type)
            check_choices(attribute.choices, name)
        except InvalidInput as error:
            raise InvalidInput(f"{where}: {error}") from None
        if name.casefold() in names:
            raise InvalidInput(f"{where} holds two attributes named '{_shown(name)}'")
        names.add(name.casefold())
        by_id[attribute.id] = attribute
    sources = {source.id: source.name for source in bundle.sources}
    seen: set[tuple[str, str]] = set()
    for source_id, attribute_id, value in bundle.values:
        if source_id not in sources or attribute_id not in by_id:
            raise InvalidInput(
                f"{where}: an attribute value refers to a source or attribute the file does not hold"
            )
        if (source_id, attribute_id) in seen:
            raise InvalidInput(
                f"{where}: a source has two values for the attribute '{_shown(by_id[attribute_id].name)}'"
            )
        seen.add((source_id, attribute_id))
        try:
            text = value if isinstance(value, str) else ""
            stored = canonical_value(by_id[attribute_id], text, sources[source_id]) if text else None
        except InvalidInput as error:
            raise InvalidInput(f"{where}: {error}") from None
        if stored != value or not value:
            raise InvalidInput(
                f"{where}: the value '{_shown(value)}' of '{_shown(by_id[attribute_id].name)}' for the "
                f"source '{_shown(sources[source_id])}' is not written as coder stores it"
            )


def _path(codes: dict, code_id: str) -> list[str]:  # type: ignore[type-arg]
    path: list[str] = []
    node: str | None = code_id
    while node is not None:
        path.append(codes[node].name)
        node = codes[node].parent_id
    return path[::-1]


def _check_tree(codes: dict, where: str) -> None:  # type: ignore[type-arg]
    """Refuse a parent chain that loops back on itself."""
    settled: set[str] = set()
    for start in codes:
        trail: list[str] = []
        seen: set[str] = set()
        node: str | None = start
        while node is not None and node not in settled:
            if node in seen:
                raise InvalidInput(f"{where}: code '{_shown(codes[node].name)}' is its own ancestor")
            seen.add(node)
            trail.append(node)
            node = codes[node].parent_id
        settled.update(trail)
