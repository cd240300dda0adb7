"""``scoring template RULEBOOK -o FILE.xlsx``. Python: ``scoring.intake.write_template(book, path)``."""

from __future__ import annotations

from pathlib import Path

import typer

from .. import load_rulebook
from ..intake import write_template
from ._common import app, check_output, err_console, guarded, state


@app.command("template")
@guarded
def template_cmd(
    rulebook: Path = typer.Argument(..., help="规则文件，例如 rules/2023/x-county-fulian.yaml"),
    output: Path = typer.Option(..., "--output", "-o", help="要生成的 Excel 文件，例如 X乡2023年佐证材料.xlsx"),
) -> None:
    """生成给乡镇填写的 Excel 模板：封面（单位信息、自评表）和每类佐证材料一个工作表。"""
    check_output(output, state.inputs, state.protected)
    book = load_rulebook(rulebook)
    write_template(book, output)
    err_console().print(f"已写入 {output}（{len(book.evidence)} 类佐证材料，每类一个工作表）", markup=False)
