"""Where reports go: never over the project or another file; names from files never steer the terminal."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def project(tmp_path: Path, cli: Callable) -> Path:
    path = tmp_path / "p.coder"
    assert cli("init", path).code == 0
    (tmp_path / "w.txt").write_text("x" * 20, encoding="utf-8")
    assert cli("--project", path, "import", tmp_path / "w.txt").code == 0
    rows = "source,coder,code,start,end\nw.txt,A,K,2,10\nw.txt,B,K,4,12\n"
    (tmp_path / "c.csv").write_text(rows, encoding="utf-8")
    assert cli("--project", path, "codings", "import", tmp_path / "c.csv", "--create-codes").code == 0
    return path


@pytest.mark.parametrize("option", ["--json", "--csv", "--html"])
def test_the_report_never_overwrites_the_project(
    project: Path, cli: Callable, snapshot: Callable, option: str
) -> None:
    before = project.read_bytes()
    rows = snapshot(project)
    result = cli("--project", project, "agreement", option, project)
    assert result.code == 1
    assert result.err.startswith("coder: error:") and result.err.count("\n") == 1
    assert project.read_bytes() == before and snapshot(project) == rows


@pytest.mark.parametrize(
    "option, name", [("--json", "notes.json"), ("--csv", "data.csv"), ("--html", "paper.html")]
)
def test_an_existing_file_that_is_not_a_report_is_kept(
    project: Path, cli: Callable, tmp_path: Path, option: str, name: str
) -> None:
    target = tmp_path / name
    target.write_text("my own work\n", encoding="utf-8")
    result = cli("--project", project, "agreement", option, target)
    assert result.code == 1 and "not an earlier agreement report" in result.err
    assert target.read_text(encoding="utf-8") == "my own work\n"


@pytest.mark.parametrize("option, name", [("--json", "r.json"), ("--csv", "r.csv"), ("--html", "r.html")])
def test_an_earlier_report_of_the_same_kind_is_replaced(
    project: Path, cli: Callable, tmp_path: Path, option: str, name: str
) -> None:
    target = tmp_path / name
    assert cli("--project", project, "agreement", option, target).code == 0
    first = target.read_text(encoding="utf-8")
    assert cli("--project", project, "agreement", option, target).code == 0
    assert target.read_text(encoding="utf-8").split("\n")[0] == first.split("\n")[0]


@pytest.mark.parametrize("option, name", [("--json", "r.csv"), ("--csv", "r.json"), ("--html", "r.txt")])
def test_the_suffix_must_fit_the_kind(
    project: Path, cli: Callable, tmp_path: Path, option: str, name: str
) -> None:
    result = cli("--project", project, "agreement", option, tmp_path / name)
    assert result.code == 1 and "must end in" in result.err
    assert not (tmp_path / name).exists()


def test_a_json_report_to_standard_output_still_works(project: Path, cli: Callable) -> None:
    result = cli("--project", project, "agreement", "--json", "-")
    assert result.code == 0 and json.loads(result.text)["unit"] == "character"


def test_control_characters_in_names_are_shown_not_obeyed(project: Path, cli: Callable) -> None:
    import sqlite3

    # A project made before names were checked (or edited by hand) may hold any characters in names.
    clipboard = "\x1b]52;c;ZXZpbA==\x07"
    raw = sqlite3.connect(project)
    raw.execute("UPDATE sources SET name = ?", (f"evil{clipboard}.txt",))
    raw.execute("UPDATE coders SET name = ? WHERE name = 'A'", (f"A{clipboard}",))
    raw.commit()
    raw.close()
    listed = cli("--project", project, "sources")
    table = cli("--project", project, "agreement")
    missing = cli("--project", project, "text", f"nothing{clipboard}")
    for output in (listed.text, table.text, table.err, missing.err):
        assert "\x1b" not in output and "\x07" not in output
    assert "\\x1b]52;c;ZXZpbA==\\x07" in listed.text
    assert missing.code == 1 and missing.err.count("\n") == 1
    as_json = cli("--project", project, "sources", "--json")
    assert json.loads(as_json.text)[0]["name"] == f"evil{clipboard}.txt"  # machine-readable: exact
