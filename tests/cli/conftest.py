"""Running the command line in-process, as a user's shell would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from coder.cli.main import main


@dataclass
class Result:
    code: int
    out: bytes
    err: str

    @property
    def text(self) -> str:
        return self.out.decode("utf-8")


@pytest.fixture
def cli(capfdbinary: pytest.CaptureFixture[bytes]) -> Callable[..., Result]:
    def run(*args: str | Path) -> Result:
        capfdbinary.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors and --version
            code = int(exc.code or 0)
        out, err = capfdbinary.readouterr()
        return Result(code, out, err.decode("utf-8"))

    return run
