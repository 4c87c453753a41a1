"""The command line: exact exit codes and messages."""
from __future__ import annotations

import pytest

from annals.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_check_passes_on_the_default_records(project, capsys):
    code, out, _ = run(capsys, "--root", str(project), "check")
    assert code == 0
    assert out.startswith("检查通过：79 条记录")


def test_check_lists_every_problem_then_a_count(project, capsys):
    (project / "records" / "honors" / "broken.yml").write_text("title: 甲\nlevel: shengji\nyear: 2011\nrecipient: organization\nstatus: kept\n", encoding="utf-8")
    code, out, _ = run(capsys, "--root", str(project), "check")
    assert code == 1
    assert out.splitlines() == [
        "records/honors/broken.yml:2: level: 必须是 national / provincial / municipal / county / other 之一，实际为 'shengji'",
        "records/honors/broken.yml:5: status: 必须是 new / retained 之一，实际为 'kept'",
        "",
        "共发现 2 个问题，涉及 1 个文件。请逐条修改后重新运行。",
    ]


def test_yaml_syntax_errors_get_a_line_and_no_traceback(project, capsys):
    (project / "records" / "honors" / "syntax.yml").write_text('title: "未闭合\nlevel: national\n', encoding="utf-8")
    code, out, err = run(capsys, "--root", str(project), "check")
    assert code == 1
    assert out.startswith("records/honors/syntax.yml:")
    assert "YAML 格式错误" in out
    assert "Traceback" not in out + err


def test_build_with_bad_records_exits_1_and_builds_nothing(project, capsys):
    (project / "records" / "honors" / "broken.yml").write_text("title: 甲\n", encoding="utf-8")
    code, out, _ = run(capsys, "--root", str(project), "build")
    assert code == 1
    assert "没有生成任何内容" in out
    assert not (project / "site").exists()


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["frobnicate"])
    assert stop.value.code == 2
    assert "用法错误" in capsys.readouterr().err


def test_missing_project_folder_is_a_usage_error(tmp_path, capsys):
    code, _, err = run(capsys, "--root", str(tmp_path), "check")
    assert code == 2
    assert "没有 records/ 文件夹" in err


def test_no_command_prints_help_and_exit_2(capsys):
    code, out, _ = run(capsys)
    assert code == 2
    assert "check" in out and "build" in out
