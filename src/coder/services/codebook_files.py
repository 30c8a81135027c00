"""Reading and writing codebook files by their extension (.yaml/.yml, REFI-QDA .qdc)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coder.domain.errors import CoderError, InvalidInput
from coder.domain.limits import MAX_CODEBOOK_BYTES
from coder.domain.model import CodeSpec
from coder.importers import read_regular_file

YAML_SUFFIXES = (".yaml", ".yml")


def _read_text(path: Path) -> str:
    data = read_regular_file(path, "codebook file", MAX_CODEBOOK_BYTES)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path.name} is not UTF-8 text; save the codebook as UTF-8") from None


def read_codebook_file(path: Path) -> list[CodeSpec]:
    return read_codebook_report(path)[0]


def read_codebook_report(path: Path) -> tuple[list[CodeSpec], list[str]]:
    """The codes of a codebook file and notes on anything adapted while reading it."""
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        from coder.codebook_yaml import load_codebook

        return load_codebook(_read_text(path), path.name), []
    if suffix == ".qdc":
        from coder.refi.codebook import read_qdc_report

        return read_qdc_report(path)
    raise InvalidInput(f"cannot read a codebook from '{path.name}'; use a .yaml, .yml or .qdc file")


def write_codebook_file(path: Path, specs: Sequence[CodeSpec], name: str | None = None) -> None:
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        from coder.codebook_yaml import dump_codebook

        data = dump_codebook(specs, name).encode("utf-8")
    elif suffix == ".qdc":
        from coder.refi.codebook import qdc_bytes

        data = qdc_bytes(specs)
    else:
        raise InvalidInput(f"cannot write a codebook to '{path.name}'; use a .yaml, .yml or .qdc file")
    temporary = path.with_name(f".{path.name}.partial")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise CoderError(f"cannot write {path}: {exc.strerror}") from None
