"""What the per-period clauses share (``per_period`` on an item and on a line): checking the fragment, counting
the unit's records per month, quarter or half-year, and naming the periods that fall short."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..errors import SchemaError, UnknownNameError, did_you_mean
from ..expr import BOOL, NUMBER, CompiledExpression, Scope
from ..models.rulebook import PerPeriod
from ..periods import EVERY_NAMES, Every, Period, aligned, label, tally, unit_word
from .base import At, Compiling, fmt

if TYPE_CHECKING:
    from ..engine import UnitRun

__all__ = ["PeriodCount", "PeriodSlots", "compile_periods", "count_periods"]


@dataclass
class PeriodSlots:
    rtype: str
    date_field: str
    every: Every
    where: CompiledExpression
    """Which records count (``true`` when none is written, so the evidence type shows as used)."""
    at_least: CompiledExpression


@dataclass
class PeriodCount:
    """One unit's records counted per period of the assessment."""

    counts: dict[Period, int]
    at_least: Decimal
    every: Every
    with_year: bool
    evidence: list[str]

    @property
    def short(self) -> list[Period]:
        return [p for p, n in self.counts.items() if n < self.at_least]

    @property
    def met(self) -> int:
        return len(self.counts) - len(self.short)

    def names(self, which: list[Period]) -> str:
        return "、".join(label(p, self.every, self.with_year) for p in which)

    def detail(self, which: list[Period]) -> str:
        return "，".join(f"{label(p, self.every, self.with_year)} {self.counts[p]} 次" for p in which)

    @property
    def rule(self) -> str:
        """每月不少于 2 次"""
        return f"每{EVERY_NAMES[self.every]}不少于 {fmt(self.at_least)} 次"

    @property
    def unit(self) -> str:
        return unit_word(self.every)


def compile_periods(c: Compiling, spec: PerPeriod, at: At, scope: Scope) -> PeriodSlots | None:
    """Check ``per_period`` (the evidence type exists and is dated; ``at_least`` a number) and compile it."""
    here = at + ("per_period",)
    rec = scope.record_types.get(spec.records)
    if rec is None:
        c.err(UnknownNameError, f"未知的证据类型 '{spec.records}'", here + ("records",),
              suggestion=did_you_mean(spec.records, scope.record_types),
              hint="已声明的证据类型：" + "、".join(scope.record_types))
        return None
    etype = c.book.evidence[spec.records]
    if etype.date is None:
        c.err(SchemaError, f"按期计数要按记录的日期分期，但证据类型 '{spec.records}' 没有声明 date", here + ("records",),
              hint=f"在 evidence.{spec.records} 下写 date: 日期字段名（考核期外的记录不计，并列为“未计入”）")
        return None
    where = c.expr(spec.where if spec.where is not None else "true", here + ("where",), BOOL, scope, rec)
    at_least = c.expr(spec.at_least, here + ("at_least",), NUMBER, scope)
    period = c.book.period
    if not aligned(period.start, period.end, spec.every):
        c.warn(f"考核期 {period.start} 至 {period.end} 不是从{EVERY_NAMES[spec.every]}初开始、到{EVERY_NAMES[spec.every]}末结束的：首尾不完整的"
               f"{EVERY_NAMES[spec.every]}也按一期计数", here + ("every",),
               hint="核对细则的考核期；按期计数时，首尾不完整的期同样要达到每期的次数")
    if where is None or at_least is None:
        return None
    return PeriodSlots(spec.records, etype.date, spec.every, where, at_least)


def count_periods(u: UnitRun, slots: PeriodSlots) -> PeriodCount:
    """Count the unit's records (those counted: in the period, not rejected) per period."""
    period = u.plan.rulebook.period
    at_least: Decimal = u.eval(slots.at_least)
    recs = [r for r in u.counted[slots.rtype] if u.eval(slots.where, r)]
    counts = tally((r.values[slots.date_field] for r in recs), period.start, period.end, slots.every)
    return PeriodCount(counts, at_least, slots.every, period.start.year != period.end.year, [r.id for r in recs])
