"""Counting a gap in steps (``step:`` with ``steps: prorated | whole``), for ``linear`` and ``shortfall`` lines.

``prorated`` (the default) counts a part step as its part: a gap of 12 points in steps of 5 is 2.4 steps.
``whole`` counts whole steps only, as "每降低 5 个百分点扣 1 分" reads: 12 points are 2 steps, the 2 points left
over count nothing. The division is exact (Decimal); whole steps round down, never to the nearest.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_FLOOR, Decimal

from .base import fmt, pct

__all__ = ["Show", "count_steps", "show_for", "whole_note", "words"]

Show = Callable[[Decimal], str]


def count_steps(gap: Decimal, step: Decimal, mode: str) -> Decimal:
    """How many steps of ``step`` a gap (≥ 0) is: exact, or only the whole ones (rounded down)."""
    n = gap / step
    return n.to_integral_value(rounding=ROUND_FLOOR) if mode == "whole" else n


def show_for(step: Decimal, target: Decimal) -> Show:
    """Rates (a step under 1 on a target of at most 1) are shown as percentages, other values as numbers."""
    return pct if step < 1 and target <= 1 else fmt


def words(show: Show, v: Decimal) -> str:
    """A gap or a step as people say it: ``5 个百分点`` for rates, else the number itself."""
    return f"{fmt(v * 100)} 个百分点" if show is pct else show(v)


def whole_note(show: Show, gap: Decimal, step: Decimal, n: Decimal) -> str:
    """The ledger's words for whole steps: how many, and what part of the gap did not count."""
    left = gap - n * step
    rest = f"，不足一步的 {words(show, left)}不计" if left else ""
    return f"按整步计 {fmt(n)} 步（{words(show, gap)} ÷ 每步 {words(show, step)}{rest}）"
