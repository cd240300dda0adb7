"""No way of earning written: the node's full points, less its deductions (B1–B10 on the item)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from ..expr import Scope
from ..models.rulebook import Node
from .base import At, Compiling, Earning, fmt

if TYPE_CHECKING:
    from ..compile.plan import PNode
    from ..engine import UnitRun
    from ..models.result import LedgerEntry

__all__ = ["FULL", "FULL_MARKS"]


class Full(Earning[None]):
    key = ""
    fields: ClassVar[tuple[str, ...]] = ()
    labels: ClassVar[dict[str, str]] = {}

    def present(self, spec: Any) -> bool:
        return False  # chosen when no other way of earning is written

    def compile(self, c: Compiling, spec: Node, at: At, scope: Scope) -> None:
        return None  # nothing but `value`, which the loader compiles

    def earn(self, u: UnitRun, pn: PNode, full: Decimal, value: Any, vids: list[str]) -> list[LedgerEntry]:
        return [u.entry("award", full, f"基础分 {fmt(full)} 分（达标得满分，再按下列扣分）", pn.loc)]

    def branches(self, pn: PNode) -> list[tuple[str, str]]:
        return []  # one way through; its deduction lines have branches of their own


FULL = Full()


class FullMarks(Full):
    """``full_marks: true``: the same, written out (未发现问题的得满分), so ``scoring check`` does not ask."""

    key = "full_marks"
    fields = ("full_marks",)
    labels: ClassVar[dict[str, str]] = {"full_marks": "满分只扣分"}

    def present(self, spec: Any) -> bool:
        return bool(getattr(spec, "full_marks", False))


FULL_MARKS = FullMarks()
