"""Helpers shared by the REFI-QDA tests: the state of a project as comparable values."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from coder.domain.codebook import Codebook
from coder.services import codebook, coders, codings, sources
from coder.services.project import Project


def spans(project: Project) -> set[tuple[str, str, str, int, int, str]]:
    """Every coding as (text sha256, coder, code path, start, end, memo): what must survive exchange."""
    book = codebook.get_codebook(project)
    shas = {s.id: s.sha256 for s in sources.list_sources(project)}
    names = {c.id: c.name for c in coders.list_coders(project)}
    return {
        (shas[c.source_id], names[c.coder_id], book.path_text(c.code_id), c.start, c.end, c.memo)
        for c in codings.list_codings(project)
    }


def quoted(project: Project) -> dict[tuple[str, int, int], str]:
    """(code path, start, end) -> the text the coding covers."""
    book = codebook.get_codebook(project)
    texts = {s.id: sources.source_text(project, s.id) for s in sources.list_sources(project)}
    return {
        (book.path_text(c.code_id), c.start, c.end): texts[c.source_id][c.start : c.end]
        for c in codings.list_codings(project)
    }


def codebook_fields(project: Project) -> list[tuple[str, str, str, str, str, str]]:
    book: Codebook = codebook.get_codebook(project)
    return sorted(
        (book.path_text(c.id), c.colour, c.definition, c.when_to_use, c.when_not_to_use, c.example)
        for c in book.codes
    )


def state(project: Project) -> tuple[object, ...]:
    """Sources, codes, coders and codings as plain values: equal before and after a refused change."""
    return (
        sorted((s.name, s.sha256, s.format) for s in sources.list_sources(project)),
        codebook_fields(project),
        sorted(c.name for c in coders.list_coders(project)),
        sorted(spans(project)),
    )


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@dataclass
class Run:
    """What one command-line run gave: exit status and the two streams."""

    code: int
    out: str
    err: str
