"""Frequencies, matrices and co-occurrence on the hand-counted project (see conftest.py)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from small_project import TEXTS

from coder.analysis.overviews import cooccurring, union_length
from coder.domain.errors import CoderError
from coder.services.project import open_project
from coder.services.reports import cell_segments, run_report

LETTERS_100 = TEXTS["s1.txt"]


def _table(overview, measure):  # code name -> group -> number
    names = {code.key: code.name for code in overview.codes}
    return {
        names[code.key]: {group: overview.cell(code.key, group).measure(measure) for group in overview.groups}
        for code in overview.codes
    }


def _pairs(overview, group=""):
    names = {code.key: code.name for code in overview.codes}
    return {(names[p.code_a], names[p.code_b]): p.pairs for p in overview.pairs if p.group == group}


def test_frequencies_by_source(small_project: Path) -> None:
    with open_project(small_project) as project:
        overview = run_report(project, "frequencies", "source").overview
    assert overview.groups == ("s1.txt", "s2.txt")
    assert [c.name for c in overview.codes] == ["A", "B", "C"]
    assert _table(overview, "codings") == {
        "A": {"s1.txt": 3, "s2.txt": 1},
        "B": {"s1.txt": 2, "s2.txt": 2},
        "C": {"s1.txt": 2, "s2.txt": 0},
    }
    # characters: the union of the group's codings (A in s1: [0,10) ∪ [5,15) ∪ [12,30) = 30)
    assert _table(overview, "characters") == {
        "A": {"s1.txt": 30, "s2.txt": 5},
        "B": {"s1.txt": 22, "s2.txt": 11},
        "C": {"s1.txt": 20, "s2.txt": 0},
    }


def test_frequencies_by_coder_and_sources_coded(small_project: Path) -> None:
    with open_project(small_project) as project:
        overview = run_report(project, "matrix", "coder").overview
    assert overview.groups == ("ann", "bob")
    assert _table(overview, "codings") == {
        "A": {"ann": 3, "bob": 1},
        "B": {"ann": 2, "bob": 2},
        "C": {"ann": 1, "bob": 1},
    }
    assert _table(overview, "characters") == {
        "A": {"ann": 20, "bob": 18},
        "B": {"ann": 13, "bob": 20},
        "C": {"ann": 10, "bob": 10},
    }
    assert _table(overview, "sources") == {
        "A": {"ann": 2, "bob": 1},
        "B": {"ann": 2, "bob": 2},
        "C": {"ann": 1, "bob": 1},
    }


def test_frequencies_by_attribute_and_filtered(small_project: Path) -> None:
    with open_project(small_project) as project:
        by_outlet = run_report(project, "frequencies", "outlet").overview
        recent = run_report(project, "frequencies", "coder", where=["year>=2023"]).overview
        only_ann = run_report(project, "frequencies", "year", coders=["ann"], codes=["C", "A"]).overview
    assert by_outlet.groups == ("paper", "web")
    assert _table(by_outlet, "codings") == {
        "A": {"paper": 3, "web": 1},
        "B": {"paper": 2, "web": 2},
        "C": {"paper": 2, "web": 0},
    }
    assert _table(recent, "codings") == {"A": {"ann": 1, "bob": 0}, "B": {"ann": 1, "bob": 1}}
    assert only_ann.groups == ("2022", "2024")
    assert _table(only_ann, "codings") == {"C": {"2022": 1, "2024": 0}, "A": {"2022": 2, "2024": 1}}


def test_cooccurrence_overlap_within_and_by_coder(small_project: Path) -> None:
    with open_project(small_project) as project:
        overlap = run_report(project, "cooccurrence", None).overview
        touching = run_report(project, "cooccurrence", None, within=0).overview
        near = run_report(project, "cooccurrence", None, within=5).overview
        by_coder = run_report(project, "cooccurrence", "coder").overview
    assert _pairs(overlap) == {("A", "B"): 3, ("A", "C"): 0, ("B", "C"): 1}
    assert _pairs(touching) == {("A", "B"): 4, ("A", "C"): 0, ("B", "C"): 1}
    assert _pairs(near) == {("A", "B"): 4, ("A", "C"): 1, ("B", "C"): 1}
    assert _pairs(by_coder, "ann") == {("A", "B"): 3, ("A", "C"): 0, ("B", "C"): 0}
    assert _pairs(by_coder, "bob") == {("A", "B"): 0, ("A", "C"): 0, ("B", "C"): 1}
    assert overlap.pair_count(overlap.codes[1].key, overlap.codes[0].key) == 3  # either order


def test_cell_segments_match_the_counts(small_project: Path) -> None:
    with open_project(small_project) as project:
        run = run_report(project, "frequencies", "source")
        a, b = (code.key for code in run.overview.codes[:2])
        segments = cell_segments(project, run, a, "s1.txt")
        co = run_report(project, "cooccurrence", None)
        pairs = cell_segments(project, co, a, "", b)
    assert [(s.start, s.end, s.coders) for s in segments] == [
        (0, 10, ("ann",)),
        (5, 15, ("ann",)),
        (12, 30, ("bob",)),
    ]
    assert all(s.text == (LETTERS_100[s.start : s.end]) for s in segments)
    assert len(pairs) == 3
    assert [(s.source, s.start, s.end) for s in pairs] == [
        ("s1.txt", 0, 20),
        ("s1.txt", 5, 20),
        ("s2.txt", 0, 5),
    ]


def test_refusals_are_sentences(small_project: Path) -> None:
    with open_project(small_project) as project:
        for kwargs, words in (
            ({"by": "colour"}, "no attribute named 'colour'"),
            ({"where": ["year>=soon"]}, "not a number"),
            ({"where": ["outlet<web"]}, "use = or !="),
            ({"where": ["year>=2030"]}, "no source meets"),
            ({"coders": ["zoe"]}, "no coder named 'zoe'"),
            ({"codes": ["Z"]}, "no code 'Z'"),
        ):
            with pytest.raises(CoderError, match=words):
                run_report(project, "frequencies", **kwargs)


spans = st.lists(
    st.tuples(
        st.sampled_from("st"),
        st.sampled_from("xy"),
        st.sampled_from("ABC"),
        st.integers(0, 40),
        st.integers(1, 15),
    ),
    max_size=25,
).map(lambda rows: [(s, c, k, a, a + n) for s, c, k, a, n in rows])


@settings(max_examples=150, deadline=None)
@given(spans, st.one_of(st.none(), st.integers(0, 6)))
def test_cooccurring_equals_brute_force(rows, within) -> None:
    """Every pair the sweep finds, and only those, by comparing every two codings."""
    expected = []
    for i, one in enumerate(rows):
        for other in rows[i + 1 :]:
            if one[0] != other[0] or one[1] != other[1] or one[2] == other[2]:
                continue
            if within is None:
                hit = one[3] < other[4] and other[3] < one[4]
            else:
                hit = max(one[3], other[3]) - min(one[4], other[4]) <= within
            if hit:
                expected.append(tuple(sorted((one, other))))
    found = [tuple(sorted(pair)) for pair in cooccurring(rows, within)]
    assert sorted(found) == sorted(expected)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=20))
def test_union_length_counts_each_character_once(pairs) -> None:
    spans_ = [(a, a + n) for a, n in pairs]
    assert union_length(spans_) == len({i for a, b in spans_ for i in range(a, b)})


def test_random_frequencies_equal_per_character_count() -> None:
    from coder.analysis.overviews import code_group_cells

    rng = random.Random(7)
    rows = [
        (rng.choice("st"), rng.choice("xy"), rng.choice("AB"), a, a + rng.randint(1, 9))
        for a in (rng.randint(0, 50) for _ in range(200))
    ]
    cells = code_group_cells(rows, ["A", "B"], ["x", "y"], lambda row: row[1])
    for cell in cells:
        chosen = [r for r in rows if r[2] == cell.code and r[1] == cell.group]
        assert cell.codings == len(chosen)
        assert cell.characters == len({(r[0], i) for r in chosen for i in range(r[3], r[4])})
        assert cell.sources == len({r[0] for r in chosen})
