"""A7 按等级: each grade its points, e.g. {优: 10, 良: 5}, or each number its points, e.g. a rank {1: 10, 2: 5, 3: 3}
(``grade_points:`` with a text or number ``value``; keys checked against the value's type, ``clauses._keys``)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from ..compile.plan import fixed
from ..errors import EvaluationError, ExpressionError
from ..expr import NUMBER, TEXT, Scope, compile_expression
from ..models.rulebook import Node
from ._keys import KeyedMap, key_text, keyed_map, lookup_key
from .base import At, Compiling, Earning, fmt, need_value

if TYPE_CHECKING:
    from ..compile.plan import PNode
    from ..engine import UnitRun
    from ..models.result import LedgerEntry

__all__ = ["GRADE_POINTS"]


class GradePoints(Earning[KeyedMap]):
    key = "grade_points"
    fields = ("grade_points",)
    labels = {"grade_points": "等级分值"}
    needs_value = True
    value_type = (TEXT, NUMBER)

    def compile(self, c: Compiling, spec: Node, at: At, scope: Scope) -> KeyedMap | None:
        assert spec.grade_points is not None
        if spec.value is None:
            return None  # the loader has said that value is missing
        text = format(spec.value, "f") if isinstance(spec.value, Decimal) else str(spec.value)
        try:  # the value's type (the loader compiled it and reported its problems already)
            vtype = compile_expression(text, scope, location=c.loc(at + ("value",)), want=(TEXT, NUMBER)).type
        except ExpressionError:
            return None
        name = text.strip()
        fact = c.declared(None, name) if re.fullmatch(r"\w+", name) else None
        return keyed_map(c, spec.grade_points, at + ("grade_points",), vtype, fact, "grade_points",
                         f"单位数据 {name}" if fact is not None else "value")

    def earn(self, u: UnitRun, pn: PNode, full: Decimal, value: object, vids: list[str]) -> list[LedgerEntry]:
        value = need_value(value, pn)
        m = self.slots(pn)
        found = m.get(value)
        shown = key_text(value)
        if found is None:
            raise EvaluationError(f"'{pn.id}' 的{'取值' if m.numeric else '等级'} '{shown}' 在 grade_points 里没有对应分值",
                                  location=pn.loc, hint=f"grade_points 里有：{m.shown()}；补上这个值（不得分就写 0），"
                                                       "或写 default: 分值 作为其余取值的分值")
        table = {k: fixed(v) for k, v in m.table.items()}
        pts = fixed(found)
        best = max(table.values())
        top = max(table, key=lambda k: table[k])
        what = f"取值 {shown}" if m.numeric else f"等级“{shown}”"
        own = m.has(value)
        if not own:
            what += "，grade_points 没有单独列出，按 default"
        return [u.entry("award", pts, f"{what}，得 {fmt(pts)} 分", pn.loc, values={"等级": value}, evidence=vids,
                        exprs=(pn.value,),
                        recover=None if pts >= best else (
                            f"{'取值 ' + key_text(top) if m.numeric else '评为“' + key_text(top) + '”'}可得 {fmt(best)} 分"),
                        branch=f"grade:{key_text(lookup_key(value, m.numeric))}" if own else "grade:default")]

    def branches(self, pn: PNode) -> list[tuple[str, str]]:
        m = pn.slots if isinstance(pn.slots, KeyedMap) else None
        keys = [key_text(k) for k in (m.table if m else pn.spec.grade_points or {})]
        return [(f"grade:{g}", f"等级 {g}") for g in keys] + (
            [("grade:default", "其余取值（default）")] if m is not None and m.default is not None else [])


GRADE_POINTS = GradePoints()
