"""``scoring new-year RULEBOOK --year 2024``. Python: ``scoring.cycle.new_year(path, 2024)``."""

from __future__ import annotations

from pathlib import Path

import typer

from ._common import app, emit, guarded


@app.command("new-year")
@guarded
def new_year_cmd(
    rulebook: Path = typer.Argument(..., help="上一年的规则文件，例如 rules/2023/x-county-fulian.yaml"),
    year: int = typer.Option(..., "--year", help="新的考核年度，例如 2024"),
    output: Path | None = typer.Option(None, "--output", "-o", help="写到哪里（默认把路径中的年份换成新年度）"),
    force: bool = typer.Option(False, "--force", help="目标文件已存在时覆盖它"),
) -> None:
    """从上一年的规则文件生成下一年的规则文件：只改年度、考核期和 id、标题中的年份，注释和顺序原样保留。"""
    from .. import load_rulebook
    from ..cycle import new_year
    from ..cycle.newyear import new_year_cases

    target = new_year(rulebook, year, output, force=force)
    book = load_rulebook(target)
    cases = target.with_name(target.stem + ".tests.yaml")
    old_cases = rulebook.with_name(rulebook.stem + ".tests.yaml")
    review = ""
    if old_cases.exists() and (force or not cases.exists()):
        cases, notes = new_year_cases(rulebook, year, target, force=force)
        review = f"已复制测试用例 {cases}，要复核：\n" + "".join(f"  · {n}\n" for n in notes)
    test = (f"  scoring test {target}\n" if cases.exists() else
            f"  为新细则写测试用例 {cases}（可以参照上一年的用例，见 docs/yearly-cycle.md），再运行 scoring test {target}\n")
    emit(f"已生成 {target}（{book.title}，考核期 {book.period.start} 至 {book.period.end}）\n"
         f"下一步：编辑这个文件，然后运行\n"
         f"  scoring diff {rulebook} {target}\n" + test + review, None)
