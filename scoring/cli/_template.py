"""``scoring template RULEBOOK -o FILE.xlsx [--unit-type 镇]``. Python: ``scoring.intake.write_template(book, path, unit_type)``."""

from __future__ import annotations

from pathlib import Path

import typer

from ._common import app, check_output, err_console, guarded, state


@app.command("template")
@guarded
def template_cmd(
    rulebook: Path = typer.Argument(..., help="规则文件，例如 rules/2023/x-county-fulian.yaml"),
    output: Path = typer.Option(..., "--output", "-o", help="要生成的 Excel 文件，例如 X乡2023年佐证材料.xlsx"),
    unit_type: str | None = typer.Option(None, "--unit-type", help="只为这一类单位生成：自评表只列适用的条目和该类型的分值"),
) -> None:
    """生成给乡镇填写的 Excel 模板：封面（单位信息、自评表）和每类佐证材料一个工作表。"""
    from .. import load_rulebook
    from ..errors import SchemaError, did_you_mean
    from ..intake import write_template

    check_output(output, state.inputs, state.protected)
    book = load_rulebook(rulebook)
    if unit_type is not None and unit_type not in (book.unit_types or []):
        raise SchemaError(f"'{unit_type}' 不是规则文件声明的单位类型", suggestion=did_you_mean(unit_type, book.unit_types or []),
                          hint="可选：" + ("、".join(book.unit_types or []) or "（规则文件没有声明 unit_types）"))
    write_template(book, output, unit_type)
    err_console().print(f"已写入 {output}（{len(book.evidence)} 类佐证材料，每类一个工作表）", markup=False)
