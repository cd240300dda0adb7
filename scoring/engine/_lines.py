"""Deduction, bonus and penalty lines (clause types B1–B10, C1–C3).

A line yields one ledger entry per occurrence it can name (per record), or one
entry for a computed count; its ``cap`` adds a restoring entry. Signs: deductions
and penalties are negative, bonuses positive.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .._plan import PLine, fixed
from ..errors import EvaluationError
from ..models.evidence import Record
from ..models.result import LedgerEntry
from ._context import UnitRun, describe, fmt
from ._tiers import shower, tier_test

__all__ = ["line_entries"]

ZERO = Decimal(0)
_WORD = {"deduct": "扣", "penalty": "扣", "bonus": "加"}


def _fill(template: str | None, default: str, **kw: Any) -> str:
    text = template or default
    try:
        return text.format(**{k: fmt(v) if not isinstance(v, str) else v for k, v in kw.items()})
    except (KeyError, IndexError, ValueError):
        return text


def line_entries(u: UnitRun, pl: PLine) -> list[LedgerEntry]:
    sign = Decimal(1) if pl.kind == "bonus" else Decimal(-1)
    word = _WORD[pl.kind]
    if pl.rtype is not None:
        entries = _per_record(u, pl, sign, word)
    elif pl.spec.tiers is not None:
        entries = _tiered(u, pl, sign, word)
    else:
        entries = _aggregate(u, pl, sign, word)
    cap = fixed(pl.spec.cap) if pl.spec.cap is not None else None
    total = sum((e.points for e in entries), ZERO)
    if cap is not None and abs(total) > cap:
        over = abs(total) - cap
        entries.append(u.entry("cap", -sign * over, f"本行最多{word} {fmt(cap)} 分，超出的 {fmt(over)} 分不计", pl.loc,
                               values={"封顶": cap}))
    return entries


def _amount(u: UnitRun, pl: PLine, rec: Record | None) -> Decimal:
    by = pl.spec.amount_by
    if by is not None:
        assert rec is not None
        key = rec.values.get(by.field)
        if key not in by.map:
            raise EvaluationError(
                f"'{pl.id}' 的 amount_by 没有为 {by.field} = '{key}' 规定分值（证据记录 {rec.id}，来自 {rec.source}）",
                location=pl.loc, hint="在 amount_by.map 里补上这个取值（不扣分就写 0）")
        return fixed(by.map[key])
    assert pl.amount is not None
    amt: Decimal = u.eval(pl.amount, rec)
    return amt


def _per_record(u: UnitRun, pl: PLine, sign: Decimal, word: str) -> list[LedgerEntry]:
    spec = pl.spec
    hits: list[tuple[Record, Decimal, list[str]]] = []
    assert pl.rtype is not None
    for rec in u.counted[pl.rtype]:
        if pl.where is not None and not u.eval(pl.where, rec):
            continue
        amt = _amount(u, pl, rec)
        notes = []
        for cond, adj in pl.adjust:
            if u.eval(cond, rec):
                if adj.times is not None:
                    amt = amt * fixed(adj.times)
                    notes.append(adj.reason or f"×{fmt(fixed(adj.times))}")
                else:
                    assert adj.add is not None
                    amt = amt + fixed(adj.add)
                    notes.append(adj.reason or f"+{fmt(fixed(adj.add))}")
        if amt < 0:  # an adjustment (add: -3) or a negative amount never turns a deduction into a gain
            notes.append(f"调整后为 {fmt(amt)}，按 0 计")
            amt = ZERO
        hits.append((rec, amt, notes))
    dropped: set[str] = set()
    if spec.highest_per is not None:
        best: dict[Any, tuple[Record, Decimal, list[str]]] = {}
        for h in hits:
            k = h[0].values.get(spec.highest_per)
            if k is None or k == "":
                k = ("<blank>", h[0].id)  # records without a project are not "the same project"
            if k not in best or h[1] > best[k][1]:
                best[k] = h
        keep = {id(v[0]) for v in best.values()}
        dropped = {h[0].id for h in hits if id(h[0]) not in keep}
    out = []
    for rec, amt, notes in hits:
        desc = describe(rec)
        template = spec.reason or spec.title or ""
        reason = _fill(template, "", record=desc, amount=amt, n=Decimal(1))
        if "{record}" not in template:
            reason = f"{reason}：{desc}" if reason else desc
        if rec.id in dropped:
            assert spec.highest_per is not None  # records are only dropped under highest_per
            field = u.plan.rulebook.evidence[pl.rtype].fields[spec.highest_per]
            out.append(u.entry(pl.kind, ZERO, f"{reason}：同一{field.label or spec.highest_per}就高不重复，不再{word}分", pl.loc,
                               evidence=[rec.id]))
            continue
        extra = f"（{'；'.join(notes)}）" if notes else ""
        out.append(u.entry(pl.kind, sign * amt, f"{reason}，{word} {fmt(amt)} 分{extra}", pl.loc,
                           values={"分值": amt}, evidence=[rec.id], exprs=(pl.where, pl.amount),
                           recover=(spec.recover or f"整改或核实记录 {rec.id}") if pl.kind != "bonus" and amt else None))
    return out


def _tiered(u: UnitRun, pl: PLine, sign: Decimal, word: str) -> list[LedgerEntry]:
    """A tiered line (8.3): the first tier that matches gives the amount; none matching, nothing."""
    spec = pl.spec
    tiers = spec.tiers or []
    ids: list[str] = []
    value = None
    if pl.value is not None:
        value = u.eval(pl.value)
        ids += u.touched()
    show = shower(tiers)
    title = spec.title or spec.reason or (pl.value.text if pl.value is not None else pl.id)
    vals = {"数值": value} if value is not None else {}
    for i, (cond, tier) in enumerate(pl.tiers):
        hit, test = tier_test(u, tier, cond, value, show, ids)
        if hit:
            amount = max(ZERO, fixed(tier.amount))
            label = f"（{tier.label}）" if tier.label else ""
            return [u.entry(pl.kind, sign * amount, f"{title}：第 {i + 1} 档{label}：{test}，{word} {fmt(amount)} 分",
                            pl.loc, values=vals, evidence=ids, exprs=(pl.value, cond),
                            recover=spec.recover if pl.kind != "bonus" and amount else None, branch=f"tier:{i}")]
    shown = f"（{show(value)}）" if value is not None else ""
    return [u.entry(pl.kind, ZERO, f"{title}{shown}：不在任何一档，不{word}分", pl.loc, values=vals, evidence=ids,
                    exprs=(pl.value,), branch="tier:none")]


def _aggregate(u: UnitRun, pl: PLine, sign: Decimal, word: str) -> list[LedgerEntry]:
    spec = pl.spec
    amount = max(ZERO, _amount(u, pl, None))
    u.touched()
    if pl.required is not None and pl.actual is not None:
        required = u.eval(pl.required)
        actual = u.eval(pl.actual)
        ids = u.touched()
        n = max(ZERO, required - actual)
        pts = n * amount
        vals = {"要求": required, "实际": actual, "每次": amount}
        if n == 0:
            return [u.entry(pl.kind, ZERO, f"要求 {fmt(required)}，实际 {fmt(actual)}，已达到，不{word}分", pl.loc,
                            values=vals, evidence=ids, exprs=(pl.required, pl.actual))]
        reason = _fill(spec.reason, "要求 {required}，实际 {actual}，少 {n}", required=required, actual=actual,
                       n=n, amount=amount)
        return [u.entry(pl.kind, sign * pts, f"{reason}，每少 1 {word} {fmt(amount)} 分，共{word} {fmt(pts)} 分", pl.loc,
                        values=vals, evidence=ids, exprs=(pl.required, pl.actual, pl.amount),
                        recover=spec.recover or (f"再完成 {fmt(n)} 次可挽回 {fmt(pts)} 分" if pl.kind != "bonus" else None))]
    if pl.count is not None:
        n = max(ZERO, u.eval(pl.count))  # a count below 0 counts nothing: a line never changes sign
        ids = u.touched()
        pts = n * amount
        reason = _fill(spec.reason, f"{spec.title or pl.count.text} 共 {{n}} 次", n=n, amount=amount)
        return [u.entry(pl.kind, sign * pts, f"{reason}，每次{word} {fmt(amount)} 分，共{word} {fmt(pts)} 分", pl.loc,
                        values={"次数": n, "每次": amount}, evidence=ids, exprs=(pl.count, pl.amount),
                        recover=spec.recover if pl.kind != "bonus" and pts else None)]
    assert pl.when is not None
    hit = u.eval(pl.when)
    ids = u.touched()
    reason = _fill(spec.reason, spec.title or pl.when.text, amount=amount, n=Decimal(1 if hit else 0))
    if not hit:
        return [u.entry(pl.kind, ZERO, f"{reason}：不成立，不{word}分", pl.loc, evidence=ids, exprs=(pl.when,))]
    return [u.entry(pl.kind, sign * amount, f"{reason}，{word} {fmt(amount)} 分", pl.loc, evidence=ids,
                    exprs=(pl.when, pl.amount), recover=spec.recover if pl.kind != "bonus" else None)]
