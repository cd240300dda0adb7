"""The order of a per-record line's adjustments (B7, B8, F5), one home, shown step by step in the ledger.

For each record the line counts:

1. the amount: ``amount`` (a number, per unit type, or an expression) or ``amount_by``;
2. every ``adjust`` with ``add`` whose condition holds, in the rule file's order: ``+ add``;
3. every ``adjust`` with ``times`` whose condition holds, in the rule file's order: ``× times``;
4. the factor chosen for the record (``factors``): the reviewer's choice in reviews.yaml, else the one the
   record's ``factors.field`` names: ``× factor``;
5. below 0 counts as 0 (an adjustment never turns a deduction into a gain).

Additions come before multiplications so that a multiplying adjustment (加倍、减半、剔除) applies to the record's
whole amount: ``(2 + 10) × 0.5 = 6``; a chosen factor comes last, as the reviewer's judgement of the record.
Then ``highest_per`` and the line's ``cap`` (``engine._lines``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..compile.plan import fixed
from ..errors import EvaluationError
from ..expr import CompiledExpression
from ..models.evidence import FactorChoice, Record
from ..models.rulebook import Adjust, Factors
from .base import ZERO, fmt

if TYPE_CHECKING:
    from ..compile.plan import PLine
    from ..engine import UnitRun

__all__ = ["Adjusted", "Step", "adjust_record", "unused_choices"]


@dataclass
class Step:
    op: str  # "+" or "×"
    by: Decimal
    why: str


@dataclass
class Adjusted:
    amount: Decimal
    steps: list[Step]
    note: str | None
    """The steps as the ledger shows them: ``2 分 + 10（再次发生）= 12 分 × 0.5（…）= 6 分``, or None."""
    factor: str | None = None
    choice: FactorChoice | None = None


def _chosen(u: UnitRun, pl: PLine, rec: Record, f: Factors) -> tuple[str, FactorChoice | None] | None:
    review = next((x for x in u.ev.factors if x.line == pl.id and x.record == rec.id), None)
    if review is not None:
        return review.factor, review
    if f.field is None:
        return None
    v = rec.values.get(f.field)
    if v is None or v == "":
        return None
    return str(v), None


def adjust_record(u: UnitRun, pl: PLine, rec: Record, amount: Decimal,
                  adjust: list[tuple[CompiledExpression, Adjust]]) -> Adjusted:
    """The record's amount after its adjustments, in the documented order, with the steps."""
    held = [adj for cond, adj in adjust if u.eval(cond, rec)]
    steps = [Step("+", fixed(a.add), a.reason or "") for a in held if a.add is not None]
    steps += [Step("×", fixed(a.times), a.reason or "") for a in held if a.times is not None]
    f = pl.spec.factors
    name: str | None = None
    choice: FactorChoice | None = None
    if f is not None and (picked := _chosen(u, pl, rec, f)) is not None:
        name, choice = picked
        if name not in f.choices:
            said = f"考核组为记录 {rec.id} 选定的系数" if choice is not None else f"记录 {rec.id} 的 {f.field} "
            raise EvaluationError(
                f"{said}是 '{name}'，不是行 '{pl.id}' 声明的调整系数（规则在 {pl.loc}）",
                location=(choice.source if choice is not None else None) or rec.source,
                hint="可选：" + "、".join(f.choices) + "；改正这条记录，或在规则的 factors 里声明它")
        if choice is not None:
            who = f"考核组选定“{name}”：{choice.reason}" + (f"（{choice.reviewer}）" if choice.reviewer else "")
        else:
            who = f"记录填报“{name}”"
        steps.append(Step("×", fixed(f.choices[name]), who))
    value = amount
    note = None
    if steps:  # the common line has none: nothing to show
        shown = [f"{fmt(amount)} 分"]
        for s in steps:
            value = value + s.by if s.op == "+" else value * s.by
            op = f"− {fmt(-s.by)}" if s.op == "+" and s.by < 0 else f"{s.op} {fmt(s.by)}"
            shown.append(f"{op}{f'（{s.why}）' if s.why else ''} = {fmt(value)} 分")
        note = " ".join(shown)
    if value < 0:
        note = f"{note}，按 0 计" if note else f"金额为 {fmt(value)}，按 0 计"
        value = ZERO
    return Adjusted(value, steps, note, name, choice)


def unused_choices(u: UnitRun, pl: PLine, used: set[str]) -> None:
    """A reviewer's choice for a record this line did not count is an error at the choice, never dropped."""
    for x in u.ev.factors:
        if x.line != pl.id or x.record in used:
            continue
        gone = next((t for t in u.share.passed_on if t.record == x.record), None)
        if gone is not None:
            raise EvaluationError(
                f"考核组为记录 '{x.record}' 选定的调整系数“{x.factor}”用不上：这条记录的计入单位是“{gone.charged_to}”，"
                "不在本单位计分", location=x.source or pl.loc,
                hint="删掉 reviews.yaml 里的这条意见；记录在计入单位按这一行未调整的分值计")
        raise EvaluationError(
            f"考核组为记录 '{x.record}' 在行 '{pl.id}' 上选定的调整系数“{x.factor}”用不上：这一行没有计入这条记录",
            location=x.source or pl.loc,
            hint="这一行只调整符合 where 条件、在考核期内、未被核查为不属实的记录；核对 reviews.yaml 里的 record")
