"""What every tabular renderer shows, computed once: the score sheet's rows and the leaderboard's rows.

Plain strings from a result; the renderers (terminal, markdown, csv, and others) only lay them out.
Headers are translated (``scoring.i18n``); reasons from the ledger are data and stay Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..i18n import gettext as _
from ..models.result import BatchResult, LedgerEntry, NodeResult, ScoreResult
from ..values import decimal_text

__all__ = ["BoardRow", "SheetRow", "board_headers", "board_rows", "is_reason", "num", "reasons", "sheet_headers", "sheet_rows",
           "summary_lines"]


def num(v: Decimal | None) -> str:
    """A number as people write it: 10, 2.5, 98.5; a blank as —."""
    if v is None:
        return "—"
    return decimal_text(v)


def is_reason(node: NodeResult, e: LedgerEntry) -> bool:
    """Entries that explain lost (or added, or capped) points, as opposed to ordinary awards."""
    if node.kind in ("bonus", "penalty"):
        return True
    if e.kind == "award":  # a partial award explains the points it did not give (第 2 档 …, 完成 3/4 …)
        return e.points < node.max_points and node.points < node.max_points
    return e.points < 0 or e.kind in ("clamp", "cap", "veto")


def reasons(node: NodeResult) -> list[str]:
    """Each reason as ``-2 发生……`` (signed points first, when there are points; awards say their own points)."""
    return [f"{num(e.points)} {e.reason}" if e.points and e.kind != "award" else e.reason
            for e in node.ledger if is_reason(node, e)]


@dataclass
class SheetRow:
    no: str
    id: str
    title: str
    depth: int
    max_points: str
    claimed: str
    points: str
    reasons: list[str] = field(default_factory=list)
    claim: str | None = None
    lost: bool = False
    applicable: bool = True


def sheet_headers() -> list[str]:
    return [_("序号"), _("考核项目"), _("分值"), _("自评分"), _("核定分"), _("扣分原因")]


def sheet_rows(r: ScoreResult) -> list[SheetRow]:
    """Categories, items and sub-criteria in file order, then bonus/penalty sections that have entries."""
    rows = []
    for node in r.items:
        if node.kind in ("bonus", "penalty") and not node.ledger:
            continue
        if not node.applicable:
            continue  # left out; summary_lines gives their number
        maxp = num(node.max_points) if node.kind not in ("bonus", "penalty") else (
            f"≤{num(node.max_points)}" if node.max_points else "")
        rows.append(SheetRow(
            no=node.no or "", id=node.id, title=node.title, depth=node.depth, max_points=maxp,
            claimed=num(node.claimed) if node.claimed is not None else "", points=num(node.shown),
            reasons=reasons(node) if node.depth > 0 or node.kind in ("bonus", "penalty") else [],
            claim=node.claim, lost=node.kind not in ("bonus", "penalty") and node.points < node.max_points,
            applicable=node.applicable))
    return rows


def summary_lines(r: ScoreResult) -> list[str]:
    """The lines under the sheet: total, grade, self-assessment, vetoes, total-level ledger, exclusions."""
    head = _("总分 {total} / {max}").format(total=num(r.total), max=num(r.max_total))
    if r.grade:
        head += "    " + _("等次：{grade}").format(grade=r.grade)
    if r.claimed_total is not None:
        head += "    " + _("自评合计 {claimed}").format(claimed=num(r.claimed_total))
        if r.claimed_total > r.total:
            head += _("（高于核定 {diff} 分）").format(diff=num(r.claimed_total - r.total))
    out = [head]
    if r.not_applicable:
        out.append(_("另有 {n} 项不适用本单位，未列出").format(n=r.not_applicable))
    out += [_("一票否决：{reason}").format(reason=v.reason) for v in r.vetoes if v.fired]
    out += [f"{num(e.points)}  {e.reason}" for e in r.ledger]
    if r.excluded:
        out.append(_("未计入的证据 {n} 条：").format(n=len(r.excluded)))
        out += [f"  {x.id}（{x.source}）：{x.reason}" for x in r.excluded]
    return out


@dataclass
class BoardRow:
    rank: str
    unit_id: str
    name: str
    total: str
    grade: str
    marks: list[str]
    failed: bool = False


def board_headers() -> list[str]:
    return [_("名次"), _("编号"), _("单位"), _("总分"), _("等次"), _("备注")]


def board_rows(b: BatchResult) -> list[BoardRow]:
    """The leaderboard in rank order, then the units that could not be scored."""
    titles = {v.id: v.title for r in b.results for v in r.vetoes}
    rows = []
    for s in b.leaderboard:
        marks = [_("一票否决：{title}").format(title=titles.get(v, v)) for v in s.vetoed]
        if s.excluded_from_ranking:
            marks.append(_("不参与排名"))
        rows.append(BoardRow(rank=str(s.rank) if s.rank is not None else "—", unit_id=s.unit_id, name=s.name,
                             total=num(s.total), grade=s.grade or "", marks=marks))
    for e in b.errors:
        rows.append(BoardRow(rank="—", unit_id=e.unit, name=e.unit, total="—", grade="",
                             marks=[_("未能评分：{n} 个问题").format(n=len(e.errors))], failed=True))
    return rows
