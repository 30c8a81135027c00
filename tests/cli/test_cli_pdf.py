"""``coder export pdf SOURCE OUT.pdf [--coder NAME]... [--code CODE]...``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from pdf_samples import two_column_article

CODEBOOK = 'codes:\n  - name: Drills\n    colour: "#f4a6a6"\n  - name: Secrecy\n    colour: "#a6d8f4"\n'


@pytest.fixture
def project(tmp_path: Path, cli: Callable) -> Path:
    path = tmp_path / "p.coder"
    (tmp_path / "book.yaml").write_text(CODEBOOK, encoding="utf-8")
    assert cli("init", path, "--codebook", tmp_path / "book.yaml").code == 0
    two_column_article(tmp_path / "article.pdf")
    assert cli("--project", path, "import", tmp_path / "article.pdf").code == 0
    text = cli("--project", path, "text", "article.pdf").text
    rows = ["source,coder,code,start,end,memo"]
    for phrase, coder, code in [
        ("rehearsed anti-submarine warfare", "Alice", "Drills"),
        ("in private the two navies", "Boris", "Secrecy"),
        ("A third paragraph", "Alice", "Secrecy"),
    ]:
        start = text.index(phrase)
        rows.append(f"article.pdf,{coder},{code},{start},{start + len(phrase)},")
    (tmp_path / "codings.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert cli("--project", path, "codings", "import", tmp_path / "codings.csv").code == 0
    return path


def subjects(path: Path) -> list[tuple[str, str]]:
    with pymupdf.open(path) as document:
        return sorted((a.info["title"], a.info["subject"]) for page in document for a in page.annots())


def test_export_pdf_writes_every_coding_as_a_highlight(tmp_path: Path, project: Path, cli: Callable) -> None:
    result = cli("--project", project, "export", "pdf", "article.pdf", tmp_path / "coded.pdf")
    assert (result.code, result.out) == (0, b"")
    assert result.err == f"wrote 3 codings to {tmp_path / 'coded.pdf'}\n"
    assert subjects(tmp_path / "coded.pdf") == [
        ("Alice", "Drills"),
        ("Alice", "Secrecy"),
        ("Boris", "Secrecy"),
    ]


def test_export_pdf_keeps_only_the_chosen_coders_and_codes(
    tmp_path: Path, project: Path, cli: Callable
) -> None:
    out = tmp_path / "some.pdf"
    assert cli("--project", project, "export", "pdf", "article.pdf", out, "--coder", "Alice").code == 0
    assert subjects(out) == [("Alice", "Drills"), ("Alice", "Secrecy")]
    result = cli(
        "--project", project, "export", "pdf", "article.pdf", out, "--coder", "Alice", "--code", "Secrecy"
    )
    assert result.err.startswith("wrote 1 coding to ")
    assert subjects(out) == [("Alice", "Secrecy")]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["article.pdf", "out.txt"],
            "cannot export a coded PDF to 'out.txt'; the file name must end in .pdf",
        ),
        (["other.pdf", "out.pdf"], "no source named 'other.pdf' in the project; 'coder sources' lists them"),
        (["article.pdf", "out.pdf", "--code", "Nothing"], "no code 'Nothing' in the codebook"),
    ],
)
def test_export_pdf_refuses_in_one_line(
    tmp_path: Path, project: Path, cli: Callable, arguments: list[str], message: str
) -> None:
    result = cli(
        "--project",
        project,
        "export",
        "pdf",
        *[tmp_path / a if a.startswith("out") else a for a in arguments],
    )
    assert (result.code, result.out, result.err) == (1, b"", f"coder: error: {message}\n")
    assert not list(tmp_path.glob("out*"))


def test_export_pdf_without_its_arguments_is_a_usage_error(project: Path, cli: Callable) -> None:
    assert cli("--project", project, "export", "pdf", "article.pdf").code == 2
