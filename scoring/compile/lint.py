"""``scoring check``'s twin: every problem of a rule file, errors and warnings, without evidence.

    >>> problems = scoring.check_rulebook("rules/2023/x-county-fulian.yaml")
    >>> [p for p in problems if p.severity == "error"]
    []

The loader finds the errors (YAML, keys, types, expressions, names, duplicate ids) and some warnings
(children's points not adding up, unreachable maxima, same titles, unused evidence types). This module
adds the checks that need the whole plan: a deduction that can take more than its item has.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ..errors import ErrorGroup, RulebookError, ScoringError
from ..values import decimal_text
from .compiler import load_rulebook, plan_of
from .plan import Plan, PLine, fixed

__all__ = ["check_rulebook", "lint_plan"]


def check_rulebook(path: str | Path) -> list[ScoringError]:
    """Every problem found in the rule file at ``path``, errors first then warnings, each in file order.

    An empty list means the file is fine. Problems with ``severity == "warning"`` do not stop scoring.
    """
    try:
        book = load_rulebook(path)
    except ScoringError as e:
        return _sorted(e.errors if isinstance(e, ErrorGroup) else [e])
    plan = plan_of(book)
    return _sorted(list(plan.warnings) + lint_plan(plan) + _list_commas(plan))


_LIST_COMMAS = "，、"


def _list_commas(plan: Plan) -> list[ScoringError]:
    """A choice written ``[乡，镇]``: YAML splits a ``[ ]`` list at ASCII commas only, so this is one choice."""
    book = plan.rulebook
    lists: list[tuple[tuple[object, ...], list[str]]] = [(("unit_types",), list(book.unit_types or []))]
    for tname, et in book.evidence.items():
        for fname, spec in et.fields.items():
            lists.append((("evidence", tname, "fields", fname, "values"), [str(v) for v in spec.values or []]))
    for fname, spec in book.facts.items():
        lists.append((("facts", fname, "values"), [str(v) for v in spec.values or []]))
    out: list[ScoringError] = []
    for at, values in lists:
        for i, v in enumerate(values):
            mark = next((c for c in _LIST_COMMAS if c in v), None)
            if mark is None:
                continue
            parts = [x.strip() for x in v.replace("、", "，").split("，") if x.strip()]
            loc = plan.positions.get(at + (i,)) or plan.positions.get(at) or plan.loc
            out.append(RulebookError(
                f"可选值 '{v}' 里有中文的“{mark}”：[ ] 列表只按英文逗号分开，这里被读成了 1 个值，而不是 {len(parts)} 个",
                location=loc, severity="warning",
                hint="如果是几个可选值，请用英文逗号加空格分开，例如 [" + ", ".join(parts) + "]；"
                     "如果这个值本来就含有这个标点，可以不改"))
    return out


def _sorted(errs: list[ScoringError]) -> list[ScoringError]:
    def key(e: ScoringError) -> tuple[int, str, int, int]:
        loc = e.location
        return (e.severity == "warning", loc.path if loc else "", (loc.line or 0) if loc else 0,
                (loc.col or 0) if loc else 0)

    return sorted(errs, key=key)


def _number(plan: Plan, v: object) -> Decimal | None:
    """A constant amount or count: a number, or the name of a numeric parameter."""
    if isinstance(v, Decimal | int) and not isinstance(v, bool):
        return Decimal(v)
    if isinstance(v, str):
        text = v.strip()
        if text in plan.scope.names and plan.scope.names[text].kind == "param":
            value = plan.scope.names[text].value
            return value if isinstance(value, Decimal) else None
        try:
            return Decimal(text)
        except ArithmeticError:
            return None
    return None


def _most(plan: Plan, ln: PLine) -> tuple[Decimal, str] | None:
    """The most a deduction line can take, with how, when that is known from the rule file alone."""
    s = ln.spec
    amounts = [fixed(v) for v in s.amount_by.map.values()] if s.amount_by else [_number(plan, s.amount)]
    if any(a is None for a in amounts) or not amounts:
        return None
    amount = max(a for a in amounts if a is not None)
    if s.shortfall is not None:
        required = _number(plan, s.shortfall.required)
        if required is None:
            return None
        most = required * amount
        how = f"最多少 {decimal_text(required)} 次 × 每次 {decimal_text(amount)} 分 = {decimal_text(most)} 分"
    elif s.when is not None:
        most, how = amount, f"一次扣 {decimal_text(amount)} 分"
    elif s.per_record is not None:
        most, how = amount, f"一条记录就扣 {decimal_text(amount)} 分"
    else:
        return None
    if s.cap is not None and fixed(s.cap) < most:
        cap = fixed(s.cap)
        return None if cap <= 0 else (cap, f"本行上限 {decimal_text(cap)} 分")
    return most, how


def lint_plan(plan: Plan) -> list[ScoringError]:
    """Warnings about a compiled rulebook beyond what the loader reports."""
    out: list[ScoringError] = []
    if plan.typed:  # numbers differ by unit type: check each type's plan, name the types a warning is about
        seen: dict[tuple[str, str], tuple[ScoringError, list[str]]] = {}
        for t, tp in plan.typed.items():
            for w in lint_plan(tp):
                seen.setdefault((w.message, str(w.location)), (w, []))[1].append(t)
        for w, ts in seen.values():
            if len(ts) < len(plan.typed):
                w.message = f"{w.message}（{'、'.join(ts)}）"
                w.args = (w.message,)
            out.append(w)
        return out
    for node in plan.nodes():
        if node.spec.max_deduction is not None or node.spec.base is not None or node.spec.bonuses:
            continue
        points = fixed(node.spec.points)
        for ln in node.lines:
            found = _most(plan, ln)
            if found is None or found[0] <= points:
                continue
            most, how = found
            out.append(RulebookError(
                f"'{node.id}' 的扣分可能超过本项分值：{how}，而本项只有 {decimal_text(points)} 分", location=ln.loc,
                severity="warning", rule_id=node.id,
                hint=f"超出的部分按“扣完为止”不扣，本项最低 {decimal_text(fixed(node.spec.floor))} 分；"
                     f"如果细则就是这样，可以不改，或写 max_deduction: {decimal_text(points)} 说明上限"))
    return out
