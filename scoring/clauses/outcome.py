"""Non-point outcomes (#15 item 6): 表彰 (commendation), 奖励金额 (reward), 提请关注 (a flag for leaders).

A structural concept of the rule language, not a way of earning: an ``outcomes:`` list on a category or an item,
or at the rulebook's top level. Each outcome has a condition in the expression language, which may also name
``points`` and ``max_points`` (the node's, or at the top level the unit's total and maximum) and, at the top
level, ``grade``; a reward has an exact ``amount`` (a number, a number per unit type, or an expression) and a
``unit`` (元). Outcomes are evaluated after the points, never change them, and are listed in the result
(``ScoreResult.outcomes``), every report and the leaderboard.

This module owns the whole concept: its checks and compile step (``compile_outcomes``), its evaluation
(``outcome_results``), its ``scoring test`` branches (``branches``) and its ``scoring diff`` label (``LABELS``).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..compile.plan import Plan, POutcome
from ..errors import EvaluationError, SchemaError
from ..expr import BOOL, NUMBER, NameInfo, Scope, Type
from ..models.result import OutcomeResult
from ..models.rulebook import Outcome, Rulebook
from .base import At, Compiling, fmt

if TYPE_CHECKING:
    from ..engine import UnitRun

__all__ = ["LABELS", "NAMES", "branches", "compile_outcomes", "outcome_results"]

LABELS = {"outcomes": "非分值结果（表彰、奖励、提请关注）"}
"""What ``scoring diff`` calls the field, on a node and at the rulebook's top level."""
NAMES = {"points": "得分", "max_points": "满分", "grade": "等次"}
"""The names an outcome's condition may use besides facts, parameters and evidence."""


def _scope(book: Rulebook, scope: Scope, top: bool) -> Scope:
    extra = {"points": NameInfo("points", NUMBER, "unit", label="得分"),
             "max_points": NameInfo("max_points", NUMBER, "unit", label="满分")}
    if top:
        grades = tuple(dict.fromkeys(g.grade for g in book.grades)) or None
        extra["grade"] = NameInfo("grade", Type("text", choices=grades), "unit", label="等次")
    return replace(scope, names={**scope.names, **extra})


def compile_outcomes(c: Compiling, book: Rulebook, specs: list[Outcome], at: At, scope: Scope,
                     node: str | None, seen: dict[str, Any]) -> list[POutcome]:
    """Check and compile the outcomes at ``at`` (a node's ``outcomes`` or the rulebook's); ``seen`` holds the
    outcome ids met so far (they are unique across the rulebook, like item ids)."""
    out: list[POutcome] = []
    if not specs:
        return out
    here_scope = _scope(book, scope, node is None)
    for i, spec in enumerate(specs):
        where = at + (i,)
        if spec.id in seen:
            c.err(SchemaError, f"非分值结果 id '{spec.id}' 重复（第一次出现在 {seen[spec.id]}）", where + ("id",),
                  hint="每个表彰、奖励、提请关注的 id 都要不同")
        else:
            seen[spec.id] = c.loc(where + ("id",))
        po = POutcome(spec, spec.id, node, c.loc(where, value=False))
        po.when = c.expr(spec.when, where + ("when",), BOOL, here_scope)
        for n in sorted(po.when.names if po.when is not None else ()):
            if n in NAMES and n in scope.names:  # the rulebook's own fact or parameter of that name
                c.err(SchemaError, f"非分值结果 '{spec.id}' 的条件用了 {n}：它在这里指{NAMES[n]}，但规则文件里也有叫 {n} "
                      "的单位数据或参数", where + ("when",),
                      hint=f"给那个单位数据或参数换个名字；在 outcomes 的条件里 {n} 总是指{NAMES[n]}")
        if spec.amount is not None:
            if isinstance(spec.amount, Decimal) and spec.amount < 0:
                c.err(SchemaError, f"奖励 '{spec.id}' 的金额是 {fmt(spec.amount)}，不能是负数", where + ("amount",),
                      hint="奖励金额写正数，例如 amount: 5000；要扣分请写在 deductions 里")
            po.amount = c.expr(spec.amount, where + ("amount",), NUMBER, here_scope)
        out.append(po)
    return out


def branches(po: POutcome) -> list[tuple[str, str]]:
    """``scoring test`` coverage: an outcome granted, and not granted."""
    word = po.spec.word
    return [(f"outcome:{po.id}:granted", f"得到{word}：{po.spec.label}"),
            (f"outcome:{po.id}:not", f"未得到{word}：{po.spec.label}")]


def outcome_results(u: UnitRun, plan: Plan, nodes: dict[str, tuple[bool, Decimal, Decimal]], total: Decimal,
                    max_total: Decimal, grade: str | None) -> list[OutcomeResult]:
    """Every outcome that applies to this unit, in rule-file order (nodes first, then the top level).

    ``nodes`` maps a node id to (applies, points, maximum); an outcome of a node that does not apply is left out."""
    out: list[OutcomeResult] = []
    for pn in plan.nodes():
        applies, points, most = nodes.get(pn.id, (False, Decimal(0), Decimal(0)))
        if applies:
            out += [_one(u, po, points, most, None, pn.spec.title) for po in pn.outcomes]
    out += [_one(u, po, total, max_total, grade or "", None) for po in plan.outcomes]
    return out


def _one(u: UnitRun, po: POutcome, points: Decimal, most: Decimal, grade: str | None,
         title: str | None) -> OutcomeResult:
    spec = po.spec
    saved = {k: u.ctx.vars.get(k) for k in NAMES}
    u.ctx.vars.update({"points": points, "max_points": most, **({"grade": grade} if grade is not None else {})})
    try:
        if po.when is None:
            raise EvaluationError(f"'{spec.id}' 的条件没有编译", location=po.loc)
        granted = bool(u.eval(po.when))
        ids = u.touched()
        amount = None
        if granted and spec.kind == "reward":
            if po.amount is None:
                raise EvaluationError(f"奖励 '{spec.id}' 的金额按单位类型写，但这个单位没有类型", location=po.loc,
                                      hint="在 unit.yaml 里写 type:，或把 amount 写成一个数")
            amount = u.eval(po.amount)
            ids += u.touched()
            if amount < 0:
                raise EvaluationError(f"奖励 '{spec.id}' 的金额算出来是 {fmt(amount)}，不能是负数",
                                      location=po.amount.location, hint="检查 amount 的表达式")
    finally:
        for k, v in saved.items():
            if v is None:
                u.ctx.vars.pop(k, None)
            else:
                u.ctx.vars[k] = v
    used = po.when.names | (po.amount.names if po.amount is not None and granted else set())
    values = {"条件": po.when.text}
    if "points" in used:
        values["得分"] = fmt(points)
    if "max_points" in used:
        values["满分"] = fmt(most)
    if "grade" in used and grade is not None:
        values["等次"] = grade or "（无）"
    for name in sorted(used):
        info = u.plan.scope.names.get(name)
        if info is not None and name not in NAMES and name in u.ctx.vars:
            values[info.label or name] = fmt(u.ctx.vars[name]) if isinstance(u.ctx.vars[name], Decimal) else str(
                u.ctx.vars[name])
    money = f" {fmt(amount)} {spec.money_unit}" if amount is not None else ""
    if granted:
        reason = f"{spec.word}：{spec.label}{money}" + (f"（{spec.reason}）" if spec.reason else "")
    else:
        reason = f"未达到{spec.word}“{spec.label}”的条件" + (f"（{spec.reason}）" if spec.reason else "")
    entry = u.entry("award", Decimal(0), reason, po.loc, evidence=ids)  # for the records' sources and types
    return OutcomeResult(id=spec.id, kind=spec.kind, label=spec.label, node=po.node, node_title=title,
                         granted=granted, note=spec.reason, amount=amount, unit=spec.money_unit if amount is not None else None,
                         reason=reason, values=values, rule=po.loc, evidence=entry.evidence, sources=entry.sources,
                         types=entry.types)
