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
* the scalar functions are the registered ones (``FUNCTIONS``); aggregates are
  out of scope here, as are unit facts and parameters;
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
        impl = _date if name == "date" else spec.impl
        out[name] = impl if name in ("coalesce", "is_blank") else _strict(impl)
    return out


class _Oracle(SimpleEval):  # type: ignore[misc]
    """SimpleEval with Decimal literals, tuples for lists, and the blank-value rule."""

    def __init__(self) -> None:
        super().__init__(operators=dict(OPERATORS), functions=_functions(), names={})
        self.nodes.pop(ast.Attribute, None)
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


def oracle_eval(oracle: _Oracle, text: str, record: Mapping[str, Any], parsed: ast.AST | None = None) -> Any:
    """The reference value of ``text`` for one record's values; raises OracleError for an error.

    The top-level value must not be blank (the engine needs a value), like any other use.
    """
    names: dict[str, Any] = {"true": True, "false": False, "True": True, "False": False}
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
