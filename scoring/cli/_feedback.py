"""``scoring feedback RULEBOOK EVIDENCE_ROOT -o 反馈单``: a 反馈单 per township.
Python: ``scoring.render.feedback.feedback_files(scoring.score_folder(book, root))``."""

from __future__ import annotations

from pathlib import Path

import typer

from ..files import check_output, write_atomic
from ..i18n import gettext as _
from ._common import app, err_console, guarded


@app.command("feedback")
@guarded
def feedback_cmd(
    rulebook: Path = typer.Argument(..., help="规则文件，例如 rules/2023/x-county-fulian.yaml"),
    root: Path = typer.Argument(..., help="存放各单位证据文件夹的目录，例如 evidence/2023"),
    folder: Path = typer.Option(Path("反馈单"), "--output", "-o", help="写到哪个文件夹（每个单位一个子文件夹）"),
) -> None:
    """为每个单位写一份反馈单（Excel 和网页各一份）：失分的项目、原因和依据的记录、怎样挽回，以及自评与核定不一致的项目。

    材料有错、没能评分的单位也有反馈单，列出要改正的问题；这时退出码为 1。
    """
    from .. import load_rulebook, score_folder
    from ..errors import ScoringError
    from ..location import Location
    from ..render.feedback import feedback_files

    # -o names a folder, so the usual check of -o as one file does not apply (a second run found it existing
    # and said "写文件名"): each file it will hold is checked instead, before any is written.
    if folder.exists() and not folder.is_dir():
        raise ScoringError(f"输出路径 '{folder}' 是一个文件，不是文件夹", location=Location(path=str(folder)),
                           code="file.not-folder", hint="反馈单写到一个文件夹里（每个单位一个子文件夹），例如 -o 反馈单")
    inputs, protected = [rulebook, root], [root]
    batch = score_folder(load_rulebook(rulebook), root)
    files = feedback_files(batch)
    for rel in files:
        check_output(folder / rel, inputs, protected)
    for rel, data in files.items():
        write_atomic(folder / rel, data)
    output = folder
    note = _("（其中 {n} 个单位未能评分，它们的反馈单列出了要改正的问题）").format(n=len(batch.errors)) if batch.errors else ""
    err_console().print(_("已写入 {n} 个单位的反馈单：{path}").format(
        n=len(batch.results) + len(batch.errors), path=output) + note, markup=False)
    if batch.errors:
        raise typer.Exit(1)
