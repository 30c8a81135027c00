"""The consensus travels: provenance through QDPX, consensus and decisions through merge and copy."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from consensus_study import Study, make_study

from coder.domain.errors import InvalidInput
from coder.domain.model import Coding
from coder.services import coders, codings, consensus
from coder.services.exchange import export_qdpx, import_qdpx, merge
from coder.services.project import Project, create_project, open_project, save_copy


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    opened = open_project(project_path)
    yield opened
    opened.close()


@pytest.fixture
def settled(project: Project, tmp_path: Path) -> Study:
    """A study with a consensus, some decisions of every kind, and a memo on a consensus coding."""
    study = make_study(project, tmp_path / "texts")
    consensus.build_consensus(project, ["A", "B"], by="Lead")
    for number, item in enumerate(consensus.list_disagreements(project)[:9]):
        if number % 3 == 0:
            consensus.accept(
                project, item.id, [item.coders[0]], note=f"note {number}\nsecond line", by="Lead"
            )
        elif number % 3 == 1:
            consensus.accept(project, item.id, [], by="Lead")
        else:
            consensus.draw(project, item.id, item.start, item.end, by="Lead")
    first = _consensus_codings(project)[0]
    codings.update_coding(project, first.id, memo="The team's memo.\ncoder provenance: looks like ours")
    return study


def _consensus_codings(project: Project, name: str = "consensus") -> list[Coding]:
    coder_id = coders.find_coder(project, name).id
    return codings.list_codings(project, coder_ids=[coder_id])


def _content(project: Project) -> set[tuple[int, int, str, str]]:
    return {(c.start, c.end, c.memo, c.provenance) for c in _consensus_codings(project)}


def test_provenance_and_memos_survive_a_qdpx_round_trip(settled: Study, tmp_path: Path) -> None:
    out = tmp_path / "study.qdpx"
    export_qdpx(settled.project, out)
    xml = zipfile.ZipFile(out).read("project.qde").decode("utf-8")
    assert "Consensus coding: " in xml and "accepted from" in xml and "drawn by hand" in xml
    with create_project(tmp_path / "back.coder") as back:
        import_qdpx(back, out)
        assert _content(back) == _content(settled.project)
        assert all(c.provenance for c in _consensus_codings(back))
        others = codings.list_codings(back, coder_ids=[coders.find_coder(back, "A").id])
        assert others and all(c.provenance == "" for c in others)


def test_merging_a_coder_file_brings_the_consensus_and_its_decisions(settled: Study, tmp_path: Path) -> None:
    theirs = settled.project
    with create_project(tmp_path / "mine.coder") as mine:
        summary = merge(mine, theirs.path)
        assert any("9 decisions merged" in note for note in summary.notes)
        assert [(i.name, consensus.compared_names(mine, i)) for i in consensus.list_consensus(mine)] == [
            ("consensus", ("A", "B"))
        ]
        assert _content(mine) == _content(theirs)
        assert consensus.list_decisions(mine) == consensus.list_decisions(theirs)
        assert consensus.list_disagreements(mine) == consensus.list_disagreements(theirs)
        again = merge(mine, theirs.path)
        assert again.codings_added == 0 and not any("merged" in note for note in again.notes)
        assert len(consensus.list_decisions(mine)) == 9
        decision = consensus.list_decisions(mine)[0]
        with pytest.raises(InvalidInput, match="came with a merged file and cannot be undone"):
            consensus.undo_decision(mine, decision.id)


def test_a_consensus_of_other_coders_under_the_same_name_keeps_its_own_decisions(
    settled: Study, tmp_path: Path
) -> None:
    with create_project(tmp_path / "mine.coder") as mine:
        for name in ("A", "C"):
            coders.ensure_coder(mine, name)
        consensus.build_consensus(mine, ["A", "C"])
        summary = merge(mine, settled.project.path)
        assert any("compares other coders" in note for note in summary.notes)
        assert consensus.list_decisions(mine) == []


def test_a_copy_of_the_project_keeps_the_consensus_and_can_undo(settled: Study, tmp_path: Path) -> None:
    target = tmp_path / "copy.coder"
    save_copy(settled.project, target)
    with open_project(target) as copy:
        assert consensus.list_decisions(copy) == consensus.list_decisions(settled.project)
        assert _content(copy) == _content(settled.project)
        last = consensus.list_decisions(copy)[-1]
        consensus.undo_decision(copy, last.id)
        assert (
            len(consensus.list_disagreements(copy)) == len(consensus.list_disagreements(settled.project)) + 1
        )
