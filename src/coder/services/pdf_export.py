"""Exporting a PDF source with its codings as highlight annotations (``coder export pdf``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coder.domain.errors import CoderError, InvalidInput
from coder.exporters.pdf_annotations import Highlight, annotate_pdf
from coder.services.codebook import get_codebook
from coder.services.coders import find_coder, list_coders
from coder.services.codings import list_codings
from coder.services.pdf_pages import source_pages
from coder.services.project import Project
from coder.services.sources import find_source


def export_coded_pdf(
    project: Project,
    source_name: str,
    out: Path,
    coder_names: Sequence[str] = (),
    codes: Sequence[str] = (),
) -> int:
    """Write the source's PDF with its codings (only the named coders' or codes' when given).

    Returns the number of codings written. ``codes`` are names, or paths where a name is ambiguous.
    """
    if out.suffix.lower() != ".pdf":
        raise InvalidInput(f"cannot export a coded PDF to '{out.name}'; the file name must end in .pdf")
    if _same_file(out, project.path):
        raise InvalidInput(f"'{out.name}' is the project file; choose another name for the coded PDF")
    source = find_source(project, source_name)
    coder_ids = [find_coder(project, name).id for name in coder_names] or None
    book = get_codebook(project)
    code_ids = [book.resolve(reference).id for reference in codes] or None
    coders = {coder.id: coder.name for coder in list_coders(project)}
    pages = source_pages(project, source).read_all()
    try:
        if pages.positions is None:
            raise CoderError(f"cannot export a coded PDF of {source.name}: {_reason(pages.problem)}")
        highlights = [
            Highlight(
                start=coding.start,
                end=coding.end,
                colour=book.by_id[coding.code_id].colour,
                code=book.path_text(coding.code_id),
                coder=coders[coding.coder_id],
                memo=coding.memo,
            )
            for coding in list_codings(project, source.id, coder_ids=coder_ids, code_ids=code_ids)
        ]
        data = annotate_pdf(pages.original, pages.positions, highlights)
        if not pages.matched:  # a coded page read differently from its text
            raise CoderError(f"cannot export a coded PDF of {source.name}: {_reason(pages.problem)}")
    finally:
        pages.close()
    _write(out, data)
    return len(highlights)


def _reason(problem: str | None) -> str:
    """The page reader's sentence, as the second half of the export's."""
    text = (problem or "its pages cannot be read").rstrip(".")
    return text[:1].lower() + text[1:]


def _same_file(out: Path, project_path: Path) -> bool:
    try:
        return out.resolve() == project_path.resolve()
    except OSError:
        return False


def _write(out: Path, data: bytes) -> None:
    temporary = out.with_name(f".{out.name}.partial")
    try:
        temporary.write_bytes(data)
        temporary.replace(out)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise CoderError(f"cannot write {out}: {exc.strerror}") from None
