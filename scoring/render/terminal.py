"""The terminal view (rich): the category > item tree with max, claimed and computed points.

Builds rich renderables from a ScoreResult; knows nothing of the engine.
"""

from __future__ import annotations

from decimal import Decimal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..models.result import NodeResult, ScoreResult

__all__ = ["score_view"]


def _n(v: Decimal | None) -> str:
    if v is None:
        return "—"
    if v == v.to_integral_value():
        return str(v.quantize(Decimal(1)))
    return format(v.normalize(), "f")


def _reasons(node: NodeResult) -> Text:
    out = Text()
    for e in node.ledger:
        if e.points < 0 or e.kind in ("clamp", "cap", "veto") or (e.kind == "award" and e.points == 0 and node.max_points):
            if out:
                out.append("\n")
            style = "red" if e.points < 0 else ("yellow" if e.kind in ("clamp", "cap") else "red")
            sign = f"{_n(e.points)} " if e.points else ""
            out.append(f"{sign}{e.reason}", style=style)
    return out


def score_view(result: ScoreResult, *, details: bool = True) -> RenderableType:
    r = result
    table = Table(title=f"{r.unit.name}（{r.unit.id}）  {r.rulebook.title}", title_justify="left", show_lines=False,
                  expand=False)
    table.add_column("序号", no_wrap=True)
    table.add_column("考核项目", overflow="fold", max_width=40)
    table.add_column("分值", justify="right", no_wrap=True)
    table.add_column("自评分", justify="right", no_wrap=True)
    table.add_column("核定分", justify="right", no_wrap=True)
    table.add_column("扣分原因", overflow="fold", max_width=60)
    for node in r.items:
        if node.kind in ("bonus", "penalty") and not node.ledger:
            continue
        indent = "  " * node.depth
        title = Text(indent + node.title, style="bold" if node.depth == 0 else "")
        if not node.applicable:
            title.append("（不适用）", style="dim")
        computed = Text(_n(node.points), style="bold red" if node.points < node.max_points else "green")
        claimed = Text(_n(node.claimed))
        if node.claim == "over":
            claimed.append(" ⚠自评偏高", style="bold yellow")
        elif node.claim == "under":
            claimed.append(" 自评偏低", style="cyan")
        maxp = _n(node.max_points) if node.kind not in ("bonus", "penalty") else (
            f"≤{_n(node.max_points)}" if node.max_points else "")
        table.add_row(node.no or "", title, maxp, claimed, computed,
                      _reasons(node) if details and node.depth > 0 or node.kind in ("bonus", "penalty") else Text())
    parts: list[RenderableType] = [table]
    summary = Text()
    summary.append(f"总分 {_n(r.total)} / {_n(r.max_total)}", style="bold")
    if r.grade:
        summary.append(f"    等次：{r.grade}", style="bold")
    if r.claimed_total is not None:
        summary.append(f"    自评合计 {_n(r.claimed_total)}")
        if r.claimed_total > r.total:
            summary.append(f"（高于核定 {_n(r.claimed_total - r.total)} 分）", style="yellow")
    parts.append(summary)
    for v in r.vetoes:
        if v.fired:
            parts.append(Text(f"一票否决：{v.reason}", style="bold red"))
    for e in r.ledger:
        parts.append(Text(f"{_n(e.points)}  {e.reason}", style="dim" if e.kind == "round" else "red"))
    if r.excluded:
        parts.append(Text(f"未计入的证据 {len(r.excluded)} 条：", style="bold"))
        for x in r.excluded:
            parts.append(Text(f"  {x.id}（{x.source}）：{x.reason}", style="dim"))
    return Group(*parts)
