"""8.3 分档扣分（加分）: the first tier that matches gives the line's amount (``tiers:`` on a line, with ``value``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from ..compile.plan import fixed
from ..errors import SchemaError
from ..expr import BOOL, NUMBER, CompiledExpression, Scope
from ..models.rulebook import Line, LineTier
from ._tiertest import shower, tier_test
from .base import ZERO, At, Compiling, LineKind, fmt

if TYPE_CHECKING:
    from ..compile.plan import PLine
    from ..engine import UnitRun
    from ..models.result import LedgerEntry

__all__ = ["LINE_TIERS", "LineTierSlots"]


@dataclass
class LineTierSlots:
    value: CompiledExpression | None = None
    tiers: list[tuple[CompiledExpression | None, LineTier]] = field(default_factory=list)


class LineTiers(LineKind[LineTierSlots]):
    key = "tiers"
    fields = ("tiers", "value")
    labels = {"tiers": "档次", "value": "考核数值"}

    def compile(self, c: Compiling, spec: Line, at: At, scope: Scope, pl: PLine) -> LineTierSlots:
        assert spec.tiers is not None
        slots = LineTierSlots()
        if spec.value is not None:
            slots.value = c.expr(spec.value, at + ("value",), NUMBER, scope)
        elif any(t.threshold for t in spec.tiers):
            c.err(SchemaError, f"'{pl.id}' 的档次写了界限（min、above、below、max），要写 value（被比较的数值）",
                  at + ("tiers",), hint="例如 value: rate(petition, closed, empty=1)")
        for i, tier in enumerate(spec.tiers):
            cond = None
            if tier.when is not None:
                cond = c.expr(tier.when, at + ("tiers", i, "when"), BOOL, scope)
            slots.tiers.append((cond, tier))
        return slots

    def expressions(self, pl: PLine) -> list[CompiledExpression]:
        s = pl.slots if isinstance(pl.slots, LineTierSlots) else LineTierSlots()
        return [e for e in (pl.amount, s.value) if e] + [e for e, _ in s.tiers if e is not None]

    def entries(self, u: UnitRun, pl: PLine, sign: Decimal, word: str) -> list[LedgerEntry]:
        """The first tier that matches gives the amount; none matching, nothing."""
        spec, slots = pl.spec, self.slots(pl)
        tiers = spec.tiers or []
        ids: list[str] = []
        value = None
        if slots.value is not None:
            value = u.eval(slots.value)
            ids += u.touched()
        show = shower(tiers)
        title = spec.title or spec.reason or (slots.value.text if slots.value is not None else pl.id)
        vals = {"数值": value} if value is not None else {}
        for i, (cond, tier) in enumerate(slots.tiers):
            hit, test = tier_test(u, tier, cond, value, show, ids)
            if hit:
                amount = max(ZERO, fixed(tier.amount))
                label = f"（{tier.label}）" if tier.label else ""
                return [u.entry(pl.kind, sign * amount, f"{title}：第 {i + 1} 档{label}：{test}，{word} {fmt(amount)} 分",
                                pl.loc, values=vals, evidence=ids, exprs=(slots.value, cond),
                                recover=spec.recover if pl.kind != "bonus" and amount else None, branch=f"line:{pl.id}:tier:{i}")]
        shown = f"（{show(value)}）" if value is not None else ""
        return [u.entry(pl.kind, ZERO, f"{title}{shown}：不在任何一档，不{word}分", pl.loc, values=vals, evidence=ids,
                        exprs=(slots.value,), branch=f"line:{pl.id}:tier:none")]


LINE_TIERS = LineTiers()
