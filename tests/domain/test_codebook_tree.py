"""The codebook tree: indexed lookups that see appended codes, walks that do not recurse, the depth limit."""

from __future__ import annotations

import pytest

from coder.domain.codebook import Codebook, validate_specs
from coder.domain.errors import InvalidInput
from coder.domain.limits import MAX_CODE_DEPTH
from coder.domain.model import Code, CodeSpec

# Deeper than Python's recursion limit: a project made before the depth limit, or merged, may hold it.
CHAIN = 3000


def _chain(depth: int) -> list[Code]:
    return [Code(f"c{n}", f"L{n}", f"c{n - 1}" if n else None, "#ffffff", position=n) for n in range(depth)]


def test_a_very_deep_tree_is_walked_without_recursion() -> None:
    book = Codebook(reversed(_chain(CHAIN)))
    deepest = f"c{CHAIN - 1}"
    assert book.path(deepest) == tuple(f"L{n}" for n in range(CHAIN))
    assert [c.id for c in book.in_tree_order()] == [f"c{n}" for n in range(CHAIN)]
    assert len(book.descendants("c0")) == CHAIN - 1
    assert book.by_path(book.path(deepest)) == book.by_id[deepest]
    assert book.as_specs()[-1].path == book.path(deepest)


def test_children_in_order_and_by_name() -> None:
    codes = [
        Code("b", "Beta", None, "#fff", position=1),
        Code("a", "Alpha", None, "#fff", position=0),
        Code("a2", "child", "a", "#fff", position=1),
        Code("a1", "Child", "a", "#fff", position=1),
        Code("b1", "child", "b", "#fff", position=0),
    ]
    book = Codebook(codes)
    assert [c.id for c in book.children(None)] == ["a", "b"]
    assert [c.id for c in book.children("a")] == ["a2", "a1"]  # by position, then name without case
    assert book.child("b", "child") == codes[4] and book.child(None, "Gamma") is None
    assert book.by_path(("Alpha", "Child")) == codes[3]
    assert book.resolve("Child") == codes[3]
    with pytest.raises(
        InvalidInput, match="code name 'child' is ambiguous; use its path: Alpha/child, Beta/child"
    ):
        book.resolve("child")
    book.children("a").clear()  # a copy: the index cannot be changed from outside
    assert len(book.children("a")) == 2


def test_codes_appended_after_construction_are_found() -> None:
    book = Codebook([Code("a", "Alpha", None, "#fff", position=0)])
    assert book.by_path(("Alpha", "New")) is None
    new = Code("n", "New", "a", "#fff", position=0)
    book.codes.append(new)  # what the CSV import and merge do while they create codes
    book.by_id[new.id] = new
    assert book.by_path(("Alpha", "New")) == new
    assert book.children("a") == [new]
    assert book.resolve("New") == new
    assert [c.id for c in book.in_tree_order()] == ["a", "n"]


def test_a_code_inside_itself_is_reported_not_looped_over() -> None:
    book = Codebook([Code("x", "X", "y", "#fff"), Code("y", "Y", "x", "#fff"), Code("t", "T", None, "#fff")])
    with pytest.raises(InvalidInput, match="damaged"):
        book.path("x")
    assert [c.id for c in book.in_tree_order()] == ["t"]
    assert {c.id for c in book.descendants("x")} == {"y"}


def test_specs_deeper_than_the_limit_are_refused() -> None:
    specs = [CodeSpec(path=tuple(f"L{n}" for n in range(depth)), line=depth) for depth in range(1, 52)]
    validate_specs(specs[:MAX_CODE_DEPTH])
    with pytest.raises(
        InvalidInput, match=r"is 51 levels deep, more than the 50 levels a codebook may have \(line 51\)"
    ):
        validate_specs(specs)
