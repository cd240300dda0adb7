"""基础分: a declared base, then the node's bonus lines and deductions, capped at its points (``base:``)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..compile.plan import fixed
from ..expr import Scope
from ..models.rulebook import Node
from .base import At, Compiling, Earning, fmt

if TYPE_CHECKING:
    from ..compile.plan import PNode
    from ..engine import UnitRun
    from ..models.result import LedgerEntry

__all__ = ["BASE"]


class BasePoints(Earning[None]):
    key = "base"
    fields = ("base",)
    labels = {"base": "基础分"}

    def compile(self, c: Compiling, spec: Node, at: At, scope: Scope) -> None:
        return None  # a number (per unit type, resolved in each type's plan)

    def earn(self, u: UnitRun, pn: PNode, full: Decimal, value: Any, vids: list[str]) -> list[LedgerEntry]:
        assert pn.spec.base is not None
        base = fixed(pn.spec.base)
        return [u.entry("award", base, f"基础分 {fmt(base)} 分（先加分、再扣分，最后按分值 {fmt(full)} 分封顶）", pn.loc,
                        values={"基础分": base}, branch="base")]

    def branches(self, pn: PNode) -> list[tuple[str, str]]:
        return [("base", "基础分")]


BASE = BasePoints()
