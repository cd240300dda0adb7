"""A7 按等级: each grade its points, e.g. {优: 10, 良: 5} (``grade_points:`` with a text ``value``)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..compile.plan import fixed
from ..errors import EvaluationError
from ..expr import TEXT, Scope
from ..models.rulebook import Node
from .base import At, Compiling, Earning, fmt, need_value

if TYPE_CHECKING:
    from ..compile.plan import PNode
    from ..engine import UnitRun
    from ..models.result import LedgerEntry

__all__ = ["GRADE_POINTS"]


class GradePoints(Earning[None]):
    key = "grade_points"
    fields = ("grade_points",)
    labels = {"grade_points": "等级分值"}
    needs_value = True
    value_type = TEXT

    def compile(self, c: Compiling, spec: Node, at: At, scope: Scope) -> None:
        return None  # nothing but `value`, which the loader compiles

    def earn(self, u: UnitRun, pn: PNode, full: Decimal, value: str | None, vids: list[str]) -> list[LedgerEntry]:
        value = need_value(value, pn)
        table = {k: fixed(v) for k, v in (pn.spec.grade_points or {}).items()}
        if value not in table:
            raise EvaluationError(f"'{pn.id}' 的等级 '{value}' 在 grade_points 里没有对应分值",
                                  location=pn.loc, hint="grade_points 里有：" + "、".join(table))
        pts = table[value]
        best = max(table.values())
        return [u.entry("award", pts, f"等级“{value}”，得 {fmt(pts)} 分", pn.loc, values={"等级": value}, evidence=vids,
                        exprs=(pn.value,),
                        recover=None if pts >= best else f"评为“{max(table, key=lambda k: table[k])}”可得 {fmt(best)} 分",
                        branch=f"grade:{value}")]

    def branches(self, pn: PNode) -> list[tuple[str, str]]:
        return [(f"grade:{g}", f"等级 {g}") for g in pn.spec.grade_points or {}]


GRADE_POINTS = GradePoints()
