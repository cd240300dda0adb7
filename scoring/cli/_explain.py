"""``scoring explain RULEBOOK EVIDENCE_DIR ITEM_ID``: one item in full. Python: ``scoring.explain(...)``."""

from __future__ import annotations

from pathlib import Path

import typer

from ._common import Format, OutputOpt, app, emit, format_option, guarded, pick_format, show


@app.command("explain")
@guarded
def explain_cmd(
    rulebook: Path = typer.Argument(..., help="规则文件"),
    evidence: Path = typer.Argument(..., help="一个单位的证据文件夹"),
    item_id: str = typer.Argument(..., help="考核项目的 id，例如 visits（见规则文件里的 id:）"),
    fmt: str = format_option("table", "json"),
    output: Path | None = OutputOpt,
) -> None:
    """说明一个考核项目的全部来由：细则原文、规则位置、计算的数值、每一笔扣分和加分、计入和未计入的证据，以及怎样挽回失分。"""
    from .. import explain, load_evidence, load_rulebook, score
    from ..jsonio import to_json
    from ..render.terminal import explain_view

    book = load_rulebook(rulebook)
    ev = load_evidence(evidence, book)
    ex = explain(score(book, ev), book, ev, item_id)
    if fmt is Format.json:
        emit(to_json(ex), output)
    else:
        show(ex, pick_format(fmt, output, ("table", "json")), output, explain_view)
