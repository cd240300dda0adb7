"""The terminal views (rich): score sheet, leaderboard, one item's explanation, a check's problems.

Builds rich renderables from results (plain data); knows nothing of the engine.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..i18n import gettext as _
from ..models.result import BatchResult, ScoreResult
from .view import (
    board_layout,
    board_rows,
    claim_sentence,
    num,
    outcome_line,
    outcome_word,
    sheet_headers,
    sheet_rows,
    unit_summary,
)

__all__ = ["board_view", "explain_view", "problems_view", "score_view"]

_n = num


def score_view(result: ScoreResult, *, details: bool = True) -> RenderableType:
    r = result
    table = Table(title=f"{r.unit.name}（{r.unit.id}）  {r.rulebook.title}", title_justify="left", show_lines=False,
                  expand=False)
    h = sheet_headers()
    table.add_column(h[0], no_wrap=True)
    table.add_column(h[1], overflow="fold", max_width=40)
    for head in h[2:5]:
        table.add_column(head, justify="right", no_wrap=True)
    table.add_column(h[5], overflow="fold", max_width=60)
    for row in sheet_rows(r):
        title = Text("  " * row.depth + row.title, style="bold" if row.depth == 0 else "")
        if not row.applicable:
            title.append(_("（不适用）"), style="dim")
        computed = Text(row.points_text, style="bold red" if row.lost else "green")
        claimed = Text(row.claimed_text or "—")
        if row.claim == "over":
            claimed.append(" ⚠" + row.flag, style="bold yellow")
        elif row.flag:
            claimed.append(" " + row.flag, style="cyan")
        reasons = Text()
        for x in row.reasons if details else []:
            if reasons:
                reasons.append("\n")
            reasons.append(x.line, style="red" if x.tone == "deduct" else ("green" if x.tone == "bonus" else "yellow"))
        table.add_row(row.no, title, row.max_text, claimed, computed, reasons)
    summary = unit_summary(r)
    lines = summary.lines()
    parts: list[RenderableType] = [table, Text(lines[0], style="bold")]
    parts += [Text(line, style="bold red" if i < len(summary.vetoes) else "") for i, line in enumerate(lines[1:])]
    return Group(*parts)


def board_view(batch: BatchResult) -> RenderableType:
    table = Table(title=batch.rulebook.title, title_justify="left")
    layout = board_layout(batch)
    marked = {layout.index("vetoes"), layout.index("notes")}
    for i, head in enumerate(layout.headers()):
        table.add_column(head, justify="right" if i in layout.numeric else "left", no_wrap=i < layout.index("vetoes"),
                         overflow="fold")
    for row in board_rows(batch):
        style = "red" if row.failed else ("yellow" if row.marks else "")
        table.add_row(*(Text(c, style=style) if i in marked else (Text(c, style="green") if c and i == (
            layout.index("outcomes") if layout.outcomes else -1) else c) for i, c in enumerate(row.cells(layout))))
    parts: list[RenderableType] = [table]
    for e in batch.errors:
        parts.append(Text(_("未能评分：{unit}（{path}）").format(unit=e.unit, path=e.path), style="bold red"))
        parts += [Text("  " + line.replace("\n", "\n  ")) for line in e.errors]
    ok = len(batch.results)
    summary = _("共 {n} 个单位，{ok} 个评分完成").format(n=ok + len(batch.errors), ok=ok)
    if batch.errors:
        summary += _("，{bad} 个未能评分").format(bad=len(batch.errors))
    parts.append(Text(summary, style="bold"))
    return Group(*parts)


def explain_view(ex: Any) -> RenderableType:
    """An ``Explanation`` (``scoring.explain``) as labelled sections."""
    it = ex.item
    out: list[RenderableType] = []
    head = Text(f"{it.no or ''}{it.title}", style="bold")
    head.append(f"  [{it.id}]  ", style="dim")
    head.append(_("{unit}：核定 {points} / {max} 分").format(unit=ex.unit.name, points=_n(it.points),
                                                      max=_n(it.max_points)),
                style="bold red" if it.points < it.max_points else "bold green")
    out.append(head)
    if not it.applicable:
        out.append(Text(_("本项不适用于该单位：不计分，也不计入满分。"), style="bold"))
    if ex.not_applicable:
        out.append(Text(_("另有 {n} 项不适用于该单位，未列出。").format(n=ex.not_applicable), style="dim"))
    if ex.path:
        out.append(Text(_("所属：") + " > ".join(ex.path), style="dim"))
    facts = [(_("细则原文"), it.text), (_("规则位置"), str(it.rule) if it.rule else None),
             (_("考核单位"), it.verified_by), (_("考核方式"), it.method), (_("依据"), it.reference),
             (_("自评分"), (claim_sentence(it) or f"{_n(it.claimed)}") + (
                 f"（{it.claim_reason}）" if it.claim_reason else "") if it.claimed is not None else None)]
    for label, value in facts:
        if value:
            out.append(Text.assemble((f"{label}：", "bold"), value))
    out.append(Text(_("记账（每一分的来由）："), style="bold"))
    ledger = Table.grid(padding=(0, 1))
    ledger.add_column(justify="right", no_wrap=True)
    ledger.add_column(no_wrap=True, style="dim")
    ledger.add_column(overflow="fold")
    for node_id, e in ex.entries:
        cell = Text(e.reason)
        if e.values:
            cell.append("\n" + "，".join(f"{k} = {v}" for k, v in e.values.items()), style="dim")
        for p in e.params:
            ref = f"，{p.reference}" if p.reference else ""
            cell.append("\n" + _("参数 {name} = {value}（{since} 起{ref}）").format(
                name=p.name, value=p.value, since=p.since, ref=ref), style="dim")
        points = Text(("+" if e.points > 0 else "") + _n(e.points), style="red" if e.points < 0 else "green")
        ledger.add_row(points, Text(f"[{node_id}]"), cell)
    out.append(ledger)
    out.append(Text(_("计入的证据 {n} 条：").format(n=len(ex.counted)), style="bold"))
    out.append(_records(ex.counted, lambda rec: "，".join(f"{k}={v}" for k, v in rec.values.items())))
    if ex.excluded:
        out.append(Text(_("未计入的证据 {n} 条（{types}）：").format(n=len(ex.excluded), types="、".join(ex.reads)),
                        style="bold"))
        out.append(_records(ex.excluded, lambda rec: rec.reason or "", "yellow"))
    if ex.outcomes:
        out.append(Text(_("非分值结果（不改变得分）："), style="bold"))
        for o in ex.outcomes:
            line = outcome_line(o) if o.granted else _("未得到{word}：{label}").format(word=outcome_word(o.kind),
                                                                                    label=o.label)
            values = "，".join(f"{k} = {v}" for k, v in o.values.items())
            out.append(Text(f"  · {line}", style="green" if o.granted else "dim"))
            out.append(Text(f"    {values}", style="dim"))
    if ex.recover:
        out.append(Text(_("如何挽回失分："), style="bold"))
        out += [Text(f"  · {x}") for x in ex.recover]
    elif it.points >= it.max_points:
        out.append(Text(_("本项没有失分。"), style="green"))
    return Group(*out)


def _records(recs: list[Any], what: Any, style: str = "") -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(overflow="fold", style=style)
    for rec in recs:
        grid.add_row("  " + rec.id, str(rec.source), what(rec))
    return grid


def problems_view(problems: list[Any], path: str) -> RenderableType:
    """``scoring check``'s list: each problem ``file:line:col: message`` with its did-you-mean and hint."""
    out: list[RenderableType] = []
    for p in problems:
        warn = p.severity == "warning"
        where = f"{p.location}: " if p.location is not None else ""
        rest = str(p).split("\n")[1:]
        out.append(Text.assemble(where, (_("警告") if warn else _("错误"), "bold yellow" if warn else "bold red"),
                                 "：", p.message, *("\n" + line for line in rest)))
    errors = sum(p.severity != "warning" for p in problems)
    warnings = len(problems) - errors
    if not problems:
        out.append(Text(_("{path}：没有发现问题。").format(path=path), style="bold green"))
    else:
        out.append(Text(_("{path}：{errors} 个错误，{warnings} 个警告。").format(
            path=path, errors=errors, warnings=warnings), style="bold"))
    return Group(*out)
