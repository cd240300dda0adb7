"""A5 按比例: full points at the target, a proportional share below it (``proportional: {target}``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..errors import EvaluationError
from ..expr import NUMBER, CompiledExpression, Scope
from ..models.rulebook import Node
from .base import ZERO, At, Compiling, Earning, fmt, need_value, pct

if TYPE_CHECKING:
    from ..compile.plan import PNode
    from ..engine import UnitRun
    from ..models.result import LedgerEntry

__all__ = ["PROPORTIONAL", "ProportionalSlots"]


@dataclass
class ProportionalSlots:
    target: CompiledExpression


class Proportional(Earning[ProportionalSlots]):
    key = "proportional"
    fields = ("proportional",)
    labels = {"proportional": "按比例"}
    needs_value = True

    def compile(self, c: Compiling, spec: Node, at: At, scope: Scope) -> ProportionalSlots | None:
        assert spec.proportional is not None
        e = c.expr(spec.proportional.target, at + ("proportional", "target"), NUMBER, scope)
        return ProportionalSlots(e) if e else None

    def expressions(self, slots: ProportionalSlots | None) -> list[CompiledExpression]:
        return [slots.target] if slots else []

    def earn(self, u: UnitRun, pn: PNode, full: Decimal, value: Decimal | None, vids: list[str]) -> list[LedgerEntry]:
        value = need_value(value, pn)
        te = self.slots(pn).target
        target = u.eval(te)
        ve = pn.value
        if target <= 0:
            raise EvaluationError(f"'{pn.id}' 的目标值是 {fmt(target)}，要大于 0", location=te.location)
        ratio = min(Decimal(1), max(ZERO, value / target))
        pts = full * ratio
        vals = {"完成": value, "目标": target}
        rates = target < 1 or (target == 1 and value != value.to_integral_value())  # a rate, not a count
        show = pct if rates else fmt
        if ratio >= 1:
            return [u.entry("award", pts, f"完成 {show(value)}，达到目标 {show(target)}，得满分 {fmt(full)} 分", pn.loc,
                            values=vals, evidence=vids, exprs=(ve, te), branch="full")]
        gap = target - value
        more = f"再提高 {fmt(gap * 100)} 个百分点" if rates else f"再完成 {fmt(gap)} "
        return [u.entry("award", pts, f"完成 {show(value)}/{show(target)}，按比例得 {fmt(pts)} 分（失 {fmt(full - pts)} 分）",
                        pn.loc, values=vals, evidence=vids, exprs=(ve, te),
                        recover=f"{more}可得满分（多得 {fmt(full - pts)} 分）", branch="partial")]

    def branches(self, pn: PNode) -> list[tuple[str, str]]:
        return [("full", "达到目标"), ("partial", "按比例得分")]


PROPORTIONAL = Proportional()
