"""``coder agreement`` end to end: the worked example of specs/agreement.md through the CLI."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def project(tmp_path: Path, cli: Callable) -> Path:
    path = tmp_path / "p.coder"
    book = tmp_path / "book.yaml"
    book.write_text(
        "codes:\n  - name: Dilemmas\n    children:\n      - name: Entrapment\n  - name: Trust\n",
        encoding="utf-8",
    )
    assert cli("init", path, "--codebook", book).code == 0
    (tmp_path / "w.txt").write_text("x" * 20, encoding="utf-8")
    (tmp_path / "quiet.txt").write_text("<script>alert(1)</script> nobody coded B here", encoding="utf-8")
    assert cli("--project", path, "import", tmp_path / "w.txt", tmp_path / "quiet.txt").code == 0
    rows = (
        "source,coder,code,start,end\n"
        "w.txt,A,Entrapment,2,10\nw.txt,A,Entrapment,14,18\n"
        "w.txt,B,Entrapment,4,12\nw.txt,B,Entrapment,15,17\n"
        "w.txt,A,Entrapment,3,5\n"  # overlapping repeat by the same coder counts once
        "quiet.txt,A,Trust,0,8\n"
    )
    (tmp_path / "c.csv").write_text(rows, encoding="utf-8")
    assert cli("--project", path, "codings", "import", tmp_path / "c.csv").code == 0
    return path


def test_worked_example_through_the_cli(project: Path, cli: Callable) -> None:
    result = cli("--project", project, "agreement", "--sources", "w.txt", "--overlap", "0.5", "--json", "-")
    assert result.code == 0, result.err
    report = json.loads(result.text)
    assert report["unit"] == "character" and report["coders"] == ["A", "B"]
    assert report["overlap_threshold"] == 0.5
    (code,) = report["codes"]
    assert (code["code"], code["path"]) == ("Entrapment", "Dilemmas/Entrapment")
    pooled = code["pooled"]
    assert pooled["units"] == 20 and pooled["histogram"] == [6, 6, 8]
    expected = {
        "percent_agreement": 0.7,
        "cohen_kappa": 0.4,
        "krippendorff_alpha": 0.409090909090909,
        "fleiss_kappa": 0.393939393939394,
        "jaccard": 0.571428571428571,
    }
    for key, value in expected.items():
        assert pooled[key] == pytest.approx(value, abs=1e-9), key
    assert code["segments"][0]["segment_agreement"] == 1.0
    assert report["sources"] == [{"name": "w.txt", "characters": 20, "codings": {"A": 3, "B": 2}}]
    assert report["overall"]["pooled_kappa"] == pytest.approx(0.4, abs=1e-12)


def test_defaults_cover_all_sources_and_warn_about_silent_coders(project: Path, cli: Callable) -> None:
    result = cli("--project", project, "agreement", "--json", "-")
    report = json.loads(result.text)
    assert [c["path"] for c in report["codes"]] == ["Dilemmas/Entrapment", "Trust"]
    assert any("quiet.txt" in warning and "B" in warning for warning in report["warnings"])
    trust = report["codes"][1]["pooled"]
    assert trust["histogram"] == [57, 8, 0] and trust["jaccard"] == 0.0
    assert trust["cohen_kappa"] == 0.0


def test_csv_and_html_outputs(tmp_path: Path, project: Path, cli: Callable) -> None:
    out_csv, out_html = tmp_path / "a.csv", tmp_path / "a.html"
    result = cli("--project", project, "agreement", "--csv", out_csv, "--html", out_html)
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert list(rows[0]) == [
        "code",
        "code_path",
        "source",
        "units",
        "percent_agreement",
        "cohen_kappa",
        "krippendorff_alpha",
        "fleiss_kappa",
        "jaccard",
        "segment_agreement",
        "u_alpha_binary",
    ]
    pooled = [r for r in rows if r["code"] == "Entrapment" and r["source"] == "(all sources)"]
    assert len(pooled) == 1 and pooled[0]["units"] == "65"
    html = out_html.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "http://" not in html and "https://" not in html.replace("https://doi.org", "")


def test_table_is_the_default_output(project: Path, cli: Callable) -> None:
    result = cli("--project", project, "agreement", "--codes", "Dilemmas/Entrapment")
    assert result.code == 0
    assert "Entrapment" in result.text and "Trust" not in result.text


@pytest.mark.parametrize(
    "args, message",
    [
        (["--coders", "A,Zed"], "Zed"),
        (["--sources", "nope.txt"], "nope.txt"),
        (["--codes", "Nothing"], "Nothing"),
        (["--coders", "A"], "two coders"),
    ],
)
def test_bad_requests_say_what_is_wrong(project: Path, cli: Callable, args: list[str], message: str) -> None:
    result = cli("--project", project, "agreement", *args)
    assert result.code == 1
    assert result.err.startswith("coder: error: ") and message in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_overlap_outside_0_1_is_a_usage_error(project: Path, cli: Callable) -> None:
    assert cli("--project", project, "agreement", "--overlap", "1.5").code == 2


def test_the_html_report_quotes_each_coders_memo_beside_a_disagreement(
    tmp_path: Path, project: Path, cli: Callable
) -> None:
    rows = (
        "source,coder,code,start,end,memo\n"
        'quiet.txt,B,Trust,23,30,"<b>B thinks</b> this is trust"\n'
        "quiet.txt,A,Trust,20,25,A's own reading\n"
    )
    (tmp_path / "memos.csv").write_text(rows, encoding="utf-8")
    assert cli("--project", project, "codings", "import", tmp_path / "memos.csv").code == 0
    out = tmp_path / "m.html"
    assert cli("--project", project, "agreement", "--codes", "Trust", "--html", out).code == 0
    html = out.read_text(encoding="utf-8")
    assert "&lt;b&gt;B thinks&lt;/b&gt; this is trust" in html and "<b>B thinks" not in html
    assert "A&#x27;s own reading" in html or "A's own reading" in html
