"""The codebook as a tree: paths, lookup and validation of code specs.

Children and names are indexed once, so that lookups cost the same for 20 codes or 100,000, and
walks over the tree iterate instead of recursing, so that no depth breaks them.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence

from coder.domain.errors import InvalidInput, NotFound, shorten
from coder.domain.limits import check_depth
from coder.domain.model import Code, CodeSpec

PATH_SEPARATOR = "/"


def _order(code: Code) -> tuple[int, str]:
    return (code.position, code.name.casefold())


class Codebook:
    """A read-only view over a snapshot of codes.

    Codes appended to ``codes`` (and ``by_id``) after construction are indexed when next looked up.
    """

    def __init__(self, codes: Iterable[Code]) -> None:
        self.codes: list[Code] = sorted(codes, key=_order)
        self.by_id: dict[str, Code] = {c.id: c for c in self.codes}
        self._paths: dict[str, tuple[str, ...]] = {}
        self._children: dict[str | None, list[Code]] = {}
        self._named: dict[tuple[str | None, str], Code] = {}  # (parent id, name) -> first such code
        self._by_name: dict[str, list[Code]] = {}
        self._indexed = 0

    def _index(self) -> None:
        for code in self.codes[self._indexed :]:
            siblings = self._children.setdefault(code.parent_id, [])
            if siblings and _order(siblings[-1]) > _order(code):
                bisect.insort(siblings, code, key=_order)
            else:
                siblings.append(code)
            self._named.setdefault((code.parent_id, code.name), code)
            self._by_name.setdefault(code.name, []).append(code)
        self._indexed = len(self.codes)

    def children(self, parent_id: str | None) -> list[Code]:
        if self._indexed != len(self.codes):
            self._index()
        return list(self._children.get(parent_id, ()))

    def child(self, parent_id: str | None, name: str) -> Code | None:
        """The code named ``name`` directly under ``parent_id`` (None: at the top level)."""
        if self._indexed != len(self.codes):
            self._index()
        return self._named.get((parent_id, name))

    def path(self, code_id: str) -> tuple[str, ...]:
        cached = self._paths.get(code_id)
        if cached is not None:
            return cached
        chain: list[Code] = []
        seen: set[str] = set()
        current: str | None = code_id
        prefix: tuple[str, ...] = ()
        while current is not None:
            known = self._paths.get(current)
            if known is not None:
                prefix = known
                break
            if current in seen:
                raise InvalidInput("the codebook is damaged: a code is listed inside itself")
            seen.add(current)
            code = self.by_id[current]
            chain.append(code)
            current = code.parent_id
        for code in reversed(chain):
            prefix = (*prefix, code.name)
            self._paths[code.id] = prefix
        return prefix

    def path_text(self, code_id: str) -> str:
        return PATH_SEPARATOR.join(self.path(code_id))

    def in_tree_order(self) -> list[Code]:
        """Every code, each parent followed by its children (depth first)."""
        return list(self._walk(None))

    def _walk(self, top: str | None) -> Iterator[Code]:
        """The codes below ``top``, depth first, without recursion; each code once."""
        if self._indexed != len(self.codes):
            self._index()
        seen: set[str] = set() if top is None else {top}
        stack = [iter(self._children.get(top, ()))]
        while stack:
            code = next(stack[-1], None)
            if code is None:
                stack.pop()
                continue
            if code.id in seen:  # only a damaged codebook lists a code inside itself
                continue
            seen.add(code.id)
            yield code
            stack.append(iter(self._children.get(code.id, ())))

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
        return list(self._walk(code_id))

    def by_path(self, path: Sequence[str]) -> Code | None:
        parent: str | None = None
        code: Code | None = None
        for name in path:
            code = self.child(parent, name)
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
        if self._indexed != len(self.codes):
            self._index()
        named = self._by_name.get(reference, [])
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            paths = sorted(shorten(self.path_text(c.id)) for c in named)
            shown = ", ".join(paths[:5]) + (", ..." if len(paths) > 5 else "")
            raise InvalidInput(f"code name '{shorten(reference)}' is ambiguous; use its path: {shown}")
        raise NotFound(f"no code '{shorten(reference)}' in the codebook")


def split_path(reference: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in reference.split(PATH_SEPARATOR) if part.strip())


def validate_specs(specs: Sequence[CodeSpec], known: Iterable[tuple[str, ...]] = ()) -> None:
    """Refuse empty names, duplicate paths, codes deeper than the limit, and children whose parent is
    neither known nor listed before."""
    seen: set[tuple[str, ...]] = set()
    existing = set(known)
    for spec in specs:
        where = f" (line {spec.line})" if spec.line else ""
        if not spec.path or any(not part.strip() for part in spec.path):
            raise InvalidInput(f"a code has an empty name{where}")
        if any(PATH_SEPARATOR in part for part in spec.path):
            raise InvalidInput(
                f"code name '{shorten(spec.name)}' contains '/', which separates levels{where}"
            )
        check_depth(spec.path, where)
        if spec.path in seen:
            raise InvalidInput(f"code '{shorten(PATH_SEPARATOR.join(spec.path))}' appears twice{where}")
        if len(spec.path) > 1 and spec.path[:-1] not in seen and spec.path[:-1] not in existing:
            raise InvalidInput(
                f"code '{shorten(PATH_SEPARATOR.join(spec.path))}' comes before its parent{where}"
            )
        seen.add(spec.path)
