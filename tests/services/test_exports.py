"""Span exports are streamed in the documented order: source, start, end, code path, coder."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from coder.domain.errors import InvalidInput, NotFound
from coder.domain.model import ImportedText
from coder.services import codebook, coders, codings, sources
from coder.services.exports import export_spans
from coder.services.project import Project


def test_ties_are_ordered_by_code_path_then_coder(project: Project, tmp_path: Path) -> None:
    [b_source, a_source] = sources.store(
        project,
        [ImportedText("b.txt", "txt", "second text here"), ImportedText("a.txt", "txt", "first text")],
    )
    zeta = codebook.add_code(project, "Zeta")
    alpha = codebook.add_code(project, "Alpha")
    child = codebook.add_code(project, "Child", parent_id=zeta.id)
    ann, bob = coders.ensure_coder(project, "Ann"), coders.ensure_coder(project, "Bob")
    for code, coder in ((zeta, bob), (child, ann), (alpha, bob), (zeta, ann), (alpha, ann)):
        codings.add_coding(project, a_source.id, code.id, coder.id, 0, 5)
    codings.add_coding(project, b_source.id, alpha.id, ann.id, 0, 6)
    codings.add_coding(project, a_source.id, alpha.id, bob.id, 0, 3)
    out = tmp_path / "spans.csv"
    assert export_spans(project, out) == 7
    with out.open(encoding="utf-8", newline="") as handle:
        rows = [
            (r["source"], r["start"], r["end"], r["code_path"], r["coder"]) for r in csv.DictReader(handle)
        ]
    assert rows == [
        ("a.txt", "0", "3", "Alpha", "Bob"),
        ("a.txt", "0", "5", "Alpha", "Ann"),
        ("a.txt", "0", "5", "Alpha", "Bob"),
        ("a.txt", "0", "5", "Zeta", "Ann"),
        ("a.txt", "0", "5", "Zeta", "Bob"),
        ("a.txt", "0", "5", "Zeta/Child", "Ann"),
        ("b.txt", "0", "6", "Alpha", "Ann"),
    ]
    assert export_spans(project, tmp_path / "bob.csv", ["Bob"]) == 3
    with pytest.raises(NotFound):
        export_spans(project, tmp_path / "x.csv", ["Nobody"])
    if project.path is not None:  # a file project refuses to be overwritten by its own export
        with pytest.raises(InvalidInput):
            export_spans(project, project.path)
    assert not (tmp_path / "x.csv").exists()
