"""``scoring score RULEBOOK EVIDENCE_DIR``: one unit. Python: ``scoring.score(book, ev)``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ._common import FormatOpt, OutputOpt, app, guarded, show


@app.command("score")
@guarded
def score_cmd(
    rulebook: Path = typer.Argument(..., help="规则文件，例如 rules/2023/x-county-fulian.yaml"),
    evidence: Path = typer.Argument(..., help="一个单位的证据文件夹，例如 evidence/2023/x-xiang"),
    fmt: str = FormatOpt,
    output: Path | None = OutputOpt,
) -> None:
    """为一个单位评分，显示各类别、条目的分值、自评分、核定分和扣分原因。"""
    from .. import load_evidence, score
    from ..plan_cache import load_rulebook_cached

    book = load_rulebook_cached(rulebook)  # repeated runs skip reading the YAML (scoring/plan_cache.py)
    show(score(book, load_evidence(evidence, book)), fmt, output, _view)


def _view(result: Any) -> Any:
    from ..render.terminal import score_view  # rich's tables only when the table is what is written

    return score_view(result)
