"""A1 达标得分: full points when a condition holds, none otherwise (``when:`` on an item)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..expr import BOOL, CompiledExpression, Scope
from ..models.rulebook import Node
from .base import ZERO, At, Compiling, Earning, fmt, quoted

if TYPE_CHECKING:
    from ..compile.plan import PNode
    from ..engine import UnitRun
    from ..models.result import LedgerEntry

__all__ = ["WHEN", "WhenSlots"]


@dataclass
class WhenSlots:
    when: CompiledExpression


class When(Earning[WhenSlots]):
    key = "when"
    fields = ("when",)
    labels = {"when": "达标条件"}

    def compile(self, c: Compiling, spec: Node, at: At, scope: Scope) -> WhenSlots | None:
        assert spec.when is not None
        e = c.expr(spec.when, at + ("when",), BOOL, scope)
        return WhenSlots(e) if e else None

    def expressions(self, slots: WhenSlots | None) -> list[CompiledExpression]:
        return [slots.when] if slots else []

    def earn(self, u: UnitRun, pn: PNode, full: Decimal, value: Any, vids: list[str]) -> list[LedgerEntry]:
        e = self.slots(pn).when
        ok = u.eval(e)
        ids = u.touched()
        if ok:
            return [u.entry("award", full, f"达标：{pn.spec.title}，得 {fmt(full)} 分", pn.loc, evidence=ids, exprs=(e,),
                            values={"条件": e.text}, branch="pass")]
        return [u.entry("award", ZERO, f"未达标：{pn.spec.title}，不得分，失 {fmt(full)} 分",
                        pn.loc, evidence=ids, exprs=(e,), values={"条件": e.text},
                        recover=f"做到“{quoted(pn.spec.title)}”可得 {fmt(full)} 分", branch="fail")]

    def branches(self, pn: PNode) -> list[tuple[str, str]]:
        return [("pass", "达标"), ("fail", "未达标")]


WHEN = When()
