"""How a leaf node earns its points (clause types A1–A11).

Each function returns the ledger entries of the earning step; their points add
up to the node's base score, which deductions then reduce.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .._plan import PNode, fixed
from ..errors import EvaluationError
from ..models.result import LedgerEntry
from ._context import UnitRun, fmt, pct
from ._tiers import need as _need_tier, shower, tier_test

__all__ = ["earn"]

ZERO = Decimal(0)


def earn(u: UnitRun, pn: PNode, full: Decimal) -> list[LedgerEntry]:
    s = pn.spec
    value = None
    ve = pn.exprs.get("value")
    vids: list[str] = []
    if ve is not None:
        value = u.eval(ve)
        vids = u.touched()
    if s.when is not None:
        return _when(u, pn, full)
    if s.tiers is not None:
        return _tiers(u, pn, full, value, vids)
    if s.proportional is not None:
        assert value is not None  # the loader requires `value` for this clause
        return _proportional(u, pn, full, value, vids)
    if s.linear is not None:
        assert value is not None  # the loader requires `value` for this clause
        return _linear(u, pn, full, value, vids)
    if s.grade_points is not None:
        assert value is not None  # the loader requires `value` for this clause
        return _grade(u, pn, value, vids)
    if s.count_met is not None:
        return _count_met(u, pn, full)
    if s.rank is not None:
        assert value is not None  # the loader requires `value` for this clause
        return _rank(u, pn, value, vids)
    if s.scaled is not None:
        assert value is not None  # the loader requires `value` for this clause
        return _scaled(u, pn, full, value, vids)
    if s.base is not None:
        base = fixed(s.base)
        return [u.entry("award", base, f"基础分 {fmt(base)} 分（先加分、再扣分，最后按分值 {fmt(full)} 分封顶）", pn.loc,
                        values={"基础分": base}, branch="base")]
    return [u.entry("award", full, f"基础分 {fmt(full)} 分（达标得满分，再按下列扣分）", pn.loc)]


def _when(u: UnitRun, pn: PNode, full: Decimal) -> list[LedgerEntry]:
    e = pn.exprs["when"]
    ok = u.eval(e)
    ids = u.touched()
    if ok:
        return [u.entry("award", full, f"达标：{pn.spec.title}，得 {fmt(full)} 分", pn.loc, evidence=ids, exprs=(e,),
                        values={"条件": e.text}, branch="pass")]
    return [u.entry("award", ZERO, f"未达标：{pn.spec.title}，不得分，失 {fmt(full)} 分（依据：条件 {e.text} 不成立）", pn.loc,
                    evidence=ids, exprs=(e,), values={"条件": e.text},
                    recover=f"满足条件 {e.text} 可得 {fmt(full)} 分", branch="fail")]


def _tiers(u: UnitRun, pn: PNode, full: Decimal, value: Decimal | None, vids: list[str]) -> list[LedgerEntry]:
    tiers = pn.spec.tiers or []
    ve = pn.exprs.get("value")
    shown = {"数值": value} if value is not None else {}
    show = shower(tiers)
    for i, t in enumerate(tiers):
        cond = pn.exprs.get(f"tier{i}")
        hit, test = tier_test(u, t, cond, value, show, vids)
        if hit:
            label = f"（{t.label}）" if t.label else ""
            got = fixed(t.points)
            better = [x for x in tiers[:i] if fixed(x.points) > got]
            recover = None
            if better:
                nxt = better[-1]
                need = _need(nxt, show)
                recover = (f"{_vname(pn)}达到 {need} 可得 {fmt(nxt.points)} 分"
                           f"（多得 {fmt(fixed(nxt.points) - got)} 分）")
            return [u.entry("award", got, f"第 {i + 1} 档{label}：{test}，得 {fmt(got)} 分", pn.loc,
                            values=shown, evidence=vids, exprs=(ve, cond), recover=recover, branch=f"tier:{i}")]
    first = tiers[0] if tiers else None
    need = ""
    if first is not None:
        need = _need(first, show)
    return [u.entry("award", ZERO, f"未达到任何一档：{pn.spec.title}" + (f"为 {show(value)}" if value is not None else "")
                    + f"，不得分（依据：{_vname(pn).strip() or '各档条件都不成立'}）",
                    pn.loc, values=shown, evidence=vids, exprs=(ve,),
                    recover=f"{_vname(pn)}达到 {need} 可得 {fmt(first.points)} 分" if first else None,
                    branch="tier:none")]


def _need(t: Any, show: Callable[[Decimal], str]) -> str:
    return _need_tier(t, show)


def _vname(pn: PNode) -> str:
    ve = pn.exprs.get("value")
    return f"数值 {ve.text} " if ve is not None else ""


def _proportional(u: UnitRun, pn: PNode, full: Decimal, value: Decimal, vids: list[str]) -> list[LedgerEntry]:
    te = pn.exprs["proportional.target"]
    target = u.eval(te)
    ve = pn.exprs["value"]
    if target <= 0:
        raise EvaluationError(f"'{pn.id}' 的目标值是 {fmt(target)}，要大于 0", location=te.location)
    ratio = min(Decimal(1), max(ZERO, value / target))
    pts = full * ratio
    vals = {"完成": value, "目标": target}
    if ratio >= 1:
        return [u.entry("award", pts, f"完成 {fmt(value)}，达到目标 {fmt(target)}，得满分 {fmt(full)} 分", pn.loc,
                        values=vals, evidence=vids, exprs=(ve, te), branch="full")]
    gap = target - value
    return [u.entry("award", pts, f"完成 {fmt(value)}/{fmt(target)}，按比例得 {fmt(pts)} 分（失 {fmt(full - pts)} 分）",
                    pn.loc, values=vals, evidence=vids, exprs=(ve, te),
                    recover=f"再完成 {fmt(gap)} 可得满分（多得 {fmt(full - pts)} 分）", branch="partial")]


def _linear(u: UnitRun, pn: PNode, full: Decimal, value: Decimal, vids: list[str]) -> list[LedgerEntry]:
    lin = pn.spec.linear
    assert lin is not None
    te, ze, ve = pn.exprs["linear.target"], pn.exprs.get("linear.zero_at"), pn.exprs["value"]
    target = u.eval(te)
    zero_at = u.eval(ze) if ze is not None else None
    below = lin.direction == "below"
    if zero_at is not None and ((below and zero_at >= target) or (not below and zero_at <= target)):
        raise EvaluationError(f"'{pn.id}' 的不得分界限 {fmt(zero_at)} 在目标 {fmt(target)} 的错误一侧",
                              location=ze.location if ze else pn.loc,
                              hint="direction: below 时 zero_at 要低于 target；above 时要高于 target")
    step, per = fixed(lin.step), fixed(lin.deduct)
    show = pct if step < 1 and target <= 1 else fmt
    gap = (target - value) if below else (value - target)
    word = "低于" if below else "高于"
    vals = {"数值": value, "目标": target}
    out = [u.entry("award", full, f"基础分 {fmt(full)} 分", pn.loc, exprs=(te,))]
    if zero_at is not None and ((below and value < zero_at) or (not below and value > zero_at)):
        out.append(u.entry("deduct", -full, f"{show(value)} {word} {show(zero_at)}，不得分", pn.loc, values=vals,
                           evidence=vids, exprs=(ve, ze),
                           recover=f"使数值达到 {show(target)} 可得满分", branch="zero"))
        return out
    if gap <= 0:
        out.append(u.entry("deduct", ZERO, f"{show(value)} 达到目标 {show(target)}，不扣分", pn.loc, values=vals,
                           evidence=vids, exprs=(ve,), branch="met"))
        return out
    steps = gap / step
    amount = steps * per
    out.append(u.entry("deduct", -amount, f"{show(value)} {word}目标 {show(target)}，差 {fmt(steps)} 个 {show(step)}，"
                                          f"每个扣 {fmt(per)} 分，扣 {fmt(amount)} 分", pn.loc, values=vals,
                       evidence=vids, exprs=(ve, te), recover=f"使数值达到 {show(target)} 可挽回 {fmt(min(amount, full))} 分",
                       branch="below"))
    return out


def _grade(u: UnitRun, pn: PNode, value: str, vids: list[str]) -> list[LedgerEntry]:
    table = {k: fixed(v) for k, v in (pn.spec.grade_points or {}).items()}
    if value not in table:
        raise EvaluationError(f"'{pn.id}' 的等级 '{value}' 在 grade_points 里没有对应分值",
                              location=pn.loc, hint="grade_points 里有：" + "、".join(table))
    pts = table[value]
    best = max(table.values())
    return [u.entry("award", pts, f"等级“{value}”，得 {fmt(pts)} 分", pn.loc, values={"等级": value}, evidence=vids,
                    exprs=(pn.exprs.get("value"),),
                    recover=None if pts >= best else f"评为“{max(table, key=lambda k: table[k])}”可得 {fmt(best)} 分",
                    branch=f"grade:{value}")]


def _count_met(u: UnitRun, pn: PNode, full: Decimal) -> list[LedgerEntry]:
    cm = pn.spec.count_met
    assert cm is not None
    met: list[str] = []
    unmet: list[str] = []
    ids: list[str] = []
    for i, crit in enumerate(cm.of):
        e = pn.exprs[f"crit{i}"]
        (met if u.eval(e) else unmet).append(crit.label)
        ids += u.touched()
    n = len(met)
    if cm.per is not None:
        pts = fixed(cm.per) * n
    else:
        table = {k: fixed(v) for k, v in (cm.points or {}).items()}
        below = [k for k in table if k <= n]
        pts = table[max(below)] if below else ZERO  # the value at the largest listed count not above n
    reason = f"符合 {n}/{len(cm.of)} 项（{'、'.join(met) or '无'}），得 {fmt(pts)} 分"
    if unmet:
        reason += f"；未符合：{'、'.join(unmet)}"
    return [u.entry("award", pts, reason, pn.loc, values={"符合项数": Decimal(n)}, evidence=ids,
                    recover=f"做到：{'、'.join(unmet)}" if unmet else None, branch=f"met:{n}")]


def _rank(u: UnitRun, pn: PNode, value: Decimal, vids: list[str]) -> list[LedgerEntry]:
    rk = pn.spec.rank
    assert rk is not None
    info = (u.ranks or {}).get(pn.id)
    note = ""
    if info is None:
        info, note = (1, 1, value), "（单独评分，名次按 1/1 计；多个单位一起评分时按实际名次）"
    pos, n, _ = info
    pts = fixed(rk.points[pos - 1]) if pos <= len(rk.points) else fixed(rk.otherwise)
    return [u.entry("award", pts, f"{fmt(value)} 在 {n} 个单位中排第 {pos} 名，得 {fmt(pts)} 分{note}", pn.loc,
                    values={"数值": value, "名次": Decimal(pos), "参评单位数": Decimal(n)}, evidence=vids,
                    exprs=(pn.exprs.get("value"),))]


def _scaled(u: UnitRun, pn: PNode, full: Decimal, value: Decimal, vids: list[str]) -> list[LedgerEntry]:
    sc = pn.spec.scaled
    assert sc is not None
    out_of = fixed(sc.out_of)
    pts = full * value / out_of
    return [u.entry("award", pts, f"导入得分 {fmt(value)}/{fmt(out_of)}，折算为 {fmt(pts)} 分（满分 {fmt(full)}）",
                    pn.loc, values={"导入得分": value, "原满分": out_of}, evidence=vids,
                    exprs=(pn.exprs.get("value"),),
                    recover=None if pts >= full else f"导入得分达到 {fmt(sc.out_of)} 可得满分")]

