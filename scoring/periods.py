"""Calendar periods inside an assessment period: months, quarters, half-years (按月、按季度、按半年计数).

One home for how records are grouped by period, used by the per-period clauses (``scoring.clauses.per_period``,
``scoring.clauses.line_per_period``) and the expression functions ``periods_met`` / ``periods_short``.
A period of the assessment is every calendar month (quarter, half-year) that overlaps it, in order; one that the
assessment period covers only in part still counts (``scoring check`` warns when the period does not start and
end on period boundaries). Nothing here loops over days: the work is bounded by the number of periods and records.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Literal

__all__ = ["EVERY", "EVERY_NAMES", "Every", "Period", "aligned", "label", "period_of", "periods", "tally", "unit_word"]

Every = Literal["month", "quarter", "half"]
EVERY: dict[str, Every] = {"month": "month", "月": "month", "每月": "month", "quarter": "quarter", "季度": "quarter",
                           "季": "quarter", "每季度": "quarter", "half": "half", "半年": "half", "每半年": "half"}
"""What a rule file may write for the period (English or Chinese), and what it means."""
EVERY_NAMES: dict[Every, str] = {"month": "月", "quarter": "季度", "half": "半年"}
_SIZE = {"month": 1, "quarter": 3, "half": 6}
_QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")
_HALVES = ("上半年", "下半年")

Period = tuple[int, int]
"""(year, index within the year from 0): month 0–11, quarter 0–3, half 0–1."""


def period_of(d: _dt.date, every: Every) -> Period:
    return d.year, (d.month - 1) // _SIZE[every]


def periods(start: _dt.date, end: _dt.date, every: Every) -> list[Period]:
    """Every period that overlaps ``start``–``end``, in order."""
    per_year = 12 // _SIZE[every]
    y, i = period_of(start, every)
    last = period_of(end, every)
    out = []
    while (y, i) <= last:
        out.append((y, i))
        y, i = (y + 1, 0) if i + 1 == per_year else (y, i + 1)
    return out


def aligned(start: _dt.date, end: _dt.date, every: Every) -> bool:
    """Whether the assessment period starts on a period's first day and ends on a period's last day."""
    size = _SIZE[every]
    first = start.day == 1 and (start.month - 1) % size == 0
    nxt = end + _dt.timedelta(days=1)
    return first and nxt.day == 1 and (nxt.month - 1) % size == 0


def label(p: Period, every: Every, with_year: bool) -> str:
    """How a period is named in the ledger: 3月, 第二季度, 下半年 (with the year when the assessment spans two)."""
    y, i = p
    name = f"{i + 1}月" if every == "month" else _QUARTERS[i] if every == "quarter" else _HALVES[i]
    return f"{y}年{name}" if with_year else name


def unit_word(every: Every) -> str:
    """每缺一个<月>: the counting word for one period."""
    return {"month": "个月", "quarter": "个季度", "half": "个半年"}[every]


def tally(dates: Iterable[_dt.date], start: _dt.date, end: _dt.date, every: Every) -> dict[Period, int]:
    """How many of ``dates`` fall in each period of the assessment (every period listed, zero included)."""
    counts = dict.fromkeys(periods(start, end, every), 0)
    for d in dates:
        if start <= d <= end:
            counts[period_of(d, every)] += 1
    return counts
