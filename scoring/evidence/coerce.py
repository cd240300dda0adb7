"""Raw values from any reader → typed record values, with a located error for each bad cell.

Readers (YAML/JSON here; CSV and Excel elsewhere) produce ``RawRecord``s; this
module is the single place that decides what a value means, so every format
behaves the same.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..errors import EvidenceError, did_you_mean
from ..limits import MAX_STRING
from ..location import Location
from ..models.rulebook import FieldSpec
from ..values import is_blank, parse_date, to_decimal
from ._hant import match_label

__all__ = ["RawRecord", "coerce_value"]

_TRUE = {"true", "yes", "y", "1", "是", "有", "已", "√", "✓", "对"}
_MIDNIGHT = re.compile(r"[ T]0?0:00(:00)?")  # fullmatch on a bounded tail only (see _strip_midnight)
_FALSE = {"false", "no", "n", "0", "否", "无", "未", "×", "✗", "错"}


@dataclass
class RawRecord:
    """A record as a reader found it: field names or labels → raw values, and where each came from."""

    type: str
    values: dict[str, Any]
    source: Location
    field_locs: dict[str, Location] = field(default_factory=dict)
    key_locs: dict[str, Location] = field(default_factory=dict)
    id: str | None = None
    rejected: str | None = None
    attachments: list[str] = field(default_factory=list)
    unread: tuple[str, ...] = ()
    """Required fields its sheet has no column for: reported once at the header (so the record is not read), not
    once per row; its other values are still checked, so a clerk gets every error of the sheet at once."""
    charged_to: str | None = None
    """计入单位 as written (cross-unit evidence, ``scoring.models.transfer``); checked in ``folder``."""


def coerce_value(value: Any, spec: FieldSpec, name: str, loc: Location) -> Any:
    """Typed value for one field, ``None`` when blank. Raises a located EvidenceError."""
    t = spec.type
    # fast paths for values that already have their type (YAML, JSON, typed spreadsheet cells)
    if t == "enum" and isinstance(value, str) and value in (spec.values or ()):
        return value
    if t == "bool" and isinstance(value, bool):
        return value
    if t == "date" and type(value) is _dt.date:
        return value
    label = f"'{spec.label or name}'"
    if isinstance(value, str) and len(value) > MAX_STRING:
        raise EvidenceError(f"字段 {label} 的内容太长（{len(value)} 个字符，最多 {MAX_STRING} 个）", location=loc,
                            name=name, code="input.too-long", hint="检查是不是把整篇文字粘贴进了一个格子")
    if is_blank(value):
        if spec.default is not None:
            return coerce_value(spec.default, spec, name, loc)
        if spec.required:
            raise EvidenceError(f"字段 {label} 不能为空", location=loc, name=name, hint="填写这一项")
        return None
    try:
        if t == "text":
            if isinstance(value, list | dict):
                raise ValueError("要写一段文字")
            if isinstance(value, Decimal):  # a number in a text column: keep it readable, never blow it up
                return format(value, "f") if abs(value.adjusted()) < 40 else str(value)
            return str(value).strip()
        if t in ("int", "decimal"):
            if isinstance(value, _dt.date):
                raise ValueError(f"'{value}' 是日期，不是数字")
            d = to_decimal(value)
            if t == "int" and d != d.to_integral_value():
                raise ValueError(f"'{value}' 不是整数")
            if spec.min is not None and d < spec.min:
                raise ValueError(f"{d} 小于允许的最小值 {spec.min}")
            if spec.max is not None and d > spec.max:
                raise ValueError(f"{d} 大于允许的最大值 {spec.max}")
            return d
        if t == "date":
            # "2023/5/1 0:00" is how spreadsheet programs export a date cell as text
            return parse_date(_strip_midnight(value.strip()) if isinstance(value, str) else value)
        if t == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            raise ValueError(f"'{value}' 不是 是/否")
        if t == "enum":
            text = str(value).strip()
            if text not in (spec.values or []):
                text = match_label(text, spec.values or []) or text  # 繁体 → the one simplified value
            if text not in (spec.values or []):
                sugg = did_you_mean(text, spec.values or [])
                raise EvidenceError(f"字段 {label} 的值 '{text}' 不是可选值之一", location=loc, name=name,
                                    suggestion=sugg, hint="可选值：" + "、".join(spec.values or []))
            return text
        if t == "list":
            if isinstance(value, list):
                items = [str(v).strip() for v in value]
            else:
                text = str(value)
                for sep in "，、;；":
                    text = text.replace(sep, ",")
                items = [s.strip() for s in text.split(",")]
            return tuple(s for s in items if s)
    except EvidenceError:
        raise
    except ValueError as e:
        raise EvidenceError(f"字段 {label} 的值有误：{e}", location=loc, name=name, hint=_hint(t)) from None
    raise EvidenceError(f"未知的字段类型 {t}", location=loc)  # pragma: no cover - the model forbids it


def _strip_midnight(text: str) -> str:
    """``2023/5/1 0:00`` → ``2023/5/1``: a spreadsheet's date cell exported as text (looks at the last 9 characters)."""
    for k in (9, 8, 6, 5):  # " 00:00:00", " 0:00:00", " 00:00", " 0:00"
        if len(text) > k and _MIDNIGHT.fullmatch(text[-k:]):
            return text[:-k]
    return text


def _hint(t: str) -> str:
    return {
        "int": "写一个整数，例如 12",
        "decimal": "写一个数字，例如 3.5 或 80%",
        "date": "日期写成 2023-05-01（也可以写 2023/5/1 或 2023年5月1日）",
        "bool": "写 是 或 否（也可以写 true / false）",
        "text": "写一段文字",
        "list": "写成列表，或用顿号分隔",
    }.get(t, "")
