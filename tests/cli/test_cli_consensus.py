"""``coder consensus``: build, list, accept, undo; refusals exit 1 with one sentence and change nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

TEXT = "Both navies drilled together while the ministers spoke of trust and of limits."


@pytest.fixture
def project(tmp_path: Path, cli: Callable) -> Path:
    """A and B code 'Trust' differently; C coded something else; no consensus yet."""
    path = tmp_path / "p.coder"
    assert cli("init", path).code == 0
    (tmp_path / "talk.txt").write_text(TEXT, encoding="utf-8")
    assert cli("--project", path, "import", tmp_path / "talk.txt").code == 0
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "source,coder,code,start,end\n"
        "talk.txt,A,Trust,0,20\n"
        "talk.txt,B,Trust,10,30\n"
        "talk.txt,A,Limits,70,77\n"
        "talk.txt,C,Trust,40,50\n",
        encoding="utf-8",
    )
    assert cli("--project", path, "codings", "import", rows, "--create-codes").code == 0
    return path


def _listed(cli: Callable, project: Path, *extra: str) -> list[dict[str, object]]:
    result = cli("--project", project, "consensus", "disagreements", "--json", *extra)
    assert result.code == 0, result.err
    return json.loads(result.text)


def test_build_list_accept_and_compare(cli: Callable, project: Path) -> None:
    built = cli("--project", project, "consensus", "build", "--coders", "A,B")
    assert built.code == 0 and built.out == b""
    assert "1 coding where both coded the same characters" in built.err
    assert (
        "3 disagreements left to settle" in built.err and "Trust: 2" in built.err and "Limits: 1" in built.err
    )
    left = _listed(cli, project)
    assert [(d["code"], d["start"], d["end"], d["coders"], d["text"]) for d in left] == [
        ("Trust", 0, 10, ["A"], TEXT[0:10]),
        ("Trust", 20, 30, ["B"], TEXT[20:30]),
        ("Limits", 70, 77, ["A"], TEXT[70:77]),
    ]
    assert list(left[0]) == ["id", "code", "code_path", "source", "start", "end", "coders", "text"]
    readable = cli("--project", project, "consensus", "disagreements")
    assert readable.text.splitlines()[0].startswith(f"{left[0]['id']}  Trust  talk.txt  0-10  coded by A")
    first = cli("--project", project, "consensus", "accept", left[0]["id"], "--from", "A", "--note", "agreed")
    assert first.code == 0 and "accepted from A; 2 disagreements left" in first.err
    assert cli("--project", project, "consensus", "accept", left[1]["id"], "--none").code == 0
    last = cli("--project", project, "consensus", "accept", left[2]["id"], "--from", "A")
    assert "every disagreement is settled" in last.err and "coder agreement --coders A,consensus" in last.err
    assert _listed(cli, project) == []
    report = cli("--project", project, "agreement", "--coders", "A,consensus", "--json", "-")
    assert report.code == 0
    overall = json.loads(report.text)["overall"]
    assert overall["percent_agreement"] == overall["krippendorff_alpha"] == 1
    decisions = json.loads(cli("--project", project, "consensus", "decisions", "--json").text)
    assert [(d["choice"], d["coders"], d["note"]) for d in decisions] == [
        ("coders", ["A"], "agreed"),
        ("none", [], ""),
        ("coders", ["A"], ""),
    ]
    assert decisions[0]["decided_by"]
    undone = cli("--project", project, "consensus", "undo", decisions[2]["id"][:8])
    assert undone.code == 0, undone.err
    assert [d["id"] for d in _listed(cli, project)] == [left[2]["id"]]


def test_another_name_with_as(cli: Callable, project: Path) -> None:
    assert cli("--project", project, "consensus", "build", "--coders", "A,B").code == 0
    again = cli("--project", project, "consensus", "build", "--coders", "A,B")
    assert again.code == 1 and "--as NAME" in again.err
    assert cli("--project", project, "consensus", "build", "--coders", "B,A", "--as", "team").code == 0
    assert len(_listed(cli, project, "--as", "team")) == 3
    item = _listed(cli, project, "--as", "team")[0]
    assert (
        cli("--project", project, "consensus", "accept", item["id"], "--none").code == 1
    )  # not in 'consensus'
    assert cli("--project", project, "consensus", "accept", item["id"], "--none", "--as", "team").code == 0


def _refusals() -> list[tuple[list[str | Path], str]]:
    return [
        (["consensus", "accept", "0123abcd", "--from", "A"], "no open disagreement '0123abcd'"),
        (["consensus", "accept", "{first}", "--from", "Zed"], "no coder named 'Zed'"),
        (["consensus", "accept", "{first}", "--from", "C"], "'C' is not one of the coders"),
        (["consensus", "accept", "{first}", "--from", "A", "--as", "nope"], "no consensus named 'nope'"),
        (["consensus", "build", "--coders", "A,Zed", "--as", "x"], "no coder named 'Zed'"),
        (["consensus", "build", "--coders", "A,B", "--as", "C"], "'C' is already a coder"),
        (["consensus", "undo", "0123abcd"], "no decision '0123abcd'"),
    ]


def test_refusals_exit_1_with_one_sentence_and_change_nothing(
    cli: Callable, project: Path, snapshot: Callable[[Path], object]
) -> None:
    nothing = cli("--project", project, "consensus", "disagreements")
    assert nothing.code == 1
    assert nothing.err == (
        "coder: error: no consensus has been built in this project yet; start one with "
        "'coder consensus build --coders A,B'\n"
    )
    assert cli("--project", project, "consensus", "build", "--coders", "A,B").code == 0
    first = str(_listed(cli, project)[0]["id"])
    before = snapshot(project)
    for args, message in _refusals():
        args = [first if a == "{first}" else a for a in args]
        result = cli("--project", project, *args)
        assert result.code == 1, args
        assert result.err.startswith("coder: error: ") and message in result.err, result.err
        assert result.err.count("\n") == 1 and "Traceback" not in result.err
        assert result.out == b""
        assert snapshot(project) == before, args


def test_usage_errors_exit_2(cli: Callable, project: Path) -> None:
    assert cli("--project", project, "consensus", "accept", "0123abcd").code == 2
    assert cli("--project", project, "consensus", "accept", "0123abcd", "--from", "A", "--none").code == 2
    assert cli("--project", project, "consensus", "build").code == 2
