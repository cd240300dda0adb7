"""B2 每少一次扣: (required − actual) ÷ step × amount (``shortfall: {required, actual, step, steps}``); ``step`` is 1
unless written, and ``steps: whole`` counts whole steps only (``clauses._steps``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..compile.plan import fixed
from ..expr import NUMBER, CompiledExpression, Scope
from ..models.rulebook import Line
from ._amount import amount, fill
from ._steps import count_steps, show_for, whole_note, words
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
        short = max(ZERO, required - actual)
        sf = spec.shortfall
        assert sf is not None
        step = fixed(sf.step)
        n = count_steps(short, step, sf.steps)
        pts = n * amt
        vals = {"要求": required, "实际": actual, "每次": amt}
        if short == 0:
            return [u.entry(pl.kind, ZERO, f"要求 {fmt(required)}，实际 {fmt(actual)}，已达到，不{word}分", pl.loc,
                            values=vals, evidence=ids, exprs=(slots.required, slots.actual))]
        reason = fill(spec.reason, "要求 {required}，实际 {actual}，少 {n}", required=required, actual=actual,
                      n=short, amount=amt)
        again = f"再完成 {fmt(short)} 次"
        if step == 1 and sf.steps == "prorated":  # the first edition's sentence
            how = f"每少 1 {word} {fmt(amt)} 分"
        else:
            show = show_for(step, required)
            how = f"每少 {words(show, step)}{word} {fmt(amt)} 分，" + (
                whole_note(show, short, step, n) if sf.steps == "whole" else f"合 {fmt(n)} 次")
            vals["次数"] = n
            again = f"达到要求 {show(required)} "
        if not pts:
            return [u.entry(pl.kind, ZERO, f"{reason}，{how}，不{word}分", pl.loc, values=vals, evidence=ids,
                            exprs=(slots.required, slots.actual), branch=f"line:{pl.id}:within_step")]
        return [u.entry(pl.kind, sign * pts, f"{reason}，{how}，共{word} {fmt(pts)} 分", pl.loc,
                        values=vals, evidence=ids, exprs=(slots.required, slots.actual, pl.amount),
                        recover=spec.recover or (f"{again}可挽回 {fmt(pts)} 分" if pl.kind != "bonus" else None))]

    def branches(self, pl: PLine, word: str, label: str) -> list[tuple[str, str]]:
        whole = pl.spec.shortfall is not None and pl.spec.shortfall.steps == "whole"
        return super().branches(pl, word, label) + (
            [(f"line:{pl.id}:within_step", f"差距不足一整步，不{word}：{label}")] if whole else [])

SHORTFALL = Shortfall()
