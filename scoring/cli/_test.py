"""``scoring test PATH``: run a rulebook's test cases. Python: ``scoring.cycle.run_cases(path)``."""

from __future__ import annotations

from pathlib import Path

import typer

from ._common import TEXT_FORMATS, Format, OutputOpt, app, emit, format_option, guarded, pick_format


@app.command("test")
@guarded
def test_cmd(
    path: Path = typer.Argument(..., help="测试用例文件（*.tests.yaml）、规则文件（找旁边的测试用例）或文件夹"),
    fmt: str = format_option(*TEXT_FORMATS),
    output: Path | None = OutputOpt,
) -> None:
    """运行规则文件的测试用例：列出通过和失败的用例（失败的显示期望值、实际值和记账），并报告哪些条目和分支没有用例覆盖。
    有用例失败时退出码为 1，可用于持续集成。"""
    from ..cycle import run_cases
    from ..cycle.render import cases_markdown, cases_text

    report = run_cases(path)
    fmt = pick_format(fmt, output, TEXT_FORMATS)
    if fmt is Format.json:
        from ..jsonio import to_json

        emit(to_json(report), output)
    elif fmt is Format.markdown:
        emit(cases_markdown(report), output)
    else:
        emit(cases_text(report), output)
    if not report.ok:
        raise typer.Exit(1)
