"""B6 酌情扣分: a reviewer's deduction within a range, entered in the unit's reviews file (``discretionary:``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import SchemaError
from ..models.rulebook import Node
from .base import At, Compiling, NodeRule, fmt

if TYPE_CHECKING:
    from ..compile.plan import PNode
    from ..engine._context import UnitRun
    from ..models.result import LedgerEntry

__all__ = ["DISCRETIONARY"]


class Discretionary(NodeRule):
    key = "discretionary"
    fields = ("discretionary",)
    labels = {"discretionary": "酌情扣分"}

    def compile(self, c: Compiling, spec: Node, at: At) -> None:
        if spec.discretionary and spec.discretionary.min > spec.discretionary.max:
            c.err(SchemaError, "discretionary 的 min 大于 max", at + ("discretionary",))

    def entries(self, u: UnitRun, pn: PNode) -> list[LedgerEntry]:
        """The reviewers' deductions on this node (any node may receive them; the range is shown if declared)."""
        s = pn.spec
        out = []
        for r in u.ev.reviews:
            if r.item == pn.id:
                who = f"（{r.reviewer}）" if r.reviewer else ""
                e = u.entry("review", -r.deduct, f"酌情扣分：{r.reason}{who}", pn.loc,
                            values={"范围": f"{fmt(s.discretionary.min)}–{fmt(s.discretionary.max)}"
                                    if s.discretionary else ""}, evidence=[r.record] if r.record else None)
                own = [r.source] if r.source is not None else []  # the reviews.yaml entry first
                out.append(e.model_copy(update={"reviewer": r.reviewer, "sources": own + e.sources}))
        return out


DISCRETIONARY = Discretionary()
