"""Shared value helpers, one home for each: exact numbers, dates, blanks, and values shown to people.

Every package uses these (models, evidence readers, the engine, explanations, reports, the yearly cycle);
none of them is written twice. Also the strict base class of every model (``Frozen``) and the exact
number type (``Num``).
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict

from .limits import number_problem

__all__ = ["ROUNDING_MODES", "Frozen", "Num", "cell_text", "decimal_text", "fmt", "is_blank", "parse_date", "pct",
           "round_to", "shift_year", "to_decimal"]

_FULLWIDTH = str.maketrans("０１２３４５６７８９．－＋％，", "0123456789.-+%,")


def to_decimal(value: Any) -> Decimal:
    """An exact number from YAML/JSON/Python input. Accepts ``"80%"`` (= 0.8) and full-width digits."""
    if isinstance(value, bool):
        raise ValueError("需要数字，这里是 是/否")
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, float):
        d = Decimal(repr(value))  # the shortest text that round-trips: 0.1 -> Decimal("0.1")
    elif isinstance(value, str):
        text = value.strip().translate(_FULLWIDTH).replace(",", "").replace(" ", "")
        pct = text.endswith("%")
        try:
            d = Decimal(text[:-1] if pct else text)
        except InvalidOperation:
            raise ValueError(f"'{value}' 不是数字") from None
        if pct:
            d = d / 100
    else:
        raise ValueError(f"需要数字，这里是 {type(value).__name__}")
    # text and Python numbers from an input are held to the documented range; a Decimal is either computed
    # (results) or was checked where it was read (the YAML reader checks every number at its position)
    problem = number_problem(d) if not isinstance(value, Decimal) else (None if d.is_finite() else "不是有限的数字")
    if problem is not None:
        shown = str(value) if len(str(value)) <= 30 else str(value)[:20] + "…"
        raise ValueError(f"'{shown}' {problem}")
    return d


def decimal_text(d: Decimal) -> str:
    """An exact number as people write it: 10.0 -> 10, 2.50 -> 2.5, never an exponent."""
    if abs(d.adjusted()) > 24:  # far outside the input range (a computed value): exact text, no rounding
        return format(d, "f") if d.adjusted() < 60 else str(d)
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


ROUNDING_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN, "up": ROUND_UP}
"""A rulebook's ``rounding.mode`` names → ``decimal`` rounding (``down``/``up`` by absolute value, as documented)."""


def round_to(v: Decimal, places: int, mode: str) -> Decimal:
    """``v`` rounded to ``places`` decimals the rulebook's way (``rounding`` / ``rounding.items``): the one place a
    total is rounded and an item or a ledger amount is rounded for display."""
    return v.quantize(Decimal(1).scaleb(-places), rounding=ROUNDING_MODES[mode])


def fmt(v: Any, places: int = 4) -> str:
    """A value as shown to people: 2.50 -> 2.5, 10.0 -> 10, 2/3 -> ≈0.6667, dates ISO, booleans 是/否.

    Only explanations are rounded for display; points are never rounded here.
    """
    if isinstance(v, Decimal):  # the common case first (a bool is never a Decimal)
        key = (v, v.is_signed())
        shown = _SHOWN.get(key) if places == 4 else None
        if shown is not None:
            return shown
        exact = decimal_text(v)
        if "." in exact and len(exact) - exact.index(".") - 1 > places:  # a long fraction: shown rounded
            exact = "≈" + decimal_text(v.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
        if places == 4:
            if len(_SHOWN) > 50_000:
                _SHOWN.clear()
            _SHOWN[key] = exact
        return exact
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, _dt.date):
        return v.isoformat()
    if v is None:
        return "（空）"
    return str(v)


_SHOWN: dict[tuple[Decimal, bool], str] = {}
"""``fmt`` of a Decimal depends only on its value (and its sign, for -0): computed once per value."""


def pct(v: Decimal) -> str:
    """A rate as a percentage: 0.8 -> 80%, 2/3 -> ≈66.67%."""
    return fmt(v * 100, places=2) + "%"


def cell_text(v: Any) -> str:
    """A record's value as text, exactly: numbers without trailing zeros, dates ISO, 是/否, lists joined by 、,
    blank for no value. The one text of a value: shown on pages and reports, kept in review snapshots
    (``evidence.reviewing.record_snapshot``) and hashed into content-derived record ids."""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, Decimal):
        return decimal_text(v)
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, tuple | list):
        return "、".join(cell_text(x) for x in v)
    return "" if v is None else str(v)


def is_blank(v: Any) -> bool:
    """An empty cell or value: None, or text of nothing but spaces."""
    return v is None or (isinstance(v, str) and not v.strip())


D = TypeVar("D", bound=_dt.date)


def shift_year(d: D, years: int) -> D:
    """``d`` moved by ``years`` (back when negative); 29 February becomes 28 February in a year without it."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


Num = Annotated[Decimal, BeforeValidator(to_decimal)]
"""An exact decimal in a model: never a float."""

_DATE_RE = re.compile(r"(\d{4}) ?[-/.年] ?(\d{1,2}) ?[-/.月] ?(\d{1,2}) ?日?")
"""Matched (``fullmatch``) only against a stripped text of at most ``_DATE_MAX`` characters, whose inner runs
of spaces were squeezed to one: no backtracking over unbounded input."""
_DATE_MAX = 40


def parse_date(value: Any) -> _dt.date:
    """A date from ``2023-05-01``, ``2023/5/1``, ``2023.05.01`` or ``2023年5月1日``."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        if len(value) == 10 and value[4] == "-" and value[7] == "-":  # the common ISO form, fast
            try:
                return _dt.date.fromisoformat(value)
            except ValueError:
                pass  # e.g. 2023-02-30: the full parse below explains it
        text = value.strip()
        m = None
        if len(text) <= _DATE_MAX:
            m = _DATE_RE.fullmatch(" ".join(text.translate(_FULLWIDTH).split()))
        if m:
            try:
                return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                raise ValueError(f"'{value}' 不是存在的日期") from None
    shown = value if not isinstance(value, str) or len(value) <= 40 else value[:30] + "…"
    raise ValueError(f"'{shown}' 不是日期（请写成 2023-05-01）")


class Frozen(BaseModel):
    """Immutable and strict: an unknown key is an error, not silently ignored.

    ``defer_build``: a model's validator and serializer are built when first used, not at import, so a
    program pays only for the models it validates or dumps (a cached rulebook is unpickled, never
    validated: ``scoring score`` with the plan cache never builds the rule models)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
