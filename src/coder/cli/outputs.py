"""Where the command line writes reports: checked before any work, written whole or not at all."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from coder.domain.errors import CoderError, InvalidInput

SUFFIXES = {"json": (".json",), "csv": (".csv",), "html": (".html", ".htm")}
# What an earlier report of each kind starts with: such a file may be replaced, nothing else.
CSV_HEADER = "code,code_path,source,units,"
HTML_MARK = 'name="generator" content="coder agreement report'
JSON_START = re.compile(r'\s*\{\s*"unit"\s*:\s*"character"')  # the first key of every JSON report


def _is_report(path: Path, kind: str) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    if kind == "csv":
        return text.startswith(CSV_HEADER)
    if kind == "html":
        return HTML_MARK in text
    return JSON_START.match(text) is not None


def refuse_unsafe_target(
    target: str,
    kind: str,
    suffixes: tuple[str, ...],
    project_file: Path | None,
    is_earlier: Callable[[Path], bool],
    earlier: str,
) -> None:
    """Refuse, before any work, a target that is the project, lacks a suffix of ``suffixes``, is a
    folder, or is an existing file that ``is_earlier`` does not take for an ``earlier`` output."""
    path = Path(target)
    if project_file is not None and path.exists() and path.resolve() == project_file.resolve():
        raise InvalidInput(f"{target} is the project file itself; write to a new .{kind} file")
    if path.suffix.lower() not in suffixes:
        raise InvalidInput(
            f"cannot write {kind.upper()} to '{path.name}'; the file name must end in {' or '.join(suffixes)}"
        )
    if path.is_dir():
        raise InvalidInput(f"{target} is a folder; give a file name")
    if path.exists() and not is_earlier(path):
        raise InvalidInput(
            f"{target} exists and is not {earlier}, so coder does not overwrite it; choose a new file name"
        )


def check_report_target(target: str, kind: str, project_file: Path | None) -> None:
    """Where ``coder agreement`` writes a report (``-``: standard output)."""
    if target != "-":
        refuse_unsafe_target(
            target,
            kind,
            SUFFIXES[kind],
            project_file,
            lambda path: _is_report(path, kind),
            "an earlier agreement report",
        )


def write_text(target: str, content: str, context: object) -> None:
    """Write ``content`` to ``target`` (``-``: standard output) whole, through a temporary file."""
    if target == "-":
        context.out.write(content)  # type: ignore[attr-defined]
        context.out.flush()  # type: ignore[attr-defined]
        return
    path = Path(target)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        temporary.write_text(content, encoding="utf-8", newline="")
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise CoderError(f"cannot write {target}: {exc.strerror or exc}") from None
    context.info(f"wrote {target}")  # type: ignore[attr-defined]
