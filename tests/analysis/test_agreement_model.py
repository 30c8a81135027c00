"""The engine's input and output values: codings with memos, and per-source segment counts."""

from __future__ import annotations

import copy
import pickle

import pytest

from coder.analysis.agreement_model import (
    PairSegments,
    SegmentAgreement,
    SourceAgreement,
    SourceSpans,
    SpanCoding,
)
from coder.analysis.agreement_stats import statistics


def test_a_coding_carries_an_optional_memo_and_still_unpacks_as_four_values() -> None:
    plain = SpanCoding("A", "k", 2, 9)
    noted = SpanCoding("A", "k", 2, 9, "Why this passage")
    assert plain.memo == "" and noted.memo == "Why this passage"
    coder, code, start, end = noted  # callers that unpack four values keep working
    assert (coder, code, start, end) == ("A", "k", 2, 9) == tuple(noted)
    assert noted == plain and hash(noted) == hash(plain)  # the memo is not part of what is compared
    assert "Why this passage" in repr(noted) and "memo" not in repr(plain)
    for again in (pickle.loads(pickle.dumps(noted)), copy.deepcopy(noted), noted._replace(end=10)):
        assert again.memo == "Why this passage"
    source = SourceSpans("s", 20, [("A", "k", 0, 3), ("B", "k", 1, 4, "a memo")])
    assert [coding.memo for coding in source.codings] == ["", "a memo"]
    assert all(type(coding) is SpanCoding for coding in source.codings)


def test_per_source_segment_counts_read_as_a_sequence_of_pairs() -> None:
    pairs = (("A", "B"), ("A", "C"), ("B", "C"))
    segments = PairSegments(pairs, [2, 3, 1, 1, 2, 0, 0, 0, 3, 0, 0, 0])
    assert len(segments) == 3
    assert segments[0] == SegmentAgreement(("A", "B"), (2, 3), (1, 1))
    assert segments[-1] == SegmentAgreement(("B", "C"), (3, 0), (0, 0))
    assert segments[1:] == (segments[1], segments[2])
    assert list(segments) == [segments[0], segments[1], segments[2]]
    assert segments == tuple(segments) and segments == PairSegments(pairs, segments.counts())
    with pytest.raises(IndexError):
        segments[3]
    entry = SourceAgreement("s", statistics([5, 0, 0, 0], [0, 0, 0]), segments)
    assert entry.segment_agreement() == 2 / 10  # matched 1 + 1 of 2 + 3 + 2 + 0 + 3 + 0 segments
    with pytest.raises(ValueError):
        PairSegments(pairs, [1, 2, 3])
