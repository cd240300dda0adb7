"""The reference semantics of record-scope expressions, on simpleeval.

This is the independent route for differential testing (issue #6): it walks
the expression's tree with simpleeval every time, while the engine compiles it
once (``_check`` + ``_codegen``). Both must agree, on values and on which
inputs are errors. Nothing in the engine imports this module.

What the reference says, written out once, value by value:

* numbers are exact ``Decimal``s read from their source text (``0.1`` is one tenth);
* ``true`` / ``false`` (and ``True`` / ``False``) are the booleans;
* a name is the record's value of that field; a blank field is ``None``;
* a blank value may be compared with ``==`` / ``!=`` (blank equals only blank) or
  passed to ``coalesce`` / ``is_blank``; any other use of it is an error;
* ``**`` goes through the engine's guarded power (whole exponent, ``|n| <= 100``);
* the scalar functions are the registered ones (``FUNCTIONS``), except the calendar
  functions, which are written again here the slow, obvious way (month by month, day
  by day) from their definitions in docs/expressions.md; aggregates are out of scope
  here, as are unit facts and parameters;
* ``year``, ``period.start`` and ``period.end`` are the assessment year and period given
  to :func:`oracle_eval` (``period=``); no other attribute exists;
* no attribute access, no subscripts, no comprehensions: simpleeval's own
  ``FeatureNotAvailable`` for anything it is not given.

Run it inside :func:`scoring.expr.decimal_context`, as the engine does.
"""

from __future__ import annotations

import ast
import datetime as _dt
import operator as op
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from simpleeval import FeatureNotAvailable, InvalidExpression, SimpleEval

from . import _runtime as rt
from ._functions import FUNCTIONS

__all__ = ["OracleError", "make_oracle", "oracle_eval"]


class OracleError(Exception):
    """The reference says this input is an error (what kind does not matter for the comparison)."""


class _Blank(OracleError):
    pass


def _no_blank(*values: Any) -> None:
    for v in values:
        if v is None:
            raise _Blank("blank value used where a value is needed")


def _strict(fn: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        _no_blank(*args)
        return fn(*args)

    call.__name__ = getattr(fn, "__name__", "op")
    return call


def _contains(x: Any, container: Any) -> bool:
    _no_blank(x, container)
    if isinstance(container, tuple):
        _no_blank(*container)
    return x in container


def _date(text: str) -> _dt.date:
    return _dt.date.fromisoformat(text.strip())


# -- the calendar, from its definitions (not from scoring.expr._calendar) -------------------------------


def _int(n: Decimal, lo: int, hi: int) -> int:
    if n % 1 != 0 or n < lo or n > hi:
        raise OracleError(f"{n} is not a whole number in [{lo}, {hi}]")
    return int(n)


def _month_end(y: int, m: int) -> int:
    first_next = _dt.date(y + (m == 12), m % 12 + 1, 1) if not (y == 9999 and m == 12) else None
    return 31 if first_next is None else (first_next - _dt.timedelta(days=1)).day


def _add_months(d: _dt.date, n: Decimal) -> _dt.date:
    k = _int(n, -1200, 1200)
    y, m = d.year, d.month
    step = 1 if k > 0 else -1
    for _ in range(abs(k)):  # one month at a time
        m += step
        if m == 13:
            y, m = y + 1, 1
        elif m == 0:
            y, m = y - 1, 12
    if not 1 <= y <= 9999:
        raise OracleError("out of the date range")
    return _dt.date(y, m, min(d.day, _month_end(y, m)))


def _months_between(a: _dt.date, b: _dt.date) -> Decimal:
    if b < a:
        return -_months_between(b, a)
    m = 0
    while _add_months(a, Decimal(m + 1)) <= b:  # the largest m with add_months(a, m) <= b
        m += 1
    return Decimal(m)


def _end_of_month(d: _dt.date) -> _dt.date:
    return _dt.date(d.year, d.month, _month_end(d.year, d.month))


def _quarter(d: _dt.date) -> Decimal:
    return Decimal([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4][d.month - 1])


def _workdays(a: _dt.date, b: _dt.date) -> Decimal:
    if b < a:
        return -_workdays(b, a)
    n, day = 0, a
    while day < b:  # day by day: the days after a, up to and including b
        day += _dt.timedelta(days=1)
        n += day.isoweekday() <= 5
    return Decimal(n)


def _date_of(y: Decimal, m: Decimal, d: Decimal) -> _dt.date:
    return _dt.date(_int(y, 1, 9999), _int(m, 1, 12), _int(d, 1, 31))  # ValueError for 30 February


_CALENDAR: dict[str, Callable[..., Any]] = {
    "add_months": _add_months, "months_between": _months_between, "end_of_month": _end_of_month,
    "quarter": _quarter, "workdays": _workdays, "date_of": _date_of,
}


OPERATORS: dict[type, Callable[..., Any]] = {
    ast.Add: _strict(op.add),
    ast.Sub: _strict(op.sub),
    ast.Mult: _strict(op.mul),
    ast.Div: _strict(op.truediv),
    ast.FloorDiv: _strict(op.floordiv),
    ast.Mod: _strict(op.mod),
    ast.Pow: _strict(rt.pow_),
    ast.Eq: op.eq,
    ast.NotEq: op.ne,
    ast.Lt: _strict(op.lt),
    ast.LtE: _strict(op.le),
    ast.Gt: _strict(op.gt),
    ast.GtE: _strict(op.ge),
    ast.Not: _strict(op.not_),
    ast.USub: _strict(op.neg),
    ast.UAdd: _strict(op.pos),
    ast.In: _contains,
    ast.NotIn: lambda x, y: not _contains(x, y),
}


def _functions() -> dict[str, Callable[..., Any]]:
    out: dict[str, Callable[..., Any]] = {}
    for name, spec in FUNCTIONS.items():
        if spec.aggregate:
            continue
        impl = _date if name == "date" else _CALENDAR.get(name, spec.impl)
        out[name] = impl if name in ("coalesce", "is_blank") else _strict(impl)
    return out


class _Oracle(SimpleEval):  # type: ignore[misc]
    """SimpleEval with Decimal literals, tuples for lists, and the blank-value rule."""

    def __init__(self) -> None:
        super().__init__(operators=dict(OPERATORS), functions=_functions(), names={})
        self.nodes[ast.Attribute] = self._eval_period
        self.nodes.pop(ast.Subscript, None)
        self.nodes.pop(ast.JoinedStr, None)
        self.nodes.pop(ast.FormattedValue, None)
        self.nodes.pop(ast.Slice, None)
        self.nodes[ast.List] = self._eval_sequence
        self.nodes[ast.Tuple] = self._eval_sequence
        self.source = ""

    def parse(self, expr: str) -> ast.AST:
        # Keep the exact text the offsets refer to (simpleeval's parse strips it).
        self.source = expr.strip()
        tree: ast.AST = super().parse(self.source)
        return tree

    def _eval_constant(self, node: ast.Constant) -> Any:
        v = node.value
        if isinstance(v, int | float) and not isinstance(v, bool):
            seg = ast.get_source_segment(self.source, node)
            if seg is None:
                raise OracleError("no source for a number")
            return Decimal(seg.replace("_", ""))
        return super()._eval_constant(node)

    def _eval_period(self, node: ast.Attribute) -> Any:
        period = self.names.get("period")
        if not (isinstance(node.value, ast.Name) and node.value.id == "period" and isinstance(period, dict)
                and node.attr in period):
            raise FeatureNotAvailable("no attributes but period.start and period.end")
        return period[node.attr]

    def _eval_sequence(self, node: ast.List | ast.Tuple) -> tuple[Any, ...]:
        return tuple(self._eval(e) for e in node.elts)

    def _eval_boolop(self, node: ast.BoolOp) -> Any:
        stop = not isinstance(node.op, ast.And)  # `or` stops at the first true value
        value: Any = not stop
        for v in node.values:
            value = self._eval(v)
            _no_blank(value)
            if bool(value) == stop:
                break
        return value

    def _eval_ifexp(self, node: ast.IfExp) -> Any:
        test = self._eval(node.test)
        _no_blank(test)
        return self._eval(node.body) if test else self._eval(node.orelse)

    def _eval_call(self, node: ast.Call) -> Any:
        if not isinstance(node.func, ast.Name):
            raise FeatureNotAvailable("only registered functions can be called")
        return super()._eval_call(node)


def make_oracle() -> _Oracle:
    """A fresh reference evaluator. Not thread-safe (simpleeval keeps the current expression)."""
    return _Oracle()


def oracle_eval(oracle: _Oracle, text: str, record: Mapping[str, Any], parsed: ast.AST | None = None,
                period: tuple[_dt.date, _dt.date, int] | None = None) -> Any:
    """The reference value of ``text`` for one record's values; raises OracleError for an error.

    ``period``: (start, end, year) of the assessment, for ``period.start``, ``period.end`` and ``year``.
    The top-level value must not be blank (the engine needs a value), like any other use.
    """
    names: dict[str, Any] = {"true": True, "false": False, "True": True, "False": False}
    if period is not None:
        names.update({"period": {"start": period[0], "end": period[1]}, "year": Decimal(period[2])})
    names.update(record)
    oracle.names = names
    try:
        if parsed is None:
            tree = oracle.parse(text)
        else:
            tree, oracle.source = parsed, text.strip()
        value = oracle.eval(text, previously_parsed=tree)
    except OracleError:
        raise
    except (InvalidExpression, ArithmeticError, TypeError, ValueError, rt.ExprRuntimeError) as e:
        raise OracleError(f"{type(e).__name__}: {e}") from None
    _no_blank(value)
    return value
