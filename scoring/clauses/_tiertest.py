"""Which tier a value falls in: shared by earning tiers (A4) and tiered deduction or bonus lines (8.3)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from ..compile.plan import fixed
from ..expr import CompiledExpression
from ..models.rulebook import TierTest
from .base import fmt, pct

if TYPE_CHECKING:
    from ..engine import UnitRun

__all__ = ["need", "shower", "tier_test"]

Show = Callable[[Decimal], str]


def shower(tiers: Sequence[TierTest]) -> Show:
    """Percentages when every threshold is a fraction and one is not whole (80% rather than 0.8)."""
    limits = [fixed(x) for t in tiers for x in (t.min, t.above, t.below, t.max) if x is not None]
    return pct if limits and all(x <= 1 for x in limits) and any(x != int(x) for x in limits) else fmt


def tier_test(u: UnitRun, t: TierTest, cond: CompiledExpression | None, value: Decimal | None,
              show: Show, ids: list[str]) -> tuple[bool, str]:
    """Whether tier ``t`` matches, and the test as the ledger shows it."""
    if cond is not None:
        hit = bool(u.eval(cond))
        ids += u.touched()
        return hit, cond.text
    for limit, op, word in ((t.min, ">=", "≥"), (t.above, ">", ">"), (t.below, "<", "<"), (t.max, "<=", "≤")):
        if limit is not None:
            assert value is not None  # the loader requires `value` with thresholds
            x = fixed(limit)
            hit = {">=": value >= x, ">": value > x, "<": value < x, "<=": value <= x}[op]
            return hit, f"{show(value)} {word} {show(x)}"
    return True, "其余情况"


def need(t: TierTest, show: Show) -> str:
    """The condition that reaches tier ``t``, which is never the catch-all tier (that one always hits)."""
    if t.when:
        return t.when
    for limit, word in ((t.min, "≥"), (t.above, ">"), (t.below, "<"), (t.max, "≤")):
        if limit is not None:
            return f"{word} {show(fixed(limit))}"
    return "其余情况"
