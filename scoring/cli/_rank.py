"""``scoring rank RULEBOOK EVIDENCE_ROOT``: every unit, ranked. Python: ``scoring.score_folder(book, root)``."""

from __future__ import annotations

from pathlib import Path

import typer

from .. import load_rulebook, score_folder
from ..evidence import unit_folders
from ..i18n import gettext as _
from ._common import FormatOpt, OutputOpt, app, err_console, guarded, show


@app.command("rank")
@guarded
def rank_cmd(
    rulebook: Path = typer.Argument(..., help="规则文件，例如 rules/2023/x-county-fulian.yaml"),
    root: Path = typer.Argument(..., help="存放各单位证据文件夹的目录，例如 evidence/2023"),
    fmt: str = FormatOpt,
    output: Path | None = OutputOpt,
) -> None:
    """为目录下每个单位评分并排名：名次、总分、等次，标出一票否决和不参与排名的单位。

    某个单位的材料有错时，报告它的错误，其他单位照常评分；这时退出码为 1。
    """
    from rich.progress import Progress

    from ..render.terminal import board_view

    book = load_rulebook(rulebook)
    with Progress(console=err_console(), transient=True, disable=not err_console().is_terminal) as bar:
        task = bar.add_task(_("评分"), total=len(unit_folders(root)))
        batch = score_folder(book, root, progress=lambda name: bar.update(task, advance=1, description=name))
    note = _("其中 {n} 个单位未能评分，错误见报告里的“未能评分的单位”").format(n=len(batch.errors)) if batch.errors else ""
    show(batch, fmt, output, board_view, note=note)
    for w in batch.warnings:
        err_console().print(f"警告：{w.where}: {w.message}\n  提示：{w.hint}", markup=False)
    if batch.errors:
        raise typer.Exit(1)
