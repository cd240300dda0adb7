"""按期计数的扣分（加分）行: 每月不少于 2 次，每缺一个月扣 1 分 (``per_period:`` on a line).

A deduction or penalty line takes ``amount`` for each period that falls short; a bonus line gives it for each
period that is met. One ledger entry names the periods that fall short and how many records each had.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..errors import SchemaError
from ..expr import CompiledExpression, Scope
from ..models.rulebook import Line
from ._amount import amount, fill
from ._periodic import PeriodSlots, compile_periods, count_periods
from .base import ZERO, At, Compiling, LineKind, fmt

if TYPE_CHECKING:
    from ..compile.plan import PLine
    from ..engine import UnitRun
    from ..models.result import LedgerEntry

__all__ = ["LINE_PER_PERIOD"]


class LinePerPeriod(LineKind[PeriodSlots]):
    key = "per_period"
    fields = ("per_period",)
    labels = {"per_period": "按期计数"}

    def compile(self, c: Compiling, spec: Line, at: At, scope: Scope, pl: PLine) -> PeriodSlots | None:
        assert spec.per_period is not None
        if spec.per_period.per is not None:
            c.err(SchemaError, "扣分（加分）行的按期计数不写 per：每个不足（加分时是每个达到）的期计一次 amount",
                  at + ("per_period", "per"), hint="删去 per，写 amount: 每期的分数；per 只用于条目的得分方式 per_period")
        slots = compile_periods(c, spec.per_period, at, scope)
        if slots is not None:
            pl.rtype = slots.rtype
        return slots

    def expressions(self, pl: PLine) -> list[CompiledExpression]:
        s = pl.slots if isinstance(pl.slots, PeriodSlots) else None
        return [e for e in (pl.amount, s.where if s else None, s.at_least if s else None) if e]

    def entries(self, u: UnitRun, pl: PLine, sign: Decimal, word: str) -> list[LedgerEntry]:
        spec, slots = pl.spec, self.slots(pl)
        amt = max(ZERO, amount(u, pl, None))
        pc = count_periods(u, slots)
        u.touched()
        short, total = pc.short, len(pc.counts)
        bonus = pl.kind == "bonus"
        n = Decimal(pc.met if bonus else len(short))
        pts = n * amt
        head = fill(spec.reason, spec.title or pc.rule, n=n, required=pc.at_least, amount=amt)
        vals = {"期数": Decimal(total), "达到": Decimal(pc.met), "不足": Decimal(len(short)), "每期至少": pc.at_least,
                "每期": amt}
        exprs = (slots.where, slots.at_least, pl.amount)
        if not short:
            text = f"{head}：{total} {pc.unit}都达到 {fmt(pc.at_least)} 次"
        else:
            text = f"{head}：{pc.names(short)}不足 {fmt(pc.at_least)} 次（{pc.detail(short)}）"
        if bonus:
            text += f"，达到的 {fmt(n)} {pc.unit}每{pc.unit[1:]}加 {fmt(amt)} 分，共加 {fmt(pts)} 分" if n else "，不加分"
        else:
            text += f"，每缺 1 {pc.unit}{word} {fmt(amt)} 分，共{word} {fmt(pts)} 分" if n else f"，不{word}分"
        recover = None
        if short and not bonus and pts:
            recover = spec.recover or f"{pc.names(short)}各要达到 {fmt(pc.at_least)} 次"
        return [u.entry(pl.kind, sign * pts, text, pl.loc, values=vals, evidence=pc.evidence, exprs=exprs,
                        recover=recover)]


LINE_PER_PERIOD = LinePerPeriod()
