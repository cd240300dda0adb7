"""A9 按名次: points by rank among the units scored together (``rank: {order, points, otherwise}``).

The positions come from the batch (``score_many``); a unit scored alone counts as 1st of 1.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..compile.plan import fixed
from ..expr import Scope
from ..models.rulebook import Node
from .base import At, Compiling, Earning, fmt, need_value

if TYPE_CHECKING:
    from ..compile.plan import PNode
    from ..engine import UnitRun
    from ..models.result import LedgerEntry

__all__ = ["RANK"]


class Rank(Earning[None]):
    key = "rank"
    fields = ("rank",)
    labels = {"rank": "排名得分"}
    needs_value = True

    def compile(self, c: Compiling, spec: Node, at: At, scope: Scope) -> None:
        return None  # nothing but `value`, which the loader compiles

    def earn(self, u: UnitRun, pn: PNode, full: Decimal, value: Decimal | None, vids: list[str]) -> list[LedgerEntry]:
        value = need_value(value, pn)
        rk = pn.spec.rank
        assert rk is not None
        info = (u.ranks or {}).get(pn.id)
        note = ""
        if info is None:
            info, note = (1, 1, value), "（单独评分，名次按 1/1 计；多个单位一起评分时按实际名次）"
        pos, n, _ = info
        listed = pos <= len(rk.points)
        pts = fixed(rk.points[pos - 1]) if listed else fixed(rk.otherwise)
        return [u.entry("award", pts, f"{fmt(value)} 在 {n} 个单位中排第 {pos} 名，得 {fmt(pts)} 分{note}", pn.loc,
                        values={"数值": value, "名次": Decimal(pos), "参评单位数": Decimal(n)}, evidence=vids,
                        exprs=(pn.value,), branch="rank:listed" if listed else "rank:otherwise")]

    def branches(self, pn: PNode) -> list[tuple[str, str]]:
        # a test case scores one unit, which ranks 1st of 1: the listed points are what a case can reach
        return [("rank:listed", "名次在 points 所列之内")]


RANK = Rank()
