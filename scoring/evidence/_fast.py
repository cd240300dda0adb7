"""Evidence checking compiled per evidence type: one converter per field, chosen once per rulebook.

Each converter handles the values that already have their type or the common text form (an ISO date,
a listed choice, a whole number, a non-blank text) directly, and answers ``SLOW`` for anything else; the
caller then asks ``coerce_value``, the one place that decides what every other value means and explains
what is wrong with it. So the fast path gives exactly what ``coerce_value`` gives (tested), and the
located messages stay where they were.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ..limits import MAX_MAGNITUDE, MAX_STRING
from ..models.rulebook import FieldSpec, Rulebook

__all__ = ["SLOW", "Converter", "field_converters"]

SLOW: Any = object()
"""A converter's answer for a value it leaves to ``coerce_value``."""

Converter = Callable[[Any], Any]

_BIG = 10 ** (MAX_MAGNITUDE + 1)

_CACHE: dict[int, tuple[Rulebook, dict[str, list[tuple[str, FieldSpec, Converter]]]]] = {}


def field_converters(rulebook: Rulebook) -> dict[str, list[tuple[str, FieldSpec, Converter]]]:
    """For each evidence type, its fields in file order with their converters (built once per rulebook)."""
    hit = _CACHE.get(id(rulebook))
    if hit is not None and hit[0] is rulebook:
        return hit[1]
    table = {t: [(name, spec, _converter(spec)) for name, spec in et.fields.items()]
             for t, et in rulebook.evidence.items()}
    if len(_CACHE) >= 16:
        _CACHE.clear()
    _CACHE[id(rulebook)] = (rulebook, table)
    return table


def _converter(spec: FieldSpec) -> Converter:
    t = spec.type
    date, fromiso = _dt.date, _dt.date.fromisoformat
    if t == "date":
        def conv_date(v: Any) -> Any:
            if type(v) is str and len(v) == 10 and v[4] == "-" and v[7] == "-":
                try:
                    return fromiso(v)
                except ValueError:
                    return SLOW
            return v if type(v) is date else SLOW
        return conv_date
    if t == "enum":
        choices = frozenset(spec.values or ())

        def conv_enum(v: Any) -> Any:
            return v if type(v) is str and v in choices and len(v) <= MAX_STRING else SLOW
        return conv_enum
    if t == "bool":
        def conv_bool(v: Any) -> Any:
            return v if type(v) is bool else SLOW
        return conv_bool
    if t in ("int", "decimal"):
        low, high = spec.min, spec.max

        def conv_number(v: Any) -> Any:
            if type(v) is int and -_BIG < v < _BIG:  # the documented range (scoring.limits), as to_decimal holds it
                d = Decimal(v)
            elif type(v) is Decimal and t == "decimal" and v.is_finite():
                d = v
            else:
                return SLOW
            if (low is not None and d < low) or (high is not None and d > high):
                return SLOW  # coerce_value says what is wrong
            return d
        return conv_number
    if t == "text":
        def conv_text(v: Any) -> Any:
            if type(v) is str and len(v) <= MAX_STRING:  # longer: coerce_value refuses it, located
                s = v.strip()
                return s if s else SLOW  # blank: the default, or an error when required
            return SLOW
        return conv_text
    return lambda v: SLOW
