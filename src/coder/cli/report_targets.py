"""Where ``coder report`` and ``coder query`` write: checked before any work, never over another file."""

from __future__ import annotations

import zipfile
from pathlib import Path

from coder.cli.outputs import refuse_unsafe_target

REPORTS = ("frequencies", "cooccurrence", "matrix")
SUFFIXES = {"csv": (".csv",), "xlsx": (".xlsx",), "html": (".html", ".htm")}
CSV_HEADERS = ("code,code_path,group,", "code_a,code_path_a,", "source,start,end,text,codes,coders")
HTML_MARK = 'content="coder overview report"'


def _is_earlier_report(path: Path, kind: str) -> bool:
    try:
        if kind == "xlsx":
            with zipfile.ZipFile(path) as archive:
                workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
            return any(f'name="{name}"' in workbook for name in (*REPORTS, "segments"))
        with path.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", errors="replace").lstrip("\ufeff")
    except (OSError, zipfile.BadZipFile, KeyError):
        return False
    if kind == "csv":
        return head.startswith(CSV_HEADERS)
    return HTML_MARK in head


def check_target(target: str, kind: str, project_file: Path | None) -> None:
    """Refuse, before any work, a target that is the project, has another suffix or is another file."""
    if target == "-" and kind != "xlsx":
        return
    refuse_unsafe_target(
        target,
        kind,
        SUFFIXES[kind],
        project_file,
        lambda path: _is_earlier_report(path, kind),
        "an earlier report of coder",
    )
