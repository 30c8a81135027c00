"""'coder --help' is answered without argparse, in exactly the layout argparse gives the same parser."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from coder.cli.main import build_parser
from coder.cli.overview import overview
from coder.launcher import main


def test_the_overview_is_argparse_s_help_at_every_width(monkeypatch: pytest.MonkeyPatch) -> None:
    answered = 0
    for columns in range(20, 241):
        monkeypatch.setenv("COLUMNS", str(columns))
        theirs = build_parser(["--help"]).format_help()
        if theirs.splitlines()[1] == "":  # argparse's usage fits on one line: the fast path answers
            assert overview(columns) == theirs, columns
            answered += 1
        else:
            assert overview(columns) is None, columns
    assert answered > 150


@pytest.mark.parametrize("flag", ["--help", "-h"])
@pytest.mark.parametrize("columns", ["100", "30"])
def test_the_launcher_prints_the_same_help_as_argparse(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], flag: str, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    expected = build_parser(["--help"]).format_help()
    try:
        code = main([flag])
    except SystemExit as exc:  # argparse answers a narrow terminal itself
        code = exc.code
    assert code == 0
    assert capsys.readouterr().out == expected


PROBE = """
import sys
before = set(sys.modules)
from coder.launcher import main
main(["--help"])
print(repr(sorted(set(sys.modules) - before)))
"""


def test_the_overview_loads_neither_argparse_nor_the_commands() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, env={"COLUMNS": "100"}
    )
    loaded = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    assert "argparse" not in loaded and "re" not in loaded
    assert [name for name in loaded if name.startswith("coder.cli.commands_")] == []
