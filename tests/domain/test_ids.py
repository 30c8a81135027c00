"""Fresh ids: UUID4 text, lower case with hyphens, whether made one at a time or in bulk."""

from __future__ import annotations

import uuid

import pytest

from coder.domain.model import new_id, new_ids


@pytest.mark.parametrize("count", [0, 1, 2, 1000])
def test_bulk_ids_are_distinct_uuid4_text(count: int) -> None:
    ids = new_ids(count)
    assert len(ids) == count == len(set(ids))
    for made in ids:
        parsed = uuid.UUID(made)
        assert str(parsed) == made
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122


def test_bulk_ids_have_the_form_of_single_ones() -> None:
    single = new_id()
    (bulk,) = new_ids(1)
    assert [len(part) for part in bulk.split("-")] == [len(part) for part in single.split("-")]
    assert bulk == bulk.lower() and bulk[14] == single[14] == "4"


def test_every_random_digit_varies() -> None:
    ids = new_ids(2000)
    for position in range(36):
        seen = {made[position] for made in ids}
        if position in (8, 13, 18, 23):
            assert seen == {"-"}
        elif position == 14:
            assert seen == {"4"}
        elif position == 19:
            assert seen == set("89ab")
        else:
            assert seen == set("0123456789abcdef")


@pytest.mark.parametrize("count", [1, 2, 1000, 50_000])
def test_ordered_bulk_ids_come_in_ascending_order(count: int) -> None:
    ids = new_ids(count, ordered=True)
    assert ids == sorted(ids) and len(set(ids)) == count
    for made in ids[:: max(1, count // 100)]:
        parsed = uuid.UUID(made)
        assert str(parsed) == made and parsed.version == 4 and parsed.variant == uuid.RFC_4122


def test_unordered_bulk_ids_are_not_sorted() -> None:
    ids = new_ids(1000)
    assert ids != sorted(ids)
