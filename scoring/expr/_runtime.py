"""What compiled expressions call at run time: guarded operators and the context.

Nothing here parses text. Compiled expressions are plain Python functions
``fn(r, c)``: ``r`` is one record's values (a dict the expression cannot
change: the language has no method calls, no assignment, and lists are tuples)
or ``None`` outside a record; ``c`` is the :class:`EvalContext` of the unit.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Any, Protocol

from ..periods import tally

__all__ = [
    "DECIMAL_CONTEXT",
    "MAX_EXPONENT",
    "MAX_PLACES",
    "BlankValue",
    "EvalContext",
    "ExprRuntimeError",
    "RecordLike",
    "decimal_context",
]

MAX_EXPONENT = 100
"""``a ** b`` needs a whole ``b`` with ``|b| <= MAX_EXPONENT``."""

MAX_PLACES = 28
"""``round(x, n)`` needs a whole ``n`` with ``|n| <= MAX_PLACES`` (the precision of DECIMAL_CONTEXT)."""

DECIMAL_CONTEXT = Context(prec=28, Emax=999_999, Emin=-999_999)
"""Every evaluation runs in this context: 28 significant digits, errors trapped."""


def decimal_context() -> Any:
    """``with decimal_context(): ...`` evaluates with our precision, whatever the caller set."""
    return localcontext(DECIMAL_CONTEXT)


class ExprRuntimeError(Exception):
    """Raised inside compiled code; the engine turns it into a located EvaluationError."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class BlankValue(ExprRuntimeError):
    """An optional field was blank where a value is needed."""


class RecordLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def values(self) -> dict[str, Any]: ...


class EvalContext:
    """One unit's evidence, indexed by type once, plus its facts.

    ``touched`` collects the ids of the records that an aggregate counted, so the
    ledger can name the evidence behind each entry.
    """

    __slots__ = ("records", "vars", "touched", "empties")

    def __init__(self, records: dict[str, Sequence[RecordLike]], vars: dict[str, Any]) -> None:
        self.records = records
        self.vars = vars
        self.touched: list[str] = []
        self.empties: list[tuple[str, str, bool]] = []
        """Aggregates that found nothing and used their ``empty=`` value: (function, record type, filtered)."""

    def take_empties(self) -> list[tuple[str, str, bool]]:
        found, self.empties = self.empties, []
        return found

    def take_touched(self) -> list[str]:
        ids, self.touched = self.touched, []
        seen: dict[str, None] = dict.fromkeys(ids)
        return list(seen)


# -- guarded operators -------------------------------------------------------------


def nn(value: Any, name: str) -> Any:
    if value is None:
        raise BlankValue(f"字段 '{name}' 为空，无法计算", hint=f"在证据中填写 '{name}'，或在规则里写 coalesce({name}, 默认值)")
    return value


def pow_(base: Decimal, exp: Decimal) -> Decimal:
    if exp != exp.to_integral_value() or abs(exp) > MAX_EXPONENT:
        raise ExprRuntimeError(f"乘方的指数必须是 -{MAX_EXPONENT} 到 {MAX_EXPONENT} 之间的整数，实际是 {exp}",
                               hint="指数请用较小的整数，例如 x ** 2")
    if not base and exp < 0:
        # Decimal gives Infinity here without a signal; 0 ** -n is a division by zero.
        raise ExprRuntimeError("除数为 0（0 的负数次方）", hint="用 if 先判断底数，例如 x ** -1 if x != 0 else 0")
    return base**exp


def div(a: Decimal, b: Decimal) -> Decimal:
    if not b:
        raise ExprRuntimeError("除数为 0", hint="用 if 先判断分母，例如 a / b if b > 0 else 0")
    return a / b


# -- scalar functions ---------------------------------------------------------------


def f_min(*args: Any) -> Any:
    return min(args)


def f_max(*args: Any) -> Any:
    return max(args)


def f_abs(x: Decimal) -> Decimal:
    return abs(x)


def f_round(x: Decimal, places: Decimal = Decimal(0)) -> Decimal:
    # Check before int(): int(Decimal("1E+999999")) would build a million-digit integer.
    if places != places.to_integral_value() or abs(places) > MAX_PLACES:
        raise ExprRuntimeError(f"round() 的小数位数必须是 -{MAX_PLACES} 到 {MAX_PLACES} 之间的整数，实际是 {places}",
                               hint="例如 round(x, 2) 保留两位小数")
    return x.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)


def f_floor(x: Decimal) -> Decimal:
    return x.to_integral_value(rounding=ROUND_FLOOR)


def f_ceil(x: Decimal) -> Decimal:
    return x.to_integral_value(rounding=ROUND_CEILING)


def f_days(a: _dt.date, b: _dt.date) -> Decimal:
    return Decimal((b - a).days)


def f_year(d: _dt.date) -> Decimal:
    return Decimal(d.year)


def f_month(d: _dt.date) -> Decimal:
    return Decimal(d.month)


def f_coalesce(x: Any, default: Any) -> Any:
    return default if x is None else x


def f_is_blank(x: Any) -> bool:
    return x is None or x == ""


def f_len(x: Any) -> Decimal:
    return Decimal(len(x))


# -- aggregates over one evidence type ----------------------------------------------

Pred = Callable[[Any, EvalContext], Any]


def _matching(c: EvalContext, rtype: str, cond: Pred | None) -> list[RecordLike]:
    recs = c.records.get(rtype, ())
    if cond is None:
        out = list(recs)
    else:
        out = []
        for rec in recs:
            if guarded(cond, rec, c):
                out.append(rec)
    c.touched.extend(r.id for r in out)
    return out


class RecordFailure(ExprRuntimeError):
    """An expression failed on one record; carries the record for the message."""

    def __init__(self, inner: ExprRuntimeError, record: RecordLike) -> None:
        super().__init__(inner.message, inner.hint)
        self.record = record


def guarded(fn: Pred, rec: RecordLike, c: EvalContext) -> Any:
    try:
        return fn(rec.values, c)
    except RecordFailure:
        raise
    except ExprRuntimeError as e:
        raise RecordFailure(e, rec) from None
    except (ArithmeticError, TypeError) as e:
        raise RecordFailure(ExprRuntimeError(arith_message(e)), rec) from None


def arith_message(e: BaseException) -> str:
    from decimal import DivisionByZero, InvalidOperation, Overflow

    if isinstance(e, (DivisionByZero, ZeroDivisionError)):
        return "除数为 0"
    if isinstance(e, Overflow):
        return "数值过大，超出计算范围"
    if isinstance(e, InvalidOperation):
        return "无效的算术运算（例如 0/0）"
    return f"无法计算：{e}"


def agg_count(c: EvalContext, rtype: str, cond: Pred | None = None) -> Decimal:
    return Decimal(len(_matching(c, rtype, cond)))


def agg_exists(c: EvalContext, rtype: str, cond: Pred | None = None) -> bool:
    return bool(_matching(c, rtype, cond))


def agg_sum(c: EvalContext, rtype: str, value: Pred, cond: Pred | None = None) -> Decimal:
    total = Decimal(0)
    for rec in _matching(c, rtype, cond):
        total += guarded(value, rec, c)
    return total


def _values(c: EvalContext, rtype: str, value: Pred, cond: Pred | None) -> list[Any]:
    return [guarded(value, rec, c) for rec in _matching(c, rtype, cond)]


def _empty(c: EvalContext, what: str, rtype: str, empty: Any, filtered: bool) -> Any:
    if empty is None:
        raise ExprRuntimeError(
            f"{what}：证据类型 '{rtype}' 没有符合条件的记录",
            hint=f"在函数里加上 empty=默认值，例如 {what}(..., empty=0)",
        )
    c.empties.append((what, rtype, filtered))  # the ledger says so: 0 of 0 is not "100% 达到目标"
    return empty


def agg_avg(c: EvalContext, rtype: str, value: Pred, cond: Pred | None = None, empty: Any = None) -> Any:
    vals = _values(c, rtype, value, cond)
    return sum(vals, Decimal(0)) / len(vals) if vals else _empty(c, "avg", rtype, empty, cond is not None)


def agg_min_of(c: EvalContext, rtype: str, value: Pred, cond: Pred | None = None, empty: Any = None) -> Any:
    vals = _values(c, rtype, value, cond)
    return min(vals) if vals else _empty(c, "min_of", rtype, empty, cond is not None)


def agg_max_of(c: EvalContext, rtype: str, value: Pred, cond: Pred | None = None, empty: Any = None) -> Any:
    vals = _values(c, rtype, value, cond)
    return max(vals) if vals else _empty(c, "max_of", rtype, empty, cond is not None)


def agg_distinct(c: EvalContext, rtype: str, value: Pred, cond: Pred | None = None) -> Decimal:
    return Decimal(len(set(_values(c, rtype, value, cond))))


def agg_periods(c: EvalContext, rtype: str, at_least: Decimal, cond: Pred | None, *, date: str, every: Any,
                start: _dt.date, end: _dt.date) -> tuple[int, int]:
    """(periods met, periods short) of the assessment: records of ``rtype`` matching ``cond``, per period."""
    counts = tally((rec.values[date] for rec in _matching(c, rtype, cond)), start, end, every)
    met = sum(1 for n in counts.values() if n >= at_least)
    return met, len(counts) - met


def agg_periods_met(c: EvalContext, rtype: str, at_least: Decimal, cond: Pred | None = None, **kw: Any) -> Decimal:
    return Decimal(agg_periods(c, rtype, at_least, cond, **kw)[0])


def agg_periods_short(c: EvalContext, rtype: str, at_least: Decimal, cond: Pred | None = None, **kw: Any) -> Decimal:
    return Decimal(agg_periods(c, rtype, at_least, cond, **kw)[1])


def agg_rate(
    c: EvalContext, rtype: str, cond: Pred, base: Pred | None = None, empty: Any = None
) -> Any:
    pool = _matching(c, rtype, base)
    if not pool:
        return _empty(c, "rate", rtype, empty, base is not None)
    hit = sum(1 for rec in pool if guarded(cond, rec, c))
    return Decimal(hit) / Decimal(len(pool))
