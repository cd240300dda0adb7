"""A3 符合几项得几分: points by the number of criteria met (``count_met: {of, points | per}``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from ..compile.plan import fixed
from ..expr import BOOL, CompiledExpression, Scope
from ..models.rulebook import Node
from .base import ZERO, At, Compiling, Earning, fmt

if TYPE_CHECKING:
    from ..compile.plan import PNode
    from ..engine import UnitRun
    from ..models.result import LedgerEntry

__all__ = ["COUNT_MET", "CountMetSlots"]


@dataclass
class CountMetSlots:
    criteria: list[CompiledExpression | None]
    """Per criterion in ``of``: its compiled ``when``."""


class CountMet(Earning[CountMetSlots]):
    key = "count_met"
    fields = ("count_met",)
    labels = {"count_met": "符合项数"}

    def compile(self, c: Compiling, spec: Node, at: At, scope: Scope) -> CountMetSlots:
        assert spec.count_met is not None
        return CountMetSlots([c.expr(crit.when, at + ("count_met", "of", i, "when"), BOOL, scope)
                              for i, crit in enumerate(spec.count_met.of)])

    def expressions(self, slots: CountMetSlots | None) -> list[CompiledExpression]:
        return [e for e in slots.criteria if e] if slots else []

    def warnings(self, c: Compiling, spec: Node, at: At) -> None:
        cm = spec.count_met
        if cm and cm.points:
            missing = [n for n in range(len(cm.of) + 1) if n not in cm.points]
            if missing:
                c.warn(f"'{spec.id}' 的 count_met 没有写符合 {'、'.join(map(str, missing))} 项时的分值",
                       at + ("count_met", "points"),
                       hint="没写的项数按不超过它的最大一档计分（没有更低的档时为 0 分）；建议逐项写明")
        if cm and cm.points:
            most = max(cast(Decimal, v) for v in cm.points.values())
            if most < cast(Decimal, spec.points):
                c.warn(f"'{spec.id}' 满分 {spec.points}，但 count_met 最多只给 {most} 分，满分不可达",
                       at + ("count_met",))

    def earn(self, u: UnitRun, pn: PNode, full: Decimal, value: Any, vids: list[str]) -> list[LedgerEntry]:
        cm = pn.spec.count_met
        assert cm is not None
        conds = self.slots(pn).criteria
        met: list[str] = []
        unmet: list[str] = []
        ids: list[str] = []
        for crit, e in zip(cm.of, conds, strict=True):
            assert e is not None
            (met if u.eval(e) else unmet).append(crit.label)
            ids += u.touched()
        n = len(met)
        if cm.per is not None:
            pts = fixed(cm.per) * n
        else:
            table = {k: fixed(v) for k, v in (cm.points or {}).items()}
            below = [k for k in table if k <= n]
            pts = table[max(below)] if below else ZERO  # the value at the largest listed count not above n
        reason = f"符合 {n}/{len(cm.of)} 项（{'、'.join(met) or '无'}），得 {fmt(pts)} 分"
        if unmet:
            reason += f"；未符合：{'、'.join(unmet)}"
        return [u.entry("award", pts, reason, pn.loc, values={"符合项数": Decimal(n)}, evidence=ids,
                        recover=f"做到：{'、'.join(unmet)}" if unmet else None, branch=f"met:{n}")]

    def branches(self, pn: PNode) -> list[tuple[str, str]]:
        cm = pn.spec.count_met
        assert cm is not None
        keys = sorted(cm.points) if cm.points else range(len(cm.of) + 1)
        return [(f"met:{k}", f"符合 {k} 项") for k in keys]


COUNT_MET = CountMet()
