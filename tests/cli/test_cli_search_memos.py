"""``coder search``, ``coder memos`` and ``coder journal`` as a script would use them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

TEXT = "Navy drills 🚢 in 2019.\nThe navy said: drills, drills.\n"
OTHER = "No naval word here, only Navy-wide plans."


@pytest.fixture
def project(tmp_path: Path, cli: Callable) -> Path:
    path = tmp_path / "p.coder"
    assert cli("init", path).code == 0
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    assert cli("--project", path, "import", tmp_path / "a.txt", tmp_path / "b.txt").code == 0
    start = TEXT.index("The navy")
    rows = f"source,coder,code,start,end\na.txt,Ann,Exercises,{start},{len(TEXT)}\n"
    (tmp_path / "c.csv").write_text(rows, encoding="utf-8")
    assert cli("--project", path, "codings", "import", tmp_path / "c.csv", "--create-codes").code == 0
    return path


def test_search_json_is_a_list_of_hits_in_code_points(project: Path, cli: Callable) -> None:
    result = cli("--project", project, "search", "drills", "--json")
    assert result.code == 0, result.err
    hits = json.loads(result.text)
    assert [list(hit)[:4] for hit in hits] == [["source", "start", "end", "text"]] * 3
    text = cli("--project", project, "text", "a.txt").text
    assert [(h["source"], h["start"], h["end"]) for h in hits] == [
        ("a.txt", 5, 11),  # "Navy " is five code points; the ship comes after
        ("a.txt", text.index("drills,"), text.index("drills,") + 6),
        ("a.txt", text.rindex("drills"), text.rindex("drills") + 6),
    ]
    assert all(text[h["start"] : h["end"]] == h["text"] for h in hits)
    assert hits[1]["line"] == 2
    assert "3 hits in 1 of 2 sources" in result.err


def test_search_options(project: Path, cli: Callable) -> None:
    def found(*options: str) -> list[tuple[str, str]]:
        result = cli("--project", project, "search", *options, "--json")
        assert result.code == 0, result.err
        return [(hit["source"], hit["text"]) for hit in json.loads(result.text)]

    assert found("navy") == [("a.txt", "Navy"), ("a.txt", "navy"), ("b.txt", "Navy")]
    assert found("navy", "--case") == [("a.txt", "navy")]
    assert found("nav", "--whole-word") == []
    assert found(r"nav(y|al)\b", "--regex") == [
        ("a.txt", "Navy"),
        ("a.txt", "navy"),
        ("b.txt", "naval"),
        ("b.txt", "Navy"),
    ]
    assert found("navy", "--source", "b.txt") == [("b.txt", "Navy")]
    assert found("navy", "--code", "Exercises") == [("a.txt", "navy")]
    assert found("navy", "--code", "Exercises", "--coder", "Ann") == [("a.txt", "navy")]


def test_search_refusals_are_one_line(project: Path, cli: Callable) -> None:
    for options, message in (
        (["(unclosed", "--regex"], "is not a valid regular expression: missing ), unterminated subpattern"),
        (["navy", "--code", "Nothing"], "no code 'Nothing' in the codebook"),
        (["navy", "--source", "c.txt"], "no source named 'c.txt'"),
        (["navy", "--coder", "Ann"], "give --code CODE too"),
    ):
        result = cli("--project", project, "search", *options, "--json")
        assert result.code == 1 and result.out == b""
        assert result.err.startswith("coder: error: ") and message in result.err
        assert result.err.count("\n") == 1


def test_readable_hits_show_context_and_escape_control_characters(tmp_path: Path, cli: Callable) -> None:
    import sqlite3

    path = tmp_path / "p.coder"
    assert cli("init", path).code == 0
    (tmp_path / "t.txt").write_text("before \u202ered\u202c after\n", encoding="utf-8")
    assert cli("--project", path, "import", tmp_path / "t.txt").code == 0
    raw = sqlite3.connect(path)  # a name from a file may hold any characters
    raw.execute("UPDATE sources SET name = ?", ("evil\x1b]52;c;ZXZpbA==\x07.txt",))
    raw.commit()
    raw.close()
    result = cli("--project", path, "search", "red")
    assert result.code == 0
    assert result.text == "evil\\x1b]52;c;ZXZpbA==\\x07.txt:1:8-11: before \\u202e[red]\\u202c after\n"
    as_json = json.loads(cli("--project", path, "search", "red", "--json").text)
    assert as_json[0]["source"] == "evil\x1b]52;c;ZXZpbA==\x07.txt"  # machine-readable: exact


def test_journal_add_list_and_memo_search(project: Path, cli: Callable) -> None:
    added = cli(
        "--project",
        project,
        "journal",
        "add",
        "Coded a.txt; <b>navy</b> is tricky.",
        "--title",
        "Day 1",
        "--coder",
        "Ann",
    )
    assert added.code == 0 and "by Ann" in added.err
    assert cli("--project", project, "journal", "add", "Second entry", "--coder", "Bo").code == 0
    entries = json.loads(cli("--project", project, "journal", "list", "--json").text)
    assert [(e["title"], e["coder"], e["text"]) for e in entries] == [
        ("", "Bo", "Second entry"),
        ("Day 1", "Ann", "Coded a.txt; <b>navy</b> is tricky."),
    ]
    hits = json.loads(cli("--project", project, "memos", "search", "navy", "--json").text)
    assert [(h["kind"], h["where"], h["coder"], h["start"], h["end"], h["text"]) for h in hits] == [
        ("journal", "Day 1", "Ann", 16, 20, "navy")
    ]
    readable = cli("--project", project, "journal", "list")
    assert "Day 1" in readable.text and "    Coded a.txt" in readable.text


def test_memos_export_escapes_what_memos_hold(project: Path, cli: Callable, tmp_path: Path) -> None:
    text = "<script>alert(1)</script> & *not emphasis*"
    assert (
        cli("--project", project, "journal", "add", text, "--title", "<i>Odd</i>", "--coder", "Ann").code == 0
    )
    html_out, md_out = tmp_path / "memos.html", tmp_path / "memos.md"
    assert cli("--project", project, "memos", "export", html_out).code == 0
    page = html_out.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; *not emphasis*" in page
    assert "<script>" not in page and "&lt;i&gt;Odd&lt;/i&gt;" in page
    assert cli("--project", project, "memos", "export", md_out).code == 0
    markdown = md_out.read_text(encoding="utf-8")
    assert "\\<script\\>alert(1)\\</script\\> \\& \\*not emphasis\\*" in markdown
    refused = cli("--project", project, "memos", "export", tmp_path / "memos.txt")
    assert refused.code == 1 and "must end in .md or .html" in refused.err
