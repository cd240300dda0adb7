"""Calendar functions of the expression language: months, month ends, quarters, working days.

Every function here is exact (dates and whole numbers, no floats) and bounded: none loops over days or months,
so no argument can make it slow, and a month count is limited to ``MAX_MONTHS``. Out-of-range results are
``ExprRuntimeError``s with a Chinese message and a hint, located by the caller like any other evaluation error.

Definitions (docs/expressions.md, 日期函数):

* ``add_months(d, n)``: the same day ``n`` months later (earlier for ``n < 0``); a day the target month does not
  have is clamped to its last day: 1 月 31 日 + 1 个月 = 2 月 28 日（闰年 29 日）.
* ``months_between(a, b)``: the whole months from ``a`` to ``b``: for ``b >= a`` the largest ``m`` with
  ``add_months(a, m) <= b``; for ``b < a`` it is ``-months_between(b, a)``.
* ``end_of_month(d)``: the last day of ``d``'s month.
* ``quarter(d)``: 1–4.
* ``workdays(a, b)``: the Mondays to Fridays after ``a`` up to and including ``b`` (negative when ``b < a``).
  Public holidays and make-up working days (调休) are not known: only weekends are left out.
* ``date_of(y, m, d)``: the date of year ``y``, month ``m``, day ``d`` (whole numbers; an impossible date is an error).
"""

from __future__ import annotations

import calendar
import datetime as _dt
from decimal import Decimal

from ._runtime import ExprRuntimeError

__all__ = ["MAX_MONTHS", "add_months", "date_of", "end_of_month", "months_between", "quarter", "shift_months",
           "workdays"]

MAX_MONTHS = 1200
"""``add_months(d, n)`` needs a whole ``n`` with ``|n| <= MAX_MONTHS`` (100 years)."""


def _whole(n: Decimal, what: str, lo: int, hi: int, hint: str) -> int:
    # Check before int(): int(Decimal("1E+999999")) would build a million-digit integer.
    if n != n.to_integral_value() or not lo <= n <= hi:
        raise ExprRuntimeError(f"{what}必须是 {lo} 到 {hi} 之间的整数，实际是 {n}", hint=hint)
    return int(n)


def shift_months(d: _dt.date, n: int) -> _dt.date:
    """``d`` moved by ``n`` whole months, the day clamped to the target month's last day (plain ints)."""
    index = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(index, 12)
    if not _dt.MINYEAR <= year <= _dt.MAXYEAR:
        raise ExprRuntimeError(f"日期 {d.isoformat()} 加 {n} 个月超出了日期范围（1 年到 9999 年）",
                               hint="检查月数是否写错，例如 add_months(received_on, 3)")
    return _dt.date(year, month0 + 1, min(d.day, calendar.monthrange(year, month0 + 1)[1]))


def add_months(d: _dt.date, n: Decimal) -> _dt.date:
    months = _whole(n, "add_months() 的月数", -MAX_MONTHS, MAX_MONTHS, "月数写整数，例如 add_months(received_on, 3)")
    return shift_months(d, months)


def months_between(a: _dt.date, b: _dt.date) -> Decimal:
    if b < a:
        return -months_between(b, a)
    m = (b.year - a.year) * 12 + (b.month - a.month)  # at most one too many: the day of the month decides
    if m > 0 and shift_months(a, m) > b:
        m -= 1
    return Decimal(m)


def end_of_month(d: _dt.date) -> _dt.date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def quarter(d: _dt.date) -> Decimal:
    return Decimal((d.month - 1) // 3 + 1)


def _weekdays_through(d: _dt.date) -> int:
    """Mondays to Fridays from 0001-01-01 (a Monday) up to and including ``d``."""
    o = d.toordinal()
    return 5 * (o // 7) + min(o % 7, 5)


def workdays(a: _dt.date, b: _dt.date) -> Decimal:
    return Decimal(_weekdays_through(b) - _weekdays_through(a))


def date_of(y: Decimal, m: Decimal, d: Decimal) -> _dt.date:
    hint = "年份 1–9999，月份 1–12，日期不超过这个月的天数；月末请写 end_of_month(date_of(year, 2, 1))"
    year = _whole(y, "date_of() 的年份", _dt.MINYEAR, _dt.MAXYEAR, hint)
    month = _whole(m, "date_of() 的月份", 1, 12, hint)
    day = _whole(d, "date_of() 的日期", 1, 31, hint)
    if day > calendar.monthrange(year, month)[1]:
        raise ExprRuntimeError(f"{year} 年 {month} 月没有 {day} 日", hint=hint)
    return _dt.date(year, month, day)
