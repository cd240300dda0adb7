"""The expression language of rule files: checked once at load, compiled once, safe by construction.

    >>> from scoring.expr import Scope, RecordTypeInfo, FieldInfo, NUMBER, compile_expression
    >>> act = RecordTypeInfo("activity", {"participants": FieldInfo("participants", NUMBER)})
    >>> e = compile_expression("participants >= 10", Scope(record_types={"activity": act}), record=act)
    >>> from decimal import Decimal
    >>> e.fn({"participants": Decimal(12)}, None)
    True

See docs/expressions.md for the language, and ``_check`` / ``_codegen`` for how it is enforced.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import EvaluationError
from ..location import Location
from . import _runtime as rt
from ._functions import FUNCTIONS, FunctionSpec
from ._revive import Frozen, freeze, revive, slots_of
from ._runtime import EvalContext, ExprRuntimeError, RecordFailure, decimal_context
from ._types import (
    BOOL,
    DATE,
    NUMBER,
    RECORDS,
    TEXT,
    FieldInfo,
    NameInfo,
    RecordTypeInfo,
    Scope,
    Type,
    list_of,
)

if TYPE_CHECKING:  # the checker, imported when an expression is compiled (a cached plan compiles none)
    from ._check import MAX_DEPTH, MAX_LENGTH, MAX_NODES, YearLiteral

__all__ = [
    "BOOL",
    "DATE",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_NODES",
    "NUMBER",
    "RECORDS",
    "TEXT",
    "CompiledExpression",
    "EvalContext",
    "FieldInfo",
    "FunctionSpec",
    "NameInfo",
    "RecordTypeInfo",
    "Scope",
    "Type",
    "YearLiteral",
    "compile_expression",
    "decimal_context",
    "list_of",
]


class CompiledExpression:
    """A checked, compiled expression. Evaluating it never parses text."""

    __slots__ = ("text", "type", "location", "fn", "source", "names", "record_types", "fields", "record", "years")

    def __init__(self, text: str, type: Type, location: Location | None, fn: Callable[[Any, Any], Any],
                 source: str, names: set[str], record_types: set[str], fields: set[tuple[str, str]],
                 record: str | None, years: tuple[YearLiteral, ...] = ()) -> None:
        self.text = text
        self.type = type
        self.location = location
        self.fn = fn
        self.source = source
        self.names = frozenset(names)
        self.record_types = frozenset(record_types)
        self.fields = frozenset(fields)
        self.record = record
        self.years = years
        """Years written as literals (``2023``, ``date("2023-07-10")``): ``scoring check`` warns on the rulebook's."""

    def __repr__(self) -> str:
        return f"CompiledExpression({self.text!r}: {self.type})"

    def __reduce__(self) -> tuple[Any, ...]:
        # the function does not pickle; its source, literal slots and code object do (scoring.expr._revive)
        return (_unpickle, (self.text, self.type, self.location, self.source, slots_of(self.fn), set(self.names),
                            set(self.record_types), set(self.fields), self.record, self.years, freeze(self.fn)))

    def evaluate(self, c: EvalContext, record: rt.RecordLike | None = None) -> Any:
        """Evaluate for one unit (and one record, for per-record conditions); errors come out located."""
        # One call on the hot path: the record case is handled here rather than through rt.guarded.
        try:
            return self.fn(None if record is None else record.values, c)
        except RecordFailure as e:
            raise self._error(e.message, e.hint, e.record) from None
        except ExprRuntimeError as e:
            raise self._error(e.message, e.hint, record) from None
        except (ArithmeticError, TypeError) as e:
            raise self._error(rt.arith_message(e), None, record) from None

    def _error(self, message: str, hint: str | None, rec: rt.RecordLike | None) -> EvaluationError:
        if rec is not None:
            message = f"{message}（证据记录 {rec.id}，来自 {getattr(rec, 'source', None)}）"
        return EvaluationError(f"计算 '{self.text}' 时出错：{message}", location=self.location,
                               expression=self.text, hint=hint)


def _unpickle(text: str, type: Type, location: Location | None, source: str, slots: dict[str, Any],
              names: set[str], record_types: set[str], fields: set[tuple[str, str]],
              record: str | None, years: tuple[YearLiteral, ...] = (), frozen: Frozen | None = None,
              ) -> CompiledExpression:
    return CompiledExpression(text, type, location, revive(source, slots, frozen), source, names, record_types,
                              fields, record, years)


def compile_expression(text: str, scope: Scope, *, location: Location | None = None,
                       record: RecordTypeInfo | None = None,
                       want: Type | tuple[Type, ...] | None = None,
                       lines: Sequence[tuple[int, Location]] = ()) -> CompiledExpression:
    """Check ``text`` against ``scope`` and compile it. Raises an ExpressionError subclass, located.

    ``lines``: where each later source line begins in ``text``, when YAML joined several lines into one value
    (``scoring.compile.yaml.line_index``)."""
    from ._check import check_expression
    from ._codegen import generate

    if not isinstance(text, str):
        text = str(text)
    checked = check_expression(text, scope, location=location, record=record, want=want, lines=lines)
    fn, source = generate(checked)
    return CompiledExpression(text, checked.type, location, fn, source, checked.names, checked.record_types,
                              checked.fields, record.name if record else None, tuple(checked.years))


def __getattr__(name: str) -> Any:
    if name in ("MAX_DEPTH", "MAX_LENGTH", "MAX_NODES", "YearLiteral"):  # the checker's, imported when asked
        from . import _check

        return getattr(_check, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
