"""The codebook as a tree: paths, lookup and validation of code specs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from coder.domain.errors import InvalidInput, NotFound
from coder.domain.model import Code, CodeSpec

PATH_SEPARATOR = "/"


class Codebook:
    """A read-only view over a snapshot of codes."""

    def __init__(self, codes: Iterable[Code]) -> None:
        self.codes: list[Code] = sorted(codes, key=lambda c: (c.position, c.name.casefold()))
        self.by_id: dict[str, Code] = {c.id: c for c in self.codes}
        self._paths: dict[str, tuple[str, ...]] = {}

    def children(self, parent_id: str | None) -> list[Code]:
        return [c for c in self.codes if c.parent_id == parent_id]

    def path(self, code_id: str) -> tuple[str, ...]:
        cached = self._paths.get(code_id)
        if cached is not None:
            return cached
        code = self.by_id[code_id]
        result = (code.name,) if code.parent_id is None else self.path(code.parent_id) + (code.name,)
        self._paths[code_id] = result
        return result

    def path_text(self, code_id: str) -> str:
        return PATH_SEPARATOR.join(self.path(code_id))

    def in_tree_order(self) -> list[Code]:
        """Every code, each parent followed by its children (depth first)."""
        ordered: list[Code] = []

        def walk(parent_id: str | None) -> None:
            for code in self.children(parent_id):
                ordered.append(code)
                walk(code.id)

        walk(None)
        return ordered

    def as_specs(self) -> list[CodeSpec]:
        """Every code as a codebook file describes it, parents first; ``guid`` is the code's id."""
        return [
            CodeSpec(
                path=self.path(code.id),
                colour=code.colour,
                definition=code.definition,
                when_to_use=code.when_to_use,
                when_not_to_use=code.when_not_to_use,
                example=code.example,
                guid=code.id,
            )
            for code in self.in_tree_order()
        ]

    def descendants(self, code_id: str) -> list[Code]:
        found: list[Code] = []
        for child in self.children(code_id):
            found.append(child)
            found.extend(self.descendants(child.id))
        return found

    def by_path(self, path: Sequence[str]) -> Code | None:
        parent: str | None = None
        code: Code | None = None
        for name in path:
            code = next((c for c in self.children(parent) if c.name == name), None)
            if code is None:
                return None
            parent = code.id
        return code

    def resolve(self, reference: str) -> Code:
        """Find a code by its name, or by its path with ``/`` when the name is ambiguous."""
        if PATH_SEPARATOR in reference:
            code = self.by_path(split_path(reference))
            if code is not None:
                return code
        named = [c for c in self.codes if c.name == reference]
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            paths = ", ".join(sorted(self.path_text(c.id) for c in named))
            raise InvalidInput(f"code name '{reference}' is ambiguous; use its path: {paths}")
        raise NotFound(f"no code '{reference}' in the codebook")


def split_path(reference: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in reference.split(PATH_SEPARATOR) if part.strip())


def validate_specs(specs: Sequence[CodeSpec], known: Iterable[tuple[str, ...]] = ()) -> None:
    """Refuse empty names, duplicate paths, and children whose parent is neither known nor listed before."""
    seen: set[tuple[str, ...]] = set()
    existing = set(known)
    for spec in specs:
        where = f" (line {spec.line})" if spec.line else ""
        if not spec.path or any(not part.strip() for part in spec.path):
            raise InvalidInput(f"a code has an empty name{where}")
        if any(PATH_SEPARATOR in part for part in spec.path):
            raise InvalidInput(f"code name '{spec.name}' contains '/', which separates levels{where}")
        if spec.path in seen:
            raise InvalidInput(f"code '{PATH_SEPARATOR.join(spec.path)}' appears twice{where}")
        if len(spec.path) > 1 and spec.path[:-1] not in seen and spec.path[:-1] not in existing:
            raise InvalidInput(f"code '{PATH_SEPARATOR.join(spec.path)}' comes before its parent{where}")
        seen.add(spec.path)
