"""Where ``coder report`` and ``coder query`` write: checked before any work, never over another file."""

from __future__ import annotations

import zipfile
from pathlib import Path

from coder.domain.errors import InvalidInput

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
    path = Path(target)
    if project_file is not None and path.exists() and path.resolve() == project_file.resolve():
        raise InvalidInput(f"{target} is the project file itself; write to a new .{kind} file")
    if path.suffix.lower() not in SUFFIXES[kind]:
        raise InvalidInput(
            f"cannot write {kind.upper()} to '{path.name}'; the file name must end in {SUFFIXES[kind][0]}"
        )
    if path.is_dir():
        raise InvalidInput(f"{target} is a folder; give a file name")
    if path.exists() and not _is_earlier_report(path, kind):
        raise InvalidInput(
            f"{target} exists and is not an earlier report of coder, so coder does not overwrite it; "
            "choose a new file name"
        )
