"""The command line: exit codes and messages."""
from __future__ import annotations

from annals.cli import main


def test_check_passes_on_the_default_records(capsys):
    assert main(["check"]) == 0
    assert "检查通过" in capsys.readouterr().out


def test_unknown_command_is_a_usage_error(capsys):
    try:
        main(["frobnicate"])
    except SystemExit as stop:
        assert stop.code == 2
    assert "用法错误" in capsys.readouterr().err
