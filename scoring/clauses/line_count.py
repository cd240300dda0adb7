"""B10, C1 按次数: a counted number of occurrences × amount (``count:`` an expression)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..expr import NUMBER, CompiledExpression, Scope
from ..models.rulebook import Line
from ._amount import amount, fill
from .base import ZERO, At, Compiling, LineKind, fmt

if TYPE_CHECKING:
    from ..compile.plan import PLine
    from ..engine import UnitRun
    from ..models.result import LedgerEntry

__all__ = ["COUNT", "CountSlots"]


@dataclass
class CountSlots:
    count: CompiledExpression


class Count(LineKind[CountSlots]):
    key = "count"
    fields = ("count",)
    labels = {"count": "次数"}

    def compile(self, c: Compiling, spec: Line, at: At, scope: Scope, pl: PLine) -> CountSlots | None:
        e = c.expr(spec.count, at + ("count",), NUMBER, scope)
        return CountSlots(e) if e else None

    def expressions(self, pl: PLine) -> list[CompiledExpression]:
        s = pl.slots if isinstance(pl.slots, CountSlots) else None
        return [e for e in (pl.amount, s.count if s else None) if e]

    def entries(self, u: UnitRun, pl: PLine, sign: Decimal, word: str) -> list[LedgerEntry]:
        spec, count = pl.spec, self.slots(pl).count
        amt = max(ZERO, amount(u, pl, None))
        u.touched()
        n = max(ZERO, u.eval(count))  # a count below 0 counts nothing: a line never changes sign
        ids = u.touched()
        pts = n * amt
        reason = fill(spec.reason, f"{spec.title or count.text} 共 {{n}} 次", n=n, amount=amt)
        return [u.entry(pl.kind, sign * pts, f"{reason}，每次{word} {fmt(amt)} 分，共{word} {fmt(pts)} 分", pl.loc,
                        values={"次数": n, "每次": amt}, evidence=ids, exprs=(count, pl.amount),
                        recover=spec.recover if pl.kind != "bonus" and pts else None)]


COUNT = Count()
