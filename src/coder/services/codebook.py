"""The codebook: loading code specs, and the edits a researcher makes in the tree."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import delete, func, select, update
from sqlmodel import Session

from coder.domain.codebook import Codebook, validate_specs
from coder.domain.colours import colour_for
from coder.domain.errors import Conflict, InvalidInput, NotFound
from coder.domain.model import Code, CodeSpec, Coding, new_id
from coder.services.project import Project
from coder.storage import mapping
from coder.storage.bulk import insert_codings
from coder.storage.tables import CodeRow, CodingRow, MetaRow


@dataclass(frozen=True)
class LoadSummary:
    added: int
    updated: int


@dataclass(frozen=True)
class RemovedCodes:
    """What deleting a code took away, so that undo can put it back exactly."""

    codes: tuple[Code, ...]  # parents before children
    codings: tuple[Coding, ...]


def _codes(session: Session) -> Codebook:
    return Codebook(mapping.code(row) for row in session.execute(select(CodeRow)).scalars())


def get_codebook(project: Project) -> Codebook:
    with project.transaction() as session:
        return _codes(session)


def coding_counts(project: Project, coder_ids: Sequence[str] | None = None) -> dict[str, int]:
    """Number of codings per code id, optionally for some coders only."""
    query = select(CodingRow.code_id, func.count()).group_by(CodingRow.code_id)
    if coder_ids is not None:
        query = query.where(CodingRow.coder_id.in_(list(coder_ids)))  # type: ignore[attr-defined]
    with project.transaction() as session:
        return {code_id: count for code_id, count in session.execute(query)}


def _check_sibling_name(book: Codebook, parent_id: str | None, name: str, own_id: str | None = None) -> None:
    name = name.strip()
    if not name:
        raise InvalidInput("a code needs a name")
    if "/" in name:
        raise InvalidInput(f"code name '{name}' contains '/', which separates levels of the codebook")
    for sibling in book.children(parent_id):
        if sibling.name == name and sibling.id != own_id:
            raise Conflict(f"there is already a code named '{name}' at that place in the codebook")


def load_specs(project: Project, specs: Sequence[CodeSpec]) -> LoadSummary:
    """Codes with the same path are updated, new ones added, none removed; one transaction."""
    added = updated = 0
    with project.transaction() as session:
        book = _codes(session)
        validate_specs(specs, known=(book.path(c.id) for c in book.codes))
        ids: dict[tuple[str, ...], str] = {book.path(c.id): c.id for c in book.codes}
        for index, spec in enumerate(specs):
            parent_id = ids[spec.path[:-1]] if len(spec.path) > 1 else None
            existing = book.by_path(spec.path)
            fields = {
                "definition": spec.definition,
                "when_to_use": spec.when_to_use,
                "when_not_to_use": spec.when_not_to_use,
                "example": spec.example,
            }
            if existing is not None:
                row = session.get(CodeRow, existing.id)
                assert row is not None
                for key, value in fields.items():
                    if value:  # a text the file leaves out keeps what the project has
                        setattr(row, key, value)
                if spec.colour:
                    row.colour = spec.colour
                ids[spec.path] = existing.id
                updated += 1
            else:
                code = Code(
                    id=new_id(),
                    name=spec.name,
                    parent_id=parent_id,
                    colour=spec.colour or colour_for(len(book.codes) + index),
                    position=index,
                    **fields,
                )
                session.add(mapping.code_row(code))
                session.flush()
                ids[spec.path] = code.id
                added += 1
    return LoadSummary(added=added, updated=updated)


def export_specs(project: Project) -> list[CodeSpec]:
    return get_codebook(project).as_specs()


def add_code(
    project: Project,
    name: str,
    parent_id: str | None = None,
    colour: str | None = None,
    code_id: str | None = None,
) -> Code:
    with project.transaction() as session:
        book = _codes(session)
        if parent_id is not None and parent_id not in book.by_id:
            raise NotFound("the parent code is no longer in the codebook")
        _check_sibling_name(book, parent_id, name)
        siblings = book.children(parent_id)
        code = Code(
            id=code_id or new_id(),
            name=name.strip(),
            parent_id=parent_id,
            colour=colour or colour_for(len(book.codes)),
            position=(max((c.position for c in siblings), default=-1) + 1),
        )
        session.add(mapping.code_row(code))
    return code


def update_code(project: Project, code: Code) -> Code:
    """Write a changed code (name, colour, texts, parent, position); returns the code as it was."""
    with project.transaction() as session:
        book = _codes(session)
        before = book.by_id.get(code.id)
        if before is None:
            raise NotFound(f"the code '{code.name}' is no longer in the codebook")
        _check_sibling_name(book, code.parent_id, code.name, own_id=code.id)
        if code.parent_id is not None:
            if code.parent_id not in book.by_id:
                raise NotFound("the new parent code is no longer in the codebook")
            if code.parent_id == code.id or code.parent_id in {c.id for c in book.descendants(code.id)}:
                raise InvalidInput(f"'{code.name}' cannot be moved inside itself")
        row = session.get(CodeRow, code.id)
        assert row is not None
        for key, value in mapping.code_row(replace(code, name=code.name.strip())).model_dump().items():
            setattr(row, key, value)
    return before


def delete_code(project: Project, code_id: str) -> RemovedCodes:
    """Delete a code, its children and all their codings; returns what was removed."""
    with project.transaction() as session:
        book = _codes(session)
        if code_id not in book.by_id:
            raise NotFound("that code is no longer in the codebook")
        codes = (book.by_id[code_id], *book.descendants(code_id))
        ids = [c.id for c in codes]
        codings = tuple(
            mapping.coding(row)
            for row in session.execute(
                select(CodingRow).where(CodingRow.code_id.in_(ids))  # type: ignore[attr-defined]
            ).scalars()
        )
        session.execute(delete(CodingRow).where(CodingRow.code_id.in_(ids)))  # type: ignore[attr-defined]
        for code in reversed(codes):
            session.execute(delete(CodeRow).where(CodeRow.id == code.id))  # type: ignore[arg-type]
    return RemovedCodes(codes=codes, codings=codings)


def restore_codes(project: Project, removed: RemovedCodes) -> None:
    """Put back exactly what :func:`delete_code` removed (for undo)."""
    with project.transaction() as session:
        for code in removed.codes:
            session.add(mapping.code_row(code))
            session.flush()
        insert_codings(session, removed.codings)


def merge_code(project: Project, source_id: str, target_id: str) -> RemovedCodes:
    """Move every coding of ``source_id`` to ``target_id`` and delete the source code.

    The source code must have no children. Returns the removed code with its
    codings as they were, so that undo can restore them with :func:`unmerge_code`.
    """
    if source_id == target_id:
        raise InvalidInput("a code cannot be merged into itself")
    with project.transaction() as session:
        book = _codes(session)
        if source_id not in book.by_id or target_id not in book.by_id:
            raise NotFound("one of the codes is no longer in the codebook")
        if book.children(source_id):
            raise InvalidInput(f"'{book.by_id[source_id].name}' has sub-codes; move or merge them first")
        codings = tuple(
            mapping.coding(row)
            for row in session.execute(select(CodingRow).where(CodingRow.code_id == source_id)).scalars()
        )
        session.execute(update(CodingRow).where(CodingRow.code_id == source_id).values(code_id=target_id))
        session.execute(delete(CodeRow).where(CodeRow.id == source_id))  # type: ignore[arg-type]
    return RemovedCodes(codes=(book.by_id[source_id],), codings=codings)


def unmerge_code(project: Project, removed: RemovedCodes) -> None:
    """Undo :func:`merge_code`: recreate the code and give its codings back."""
    with project.transaction() as session:
        for code in removed.codes:
            session.add(mapping.code_row(code))
            session.flush()
        for coding in removed.codings:
            session.execute(update(CodingRow).where(CodingRow.id == coding.id).values(code_id=coding.code_id))


# ---------------------------------------------------------------------- keys 1–9 (issue 8, item 6)

SHORTCUTS_KEY = "shortcuts"  # the meta row holding {"code id": key} as JSON
SHORTCUT_KEYS = range(1, 10)


def _stored_shortcuts(session: Session) -> dict[str, int] | None:
    """The stored assignments as written (codes may since have gone), or None when none were stored."""
    row = session.get(MetaRow, SHORTCUTS_KEY)
    if row is None:
        return None
    try:
        value = json.loads(row.value)
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, int) and v in SHORTCUT_KEYS}


def _effective_shortcuts(book: Codebook, stored: dict[str, int] | None) -> dict[str, int]:
    if stored is None:  # the default: the first nine codes that are not groups, in tree order
        leaves = [c for c in book.in_tree_order() if not book.children(c.id)]
        return {code.id: n for n, code in zip(SHORTCUT_KEYS, leaves, strict=False)}
    taken: dict[int, str] = {}
    for code_id, key in stored.items():
        if code_id in book.by_id and key not in taken:
            taken[key] = code_id
    return {code_id: key for key, code_id in taken.items()}


def get_shortcuts(project: Project) -> dict[str, int]:
    """Which code each key 1–9 applies: code id -> key, for codes in the codebook.

    Until keys are assigned, the first nine codes without sub-codes (in tree order) have them.
    """
    with project.transaction() as session:
        return _effective_shortcuts(_codes(session), _stored_shortcuts(session))


def set_shortcuts(project: Project, shortcuts: dict[str, int]) -> dict[str, int]:
    """Store these assignments as they are (for undo, or to keep keys in place); returns those before."""
    if any(key not in SHORTCUT_KEYS for key in shortcuts.values()):
        raise InvalidInput("a code's key must be one of 1 to 9")
    with project.transaction() as session:
        before = _stored_shortcuts(session)
        if before is None:
            before = _effective_shortcuts(_codes(session), None)
        _write_shortcuts(session, shortcuts)
    return before


def set_shortcut(project: Project, code_id: str, key: int | None) -> dict[str, int]:
    """Give ``key`` to the code (taking it from the code that had it), or None to take its key away.

    Every assignment is stored from then on, so keys stay where they are when the codebook
    changes. Returns the assignments as they were, for :func:`set_shortcuts` to put back.
    """
    if key is not None and key not in SHORTCUT_KEYS:
        raise InvalidInput("a code's key must be one of 1 to 9")
    with project.transaction() as session:
        book = _codes(session)
        if code_id not in book.by_id:
            raise NotFound("that code is no longer in the codebook")
        stored = _stored_shortcuts(session)
        before = dict(stored) if stored is not None else _effective_shortcuts(book, None)
        after = {c: k for c, k in before.items() if c != code_id and k != key}
        if key is not None:
            after[code_id] = key
        _write_shortcuts(session, after)
    return before


def _write_shortcuts(session: Session, shortcuts: dict[str, int]) -> None:
    text = json.dumps(dict(sorted(shortcuts.items(), key=lambda item: item[1])))
    row = session.get(MetaRow, SHORTCUTS_KEY)
    if row is None:
        session.add(MetaRow(key=SHORTCUTS_KEY, value=text))
    else:
        row.value = text
