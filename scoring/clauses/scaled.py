"""A11 折算: an imported score scaled into this item (``scaled: {out_of}``, the score in ``value``)."""

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

__all__ = ["SCALED"]


class Scaled(Earning[None]):
    key = "scaled"
    fields = ("scaled",)
    labels = {"scaled": "折算"}
    needs_value = True

    def compile(self, c: Compiling, spec: Node, at: At, scope: Scope) -> None:
        return None  # nothing but `value`, which the loader compiles

    def earn(self, u: UnitRun, pn: PNode, full: Decimal, value: Decimal | None, vids: list[str]) -> list[LedgerEntry]:
        value = need_value(value, pn)
        sc = pn.spec.scaled
        assert sc is not None
        out_of = fixed(sc.out_of)
        pts = full * value / out_of
        return [u.entry("award", pts, f"导入得分 {fmt(value)}/{fmt(out_of)}，折算为 {fmt(pts)} 分（满分 {fmt(full)}）",
                        pn.loc, values={"导入得分": value, "原满分": out_of}, evidence=vids,
                        exprs=(pn.value,),
                        recover=None if pts >= full else f"导入得分达到 {fmt(sc.out_of)} 可得满分",
                        branch="full" if pts >= full else "partial")]

    def branches(self, pn: PNode) -> list[tuple[str, str]]:
        return [("full", "导入得分为满分"), ("partial", "按导入得分折算")]


SCALED = Scaled()
