"""The codebook: loading code specs, and the edits a researcher makes in the tree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from coder.domain.codebook import Codebook, validate_specs
from coder.domain.colours import colour_for
from coder.domain.errors import Conflict, InvalidInput, NotFound, shorten
from coder.domain.ids import usable_id
from coder.domain.limits import check_depth
from coder.domain.memos import CODE, Memo, joined
from coder.domain.model import Code, CodeSpec, Coding, new_id, now
from coder.domain.names import check_name
from coder.services.project import Project
from coder.storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class LoadSummary:
    added: int
    updated: int


@dataclass(frozen=True)
class RemovedCodes:
    """What deleting a code took away, so that undo can put it back exactly."""

    codes: tuple[Code, ...]  # parents before children
    codings: tuple[Coding, ...]
    memos: tuple[Memo, ...] = ()  # the removed codes' memos as they were
    changed_memos: tuple[Memo, ...] = ()  # memos of a merge's target as they were before it


def codebook_in(uow: UnitOfWork) -> Codebook:
    return Codebook(uow.codes.all())


def get_codebook(project: Project) -> Codebook:
    with project.read() as uow:
        return codebook_in(uow)


def coding_counts(project: Project, coder_ids: Sequence[str] | None = None) -> dict[str, int]:
    """Number of codings per code id, optionally for some coders only."""
    with project.read() as uow:
        return uow.codings.counts("code_id", coder_ids)


def _check_sibling_name(book: Codebook, parent_id: str | None, name: str, own_id: str | None = None) -> None:
    name = name.strip()
    if not name:
        raise InvalidInput("a code needs a name")
    check_name("code", name)
    if "/" in name:
        raise InvalidInput(
            f"code name '{shorten(name)}' contains '/', which separates levels of the codebook"
        )
    for sibling in book.children(parent_id):
        if sibling.name == name and sibling.id != own_id:
            raise Conflict(f"there is already a code named '{name}' at that place in the codebook")


def load_specs(project: Project, specs: Sequence[CodeSpec]) -> LoadSummary:
    """Codes with the same path are updated, new ones added, none removed; one transaction.

    A new code keeps the file's ``guid`` as its id when that is a valid id not used here yet.
    """
    added = updated = 0
    with project.write() as uow:
        book = codebook_in(uow)
        validate_specs(specs, known=(book.path(c.id) for c in book.codes))
        ids: dict[tuple[str, ...], str] = {book.path(c.id): c.id for c in book.codes}
        taken = set(book.by_id)
        fresh: list[Code] = []
        for index, spec in enumerate(specs):
            parent_id = ids[spec.path[:-1]] if len(spec.path) > 1 else None
            existing = book.by_path(spec.path) if spec.path in ids else None
            fields = {
                "definition": spec.definition,
                "when_to_use": spec.when_to_use,
                "when_not_to_use": spec.when_not_to_use,
                "example": spec.example,
            }
            if existing is not None:
                changed = {key: value for key, value in fields.items() if value}  # a text left out stays
                if spec.colour:
                    changed["colour"] = spec.colour
                if changed:
                    uow.codes.update(replace(existing, **changed), uow.actor)
                ids[spec.path] = existing.id
                updated += 1
            else:
                code_id = usable_id(spec.guid, taken) or new_id()
                taken.add(code_id)
                code = Code(
                    id=code_id,
                    name=spec.name,
                    parent_id=parent_id,
                    colour=spec.colour or colour_for(len(book.codes) + index),
                    position=index,
                    **fields,
                )
                fresh.append(code)
                ids[spec.path] = code.id
                added += 1
        uow.codes.insert(fresh)
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
    with project.write() as uow:
        book = codebook_in(uow)
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
        uow.codes.insert([code])
    return code


def update_code(project: Project, code: Code, check_version: bool = False) -> Code:
    """Write a changed code (name, colour, texts, parent, position); returns the code as it was.

    With ``check_version``, a code that someone else changed since ``code`` was read is refused, naming
    who changed it.
    """
    with project.write() as uow:
        book = codebook_in(uow)
        before = book.by_id.get(code.id)
        if before is None:
            raise NotFound(f"the code '{code.name}' is no longer in the codebook")
        if check_version and before.version != code.version:
            raise _changed_meanwhile(before)
        _check_sibling_name(book, code.parent_id, code.name, own_id=code.id)
        if code.parent_id is not None:
            if code.parent_id not in book.by_id:
                raise NotFound("the new parent code is no longer in the codebook")
            if code.parent_id == code.id or code.parent_id in {c.id for c in book.descendants(code.id)}:
                raise InvalidInput(f"'{shorten(code.name)}' cannot be moved inside itself")
            if code.parent_id != before.parent_id:
                below = max((len(book.path(c.id)) for c in book.descendants(code.id)), default=0)
                height = below - len(book.path(code.id)) + 1 if below else 1
                check_depth((*book.path(code.parent_id), *[code.name] * height))
        expected = code.version if check_version else None
        if not uow.codes.update(replace(code, name=code.name.strip()), uow.actor, expected):
            # Someone committed a change between our read and our write (possible on a server).
            now = uow.codes.get(code.id)
            if now is None:
                raise NotFound(f"the code '{code.name}' is no longer in the codebook")
            raise _changed_meanwhile(now)
    return before


def _changed_meanwhile(current: Code) -> Conflict:
    who = current.changed_by or "another coder"
    return Conflict(
        f"'{current.name}' was changed by {who} after you opened it, so your change was not saved; "
        "the code now shows their version"
    )


def delete_code(project: Project, code_id: str) -> RemovedCodes:
    """Delete a code, its children and all their codings; returns what was removed."""
    with project.write() as uow:
        book = codebook_in(uow)
        if code_id not in book.by_id:
            raise NotFound("that code is no longer in the codebook")
        codes = (book.by_id[code_id], *book.descendants(code_id))
        ids = [c.id for c in codes]
        codings = tuple(uow.codings.of_codes(ids))
        memos = tuple(memo for i in ids for memo in uow.memos.of_target(CODE, i))
        uow.codings.removed(codings)
        uow.codes.delete([c.id for c in reversed(codes)])
        if memos:
            uow.log.mark("memos")
    return RemovedCodes(codes=codes, codings=codings, memos=memos)


def restore_codes(project: Project, removed: RemovedCodes) -> None:
    """Put back exactly what :func:`delete_code` removed (for undo)."""
    with project.write() as uow:
        uow.codes.insert(list(removed.codes))
        uow.codings.insert(list(removed.codings))
        uow.memos.insert(list(removed.memos))


def merge_code(project: Project, source_id: str, target_id: str) -> RemovedCodes:
    """Move every coding of ``source_id`` to ``target_id`` and delete the source code.

    The source code must have no children. Returns the removed code with its
    codings as they were, so that undo can restore them with :func:`unmerge_code`.
    """
    if source_id == target_id:
        raise InvalidInput("a code cannot be merged into itself")
    with project.write() as uow:
        book = codebook_in(uow)
        if source_id not in book.by_id or target_id not in book.by_id:
            raise NotFound("one of the codes is no longer in the codebook")
        if book.children(source_id):
            raise InvalidInput(f"'{book.by_id[source_id].name}' has sub-codes; move or merge them first")
        codings = tuple(uow.codings.of_codes([source_id]))
        uow.codings.move_code(source_id, target_id)
        uow.log.codings_updated([replace(c, code_id=target_id) for c in codings])
        memos, changed = _move_memos(uow, source_id, target_id)
        uow.codes.delete([source_id])
    return RemovedCodes(codes=(book.by_id[source_id],), codings=codings, memos=memos, changed_memos=changed)


def _move_memos(uow: UnitOfWork, source_id: str, target_id: str) -> tuple[tuple[Memo, ...], tuple[Memo, ...]]:
    """A merged code's memos go to the target: joined to the coder's memo there, if there is one."""
    moved = tuple(uow.memos.of_target(CODE, source_id))
    changed: list[Memo] = []
    for memo in moved:
        writer = uow.actor or uow.coders.names().get(memo.coder_id, "")
        there = uow.memos.get(CODE, target_id, memo.coder_id)
        if there is None:
            uow.memos.update(replace(memo, target_id=target_id), memo.version, writer)
        else:
            changed.append(there)
            uow.memos.update(
                replace(there, text=joined([there.text, memo.text]), changed_at=now()), there.version, writer
            )
    return moved, tuple(changed)


def unmerge_code(project: Project, removed: RemovedCodes) -> None:
    """Undo :func:`merge_code`: recreate the code and give its codings back."""
    with project.write() as uow:
        uow.codes.insert(list(removed.codes))
        for coding in removed.codings:
            uow.codings.write(coding)
        present = uow.memos.ids_present([memo.id for memo in removed.memos])
        for memo in (*removed.changed_memos, *(m for m in removed.memos if m.id in present)):
            uow.memos.put_back(memo, uow.actor)
        uow.memos.insert([memo for memo in removed.memos if memo.id not in present])


# ---------------------------------------------------------------------- keys 1-9

SHORTCUT_KEYS = range(1, 10)
SHORTCUTS_ASSIGNED = "shortcuts_assigned"  # a meta row: keys have been given by hand (not the default)


def _shortcuts_in(uow: UnitOfWork, book: Codebook) -> dict[str, int]:
    if uow.meta.get(SHORTCUTS_ASSIGNED) is None:  # the default: the first nine codes that are not groups
        leaves = [code for code in book.in_tree_order() if not book.children(code.id)]
        return {code.id: key for key, code in zip(SHORTCUT_KEYS, leaves, strict=False)}
    return {code.id: code.shortcut for code in book.codes if code.shortcut is not None}


def get_shortcuts(project: Project) -> dict[str, int]:
    """Which code each key 1-9 applies: code id -> key.

    Until keys are given by hand, the first nine codes without sub-codes (in tree order) have them.
    """
    with project.read() as uow:
        return _shortcuts_in(uow, codebook_in(uow))


def set_shortcuts(project: Project, shortcuts: dict[str, int]) -> dict[str, int]:
    """Give exactly these keys (for undo, or to keep keys in place); returns the keys as they were."""
    keys = list(shortcuts.values())
    if any(key not in SHORTCUT_KEYS for key in keys):
        raise InvalidInput("a code's key must be one of 1 to 9")
    if len(set(keys)) != len(keys):
        raise InvalidInput("a key can apply only one code")
    with project.write() as uow:
        book = codebook_in(uow)
        before = _shortcuts_in(uow, book)
        uow.codes.set_shortcuts({c: k for c, k in shortcuts.items() if c in book.by_id})
        uow.meta.set(SHORTCUTS_ASSIGNED, "1")
    return before


def set_shortcut(project: Project, code_id: str, key: int | None) -> dict[str, int]:
    """Give ``key`` to the code (taking it from the code that had it), or None to take its key away.

    From then on every key is stored with its code, so keys stay where they are when the codebook
    changes. Returns the keys as they were, for :func:`set_shortcuts` to put back.
    """
    if key is not None and key not in SHORTCUT_KEYS:
        raise InvalidInput("a code's key must be one of 1 to 9")
    with project.write() as uow:
        book = codebook_in(uow)
        if code_id not in book.by_id:
            raise NotFound("that code is no longer in the codebook")
        before = _shortcuts_in(uow, book)
        after = {c: k for c, k in before.items() if c != code_id and k != key}
        if key is not None:
            after[code_id] = key
        uow.codes.set_shortcuts(after)
        uow.meta.set(SHORTCUTS_ASSIGNED, "1")
    return before
