"""The pure rules of the consensus: provenance parts, disagreement ids, settling one range."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from coder.domain.consensus import (
    Part,
    describe,
    disagreement_key,
    parse_provenance,
    provenance_text,
    settle,
    short_ids,
)
from coder.domain.model import Coding
from coder.refi.provenance import compose, split

MOMENT = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
PLACE = ("source", "code", "consensus")


def _coding(coding_id: str, start: int, end: int, *parts: Part, memo: str = "") -> Coding:
    return Coding(coding_id, *PLACE, start, end, memo, MOMENT, MOMENT, provenance_text(parts))


def _part(start: int, end: int, *coders: str, decision: str | None = "d") -> Part:
    return Part(start, end, coders, "lead", "2024-05-01T10:00:00Z", "", decision)


def test_provenance_round_trips_and_tolerates_what_it_cannot_read() -> None:
    parts = (_part(0, 4, "A", "B", decision=None), _part(4, 9, decision="x"))
    assert parse_provenance(provenance_text(parts), 0, 9) == parts
    assert parse_provenance("", 0, 9) == ()
    assert parse_provenance("not json", 0, 9) == ()
    whole = parse_provenance('{"from": "A", "by": "lead"}', 3, 7)
    assert [(p.start, p.end, p.coders, p.by, p.decision) for p in whole] == [(3, 7, ("A",), "lead", None)]
    assert parse_provenance('[{"start": 8, "end": 99}, 5, {"start": 5, "end": 5}]', 3, 10)[0].end == 10


def test_provenance_in_words_is_one_line() -> None:
    line = describe((_part(0, 4, "A", "B", decision=None), replace_note(_part(4, 9), "two\nlines")))
    assert "\n" not in line
    assert line.startswith("Consensus coding: 0-4 agreed by A and B")
    assert "4-9 drawn by hand, decided by lead on 2024-05-01 (note: two lines)" in line


def replace_note(part: Part, note: str) -> Part:
    return Part(part.start, part.end, part.coders, part.by, part.at, note, part.decision)


def test_short_ids_grow_only_where_two_collide() -> None:
    keys = ["abcdef0123" + "0" * 54, "abcdef0145" + "0" * 54, "99999999" + "1" * 56]
    assert short_ids(keys) == ["abcdef0123", "abcdef0145", "99999999"]
    key = disagreement_key("c", "s", "k", 1, 5)
    assert key == disagreement_key("c", "s", "k", 1, 5) != disagreement_key("c", "s", "k", 1, 6)
    assert len(key) == 64


def test_settle_merges_touching_codings_and_keeps_their_parts_and_memos() -> None:
    left = _coding("L", 0, 5, _part(0, 5, "A", "B", decision=None), memo="left memo")
    right = _coding("R", 8, 12, _part(8, 12, "A", "B", decision=None))
    far = _coding("F", 20, 25, _part(20, 25, "A", "B", decision=None))
    plan = settle([left, right, far], (5, 8), [_part(5, 8, "A")], MOMENT, PLACE)
    assert {c.id for c in plan.removed} == {"L", "R"}
    [merged] = plan.added
    assert (merged.start, merged.end, merged.memo, merged.created_at) == (0, 12, "left memo", MOMENT)
    parts = parse_provenance(merged.provenance, 0, 12)
    assert [(p.start, p.end, p.coders) for p in parts] == [
        (0, 5, ("A", "B")),
        (5, 8, ("A",)),
        (8, 12, ("A", "B")),
    ]


def test_settle_to_nothing_cuts_a_coding_and_splits_its_parts() -> None:
    whole = _coding("W", 0, 10, _part(0, 10, "A", decision="x"))
    plan = settle([whole], (3, 6), [], MOMENT, PLACE)
    assert [c.id for c in plan.removed] == ["W"]
    assert [(c.start, c.end) for c in plan.added] == [(0, 3), (6, 10)]
    assert [parse_provenance(c.provenance, c.start, c.end)[0].decision for c in plan.added] == ["x", "x"]
    assert settle([whole], (12, 15), [], MOMENT, PLACE) == settle([], (12, 15), [], MOMENT, PLACE)


memos = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40) | st.sampled_from(
    ["coder provenance: [1]", "x\n\\coder provenance: y", "Consensus coding: x\ncoder provenance: []", "\n\n"]
)


@given(memo=memos, with_provenance=st.booleans(), note=st.text(max_size=10))
def test_a_memo_and_provenance_survive_the_description_exactly(
    memo: str, with_provenance: bool, note: str
) -> None:
    provenance = provenance_text([replace_note(_part(2, 9, "A"), note)]) if with_provenance else ""
    assert split(compose(memo, provenance, 2, 9)) == (memo, provenance)
