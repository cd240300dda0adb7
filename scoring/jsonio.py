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
from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["dumps_exact", "result_from_json", "to_json"]

M = TypeVar("M", bound=BaseModel)


def _write(v: Any, out: list[str], indent: int | None, level: int) -> None:
    if isinstance(v, Decimal):
        if not v.is_finite():  # never produced by the engine; JSON has no NaN or Infinity
            raise ValueError(f"cannot write the non-finite number {v} as JSON")
        # plain digits as people write them; far outside the documented range, the exact exponent form
        # (json reads "1E+400" back through parse_float as the same Decimal, while 400 plain digits are an int)
        out.append(format(v, "f") if -40 <= v.adjusted() <= 40 else str(v))
        return
    if isinstance(v, dict):
        if not v:
            out.append("{}")
            return
        out.append("{")
        for i, (k, x) in enumerate(v.items()):
            out.append("," if i else "")
            _nl(out, indent, level + 1)
            out.append(json.dumps(str(k), ensure_ascii=False) + ": ")
            _write(x, out, indent, level + 1)
        _nl(out, indent, level)
        out.append("}")
        return
    if isinstance(v, list | tuple):
        if not v:
            out.append("[]")
            return
        out.append("[")
        for i, x in enumerate(v):
            out.append("," if i else "")
            _nl(out, indent, level + 1)
            _write(x, out, indent, level + 1)
        _nl(out, indent, level)
        out.append("]")
        return
    out.append(json.dumps(v, ensure_ascii=False, default=str))


def _nl(out: list[str], indent: int | None, level: int) -> None:
    if indent is not None:
        out.append("\n" + " " * (indent * level))


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
