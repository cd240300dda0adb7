"""``scoring check RULEBOOK``: every problem of a rule file. Python: ``scoring.check_rulebook(path)``."""

from __future__ import annotations

from pathlib import Path

import typer

from ._common import TEXT_FORMATS, Format, OutputOpt, app, emit, format_option, guarded, pick_format, show


@app.command("check")
@guarded
def check_cmd(
    rulebook: Path = typer.Argument(..., help="要检查的规则文件"),
    fmt: str = format_option(*TEXT_FORMATS),
    output: Path | None = OutputOpt,
) -> None:
    """检查规则文件（不需要证据）：列出全部问题，每条写明 文件:行:列、问题、您是不是想写、怎样改。

    区分错误和警告：有错误时退出码为 1；只有警告时为 0。
    """
    from .. import check_rulebook
    from ..errors import error_document
    from ..jsonio import dumps_exact
    from ..render.terminal import problems_view

    problems = check_rulebook(rulebook)
    fmt = pick_format(fmt, output, TEXT_FORMATS)
    if fmt is Format.json:
        emit(dumps_exact(error_document(problems)) + "\n", output)
    elif fmt is Format.markdown:
        from ..render.markdown import problems_markdown

        emit(problems_markdown(problems, str(rulebook)), output)
    else:
        show(problems, Format.table, output, lambda ps: problems_view(ps, str(rulebook)), soft_wrap=True)
    if any(p.severity != "warning" for p in problems):
        raise typer.Exit(1)
