"""``scoring draft DOCUMENT -o RULEBOOK.yaml``. Python: ``scoring.draft.draft_document(path).write(out)``."""

from __future__ import annotations

from pathlib import Path

import typer

from ._common import app, emit, err_console, guarded


@app.command("draft")
@guarded
def draft_cmd(
    document: Path = typer.Argument(..., help="县里印发的考评细则：.docx、.xlsx/.xls/.ods 或 .txt/.md（粘贴的文字）"),
    output: Path = typer.Option(..., "--output", "-o", help="起草的规则文件写到哪里（.yaml，原子写入；不能是细则文件本身）"),
    unit: Path | None = typer.Option(None, "--unit", help="自检自查报告里的自评分写到哪里（默认：规则文件名加 .unit.yaml）"),
    json_report: bool = typer.Option(False, "--json", help="用 JSON 输出起草报告（供其他系统读取）"),
) -> None:
    """从细则文件起草规则文件：认出条目层级、分值和常见的评分句式；认不出的句子标为 todo，留给编辑写。

    打印起草报告：条目数、各层分值是否对得上、写成规则的句子、留下的句子、标题相同的条目。
    """
    from ..draft import draft_document

    draft = draft_document(document)
    unit_path = None
    if draft.unit is not None:
        unit_path = unit or output.with_name(output.name.removesuffix(output.suffix) + ".unit.yaml")
    draft.write(output, unit_path)
    if json_report:
        from .. import to_json

        emit(to_json(draft.report) + "\n", None)
    else:
        emit(draft.report_text(), None)
    c = err_console()
    c.print(f"已写入 {output}", markup=False)
    if unit_path is not None:
        c.print(f"已写入 {unit_path}（自评分）", markup=False)
    c.print(f"下一步：编辑 {output}，写好标 todo 的条目后运行 scoring check {output}", markup=False)
