"""The consensus: built from what all coders coded, settled decision by decision, every decision undoable."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from consensus_study import Study, characters, make_study, runs, spans_of

from coder.analysis.agreement import to_json_dict
from coder.domain.consensus import parse_provenance
from coder.domain.errors import Conflict, InvalidInput, NotFound
from coder.services import codebook, coders, codings, consensus, sources
from coder.services.agreement import run_agreement
from coder.services.project import Project, open_project

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
NEWS = CORPUS / "wapo-2022-china-russia-military-relationship.txt"
needs_corpus = pytest.mark.skipif(
    not NEWS.is_file(),
    reason="../shared/corpus is not present: the study corpus is only available to developers",
)


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    opened = open_project(project_path)
    yield opened
    opened.close()


@pytest.fixture
def small(project: Project, tmp_path: Path) -> Study:
    return make_study(project, tmp_path / "texts")


def _consensus_spans(study: Study, code_id: str, name: str = "consensus") -> list[tuple[int, int]]:
    coder_id = coders.find_coder(study.project, name).id
    return sorted(spans_of(study.project, coder_id, code_id))


def _settle_all_from(study: Study, coder: str) -> int:
    left = consensus.list_disagreements(study.project)
    for item in left:
        consensus.accept(study.project, item.id, [coder])
    return len(left)


# --- building -------------------------------------------------------------------------------------------


def _check_build(study: Study) -> None:
    result = consensus.build_consensus(study.project, ["A", "B"], by="Lead")
    assert result.compared == ("A", "B")
    total = 0
    for code_id in study.codes.values():
        both = characters(spans_of(study.project, study.coders["A"], code_id)) & characters(
            spans_of(study.project, study.coders["B"], code_id)
        )
        expected = runs(both)
        assert _consensus_spans(study, code_id) == expected
        total += len(expected)
    assert result.codings == total > 0
    made = codings.list_codings(study.project, coder_ids=[result.consensus.coder_id])
    for coding in made:
        [part] = parse_provenance(coding.provenance, coding.start, coding.end)
        assert (part.coders, part.by, part.decision) == (("A", "B"), "Lead", None)
        assert (part.start, part.end) == (coding.start, coding.end)
    assert result.disagreements and all(len(d.coders) == 1 for d in result.disagreements)


def test_the_consensus_starts_with_the_characters_both_coded_as_maximal_runs(small: Study) -> None:
    _check_build(small)


@needs_corpus
@pytest.mark.corpus
def test_the_consensus_of_a_corpus_text_starts_with_what_both_coded(project: Project, tmp_path: Path) -> None:
    _check_build(make_study(project, tmp_path, NEWS, seed=2024))


def test_disagreements_are_the_stretches_only_one_coder_coded(small: Study) -> None:
    consensus.build_consensus(small.project, ["A", "B"])
    left = consensus.list_disagreements(small.project)
    for code, code_id in small.codes.items():
        a = characters(spans_of(small.project, small.coders["A"], code_id))
        b = characters(spans_of(small.project, small.coders["B"], code_id))
        mine = [d for d in left if d.code_id == code_id]
        assert {d.code for d in mine} <= {code}
        assert characters((d.start, d.end) for d in mine) == a ^ b
        for d in mine:
            assert d.coders == (("A",) if d.start in a else ("B",))
            assert d.text == small.text[d.start : d.end]
    assert len({d.id for d in left}) == len(left)
    assert all(len(d.id) == 8 for d in left)
    assert [d.id for d in consensus.list_disagreements(small.project)] == [d.id for d in left]  # stable


# --- accepting everything from one coder ----------------------------------------------------------------


def _assert_all_one(report: dict[str, object]) -> None:
    """Every statistic in the JSON report is exactly 1 (null only where the spec leaves it undefined)."""
    statistics = 0
    for code in report["codes"]:  # type: ignore[attr-defined]
        pooled = code["pooled"]
        for key, value in pooled.items():
            if key not in ("units", "histogram"):
                assert value == 1, (code["code"], key, value)
                statistics += 1
        for entry in code["by_source"]:
            for key, value in entry.items():
                if key not in ("source", "units", "histogram"):
                    nobody = entry["histogram"][0] == entry["units"]
                    assert value == 1 or (value is None and nobody), (code["code"], key, value)
        for entry in code["segments"]:
            assert entry["segment_agreement"] == 1
            assert entry["matched"] == entry["segments"]
    for key, value in report["overall"].items():  # type: ignore[attr-defined]
        assert value == 1, (key, value)
    assert statistics >= 5 * len(report["codes"]) > 0  # type: ignore[arg-type]


def _check_accept_all(study: Study) -> None:
    consensus.build_consensus(study.project, ["A", "B"])
    assert _settle_all_from(study, "A") > 0
    assert consensus.list_disagreements(study.project) == []
    for code_id in study.codes.values():
        assert _consensus_spans(study, code_id) == runs(
            characters(spans_of(study.project, study.coders["A"], code_id))
        )
    report = to_json_dict(run_agreement(study.project, ["A", "consensus"]).result)
    _assert_all_one(report)
    other = to_json_dict(run_agreement(study.project, ["B", "consensus"]).result)
    assert other["overall"]["percent_agreement"] < 1


def test_accepting_every_disagreement_from_a_makes_a_agree_exactly_with_the_consensus(small: Study) -> None:
    _check_accept_all(small)


@needs_corpus
@pytest.mark.corpus
def test_accepting_everything_from_a_on_a_corpus_text(project: Project, tmp_path: Path) -> None:
    _check_accept_all(make_study(project, tmp_path, NEWS, seed=7))


def test_codings_of_a_that_only_touch_become_one_consensus_coding_and_every_statistic_stays_1(
    project: Project, tmp_path: Path
) -> None:
    touching = _fixed(project, tmp_path, ((10, 20), (20, 24)))
    assert _settle_all_from(touching, "A") == 2
    assert _consensus_spans(touching, touching.codes["K"]) == [(10, 24)]
    assert len(spans_of(project, touching.coders["A"], touching.codes["K"])) == 2
    report = to_json_dict(run_agreement(project, ["A", "consensus"]).result)
    _assert_all_one(report)
    assert "u_alpha_binary" in report["overall"]
    assert report["sources"][0]["codings"] == {"A": 2, "consensus": 1}


# --- single decisions -----------------------------------------------------------------------------------


def test_accepting_from_a_coder_who_did_not_code_it_records_the_decision_and_codes_nothing(
    small: Study,
) -> None:
    consensus.build_consensus(small.project, ["A", "B"])
    item = next(d for d in consensus.list_disagreements(small.project) if d.coders == ("B",))
    before = _consensus_spans(small, item.code_id)
    result = consensus.accept(small.project, item.id, ["A"], note="A was right to leave it")
    assert result.added == result.removed == ()
    assert _consensus_spans(small, item.code_id) == before
    [decision] = consensus.list_decisions(small.project)
    assert (decision.choice, decision.coders, decision.note) == ("coders", ("A",), "A was right to leave it")
    assert item.id not in {d.id for d in consensus.list_disagreements(small.project)}


def test_accepting_both_takes_the_union_and_merges_with_touching_consensus_codings(small: Study) -> None:
    consensus.build_consensus(small.project, ["A", "B"])
    left = consensus.list_disagreements(small.project)
    item = next(d for d in left if d.coders == ("A",))
    result = consensus.accept(small.project, item.id, ["A", "B"], name="consensus")
    after = _consensus_spans(small, item.code_id)
    covering = [span for span in after if span[0] <= item.start and item.end <= span[1]]
    assert len(covering) == 1
    assert after == runs(characters(after))  # still maximal runs: nothing touches
    [made] = [c for c in result.added if (c.start, c.end) == covering[0]]
    parts = parse_provenance(made.provenance, made.start, made.end)
    mine = [p for p in parts if p.decision == result.decision.id]
    assert [(p.start, p.end, p.coders, p.note) for p in mine] == [(item.start, item.end, ("A",), "")]
    assert characters((p.start, p.end) for p in parts) == characters([covering[0]])


def test_none_leaves_the_stretch_uncoded(small: Study) -> None:
    consensus.build_consensus(small.project, ["A", "B"])
    item = consensus.list_disagreements(small.project)[0]
    consensus.accept(small.project, item.id, [])
    assert not characters(_consensus_spans(small, item.code_id)) & set(range(item.start, item.end))
    assert consensus.list_decisions(small.project)[0].choice == "none"


def _fixed(project: Project, folder: Path, a_spans: tuple[tuple[int, int], ...] = ((10, 20),)) -> Study:
    (folder / "fixed.txt").write_text("0123456789abcdefghijklmnopqrstuvwxyz!?#%", encoding="utf-8")
    [info] = sources.import_files(project, [folder / "fixed.txt"])
    code = codebook.add_code(project, "K")
    people = {name: coders.ensure_coder(project, name).id for name in ("A", "B")}
    for start, end in a_spans:
        codings.add_coding(project, info.id, code.id, people["A"], start, end)
    codings.add_coding(project, info.id, code.id, people["B"], 15, 30)
    consensus.build_consensus(project, ["A", "B"])
    return Study(project, info.id, sources.source_text(project, info.id), {"K": code.id}, people)


@pytest.fixture
def fixed(project: Project, tmp_path: Path) -> Study:
    """40 characters; A codes [10, 20), B codes [15, 30): both coded [15, 20)."""
    return _fixed(project, tmp_path)


def _opened(study: Study) -> dict[tuple[int, int], str]:
    return {(d.start, d.end): d.id for d in consensus.list_disagreements(study.project)}


def test_a_span_drawn_by_hand_becomes_the_consensus_in_its_range(fixed: Study) -> None:
    assert _opened(fixed).keys() == {(10, 15), (20, 30)}
    result = consensus.draw(fixed.project, _opened(fixed)[20, 30], 22, 35, note="by hand")
    assert _consensus_spans(fixed, fixed.codes["K"]) == [(15, 20), (22, 35)]
    decision = result.decision
    assert (decision.choice, decision.start, decision.end, decision.note) == ("manual", 20, 35, "by hand")
    [made] = result.added
    [part] = parse_provenance(made.provenance, made.start, made.end)
    assert (part.start, part.end, part.coders, part.note, part.decision) == (
        22,
        35,
        (),
        "by hand",
        decision.id,
    )
    assert _opened(fixed).keys() == {(10, 15)}


def test_a_span_drawn_away_from_the_disagreement_is_refused(
    fixed: Study, snapshot: Callable[[Path], object], project_path: Path
) -> None:
    before = snapshot(project_path)
    with pytest.raises(InvalidInput, match="must overlap or touch"):
        consensus.draw(fixed.project, _opened(fixed)[20, 30], 32, 36)
    with pytest.raises(InvalidInput, match="past the end"):
        consensus.draw(fixed.project, _opened(fixed)[20, 30], 25, 41)
    assert snapshot(project_path) == before


def test_a_decision_whose_coding_a_later_one_changed_is_undone_only_after_it(fixed: Study) -> None:
    first = consensus.accept(fixed.project, _opened(fixed)[10, 15], ["A"])
    assert _consensus_spans(fixed, fixed.codes["K"]) == [(10, 20)]
    second = consensus.accept(fixed.project, _opened(fixed)[20, 30], ["B"])
    assert _consensus_spans(fixed, fixed.codes["K"]) == [(10, 30)]
    with pytest.raises(Conflict, match="undo that change first"):
        consensus.undo_decision(fixed.project, first.decision.id)
    consensus.undo_decision(fixed.project, second.decision.id)
    consensus.undo_decision(fixed.project, first.decision.id)
    assert _consensus_spans(fixed, fixed.codes["K"]) == [(15, 20)]
    with pytest.raises(NotFound, match="no longer in the project"):
        consensus.undo_decision(fixed.project, first.decision.id)


# --- refusals -------------------------------------------------------------------------------------------


def test_refusals_name_the_problem_and_change_nothing(
    small: Study, snapshot: Callable[[Path], object], project_path: Path
) -> None:
    with pytest.raises(NotFound, match="no consensus has been built"):
        consensus.list_disagreements(small.project)
    with pytest.raises(NotFound, match="no coder named 'Zed'"):
        consensus.build_consensus(small.project, ["A", "Zed"])
    with pytest.raises(InvalidInput, match="at least two coders"):
        consensus.build_consensus(small.project, ["A", "A"])
    with pytest.raises(InvalidInput, match="a coder it compares"):
        consensus.build_consensus(small.project, ["A", "B"], name="B")
    consensus.build_consensus(small.project, ["A", "B"])
    coders.ensure_coder(small.project, "C")
    item = consensus.list_disagreements(small.project)[0]
    before = snapshot(project_path)
    with pytest.raises(Conflict, match="already exists; .*--as NAME"):
        consensus.build_consensus(small.project, ["A", "B"])
    with pytest.raises(Conflict, match="already a coder"):
        consensus.build_consensus(small.project, ["A", "B"], name="C")
    with pytest.raises(NotFound, match="no open disagreement 'ffffffff'"):
        consensus.accept(small.project, "ffffffff", ["A"])
    with pytest.raises(NotFound, match="no coder named 'Zed'"):
        consensus.accept(small.project, item.id, ["Zed"])
    with pytest.raises(InvalidInput, match="'C' is not one of the coders"):
        consensus.accept(small.project, item.id, ["C"])
    with pytest.raises(NotFound, match="no consensus named 'other'"):
        consensus.accept(small.project, item.id, ["A"], name="other")
    assert snapshot(project_path) == before
    consensus.accept(small.project, item.id, ["A"])
    with pytest.raises(Conflict, match="already settled"):
        consensus.accept(small.project, item.id, ["B"])


def test_a_second_consensus_under_another_name(small: Study) -> None:
    consensus.build_consensus(small.project, ["A", "B"])
    consensus.build_consensus(small.project, ["B", "A"], name="second")
    assert [info.name for info in consensus.list_consensus(small.project)] == ["consensus", "second"]
    first = consensus.list_disagreements(small.project)
    second = consensus.list_disagreements(small.project, "second")
    assert [(d.start, d.end) for d in first] == [(d.start, d.end) for d in second]
    assert {d.id for d in first}.isdisjoint({d.id for d in second})
    assert consensus.consensus_of(small.project, ["B", "A"]) is not None


# --- undo -----------------------------------------------------------------------------------------------


def _state(study: Study) -> list[object]:
    coder_id = coders.find_coder(study.project, "consensus").id
    return sorted(
        codings.list_codings(study.project, coder_ids=[coder_id]), key=lambda c: (c.code_id, c.start)
    )


def test_every_decision_undone_in_reverse_restores_the_consensus_exactly(small: Study) -> None:
    consensus.build_consensus(small.project, ["A", "B"])
    built = _state(small)
    opened = consensus.list_disagreements(small.project)
    steps = []
    for number, item in enumerate(opened):
        before = _state(small)
        if number % 3 == 0:
            result = consensus.accept(small.project, item.id, ["A", "B"])
        elif number % 3 == 1:
            result = consensus.accept(small.project, item.id, [])
        else:
            result = consensus.draw(small.project, item.id, item.start, item.end)
        steps.append((result.decision.id, before))
    for decision_id, before in reversed(steps):
        consensus.undo_decision(small.project, decision_id)
        assert _state(small) == before
    assert _state(small) == built
    assert consensus.list_decisions(small.project) == []
    assert [d.id for d in consensus.list_disagreements(small.project)] == [d.id for d in opened]
