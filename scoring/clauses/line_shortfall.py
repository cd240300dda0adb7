"""B1 每少一次扣: (required − actual) × amount (``shortfall: {required, actual}``)."""

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

__all__ = ["SHORTFALL", "ShortfallSlots"]


@dataclass
class ShortfallSlots:
    required: CompiledExpression
    actual: CompiledExpression


class Shortfall(LineKind[ShortfallSlots]):
    key = "shortfall"
    fields = ("shortfall",)
    labels = {"shortfall": "每少一次"}

    def compile(self, c: Compiling, spec: Line, at: At, scope: Scope, pl: PLine) -> ShortfallSlots | None:
        assert spec.shortfall is not None
        required = c.expr(spec.shortfall.required, at + ("shortfall", "required"), NUMBER, scope)
        actual = c.expr(spec.shortfall.actual, at + ("shortfall", "actual"), NUMBER, scope)
        return ShortfallSlots(required, actual) if required and actual else None

    def expressions(self, pl: PLine) -> list[CompiledExpression]:
        s = pl.slots if isinstance(pl.slots, ShortfallSlots) else None
        return [e for e in (pl.amount, s.required if s else None, s.actual if s else None) if e]

    def entries(self, u: UnitRun, pl: PLine, sign: Decimal, word: str) -> list[LedgerEntry]:
        spec, slots = pl.spec, self.slots(pl)
        amt = max(ZERO, amount(u, pl, None))
        u.touched()
        required = u.eval(slots.required)
        actual = u.eval(slots.actual)
        ids = u.touched()
        n = max(ZERO, required - actual)
        pts = n * amt
        vals = {"要求": required, "实际": actual, "每次": amt}
        if n == 0:
            return [u.entry(pl.kind, ZERO, f"要求 {fmt(required)}，实际 {fmt(actual)}，已达到，不{word}分", pl.loc,
                            values=vals, evidence=ids, exprs=(slots.required, slots.actual))]
        reason = fill(spec.reason, "要求 {required}，实际 {actual}，少 {n}", required=required, actual=actual,
                      n=n, amount=amt)
        return [u.entry(pl.kind, sign * pts, f"{reason}，每少 1 {word} {fmt(amt)} 分，共{word} {fmt(pts)} 分", pl.loc,
                        values=vals, evidence=ids, exprs=(slots.required, slots.actual, pl.amount),
                        recover=spec.recover or (f"再完成 {fmt(n)} 次可挽回 {fmt(pts)} 分" if pl.kind != "bonus" else None))]


SHORTFALL = Shortfall()
