"""A6/A8 线性扣分: so much per step below (or above) a target, none past a cut-off (``linear:``); a part step
counts its part, or nothing with ``steps: whole`` (``clauses._steps``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..compile.plan import fixed
from ..errors import EvaluationError, SchemaError
from ..expr import NUMBER, CompiledExpression, Scope
from ..models.rulebook import Node
from ._steps import count_steps, show_for, whole_note, words
from .base import ZERO, At, Compiling, Earning, fmt, inputs, need_value

if TYPE_CHECKING:
    from ..compile.plan import PNode
    from ..engine import UnitRun
    from ..models.result import LedgerEntry

__all__ = ["LINEAR", "LinearSlots"]


@dataclass
class LinearSlots:
    target: CompiledExpression
    zero_at: CompiledExpression | None


class Linear(Earning[LinearSlots]):
    key = "linear"
    fields = ("linear",)
    labels = {"linear": "线性扣分"}
    needs_value = True

    def compile(self, c: Compiling, spec: Node, at: At, scope: Scope) -> LinearSlots | None:
        lin = spec.linear
        assert lin is not None
        target = c.expr(lin.target, at + ("linear", "target"), NUMBER, scope)
        zero_at = c.expr(lin.zero_at, at + ("linear", "zero_at"), NUMBER, scope) if lin.zero_at is not None else None
        if isinstance(lin.target, Decimal) and isinstance(lin.zero_at, Decimal):
            wrong = lin.zero_at >= lin.target if lin.direction == "below" else lin.zero_at <= lin.target
            if wrong:
                side = "低于" if lin.direction == "below" else "高于"
                c.err(SchemaError, f"'{spec.id}' 的 zero_at（{lin.zero_at}）要{side}目标 target（{lin.target}）",
                      at + ("linear", "zero_at"),
                      hint=f"zero_at 是“{side}多少就不得分”的界限，例如 target: 95%、zero_at: 90%")
        return LinearSlots(target, zero_at) if target else None

    def expressions(self, slots: LinearSlots | None) -> list[CompiledExpression]:
        return [e for e in (slots.target, slots.zero_at) if e] if slots else []

    def earn(self, u: UnitRun, pn: PNode, full: Decimal, value: Decimal | None, vids: list[str]) -> list[LedgerEntry]:
        value = need_value(value, pn)
        lin = pn.spec.linear
        assert lin is not None
        slots = self.slots(pn)
        te, ze, ve = slots.target, slots.zero_at, pn.value
        target = u.eval(te)
        zero_at = u.eval(ze) if ze is not None else None
        below = lin.direction == "below"
        if zero_at is not None and ((below and zero_at >= target) or (not below and zero_at <= target)):
            raise EvaluationError(f"'{pn.id}' 的不得分界限 {fmt(zero_at)} 在目标 {fmt(target)} 的错误一侧",
                                  location=ze.location if ze else pn.loc,
                                  hint="direction: below 时 zero_at 要低于 target；above 时要高于 target")
        step, per = fixed(lin.step), fixed(lin.deduct)
        show = show_for(step, target)
        gap = (target - value) if below else (value - target)
        word = "低于" if below else "高于"
        vals = {"数值": value, "目标": target}
        name, parts = inputs(u, te)  # a baseline (前三年平均发案率) or a target computed from facts and parameters
        vals.update({label: v for label, v in parts if isinstance(v, Decimal)})
        goal = f"{name} {show(target)}" if name else f"目标 {show(target)}"
        made = "由 " + "、".join(f"{label} {show(v) if isinstance(v, Decimal) else v}" for label, v in parts) + " 算出；" if (
            parts and not name) else ""
        out = [u.entry("award", full, f"基础分 {fmt(full)} 分", pn.loc, exprs=(te,))]
        if zero_at is not None and ((below and value < zero_at) or (not below and value > zero_at)):
            out.append(u.entry("deduct", -full, f"{show(value)} {word} {show(zero_at)}，不得分", pn.loc, values=vals,
                               evidence=vids, exprs=(ve, ze),
                               recover=f"{pn.spec.title}：达到 {show(target)} 可得满分", branch="zero"))
            return out
        if gap <= 0:
            met = f"达到{goal}" if below or not parts else f"不高于{goal}"
            made_met = f"（{made.removesuffix('；')}）" if made else ""
            out.append(u.entry("deduct", ZERO, f"{show(value)} {met}{made_met}，不扣分", pn.loc, values=vals,
                               evidence=vids, exprs=(ve, te), branch="met"))
            return out
        steps = count_steps(gap, step, lin.steps)
        amount = steps * per
        how = f"{show(value)} {word}{goal}（{made}{'差' if below else '超'} {words(show, gap)}），" \
              f"每{'差' if below else '超'} {words(show, step)}扣 {fmt(per)} 分，"
        if lin.steps == "whole":
            how += whole_note(show, gap, step, steps) + "，"
            if not steps:
                out.append(u.entry("deduct", ZERO, f"{how}不扣分", pn.loc, values={**vals, "整步": steps},
                                   evidence=vids, exprs=(ve, te), branch="within_step"))
                return out
            vals["整步"] = steps
        out.append(u.entry("deduct", -amount, f"{how}扣 {fmt(amount)} 分", pn.loc, values=vals,
                           evidence=vids, exprs=(ve, te),
                           recover=f"{pn.spec.title}：达到 {show(target)} 可挽回 {fmt(min(amount, full))} 分", branch="below"))
        return out

    def branches(self, pn: PNode) -> list[tuple[str, str]]:
        lin = pn.spec.linear
        assert lin is not None
        return [("met", "达到目标"), ("below", "差距扣分")] + (
            [("within_step", "差距不足一整步，不扣分")] if lin.steps == "whole" else []) + (
            [("zero", "超过临界值不得分")] if lin.zero_at is not None else [])


LINEAR = Linear()

