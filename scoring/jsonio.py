"""JSON in and out with exact numbers.

pydantic writes Decimals as JSON strings; machines reading a score sheet expect
numbers, and floats would lose exactness. So we write every Decimal as a JSON
number in its exact decimal text (``2.5``, ``100.0``), and read numbers back as
Decimals (``json.loads(parse_float=Decimal)``). Output is deterministic: the
same result gives the same bytes.
"""

from __future__ import annotations

import json
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["dumps_exact", "result_from_json", "to_json"]

M = TypeVar("M", bound=BaseModel)


_text = encode_basestring  # what json.dumps(s, ensure_ascii=False) writes for a str, in C


def _write(v: Any, out: list[str], indent: int | None, level: int) -> None:
    # The same bytes as json.dumps(v, ensure_ascii=False, default=str) for every scalar, decided by exact type
    # first (the common cases: texts, whole numbers, Decimals), so no scalar pays for a json.dumps call.
    t = type(v)
    if t is str:
        out.append(_text(v))
        return
    if t is Decimal or isinstance(v, Decimal):
        if not v.is_finite():  # never produced by the engine; JSON has no NaN or Infinity
            raise ValueError(f"cannot write the non-finite number {v} as JSON")
        # plain digits as people write them; far outside the documented range, the exact exponent form
        # (json reads "1E+400" back through parse_float as the same Decimal, while 400 plain digits are an int)
        out.append(format(v, "f") if -40 <= v.adjusted() <= 40 else str(v))
        return
    if v is None:
        out.append("null")
        return
    if t is bool:
        out.append("true" if v else "false")
        return
    if t is int:
        out.append(int.__repr__(v))
        return
    if isinstance(v, dict):
        if not v:
            out.append("{}")
            return
        out.append("{")
        inner = _newline(indent, level + 1)
        for i, (k, x) in enumerate(v.items()):
            out.append("," if i else "")
            out.append(inner)
            out.append(_text(str(k)) + ": ")
            _write(x, out, indent, level + 1)
        out.append(_newline(indent, level))
        out.append("}")
        return
    if isinstance(v, list | tuple):
        if not v:
            out.append("[]")
            return
        out.append("[")
        inner = _newline(indent, level + 1)
        for i, x in enumerate(v):
            out.append("," if i else "")
            out.append(inner)
            _write(x, out, indent, level + 1)
        out.append(_newline(indent, level))
        out.append("]")
        return
    out.append(json.dumps(v, ensure_ascii=False, default=str))


def _newline(indent: int | None, level: int) -> str:
    return "" if indent is None else "\n" + " " * (indent * level)


def dumps_exact(data: Any, indent: int | None = 2) -> str:
    out: list[str] = []
    _write(data, out, indent, 0)
    return "".join(out)


def to_json(model: BaseModel, indent: int | None = 2) -> str:
    """A result (or any of our models) as JSON with exact decimal numbers."""
    return dumps_exact(model.model_dump(mode="python"), indent) + "\n"


def result_from_json(text: str, model: type[M] | None = None) -> Any:
    """Read JSON written by :func:`to_json` back into the model, without loss."""
    from .models.result import ScoreResult

    data = json.loads(text, parse_float=Decimal, parse_int=_int)
    cls: type[BaseModel] = model or ScoreResult
    return cls.model_validate(data)


def _int(text: str) -> Any:
    return int(text) if len(text) < 4000 else Decimal(text)  # never Python's int-digits limit
