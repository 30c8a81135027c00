"""Search across sources and memos: exact code-point offsets, options, the code restriction, limits."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from coder.analysis.text_search import Query, compile_query, context, find
from coder.domain.errors import InvalidInput, NotFound
from coder.domain.memos import CODE, SOURCE
from coder.domain.model import ImportedText
from coder.services import codebook, coders, codings, memos, sources
from coder.services.project import Project, open_project
from coder.services.search import SearchTooLong, search, search_memos

# Characters outside the Basic Multilingual Plane before the hits: Qt would count them twice.
ASTRAL = "𝄞 Trust 🚢 and trust-building; distrust, TRUST.\nTrusty trust"
PLAIN = "Nothing here but trust at the very end: trust"


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    opened = open_project(project_path)
    sources.store(
        opened,
        [ImportedText("b-astral.txt", "txt", ASTRAL), ImportedText("a-plain.txt", "txt", PLAIN)],
    )
    yield opened
    opened.close()


def _spans(project: Project, query: Query, **options: object) -> list[tuple[str, int, int, str]]:
    result = search(project, query, **options)  # type: ignore[arg-type]
    return [(hit.source, hit.start, hit.end, hit.text) for hit in result.hits]


def _expected(text: str, word: str) -> list[tuple[int, int]]:
    """Every case-insensitive occurrence, found by hand with str.find (independent of re)."""
    found, start, lowered = [], 0, text.lower()
    while (at := lowered.find(word.lower(), start)) >= 0:
        found.append((at, at + len(word)))
        start = at + 1
    return found


def test_literal_search_is_case_insensitive_with_code_point_offsets(project: Project) -> None:
    hits = _spans(project, Query("trust"))
    expected = [("a-plain.txt", s, e) for s, e in _expected(PLAIN, "trust")]
    expected += [("b-astral.txt", s, e) for s, e in _expected(ASTRAL, "trust")]
    assert [(name, s, e) for name, s, e, _ in hits] == expected
    assert len(hits) == 8
    # The first hit in the astral text comes after one astral character: offset 2, not 3 (UTF-16).
    assert ("b-astral.txt", 2, 7, "Trust") in hits
    for name, start, end, text in hits:
        assert (ASTRAL if name == "b-astral.txt" else PLAIN)[start:end] == text


def test_case_and_whole_word(project: Project) -> None:
    exact = _spans(project, Query("trust", case_sensitive=True), source_ids=None)
    assert {text for *_, text in exact} == {"trust"}
    words = _spans(project, Query("trust", whole_word=True))
    astral_words = [(s, e) for name, s, e, _ in words if name == "b-astral.txt"]
    # "Trust", "trust" before "-building", "TRUST" and the last word; not "distrust" nor "Trusty".
    building, upper = ASTRAL.index("trust-building"), ASTRAL.index("TRUST")
    last = len(ASTRAL) - 5
    assert astral_words == [(2, 7), (building, building + 5), (upper, upper + 5), (last, len(ASTRAL))]
    assert (building, upper, last) == (14, 40, 54)  # counted by hand: 𝄞 and 🚢 count one each
    plain_words = [(s, e) for name, s, e, _ in words if name == "a-plain.txt"]
    assert plain_words[-1] == (len(PLAIN) - 5, len(PLAIN))  # a whole word at the very end of the text


def test_whole_word_at_the_start_of_a_text() -> None:
    pattern = compile_query(Query("trust", whole_word=True))
    assert find("trust me", pattern) == [(0, 5)]
    assert find("trusted", pattern) == []
    assert find("x_trust", pattern) == []  # '_' is part of a word


def test_regular_expressions_with_lines_and_inline_flags(project: Project) -> None:
    hits = _spans(project, Query(r"^trust\w*", regex=True))
    assert [(name, text) for name, _, _, text in hits] == [("b-astral.txt", "Trusty")]
    assert _spans(project, Query(r"(?-i:TRUST)", regex=True)) == [("b-astral.txt", 40, 45, "TRUST")]
    whole = _spans(project, Query(r"(?i)trust(?:-building)?", regex=True, whole_word=True))
    assert ("b-astral.txt", 14, 28, "trust-building") in whole


def test_empty_matches_are_no_hits(project: Project) -> None:
    assert _spans(project, Query("x*", regex=True)) == []


def test_invalid_expression_is_one_sentence(project: Project, project_path: Path, snapshot) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as refused:
        search(project, Query("trust(", regex=True))
    message = str(refused.value)
    assert message.startswith(
        "'trust(' is not a valid regular expression: missing ), unterminated subpattern"
    )
    assert "untick Regex" in message and "\n" not in message
    with pytest.raises(InvalidInput, match="nothing to search for"):
        search(project, Query(""))
    with pytest.raises(InvalidInput, match="at most 1000 characters"):
        search(project, Query("a" * 1001))
    # The same characters are fine literally.
    assert search(project, Query("trust(")).hits == ()


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="a single long match is stopped by SIGALRM only")
def test_a_catastrophic_expression_is_stopped(project_path: Path) -> None:
    project = open_project(project_path)
    try:
        sources.store(project, [ImportedText("long.txt", "txt", "a" * 40 + "!")])
        with pytest.raises(SearchTooLong, match="stopped after 0.2 seconds"):
            search(project, Query(r"(a+)+$", regex=True), time_limit=0.2)
    finally:
        project.close()


def test_only_hits_inside_codings_of_a_code_by_chosen_coders(project: Project) -> None:
    code = codebook.add_code(project, "Trust")
    alice = coders.ensure_coder(project, "Alice")
    bob = coders.ensure_coder(project, "Bob")
    astral = sources.find_source(project, "b-astral.txt").id
    # Alice codes "Trust 🚢 and" and, touching it, " trust-building": one passage in their union.
    codings.add_coding(project, astral, code.id, alice.id, 2, 13)
    codings.add_coding(project, astral, code.id, alice.id, 13, 28)
    codings.add_coding(project, astral, code.id, bob.id, 40, 45)  # "TRUST"
    everyone = _spans(project, Query("trust"), code_id=code.id)
    assert [(s, e) for _, s, e, _ in everyone] == [(2, 7), (14, 19), (40, 45)]
    only_alice = _spans(project, Query("trust"), code_id=code.id, coder_ids=[alice.id])
    assert [(s, e) for _, s, e, _ in only_alice] == [(2, 7), (14, 19)]
    assert _spans(project, Query("Trust 🚢 and trust"), code_id=code.id)[0][1:3] == (2, 19)
    # A hit that leaves the coded passage is not inside it.
    assert _spans(project, Query("and trust-building;"), code_id=code.id) == []
    with pytest.raises(NotFound):
        search(project, Query("trust"), code_id="gone")


def test_some_sources_only_and_context(project: Project) -> None:
    plain = sources.find_source(project, "a-plain.txt").id
    result = search(project, Query("very"), source_ids=[plain])
    [hit] = result.hits
    assert (hit.before, hit.text, hit.after) == ("Nothing here but trust at the ", "very", " end: trust")
    assert hit.line == 1 and result.sources_searched == 1
    second_line = search(project, Query("Trusty")).hits[0]
    assert second_line.line == 2
    long = "x" * 50 + " one\ntwo " + "y" * 50
    at = long.index("two")
    assert context(long, at, at + 3, width=8) == (
        "…xxx one ",
        "two",
        " yyyyyyy…",
    )  # line break shown as a space


def test_memos_are_searched_as_a_separate_group(project: Project) -> None:
    alice = coders.ensure_coder(project, "Alice")
    code = codebook.add_code(project, "Confidence")
    plain = sources.find_source(project, "a-plain.txt").id
    memos.set_memo(project, SOURCE, plain, alice.id, "Ends on 𝄞 trust.", 0)
    memos.set_memo(project, CODE, code.id, alice.id, "Not the same as trust", 0)
    memos.add_journal_entry(project, alice.id, "Trust and its kin", "Read about distrust.")
    result = search(project, Query("trust"), memos=True)
    assert len(result.hits) == 8
    found = [(h.kind, h.where, h.field, h.start, h.end, h.text) for h in result.memo_hits]
    assert found == [
        ("source", "a-plain.txt", "text", 10, 15, "trust"),
        ("code", "Confidence", "text", 16, 21, "trust"),
        ("journal", "Trust and its kin", "title", 0, 5, "Trust"),
        ("journal", "Trust and its kin", "text", 14, 19, "trust"),
    ]
    assert search_memos(project, Query("kin", whole_word=True))[0].coder == "Alice"
    assert search(project, Query("trust")).memo_hits == ()
