"""The session: fast queries agree with the general service, cached counts stay in step."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from workspace_support import Demo

from coder.services import codebook, codings, ui_queries
from coder.ui.changes import Changed
from coder.ui.session import CoderFilter, Session


def test_the_fast_query_returns_what_list_codings_returns(demo: Demo) -> None:
    session = Session(demo.project, "Alice")
    session.add_coding(demo.first, demo.codes["Alpha"], 5, 9, coding_id="a")
    session.add_coding(demo.first, demo.codes["Beta"], 0, 3, coding_id="b")
    session.add_coding(demo.second, demo.codes["Alpha"], 1, 2, coding_id="c")
    coder_ids = [session.coder.id]

    def ids(**kwargs: Any) -> list[str]:
        return [c.id for c in codings.list_codings(demo.project, **kwargs)]

    assert sorted(ids()) == ["a", "b", "c"]
    assert ids(source_id=demo.first) == ["b", "a"]  # ordered by start
    assert sorted(ids(code_ids=[demo.codes["Alpha"]], coder_ids=coder_ids)) == ["a", "c"]
    assert ids(coder_ids=["nobody"]) == []
    assert ui_queries.counts_by_source(demo.project) == {demo.first: 2, demo.second: 1}
    assert ui_queries.counts_by_source(demo.project, coder_ids=["nobody"]) == {}


def test_cached_counts_follow_every_change(demo: Demo) -> None:
    session = Session(demo.project, "Alice")
    seen: list[Changed] = []
    session.sig_data_changed.connect(seen.append)

    def fresh() -> tuple[dict[str, int], dict[str, int]]:
        shown = session.visible_coder_ids()
        return codebook.coding_counts(demo.project, shown), ui_queries.counts_by_source(demo.project, shown)

    assert (session.code_counts(), session.source_counts()) == fresh()
    session.add_coding(demo.first, demo.codes["Alpha"], 0, 4, coding_id="x")
    session.add_coding(demo.second, demo.codes["Gamma"], 0, 4, coding_id="y")
    assert (session.code_counts(), session.source_counts()) == fresh()
    session.set_coder("Bob")  # blind: Bob sees none of Alice's codings
    assert session.code_counts() == {} == fresh()[0]
    session.add_coding(demo.first, demo.codes["Alpha"], 1, 5, coding_id="z")
    removed = session.remove_codings(["x"])  # Alice's, not shown: counts unchanged
    assert (session.code_counts(), session.source_counts()) == fresh()
    session.set_filter(CoderFilter.ALL)
    session.restore_codings(removed)
    assert (session.code_counts(), session.source_counts()) == fresh()
    session.update_coding("y", code_id=demo.codes["Beta"])
    assert session.code_counts() == fresh()[0]
    session.delete_code(demo.codes["Alpha"])
    assert (session.code_counts(), session.source_counts()) == fresh()
    assert [bool(c.removed) for c in seen[-1:]] == [True]


def test_switching_project_forgets_the_old_one(demo: Demo, tmp_path: Any) -> None:
    from coder.services.project import create_project

    session = Session(demo.project, "Alice")
    session.add_coding(demo.first, demo.codes["Alpha"], 0, 4, coding_id="x")
    assert session.undo_stack.count() == 0
    other = create_project(tmp_path / "other.coder")
    session.open_project(other)
    assert session.project is other and session.sources == [] and session.code_counts() == {}
    assert session.coder.name == "Alice"


def test_changes_are_recorded_as_made_by_the_coder_at_work(demo: Demo) -> None:
    session = Session(demo.project, "Alice")
    alpha = session.codebook.by_id[demo.codes["Alpha"]]
    session.update_code(replace(alpha, definition="first"))
    assert codebook.get_codebook(demo.project).by_id[alpha.id].changed_by == "Alice"

    session.set_coder("Bob")
    alpha = codebook.get_codebook(demo.project).by_id[alpha.id]
    session.update_code(replace(alpha, definition="second"))
    assert codebook.get_codebook(demo.project).by_id[alpha.id].changed_by == "Bob"
