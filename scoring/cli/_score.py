"""``scoring score RULEBOOK EVIDENCE_DIR``: one unit. Python: ``scoring.score(book, ev)``."""

from __future__ import annotations

from pathlib import Path

import typer

from .. import load_evidence, load_rulebook, score
from ..render.json import render_json
from ._common import Format, OutputOpt, app, console, emit, guarded


@app.command("score")
@guarded
def score_cmd(
    rulebook: Path = typer.Argument(..., help="规则文件，例如 rules/2023/x-county-fulian.yaml"),
    evidence: Path = typer.Argument(..., help="一个单位的证据文件夹，例如 evidence/2023/x-xiang"),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="输出格式"),
    output: Path | None = OutputOpt,
) -> None:
    """为一个单位评分，显示各类别、条目的分值、自评分、核定分和扣分原因。"""
    book = load_rulebook(rulebook)
    result = score(book, load_evidence(evidence, book))
    if fmt is Format.json:
        emit(render_json(result), output)
        return
    if fmt is Format.table:
        from ..render.terminal import score_view

        c = console()
        if output is not None:
            with c.capture() as cap:
                c.print(score_view(result))
            emit(cap.get(), output)
        else:
            c.print(score_view(result))
        return
    from ..render import get_renderer

    emit(get_renderer(fmt.value)(result), output)
