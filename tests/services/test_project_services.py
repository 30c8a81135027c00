"""Sources, CSV codings, exchange, exports and agreement through the services, on both engines.

Every test runs once on a project file and once on a server project (the ``project`` fixture), and
expects the same: the same order, the same refusals, and nothing changed by a refused request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from coder.domain.errors import Conflict, InvalidInput, NotFound
from coder.domain.model import ImportedText
from coder.services import agreement, codebook, coders, codings, codings_csv, exchange, exports, sources
from coder.services.project import Project

Snapshot = Callable[[Project], dict[str, list[tuple[object, ...]]]]

NAMES = ["Zeta.txt", "alpha.txt", "Ärger.txt", "beta-2.txt", "beta_1.txt", "北京.txt"]


def _store(project: Project) -> list[str]:
    stored = sources.store(
        project, [ImportedText(name, "txt", f"Text of {name}: 北京 😀.") for name in NAMES]
    )
    return [info.id for info in stored]


def test_sources_list_in_code_point_order(project: Project) -> None:
    _store(project)
    assert [info.name for info in sources.list_sources(project)] == sorted(NAMES)


def test_a_refused_import_changes_nothing(project: Project, project_snapshot: Snapshot) -> None:
    _store(project)
    before = project_snapshot(project)
    clash = [ImportedText("new.txt", "txt", "fine"), ImportedText("alpha.txt", "txt", "again")]
    with pytest.raises(Conflict, match="already in the project"):
        sources.store(project, clash)
    assert project_snapshot(project) == before


def test_rename_delete_and_restore_a_source(project: Project) -> None:
    ids = _store(project)
    code = codebook.add_code(project, "K")
    ana = coders.ensure_coder(project, "ana")
    made = codings.add_coding(project, ids[0], code.id, ana.id, 0, 4, memo="m")
    with pytest.raises(Conflict):
        sources.rename_source(project, ids[0], "alpha.txt")
    sources.rename_source(project, ids[0], "omega.txt")
    assert sources.find_source(project, "omega.txt").id == ids[0]
    removed = sources.delete_source(project, ids[0])
    assert removed.codings == (made,)
    assert codings.list_codings(project) == []
    sources.restore_source(project, removed)
    assert codings.list_codings(project) == [made]
    assert sources.source_text(project, ids[0]) == "Text of Zeta.txt: 北京 😀."


def test_the_database_keeps_a_text_fixed_and_codings_inside_it(
    project: Project, project_snapshot: Snapshot
) -> None:
    ids = _store(project)
    before = project_snapshot(project)
    with pytest.raises(InvalidInput, match="never changes after import"):
        with project.write() as uow:
            uow.sql.run("UPDATE sources SET text = 'changed' WHERE id = ?", (ids[0],))
    code = codebook.add_code(project, "K")
    ana = coders.ensure_coder(project, "ana")
    before = project_snapshot(project)
    past_end = replace(codings.add_coding(project, ids[0], code.id, ana.id, 0, 2), id="x", end=999)
    codings.remove_codings(project, [c.id for c in codings.list_codings(project)])
    with pytest.raises(InvalidInput, match="ends past the end of its source text"):
        with project.write() as uow:
            uow.codings.insert([past_end])
    assert project_snapshot(project) == before


def _csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "codings.csv"
    path.write_text("source,coder,code,start,end,memo\n" + body, encoding="utf-8")
    return path


def test_csv_codings_all_or_none(project: Project, tmp_path: Path, project_snapshot: Snapshot) -> None:
    _store(project)
    good = _csv(tmp_path, "alpha.txt,ana,A/B,0,5,first\nZeta.txt,ben,A,2,6,\n")
    summary = codings_csv.import_codings_csv(project, good, create_codes=True)
    assert (summary.codings, summary.new_codes, summary.new_coders) == (2, 2, 2)
    before = project_snapshot(project)
    bad = _csv(tmp_path, "alpha.txt,ana,A,0,5,\nalpha.txt,ana,A,3,999,\n")
    with pytest.raises(InvalidInput, match="line 3"):
        codings_csv.import_codings_csv(project, bad)
    assert project_snapshot(project) == before


def test_exported_spans_and_agreement(project: Project, tmp_path: Path) -> None:
    _store(project)
    rows = "alpha.txt,ana,A,0,10,\nalpha.txt,ben,A,0,8,\nZeta.txt,ana,B,0,4,\nZeta.txt,ben,B,0,4,\n"
    codings_csv.import_codings_csv(project, _csv(tmp_path, rows), create_codes=True)
    assert exports.export_spans(project, tmp_path / "spans.csv") == 4
    lines = (tmp_path / "spans.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[:2] for line in lines[1:]] == [
        ["Zeta.txt", "ana"],
        ["Zeta.txt", "ben"],
        ["alpha.txt", "ben"],  # 0-8 before 0-10: by source, start, end
        ["alpha.txt", "ana"],
    ]
    run = agreement.run_agreement(project)
    assert run.result.coders == ("ana", "ben")
    by_name = {code.code.name: code for code in run.result.codes}
    assert by_name["B"].pooled.percent_agreement == 1.0
    assert by_name["A"].pooled.percent_agreement < 1.0


def test_merging_a_bundle_twice_adds_nothing_the_second_time(
    project: Project, project_snapshot: Snapshot
) -> None:
    ids = _store(project)
    code = codebook.add_code(project, "K")
    ana = coders.ensure_coder(project, "ana")
    codings.add_coding(project, ids[1], code.id, ana.id, 1, 5)
    bundle = exchange.project_bundle(project)
    before = project_snapshot(project)
    summary = exchange.apply_bundle(project, bundle)
    assert (summary.codings_added, summary.codings_present) == (0, 1)
    assert project_snapshot(project) == before


def test_a_stale_code_is_refused_naming_who_changed_it(project: Project) -> None:
    code = codebook.add_code(project, "Trust")
    project.actor = project.actor or "ana"
    who = project.actor
    codebook.update_code(project, replace(code, colour="#112233"), check_version=True)
    with pytest.raises(Conflict, match=f"changed by {who} after you opened it"):
        codebook.update_code(project, replace(code, name="Distrust"), check_version=True)
    assert [c.name for c in codebook.get_codebook(project).codes] == ["Trust"]


def test_unknown_things_are_refused(project: Project) -> None:
    for call in (
        lambda: sources.find_source(project, "none.txt"),
        lambda: coders.find_coder(project, "nobody"),
        lambda: codebook.delete_code(project, "no-such-id"),
    ):
        with pytest.raises(NotFound):
            call()
