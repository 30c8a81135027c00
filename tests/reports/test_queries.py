"""Each query operator on the hand-counted project, and the interval operations against brute force."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from small_project import TEXTS

from coder.analysis.queries import intersect, merged, run_query, subtract
from coder.domain.errors import CoderError
from coder.services.project import open_project
from coder.services.queries import coding_query


def _hits(project_path: Path, operator: str, a: str, b: str = "", **options):
    with open_project(project_path) as project:
        result = coding_query(project, operator, [a], [b] if b else [], **options)
    for segment in result.segments:
        assert segment.text == TEXTS[segment.source][segment.start : segment.end]
    return [(s.source, s.start, s.end, s.coders) for s in result.segments]


def test_coded_lists_every_coding(small_project: Path) -> None:
    assert _hits(small_project, "coded", "C") == [("s1.txt", 35, 45, ("bob",)), ("s1.txt", 50, 60, ("ann",))]


def test_overlap_is_the_stretches_coded_with_both(small_project: Path) -> None:
    # ann s1: ([0,10) ∪ [5,15)) ∩ [8,20) = [8,15); ann s2: [0,5) ∩ [3,4); bob s1: A and B only touch
    assert _hits(small_project, "overlap", "A", "B") == [
        ("s1.txt", 8, 15, ("ann",)),
        ("s2.txt", 3, 4, ("ann",)),
    ]


def test_overlap_pooled_combines_coders(small_project: Path) -> None:
    # all coders: A = [0,30) in s1, B = [8,20) ∪ [30,40) → [8,20)
    assert _hits(small_project, "overlap", "A", "B", pooled=True) == [
        ("s1.txt", 8, 20, ("ann", "bob")),
        ("s2.txt", 3, 4, ("ann",)),
    ]


def test_not_is_a_without_b(small_project: Path) -> None:
    assert _hits(small_project, "not", "A", "B") == [
        ("s1.txt", 0, 8, ("ann",)),
        ("s1.txt", 12, 30, ("bob",)),
        ("s2.txt", 0, 3, ("ann",)),
        ("s2.txt", 4, 5, ("ann",)),
    ]


def test_within_lists_codings_inside_another(small_project: Path) -> None:
    assert _hits(small_project, "within", "A", "B") == []
    assert _hits(small_project, "within", "B", "A") == [("s2.txt", 3, 4, ("ann",))]


def test_followed_by_within_a_distance(small_project: Path) -> None:
    # bob's A [12,30) is followed at once by his B [30,40); ann's B codings start inside her A codings
    assert _hits(small_project, "followed", "A", "B") == [("s1.txt", 12, 40, ("bob",))]
    assert _hits(small_project, "followed", "B", "C", distance=4) == []
    assert _hits(small_project, "followed", "A", "C", distance=5) == [("s1.txt", 12, 45, ("bob",))]


def test_restricted_by_coders_and_attributes(small_project: Path) -> None:
    assert _hits(small_project, "coded", "B", coders=["bob"], where=["outlet=web"]) == [
        ("s2.txt", 10, 20, ("bob",))
    ]
    assert _hits(small_project, "coded", "B", sources=["s1.txt"], coders=["ann"]) == [
        ("s1.txt", 8, 20, ("ann",))
    ]


def test_refusals(small_project: Path) -> None:
    with open_project(small_project) as project:
        with pytest.raises(CoderError, match="needs a second code"):
            coding_query(project, "overlap", ["A"])
        with pytest.raises(CoderError, match="not a query"):
            coding_query(project, "near", ["A"], ["B"])
        with pytest.raises(CoderError, match="no source named"):
            coding_query(project, "coded", ["A"], sources=["s9.txt"])


span_lists = st.lists(st.tuples(st.integers(0, 50), st.integers(1, 12)), max_size=12).map(
    lambda pairs: [(a, a + n) for a, n in pairs]
)


def _chars(spans) -> set[int]:
    return {i for a, b in spans for i in range(a, b)}


@settings(max_examples=200, deadline=None)
@given(span_lists, span_lists)
def test_interval_operations_equal_character_sets(left, right) -> None:
    a, b = merged(left), merged(right)
    assert _chars(intersect(a, b)) == _chars(left) & _chars(right)
    assert _chars(subtract(a, b)) == _chars(left) - _chars(right)
    for runs in (intersect(a, b), subtract(a, b)):
        assert all(s < e for s, e in runs) and all(
            runs[i][1] < runs[i + 1][0] or runs[i][1] == runs[i + 1][0] for i in range(len(runs) - 1)
        )


@settings(max_examples=100, deadline=None)
@given(span_lists, span_lists, st.integers(0, 10))
def test_within_and_followed_against_brute_force(a_spans, b_spans, distance) -> None:
    rows = [("s", "x", "A", a, b) for a, b in a_spans] + [("s", "x", "B", a, b) for a, b in b_spans]
    within = {(h.start, h.end) for h in run_query(rows, "within", ["A"], ["B"])}
    assert within == {(a, e) for a, e in a_spans if any(c <= a and e <= d for c, d in b_spans)}
    followed = run_query(rows, "followed", ["A"], ["B"], distance)
    expected = []
    for a, e in a_spans:
        after = sorted((c, d) for c, d in b_spans if e <= c <= e + distance)
        if after:
            expected.append((a, after[0][1]))
    assert sorted((h.start, h.end) for h in followed) == sorted(expected)
