"""The issue's three questions answered for the study corpus from the command line alone.

The corpus is coded by rule (keyword_coding.py); every expected number is counted here from those
codings by brute force (per character, per pair), not by the code under test.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyword_coding import keyword_codings

from coder.cli.main import main

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
WAPO = "wapo-2022-china-russia-military-relationship.txt"
ARTICLE = "you-wu-2024-sino-russian-military-cooperation.md"
OUTLETS = {WAPO: ("Washington Post", "2022"), ARTICLE: ("Journal of Contemporary China", "2024")}

pytestmark = pytest.mark.corpus


def _run(capfd: pytest.CaptureFixture[str], *args: str | Path) -> str:
    capfd.readouterr()
    code = main([str(a) for a in args])
    out, err = capfd.readouterr()
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def corpus_codings() -> list[tuple[str, str, str, int, int]]:
    if not CORPUS.exists():
        pytest.skip(
            "../shared/corpus is not present: the study corpus is only available to the developers and CI"
        )
    rows = []
    for name in OUTLETS:
        text = (CORPUS / name).read_text(encoding="utf-8")
        rows.extend((name, coder, code, start, end) for coder, code, start, end in keyword_codings(text))
    return rows


@pytest.fixture
def corpus_project(tmp_path: Path, capfd: pytest.CaptureFixture[str], corpus_codings: list) -> Iterator[Path]:
    project = tmp_path / "corpus.coder"
    _run(capfd, "init", project, "--codebook", Path(__file__).resolve().parents[2] / "codebook.yaml")
    _run(capfd, "--project", project, "import", *(CORPUS / name for name in OUTLETS))
    codings = tmp_path / "codings.csv"
    with codings.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "coder", "code", "start", "end"])
        writer.writerows(corpus_codings)
    _run(capfd, "--project", project, "codings", "import", codings)
    values = tmp_path / "values.csv"
    values.write_text(
        "source,outlet,year\n" + "".join(f"{n},{o},{y}\n" for n, (o, y) in OUTLETS.items()), encoding="utf-8"
    )
    _run(capfd, "--project", project, "attributes", "import", values)
    yield project


def _characters(rows: list) -> int:
    return len({(r[0], i) for r in rows for i in range(r[3], r[4])})


def test_entrapment_in_the_article_versus_the_newspaper(
    corpus_project: Path, corpus_codings: list, capfd, tmp_path: Path
) -> None:  # noqa: ANN001
    html = tmp_path / "q1.html"
    options = ["--by", "outlet", "--codes", "Entrapment", "--csv", "-", "--html", html]
    out = _run(capfd, "--project", corpus_project, "report", "frequencies", *options)
    rows = list(csv.DictReader(io.StringIO(out)))
    found = {row["group"]: (int(row["codings"]), int(row["characters"])) for row in rows}
    expected = {}
    for name, (outlet, _year) in OUTLETS.items():
        chosen = [r for r in corpus_codings if r[0] == name and r[2] == "Dilemmas/Entrapment"]
        expected[outlet] = (len(chosen), _characters(chosen))
    assert found == expected
    assert expected["Journal of Contemporary China"][0] > 0  # the question has an answer to give
    page = html.read_text(encoding="utf-8")
    table = page[page.index("<h2>Codings by outlet</h2>") :].split("</table>")[0]
    assert re.findall(r'<td class="n"[^>]*>(\d+)</td>', table) == [
        str(expected[o][0]) for o in sorted(expected)
    ]


def test_what_co_occurs_with_quasi_alliance_building(
    corpus_project: Path, corpus_codings: list, capfd
) -> None:  # noqa: ANN001
    out = _run(capfd, "--project", corpus_project, "report", "cooccurrence", "--csv", "-")
    rows = list(csv.DictReader(io.StringIO(out)))
    quasi = "Alignment/Quasi-alliance building"
    found = {
        (row["code_path_b"] if row["code_path_a"] == quasi else row["code_path_a"]): int(row["pairs"])
        for row in rows
        if quasi in (row["code_path_a"], row["code_path_b"])
    }
    expected: dict[str, int] = {}
    mine = [r for r in corpus_codings if r[2] == quasi]
    for other in corpus_codings:
        if other[2] == quasi:
            continue
        expected.setdefault(other[2], 0)
        expected[other[2]] += sum(
            1 for r in mine if r[0] == other[0] and r[1] == other[1] and r[3] < other[4] and other[3] < r[4]
        )
    assert found == expected
    assert max(found.values()) > 0


def test_coding_by_year(corpus_project: Path, corpus_codings: list, capfd) -> None:  # noqa: ANN001
    out = _run(capfd, "--project", corpus_project, "report", "matrix", "--by", "year", "--csv", "-")
    rows = list(csv.DictReader(io.StringIO(out)))
    year_of = {name: year for name, (_o, year) in OUTLETS.items()}
    for row in rows:
        chosen = [r for r in corpus_codings if r[2] == row["code_path"] and year_of[r[0]] == row["group"]]
        assert (int(row["codings"]), int(row["characters"]), int(row["sources"])) == (
            len(chosen),
            _characters(chosen),
            len({r[0] for r in chosen}),
        )
    assert {row["group"] for row in rows} == {"2022", "2024"}
    out = _run(
        capfd, "--project", corpus_project, "query", "coded", "Entrapment", "--where", "year>=2023", "--json"
    )
    assert {hit["source"] for hit in json.loads(out)} == {ARTICLE}
