"""A4 分档计分: the first tier whose condition holds gives its points (``tiers:``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from ..compile.plan import fixed
from ..expr import BOOL, CompiledExpression, Scope
from ..models.pertype import PerType
from ..models.rulebook import Node
from ..values import decimal_text
from ._tiertest import need, shower, tier_test
from .base import ZERO, At, Compiling, Earning, fmt

if TYPE_CHECKING:
    from ..compile.plan import PNode
    from ..engine import UnitRun
    from ..models.result import LedgerEntry

__all__ = ["TIERS", "TierSlots"]


@dataclass
class TierSlots:
    conditions: list[CompiledExpression | None]
    """Per tier: its compiled ``when``, or None for a ``min``/``above``/catch-all tier."""


class Tiers(Earning[TierSlots]):
    key = "tiers"
    fields = ("tiers",)
    labels = {"tiers": "档次"}

    def wants_value(self, spec: Node) -> bool:
        return any(t.threshold for t in spec.tiers or [])

    def compile(self, c: Compiling, spec: Node, at: At, scope: Scope) -> TierSlots:
        conds: list[CompiledExpression | None] = []
        for i, tier in enumerate(spec.tiers or []):
            conds.append(c.expr(tier.when, at + ("tiers", i, "when"), BOOL, scope) if tier.when is not None else None)
        return TierSlots(conds)

    def expressions(self, slots: TierSlots | None) -> list[CompiledExpression]:
        return [e for e in slots.conditions if e] if slots else []

    def warnings(self, c: Compiling, spec: Node, at: At) -> None:
        value_text = str(spec.value or "").replace(" ", "")
        if spec.tiers and value_text.startswith("rate("):
            big = [x for t in spec.tiers for x in (t.min, t.above, t.below, t.max) if isinstance(x, Decimal) and x > 1]
            if big:
                c.warn(f"'{spec.id}' 的数值是比率（0 到 1 之间），但档次界限写了 {big[0]}，这一档永远达不到",
                       at + ("tiers",), hint=f"比率的界限写成百分数或小数，例如 {big[0]}% 或 {big[0] / 100}")
        if spec.tiers:
            best = max(cast(Decimal, t.points) for t in spec.tiers)
            if best < cast(Decimal, spec.points):
                c.warn(f"'{spec.id}' 满分 {spec.points}，但最高一档只有 {best} 分，满分不可达", at + ("tiers",))

    def earn(self, u: UnitRun, pn: PNode, full: Decimal, value: Decimal | None, vids: list[str]) -> list[LedgerEntry]:
        tiers = pn.spec.tiers or []
        conds = self.slots(pn).conditions
        ve = pn.value
        shown: dict[str, object] = {"数值": value} if value is not None else {}
        show = shower(tiers)
        for i, t in enumerate(tiers):
            cond = conds[i]
            hit, test = tier_test(u, t, cond, value, show, vids)
            if cond is not None:  # the expression: in values and in explain, for rule editors, not in the sentence
                test = "符合本档条件"
                shown = {**shown, "条件": cond.text}
            if hit:
                label = f"（{t.label}）" if t.label else ""
                got = fixed(t.points)
                better = [x for x in tiers[:i] if fixed(x.points) > got]
                recover = None
                if better:
                    nxt = better[-1]
                    need = _need(nxt, show)
                    recover = (f"{_vname(pn)}{need} 可得 {fmt(nxt.points)} 分"
                               f"（多得 {fmt(fixed(nxt.points) - got)} 分）")
                return [u.entry("award", got, f"第 {i + 1} 档{label}：{test}，得 {fmt(got)} 分", pn.loc,
                                values=shown, evidence=vids, exprs=(ve, cond), recover=recover, branch=f"tier:{i}")]
        first = tiers[0] if tiers else None
        need = ""
        if first is not None:
            need = _need(first, show)
        return [u.entry("award", ZERO, f"未达到任何一档：{pn.spec.title}" + (f"为 {show(value)}" if value is not None else "")
                        + "，不得分",
                        pn.loc, values=shown, evidence=vids, exprs=(ve,),
                        recover=f"{_vname(pn)}{need} 可得 {fmt(first.points)} 分" if first else None,
                        branch="tier:none")]

    def branches(self, pn: PNode) -> list[tuple[str, str]]:
        tiers = pn.spec.tiers or []
        out = [(f"tier:{i}", f"第 {i + 1} 档（{_text(t.points)} 分）") for i, t in enumerate(tiers)]
        if all(t.when is not None or t.threshold for t in tiers):
            out.append(("tier:none", "未达到任何一档"))
        return out


def _text(v: Decimal | PerType) -> str:
    return decimal_text(v) if isinstance(v, Decimal) else str(v)


def _vname(pn: PNode) -> str:
    return f"{pn.spec.title}："


def _need(t: Any, show: Any) -> str:
    """What reaches tier ``t`` in words; a ``when`` tier's expression stays in values and in ``explain``."""
    if t.when:
        return "符合" + (f"“{t.label}”一档" if t.label else "上一档") + "的条件"
    test = need(t, show)
    for sign, word in (("≥ ", "达到 "), ("> ", "超过 "), ("< ", "低于 "), ("≤ ", "不超过 ")):
        if test.startswith(sign):
            return word + test.removeprefix(sign)
    return test


TIERS = Tiers()
