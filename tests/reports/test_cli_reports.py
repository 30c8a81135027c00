"""``coder report``, ``coder query`` and ``coder attributes`` on the command line."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from coder.cli.main import main


def run(capfd, project: Path, *args: str | Path) -> tuple[int, str, str]:  # noqa: ANN001
    """``coder --project PROJECT ARGS...`` in-process: exit status, standard output and error."""
    capfd.readouterr()
    try:
        code = main(["--project", str(project), *(str(a) for a in args)])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capfd.readouterr()
    return code, out, err


def test_frequency_csv_has_exactly_the_issue_columns(small_project: Path, capfd) -> None:  # noqa: ANN001
    code, out, err = run(capfd, small_project, "report", "frequencies", "--by", "coder", "--csv", "-")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["code", "code_path", "group", "codings", "characters"]
    assert rows[1:] == [
        ["A", "A", "ann", "3", "20"],
        ["A", "A", "bob", "1", "18"],
        ["B", "B", "ann", "2", "13"],
        ["B", "B", "bob", "2", "20"],
        ["C", "C", "ann", "1", "10"],
        ["C", "C", "bob", "1", "10"],
    ]


def test_cooccurrence_csv_columns_and_group(small_project: Path, capfd) -> None:  # noqa: ANN001
    _c, out, _e = run(capfd, small_project, "report", "cooccurrence", "--csv", "-")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [
        ["code_a", "code_path_a", "code_b", "code_path_b", "pairs"],
        ["A", "A", "B", "B", "3"],
        ["A", "A", "C", "C", "0"],
        ["B", "B", "C", "C", "1"],
    ]
    _c, out, _e = run(
        capfd,
        small_project,
        "report",
        "cooccurrence",
        "--by",
        "outlet",
        "--within",
        "0",
        "--csv",
        "-",
    )
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["code_a", "code_path_a", "code_b", "code_path_b", "pairs", "group"]
    assert ["A", "A", "B", "B", "3", "paper"] in rows and ["A", "A", "B", "B", "1", "web"] in rows


def test_matrix_outputs_carry_the_same_numbers(small_project: Path, tmp_path: Path, capfd) -> None:  # noqa: ANN001
    csv_file, html, xlsx = tmp_path / "m.csv", tmp_path / "m.html", tmp_path / "m.xlsx"
    code, _o, err = run(
        capfd,
        small_project,
        "report",
        "matrix",
        "--by",
        "year",
        "--measure",
        "characters",
        "--csv",
        csv_file,
        "--html",
        html,
        "--xlsx",
        xlsx,
    )
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8"))))
    assert rows[0] == ["code", "code_path", "group", "codings", "characters", "sources"]
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).worksheets[0]
    assert [[str(c) for c in r] for r in sheet.iter_rows(values_only=True)] == rows
    page = html.read_text(encoding="utf-8")
    first_table = page[page.index("<h2>Characters by year</h2>") :].split("</table>")[0]
    numbers = re.findall(r'<td class="n"[^>]*>(\d+)</td>', first_table)
    assert numbers == [r[4] for r in rows[1:]]  # A 2022, A 2024, B 2022, ...
    assert "<svg" in page and "<script" not in page


def test_html_escapes_names_from_the_project(tmp_path: Path, capfd, cli_project: Callable[..., Path]) -> None:  # noqa: ANN001
    path = cli_project("<i>x&-->\u202e")
    out = tmp_path / "r.html"
    code, _o, err = run(capfd, path, "report", "frequencies", "--html", out)
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert "<i>x" not in page and "&lt;i&gt;x&amp;--&gt;" in page


def test_outputs_are_checked_before_any_work(small_project: Path, tmp_path: Path, capfd) -> None:  # noqa: ANN001
    notes = tmp_path / "notes.csv"
    notes.write_text("my own notes\n", encoding="utf-8")
    code, _o, err = run(capfd, small_project, "report", "frequencies", "--csv", notes)
    assert code == 1 and "is not an earlier report of coder" in err
    assert notes.read_text(encoding="utf-8") == "my own notes\n"
    code, _o, err = run(capfd, small_project, "report", "frequencies", "--html", tmp_path / "x.txt")
    assert code == 1 and err.startswith("coder: error: cannot write HTML to 'x.txt'")
    code, _o, err = run(capfd, small_project, "report", "frequencies", "--where", "year>>2")
    assert code == 1 and err.count("\n") == 1 and "is not a number" in err
    code, _o, err = run(capfd, small_project, "report", "matrix", "--within", "3")
    assert code == 1 and "--within applies to co-occurrence only" in err


def test_readable_table_without_outputs(small_project: Path, capfd) -> None:  # noqa: ANN001
    code, out, _e = run(capfd, small_project, "report", "frequencies", "--where", "outlet=paper")
    assert code == 0
    assert "sources where outlet=paper: 1" in out
    assert re.search(r"^A\s+3 \(30\)$", out, flags=re.M)


def test_query_json_and_exports(small_project: Path, tmp_path: Path, capfd) -> None:  # noqa: ANN001
    code, out, err = run(capfd, small_project, "query", "overlap", "A", "B", "--json")
    assert code == 0, err
    assert json.loads(out) == [
        {
            "source": "s1.txt",
            "start": 8,
            "end": 15,
            "text": json.loads(out)[0]["text"],
            "codes": ["A", "B"],
            "coders": ["ann"],
        },
        {"source": "s2.txt", "start": 3, "end": 4, "text": "d", "codes": ["A", "B"], "coders": ["ann"]},
    ]
    assert "2 segment(s): A AND B (overlapping parts)" in err
    code, _o, err = run(capfd, small_project, "query", "followed", "A", "B", "--xlsx", tmp_path / "q.xlsx")
    assert code == 0, err
    assert "xl/workbook.xml" in zipfile.ZipFile(tmp_path / "q.xlsx").namelist()
    code, _o, err = run(capfd, small_project, "query", "within", "A")
    assert code == 1 and "needs two codes" in err


def test_attributes_commands(small_project: Path, tmp_path: Path, capfd) -> None:  # noqa: ANN001
    code, out, _e = run(capfd, small_project, "attributes", "list", "--json")
    document = json.loads(out)
    assert document["attributes"] == [
        {"name": "outlet", "type": "choice", "choices": ["paper", "web"]},
        {"name": "year", "type": "number"},
    ]
    assert document["sources"][0] == {"source": "s1.txt", "values": {"outlet": "paper", "year": "2022"}}
    code, _o, err = run(capfd, small_project, "attributes", "set", "s1.txt", "outlet", "radio")
    assert code == 1 and "is not one of its choices (paper, web)" in err
    code, _o, err = run(capfd, small_project, "attributes", "export", tmp_path / "a.csv")
    assert (
        code == 0 and (tmp_path / "a.csv").read_text(encoding="utf-8").splitlines()[0] == "source,outlet,year"
    )
