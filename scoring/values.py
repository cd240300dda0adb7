"""Shared pieces of the models: exact numbers and the strict base class."""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

__all__ = ["Frozen", "Num", "decimal_text", "parse_date", "to_decimal"]

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
    if not d.is_finite():
        raise ValueError(f"'{value}' 不是有限的数字")
    return d


def decimal_text(d: Decimal) -> str:
    """An exact number as people write it: 10.0 -> 10, 2.50 -> 2.5, never an exponent."""
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


Num = Annotated[Decimal, BeforeValidator(to_decimal)]
"""An exact decimal in a model: never a float."""

_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


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
        m = _DATE_RE.match(value.translate(_FULLWIDTH))
        if m:
            try:
                return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                raise ValueError(f"'{value}' 不是存在的日期") from None
    raise ValueError(f"'{value}' 不是日期（请写成 2023-05-01）")


class Frozen(BaseModel):
    """Immutable and strict: an unknown key is an error, not silently ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid")
