"""The command-line contract of specs/cli.md, exercised as a script would use it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

CODEBOOK = """\
codes:
  - name: Alliance
    colour: "#aabbcc"
    definition: Ties between the two states.
    children:
      - name: Exercises
        definition: Joint drills.
  - name: Autonomy
    children:
      - name: Exercises
"""


@pytest.fixture
def project(tmp_path: Path, cli: Callable) -> Path:
    path = tmp_path / "p.coder"
    (tmp_path / "book.yaml").write_text(CODEBOOK, encoding="utf-8")
    assert cli("init", path, "--codebook", tmp_path / "book.yaml").code == 0
    return path


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def test_version_and_help(cli: Callable) -> None:
    from coder import __version__

    result = cli("--version")
    assert result.code == 0 and __version__ in result.text + result.err
    assert cli("import", "--help").code == 0


def test_usage_error_exits_2(cli: Callable) -> None:
    assert cli("no-such-command").code == 2
    assert cli("import").code == 2


def test_init_refuses_existing_file(project: Path, cli: Callable) -> None:
    result = cli("init", project)
    assert result.code == 1
    assert result.err.startswith("coder: error: ") and "already exists" in result.err


def test_import_sources_json_and_exact_text(tmp_path: Path, project: Path, cli: Callable) -> None:
    raw = "Line one 😀\r\nLine two 北京 e\u0301\rend"
    a = tmp_path / "interview-03.txt"
    a.write_bytes(b"\xef\xbb\xbf" + raw.encode("utf-8"))
    b = _write(tmp_path / "notes.md", "# Title\n\n*stress*\n")
    result = cli("--project", project, "import", a, b)
    assert result.code == 0, result.err
    assert len(result.err.strip().splitlines()) == 2 and "interview-03.txt" in result.err
    listing = json.loads(cli("--project", project, "sources", "--json").text)
    by_name = {item["name"]: item for item in listing}
    expected = raw.replace("\r\n", "\n").replace("\r", "\n")
    assert by_name["interview-03.txt"]["format"] == "txt"
    assert by_name["interview-03.txt"]["characters"] == len(expected)
    import hashlib

    assert by_name["interview-03.txt"]["sha256"] == hashlib.sha256(expected.encode()).hexdigest()
    assert by_name["notes.md"]["format"] == "md" and "pages" not in by_name["notes.md"]
    assert cli("--project", project, "text", "interview-03.txt").out == expected.encode("utf-8")
    assert cli("--project", project, "text", "notes.md").out == b"# Title\n\n*stress*\n"


def test_pdf_source_lists_pages(tmp_path: Path, project: Path, cli: Callable) -> None:
    import pymupdf

    doc = pymupdf.open()
    for number in range(3):
        doc.new_page().insert_text((72, 72), f"Page {number + 1} text")
    doc.save(tmp_path / "three.pdf")
    assert cli("--project", project, "import", tmp_path / "three.pdf").code == 0
    listing = json.loads(cli("--project", project, "sources", "--json").text)
    assert listing[0]["format"] == "pdf" and listing[0]["pages"] == 3


def test_codings_import_and_span_export(tmp_path: Path, project: Path, cli: Callable) -> None:
    text = "Moscow 😀 and Beijing 北京 hold drills."
    _write(tmp_path / "s.txt", text)
    cli("--project", project, "import", tmp_path / "s.txt")
    start = text.index("Beijing")
    rows = (
        "source,coder,code,start,end,memo\n"
        f"s.txt,Ana,Alliance,0,{len(text)},whole\n"
        f's.txt,Ben,Alliance/Exercises,{start},{start + 10},"two, words"\n'
        "s.txt,Ana,New/Deeper,0,6,\n"
    )
    _write(tmp_path / "c.csv", rows)
    refused = cli("--project", project, "codings", "import", tmp_path / "c.csv")
    assert refused.code == 1 and "line 4" in refused.err and "--create-codes" in refused.err
    result = cli("--project", project, "codings", "import", tmp_path / "c.csv", "--create-codes")
    assert result.code == 0, result.err
    assert cli("--project", project, "export", "spans", tmp_path / "out.csv").code == 0
    exported = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8"))))
    assert [(r["coder"], r["code_path"], r["start"], r["end"]) for r in exported] == [
        ("Ana", "New/Deeper", "0", "6"),
        ("Ana", "Alliance", "0", str(len(text))),
        ("Ben", "Alliance/Exercises", str(start), str(start + 10)),
    ]
    assert exported[2]["text"] == "Beijing 北京" and exported[2]["memo"] == "two, words"
    assert exported[1]["text"] == text
    only_ben = tmp_path / "ben.csv"
    assert cli("--project", project, "export", "spans", only_ben, "--coder", "Ben").code == 0
    assert len(only_ben.read_text(encoding="utf-8").splitlines()) == 2


def test_span_export_to_xlsx(tmp_path: Path, project: Path, cli: Callable) -> None:
    from openpyxl import load_workbook

    _write(tmp_path / "s.txt", "abc 😀 def")
    cli("--project", project, "import", tmp_path / "s.txt")
    _write(tmp_path / "c.csv", "source,coder,code,start,end\ns.txt,Ana,Autonomy,4,5\n")
    assert cli("--project", project, "codings", "import", tmp_path / "c.csv").code == 0
    assert cli("--project", project, "export", "spans", tmp_path / "out.xlsx").code == 0
    book = load_workbook(tmp_path / "out.xlsx")
    rows = list(book["codings"].iter_rows(values_only=True))
    assert rows[0] == ("source", "coder", "code", "code_path", "start", "end", "text", "memo")
    assert rows[1][:7] == ("s.txt", "Ana", "Autonomy", "Autonomy", 4, 5, "😀")
    assert [r[0] for r in book["codebook"].iter_rows(values_only=True)][1:] == [
        "Alliance",
        "Alliance/Exercises",
        "Autonomy",
        "Autonomy/Exercises",
    ]


def test_codebook_export_then_load_round_trips(tmp_path: Path, project: Path, cli: Callable) -> None:
    out = tmp_path / "export.yaml"
    assert cli("--project", project, "codebook", "export", out).code == 0
    other = tmp_path / "other.coder"
    assert cli("init", other, "--codebook", out).code == 0
    again = tmp_path / "again.yaml"
    assert cli("--project", other, "codebook", "export", again).code == 0
    from dataclasses import replace

    from coder.codebook_yaml import load_codebook

    def specs(path: Path) -> list[object]:
        return [replace(s, line=None, guid=None) for s in load_codebook(path.read_text(encoding="utf-8"))]

    assert specs(again) == specs(out)
    assert [s.path for s in specs(out)] == [  # type: ignore[attr-defined]
        ("Alliance",),
        ("Alliance", "Exercises"),
        ("Autonomy",),
        ("Autonomy", "Exercises"),
    ]


def test_environment_variable_names_the_project(
    project: Path, cli: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CODER_PROJECT", str(project))
    assert cli("sources", "--json").text.strip() == "[]"


def test_default_project_is_created_with_the_study_codebook(tmp_path: Path, cli: Callable) -> None:
    from coder.services.project import default_project_path

    assert not default_project_path().exists()
    assert cli("sources", "--json").code == 0
    assert default_project_path().exists()
    out = tmp_path / "default.yaml"
    assert cli("codebook", "export", out).code == 0
    exported = out.read_text(encoding="utf-8").lower()
    assert "entrapment" in exported and "abandonment" in exported


def test_installed_entry_point_runs_without_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "coder", "--project", str(tmp_path / "missing.coder"), "sources"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("coder: error: ") and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
