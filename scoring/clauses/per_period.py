"""按期计数得分: 每月（季度、半年）至少几次，按达到的期数得分 (``per_period:`` on an item).

With ``per``, each period met earns ``per`` points (the item's value still caps the sum); without it the item's
points are prorated over the periods: points × met ÷ periods. The ledger names the periods that fall short.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..compile.plan import fixed
from ..expr import CompiledExpression, Scope
from ..models.rulebook import Node
from ._periodic import PeriodSlots, compile_periods, count_periods
from .base import At, Compiling, Earning, fmt

if TYPE_CHECKING:
    from ..compile.plan import PNode
    from ..engine import UnitRun
    from ..models.result import LedgerEntry

__all__ = ["PER_PERIOD"]


class PerPeriodEarning(Earning[PeriodSlots]):
    key = "per_period"
    fields = ("per_period",)
    labels = {"per_period": "按期计数"}

    def compile(self, c: Compiling, spec: Node, at: At, scope: Scope) -> PeriodSlots | None:
        assert spec.per_period is not None
        return compile_periods(c, spec.per_period, at, scope)

    def expressions(self, slots: PeriodSlots | None) -> list[CompiledExpression]:
        return [slots.where, slots.at_least] if slots else []

    def earn(self, u: UnitRun, pn: PNode, full: Decimal, value: Any, vids: list[str]) -> list[LedgerEntry]:
        spec = pn.spec.per_period
        assert spec is not None
        pc = count_periods(u, self.slots(pn))
        u.touched()
        short, total, met = pc.short, len(pc.counts), pc.met
        if spec.per is not None:
            per = fixed(spec.per)
            pts = per * met
            how = f"每达到 1 {pc.unit}得 {fmt(per)} 分，{met} × {fmt(per)} = {fmt(pts)} 分"
        else:
            pts = full * met / total if total else full
            how = f"按达到的期数比例得分，{fmt(full)} × {met}/{total} = {fmt(pts)} 分"
        text = f"{pn.spec.title}：{pc.rule}，{total} {pc.unit}中 {met} {pc.unit}达到"
        if short:
            text += f"，{pc.names(short)}不足（{pc.detail(short)}）"
        branch = "all" if not short else "none" if not met else "some"
        return [u.entry("award", pts, f"{text}；{how}", pn.loc, evidence=pc.evidence,
                        values={"期数": Decimal(total), "达到": Decimal(met), "每期至少": pc.at_least},
                        exprs=tuple(self.expressions(self.slots(pn))),
                        recover=f"{pc.names(short)}各要达到 {fmt(pc.at_least)} 次" if short else None, branch=branch)]

    def branches(self, pn: PNode) -> list[tuple[str, str]]:
        return [("all", "每期都达到"), ("some", "部分期达到"), ("none", "没有一期达到")]


PER_PERIOD = PerPeriodEarning()
