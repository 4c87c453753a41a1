"""Every command and option of `annals` is documented in the README and in --help."""
from __future__ import annotations

import argparse
import re

import pytest

from annals.cli import make_parser

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = make_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def options(parser: argparse.ArgumentParser) -> list[str]:
    """Long options of a parser, without --help."""
    return [s for a in parser._actions for s in a.option_strings if s.startswith("--") and s != "--help"]


COMMANDS = sorted(subcommands())


def test_the_command_list_is_read_from_the_parser():
    assert {"check", "build", "archive", "verify", "serve", "schema"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme_command_table(command):
    assert re.search(rf"^\| `annals {command}\b", README, re.MULTILINE), f"README 的命令表里没有 annals {command}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_is_in_the_readme_and_in_help(command, capsys):
    parser = subcommands()[command]
    help_text = parser.format_help()
    for option in options(parser):
        assert option in README, f"README 里没有 annals {command} {option}"
        assert option in help_text, f"annals {command} --help 里没有 {option}"
    for action in parser._actions:
        if action.option_strings and action.option_strings != ["-h", "--help"]:
            assert action.help, f"annals {command} {action.option_strings[0]} 没有说明"


def test_global_options_are_documented():
    for option in options(make_parser()):
        assert option in README, f"README 里没有 {option}"


def test_every_command_has_a_help_line():
    parser = make_parser()
    text = parser.format_help()
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s+\S", text, re.MULTILINE), f"annals --help 里 {command} 没有说明"
