"""Reading many files at once: texts converted ahead on other threads come back in order, whole."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from coder.domain.errors import CoderError
from coder.services.sources import read_files


def test_files_come_back_in_order_and_the_first_bad_one_stops_the_batch(tmp_path: Path) -> None:
    paths = []
    for number in range(40):  # more than are read ahead at once
        suffix = ".md" if number % 3 == 0 else ".txt"
        path = tmp_path / f"f{number:02d}{suffix}"
        path.write_text(f"Text number {number}.\n" * (number + 1), encoding="utf-8")
        paths.append(path)
    imported = read_files(paths)
    assert [item.name for item in imported] == [path.name for path in paths]
    for item, path in zip(imported, paths, strict=True):
        assert item.text == path.read_text(encoding="utf-8")
        assert item.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert item.format == path.suffix[1:]

    (tmp_path / "f05.txt").write_bytes(b"")
    (tmp_path / "f09.txt").write_bytes(b"")
    with pytest.raises(CoderError, match="f05.txt"):
        read_files(paths)
