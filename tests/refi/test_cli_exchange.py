"""The command line: export qdpx, import FILE.qdpx, merge, export codebook."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from refi_helpers import Run, spans

from coder.domain.model import CodeSpec
from coder.exporters.codebook_document import codebook_html, codebook_markdown, escape_markdown
from coder.services.project import open_project

TEXT = "Tea or coffee \U0001f375? We argued about money.\r\n"
STORED = TEXT.replace("\r\n", "\n")
MONEY = f"{STORED.index('money')},{STORED.index('money') + 5}"


@pytest.fixture
def coded(tmp_path: Path, cli: Callable[..., Run]) -> Path:
    project = tmp_path / "ann.coder"
    (tmp_path / "talk.txt").write_bytes(TEXT.encode("utf-8"))
    (tmp_path / "codes.csv").write_text(
        f"source,coder,code,start,end,memo\ntalk.txt,Ann,Topics/Money,{MONEY},about pay\n", encoding="utf-8"
    )
    for args in (
        ("init", project),
        ("--project", project, "import", tmp_path / "talk.txt"),
        ("--project", project, "codings", "import", tmp_path / "codes.csv", "--create-codes"),
    ):
        result = cli(*args)
        assert result.code == 0, result.err
    return project


def test_export_then_import_qdpx(tmp_path: Path, coded: Path, cli: Callable[..., Run]) -> None:
    out = tmp_path / "ann.qdpx"
    result = cli("--project", coded, "export", "qdpx", out)
    assert result.code == 0 and "1 sources, 2 codes, 1 coders, 1 codings" in result.err
    copy = tmp_path / "copy.coder"
    assert cli("init", copy).code == 0
    result = cli("--project", copy, "import", out)
    assert result.code == 0, result.err
    assert "'talk.txt': 1 selection(s), positions read as Unicode code points" in result.err
    assert "codings: 1 added, 0 already in the project" in result.err
    with open_project(coded) as one, open_project(copy) as two:
        assert spans(one) == spans(two)
        [(_, _, path, start, end, memo)] = spans(two)
        assert (path, STORED[start:end], memo) == ("Topics/Money", "money", "about pay")


def test_import_refuses_mixing_and_several_qdpx(tmp_path: Path, coded: Path, cli: Callable[..., Run]) -> None:
    out = tmp_path / "ann.qdpx"
    cli("--project", coded, "export", "qdpx", out)
    mixed = cli("--project", coded, "import", out, tmp_path / "talk.txt")
    assert mixed.code == 1
    assert mixed.err == "coder: error: import a .qdpx file on its own, not together with other files\n"
    several = cli("--project", coded, "import", out, out)
    assert several.err == "coder: error: import one .qdpx file at a time\n"


def test_merge_twice(tmp_path: Path, coded: Path, cli: Callable[..., Run]) -> None:
    other = tmp_path / "bob.coder"
    (tmp_path / "bob.csv").write_text(
        f"source,coder,code,start,end\ntalk.txt,Bob,Topics/Money,{MONEY}\ntalk.txt,Bob,Drinks,0,3\n",
        encoding="utf-8",
    )
    cli("init", other)
    cli("--project", other, "import", tmp_path / "talk.txt")
    cli("--project", other, "codings", "import", tmp_path / "bob.csv", "--create-codes")
    first = cli("--project", coded, "merge", other)
    assert first.code == 0, first.err
    assert "codes: 1 new (Drinks), 2 matched by path" in first.err
    assert "coders: 1 new (Bob)" in first.err
    assert "codings: 2 added, 0 already in the project" in first.err
    second = cli("--project", coded, "merge", other)
    assert "codings: 0 added, 2 already in the project" in second.err


def test_failed_import_is_one_line_and_changes_nothing(
    tmp_path: Path, coded: Path, cli: Callable[..., Run], snapshot: Callable[[Path], object]
) -> None:
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"not a zip")
    before = snapshot(coded)
    result = cli("--project", coded, "import", bad)
    assert result.code == 1
    assert result.err.startswith("coder: error: bad.qdpx is not a REFI-QDA project file")
    assert result.err.count("\n") == 1
    assert snapshot(coded) == before


def test_codebook_as_qdc_and_as_documents(tmp_path: Path, coded: Path, cli: Callable[..., Run]) -> None:
    assert cli("--project", coded, "codebook", "export", tmp_path / "codes.qdc").code == 0
    fresh = tmp_path / "fresh.coder"
    result = cli("init", fresh, "--codebook", tmp_path / "codes.qdc")
    assert result.code == 0 and "with 2 codes" in result.err
    for name in ("codebook.md", "codebook.html"):
        result = cli("--project", coded, "export", "codebook", tmp_path / name)
        assert result.code == 0 and "wrote 2 codes" in result.err
    assert "### Money" in (tmp_path / "codebook.md").read_text(encoding="utf-8")
    assert "<h3>" in (tmp_path / "codebook.html").read_text(encoding="utf-8")
    wrong = cli("--project", coded, "export", "codebook", tmp_path / "codebook.pdf")
    assert wrong.code == 1 and "must end in .md or .html" in wrong.err


SPECS = [
    CodeSpec(
        path=("Power <b>&</b>",), colour="#f4a6a6", definition="*Not* bold; # not a heading\n- not a list"
    ),
    CodeSpec(path=("Power <b>&</b>", "Sub_code"), when_to_use="Line one\nLine two\n\nNew paragraph"),
]


def test_markdown_document_escapes_what_it_quotes() -> None:
    text = codebook_markdown(SPECS, "Codebook of study")
    assert "## Power \\<b\\>\\&\\</b\\>" in text
    assert "### Sub\\_code" in text
    assert "Path: Power \\<b\\>\\&\\</b\\> / Sub\\_code" in text
    assert "\\*Not\\* bold; \\# not a heading\\\n\\- not a list" in text
    assert "Line one\\\nLine two\n\nNew paragraph" in text
    assert "Colour: `#f4a6a6`" in text
    assert escape_markdown("1. first") == "1\\. first"


def test_html_document_escapes_what_it_quotes() -> None:
    text = codebook_html(SPECS, "Codebook <of> study")
    assert "<title>Codebook &lt;of&gt; study</title>" in text
    assert "Power &lt;b&gt;&amp;&lt;/b&gt;" in text and "<b>&</b>" not in text
    assert "<dt>When to use</dt><dd>Line one<br>\nLine two<br>\n<br>\nNew paragraph</dd>" in text
    assert 'style="background: #f4a6a6"' in text
