"""The command table: 'coder --help' lists every command without loading any, each runs fully defined."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from importlib import import_module

import pytest

from coder.cli.main import COMMANDS, _Commands, build_parser


@pytest.mark.parametrize("module", sorted({module for module, _ in COMMANDS.values()}))
def test_each_module_defines_exactly_the_commands_the_table_gives_it(module: str) -> None:
    parser = argparse.ArgumentParser()
    action = parser.add_subparsers()
    import_module(f"coder.cli.{module}").register(_Commands(action))
    assert set(action.choices) == {name for name, (owner, _) in COMMANDS.items() if owner == module}


def test_the_help_lists_every_command(cli: Callable) -> None:
    result = cli("--help")
    assert result.code == 0
    for name in COMMANDS:
        assert f"\n    {name}" in result.text, name


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_its_own_help(cli: Callable, name: str) -> None:
    result = cli(name, "--help")
    assert result.code == 0 and result.text.startswith(f"usage: coder {name}")


def test_the_command_is_found_after_the_project_option() -> None:
    parser = build_parser(["--project", "sources", "agreement", "--json", "-"])
    assert parser.parse_args(["--project", "sources", "agreement", "--json", "-"]).run.__module__.endswith(
        "commands_agreement"
    )
