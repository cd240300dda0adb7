"""``scoring rank RULEBOOK EVIDENCE_ROOT``: every unit, ranked. Python: ``scoring.score_folder(book, root)``."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from ..i18n import gettext as _
from ._common import Format, FormatOpt, OutputOpt, app, err_console, guarded, pick_format, show, state

AUTO_POOL = 32
"""``--jobs 0`` starts a process pool from this many units on."""


@app.command("rank")
@guarded
def rank_cmd(
    rulebook: Path = typer.Argument(..., help="规则文件，例如 rules/2023/x-county-fulian.yaml"),
    root: Path = typer.Argument(..., help="存放各单位证据文件夹的目录，例如 evidence/2023"),
    fmt: str = FormatOpt,
    output: Path | None = OutputOpt,
    jobs: int = typer.Option(0, "--jobs", "-j", min=0,
                             help="同时评分的进程数；0 表示自动（单位多时用上全部 CPU 核心，单位少时不另开进程）"),
) -> None:
    """为目录下每个单位评分并排名：名次、总分、等次，标出一票否决和不参与排名的单位。

    某个单位的材料有错时，报告它的错误，其他单位照常评分；这时退出码为 1。
    """
    from rich.progress import Progress

    from .. import score_folder
    from ..evidence import unit_folders
    from ..plan_cache import load_rulebook_cached
    from ..render.terminal import board_view

    book = load_rulebook_cached(rulebook)  # repeated runs skip reading the YAML (scoring/plan_cache.py)
    n = len(unit_folders(root))
    if jobs == 0:  # a pool pays for its start-up only when there are enough units to share out
        jobs = (os.cpu_count() or 1) if n >= AUTO_POOL else 1
    json_file = output is not None and pick_format(fmt, output) is Format.json
    with Progress(console=err_console(), transient=True, disable=not err_console().is_terminal) as bar:
        task = bar.add_task(_("评分"), total=n)

        def advance(name: str) -> None:
            bar.update(task, advance=1, description=name)

        if json_file:  # written unit by unit, in constant memory: a province's batch never has to fit
            assert output is not None
            from ..engine import default_executor, write_folder_json

            pool = default_executor(jobs) if jobs != 1 else None
            try:
                _board, errors, warnings = write_folder_json(book, root, output, executor=pool, progress=advance,
                                                        inputs=state.inputs, protected=state.protected)
            finally:
                if pool is not None:
                    pool.shutdown()
        else:
            batch = score_folder(book, root, progress=advance, jobs=jobs)
            errors, warnings = batch.errors, batch.warnings
    note = _("其中 {n} 个单位未能评分，错误见报告里的“未能评分的单位”").format(n=len(errors)) if errors else ""
    if json_file:
        err_console().print(_("已写入 {path}").format(path=output) + (f"（{note}）" if note else ""), markup=False)
    else:
        show(batch, fmt, output, board_view, note=note)
    for w in warnings:
        err_console().print(f"警告：{w.where}: {w.message}\n  提示：{w.hint}", markup=False)
    if errors:
        raise typer.Exit(1)
