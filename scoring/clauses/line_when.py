"""B6-style one-off lines, C2–C3 加分/扣分: amount once when a condition holds (``when:`` on a line)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..expr import BOOL, CompiledExpression, Scope
from ..models.rulebook import Line
from ._amount import amount, fill
from .base import ZERO, At, Compiling, LineKind, fmt

if TYPE_CHECKING:
    from ..compile.plan import PLine
    from ..engine import UnitRun
    from ..models.result import LedgerEntry

__all__ = ["LINE_WHEN", "LineWhenSlots"]


@dataclass
class LineWhenSlots:
    when: CompiledExpression


class LineWhen(LineKind[LineWhenSlots]):
    key = "when"
    fields = ("when",)
    labels = {"when": "达标条件"}

    def compile(self, c: Compiling, spec: Line, at: At, scope: Scope, pl: PLine) -> LineWhenSlots | None:
        e = c.expr(spec.when, at + ("when",), BOOL, scope)
        return LineWhenSlots(e) if e else None

    def expressions(self, pl: PLine) -> list[CompiledExpression]:
        s = pl.slots if isinstance(pl.slots, LineWhenSlots) else None
        return [e for e in (pl.amount, s.when if s else None) if e]

    def entries(self, u: UnitRun, pl: PLine, sign: Decimal, word: str) -> list[LedgerEntry]:
        spec, when = pl.spec, self.slots(pl).when
        amt = max(ZERO, amount(u, pl, None))
        u.touched()
        hit = u.eval(when)
        ids = u.touched()
        reason = fill(spec.reason, spec.title or when.text, amount=amt, n=Decimal(1 if hit else 0))
        if not hit:
            return [u.entry(pl.kind, ZERO, f"{reason}：不成立，不{word}分", pl.loc, evidence=ids, exprs=(when,))]
        return [u.entry(pl.kind, sign * amt, f"{reason}，{word} {fmt(amt)} 分", pl.loc, evidence=ids,
                        exprs=(when, pl.amount), recover=spec.recover if pl.kind != "bonus" else None)]


LINE_WHEN = LineWhen()
