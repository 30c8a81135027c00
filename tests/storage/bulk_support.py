"""Codings for the bulk-write tests: a batch on one source, code and coder made for it."""

from __future__ import annotations

from coder.domain.model import Coding, new_ids
from coder.services import codebook, coders, sources
from coder.services.project import Project


def coding_batch(project: Project, count: int, last_end: int | None = None) -> list[Coding]:
    assert project.path is not None
    file = project.path.parent / "s.txt"
    file.write_text("x" * 1000, encoding="utf-8")
    (source,) = sources.import_files(project, [file])
    code = codebook.add_code(project, "K")
    coder = coders.ensure_coder(project, "A")
    made = [
        Coding(id=i, source_id=source.id, code_id=code.id, coder_id=coder.id, start=n % 900, end=n % 900 + 5)
        for n, i in enumerate(new_ids(count))
    ]
    if last_end is not None:
        made[-1] = Coding(made[-1].id, source.id, code.id, coder.id, 0, last_end)
    return made
