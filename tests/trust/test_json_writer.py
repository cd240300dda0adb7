"""``dumps_exact`` writes every scalar itself (by exact type, texts through the standard library's C string encoder),
so it must write exactly what the standard library's encoder writes for the same document, Decimals as their exact
JSON numbers; checked against ``json.dumps`` itself on generated documents, and read back without loss."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from scoring.jsonio import dumps_exact


def reference(data: Any, indent: int | None) -> str:
    """The standard library's encoder, each Decimal standing in as a unique marker text replaced afterwards."""
    numbers: list[str] = []

    def mark(v: Any) -> Any:
        if isinstance(v, Decimal):
            numbers.append(format(v, "f") if -40 <= v.adjusted() <= 40 else str(v))
            return f"@@N{len(numbers) - 1}@@"
        if isinstance(v, dict):
            return {str(k): mark(x) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return [mark(x) for x in v]
        return v

    text = json.dumps(mark(data), ensure_ascii=False, indent=indent, separators=(",", ": "), default=str)
    return re.sub(r'"@@N(\d+)@@"', lambda m: numbers[int(m.group(1))], text)


texts = st.text(max_size=10).filter(lambda s: "@@N" not in s)
scalars = (st.none() | st.booleans() | st.integers(-10**30, 10**30) | texts | st.dates()
           | st.decimals(allow_nan=False, allow_infinity=False) | st.sampled_from([Decimal("-0"), Decimal("1E+50"),
                                                                                   Decimal("2.50"), 0.5, -1.25]))
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                         | st.dictionaries(texts, inner, max_size=4) | st.dictionaries(st.integers(0, 9), inner, max_size=3),
                         max_leaves=30)  # keys all texts or all numbers: 1 and "1" would be one key of the reference


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.sampled_from([2, None, 0, 4]))
def test_the_writer_writes_what_the_standard_encoder_writes(data: Any, indent: int | None) -> None:
    assert dumps_exact(data, indent) == reference(data, indent)


def plain(v: Any) -> Any:
    """What JSON can say of ``v``: keys as text, tuples as lists, dates as their text."""
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [plain(x) for x in v]
    if isinstance(v, dt.date):
        return str(v)
    return v


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_numbers_read_back_exactly(data: Any) -> None:
    back = json.loads(dumps_exact(data), parse_float=Decimal)
    assert back == plain(data)
    if isinstance(data, Decimal) and isinstance(back, Decimal):  # a fraction: the exact digits, not only the value
        assert str(back) == str(Decimal(format(data, "f") if -40 <= data.adjusted() <= 40 else str(data)))
