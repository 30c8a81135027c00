"""The study corpus through the command line (skipped where ../shared is absent)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(
        not CORPUS.is_dir(),
        reason="../shared/corpus is not present: the study corpus is only available to the developers and CI",
    ),
]


def test_all_six_files_import_in_one_call_and_text_reproduces_the_markdown(
    tmp_path: Path, cli: Callable
) -> None:
    project = tmp_path / "study.coder"
    assert cli("init", project).code == 0
    files = sorted(
        p for p in CORPUS.iterdir() if p.suffix in {".md", ".txt", ".pdf", ".docx"} and p.name != "README.md"
    )
    # the same article in several formats shares a stem; names differ by suffix, so all six fit
    assert len(files) == 6
    result = cli("--project", project, "import", *files)
    assert result.code == 0, result.err
    listing = {item["name"]: item for item in json.loads(cli("--project", project, "sources", "--json").text)}
    assert set(listing) == {p.name for p in files}
    article = CORPUS / "you-wu-2024-sino-russian-military-cooperation.md"
    expected = article.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    assert cli("--project", project, "text", article.name).out == expected.encode("utf-8")
    pdf = listing["you-wu-2024-sino-russian-military-cooperation.pdf"]
    assert pdf["format"] == "pdf" and pdf["pages"] >= 20
    pdf_text = cli("--project", project, "text", pdf["name"]).text
    chinese = [ch for ch in expected if "\u4e00" <= ch <= "\u9fff"]
    assert chinese, "the article's references hold Chinese names"
    assert set(chinese) <= set(pdf_text)
