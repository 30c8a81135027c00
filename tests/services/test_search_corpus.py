"""Search on the study corpus, checked against hits found independently (skipped where it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.analysis.text_search import Query
from coder.services import sources
from coder.services.project import open_project
from coder.services.search import search

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(
        not CORPUS.is_dir(),
        reason="../shared/corpus is not present: the study corpus is only available to the developers and CI",
    ),
]


def _by_hand(text: str, word: str, whole: bool) -> list[tuple[int, int]]:
    """Every case-insensitive occurrence found with str.find, whole words checked with str.isalnum."""
    lowered, target, found, start = text.lower(), word.lower(), [], 0
    assert len(lowered) == len(text)  # lower() kept every offset
    while (at := lowered.find(target, start)) >= 0:
        end = at + len(word)
        edges = (text[at - 1] if at else " ", text[end] if end < len(text) else " ")
        if not whole or not any(ch.isalnum() or ch == "_" for ch in edges):
            found.append((at, end))
        start = at + 1
    return found


@pytest.mark.parametrize(("word", "whole"), [("Russia", False), ("Russia", True), ("alliance", True)])
def test_corpus_hits_match_an_independent_count(project_path: Path, word: str, whole: bool) -> None:
    files = [
        CORPUS / "you-wu-2024-sino-russian-military-cooperation.md",
        CORPUS / "wapo-2022-china-russia-military-relationship.txt",
        CORPUS / "you-wu-2024-sino-russian-military-cooperation.pdf",
    ]
    project = open_project(project_path)
    try:
        stored = sources.import_files(project, files)
        result = search(project, Query(word, whole_word=whole))
        for info in stored:
            text = sources.source_text(project, info.id)
            hits = [(h.start, h.end) for h in result.hits if h.source_id == info.id]
            assert hits == _by_hand(text, word, whole)
            assert hits, f"{word} is in {info.name}"
            assert all(
                text[h.start : h.end].lower() == word.lower() for h in result.hits if h.source_id == info.id
            )
    finally:
        project.close()
