"""Maps keyed by the values a field or a ``value`` can take (#15 item 8): ``amount_by.map`` and ``grade_points``.

A key is checked at load against the type of what it is looked up with, and located at the key:

- a **number** (an ``int`` or ``decimal`` field, or a number ``value``): every key must be a number. YAML ``1``,
  ``1.5`` and a quoted ``"1"`` (as JSON writes every key) are all read as exact Decimals, ``80%`` as 0.8; ``1`` and
  ``1.0`` are the same key (YAML already refuses both in one map), and so are ``1`` and ``"1"`` (refused here).
  A key that is not a number, a fraction for an ``int`` field, or a key outside the field's ``min``/``max`` cannot
  occur: an error. A record's value is compared with the keys as an exact Decimal (2 matches ``2`` and ``2.0``).
- an **enumeration** (``enum``): every key must be one of its ``values`` (a YAML number key is read as the text it
  was written as, so ``1:`` matches the value ``"1"``); values left without a key are a warning.
- free **text**: any text; YAML numbers as their text.
- ``bool``, ``date`` and lists cannot key a map (``when`` or ``adjust`` say 是/否 better).

The key ``default`` (as in per-type numbers) gives the points of every value without a key of its own, a blank
value too; it is said in the ledger. Without ``default``, a value with no key found while scoring is a located
error (``EvaluationError`` at the record, naming the rule), never 0 and never a crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ..errors import SchemaError, did_you_mean
from ..expr import Type
from ..models.pertype import DEFAULT, PerType
from ..models.rulebook import FieldSpec
from ..values import decimal_text, to_decimal
from .base import At, Compiling

__all__ = ["KeyedMap", "key_text", "keyed_map", "lookup_key"]

Key = Decimal | str


@dataclass
class KeyedMap:
    """A map with checked keys: exact Decimals for numbers, text otherwise, each with the key as written."""

    numeric: bool
    table: dict[Key, Decimal | PerType]
    written: dict[Key, Any]
    """Each normalised key's key as written in the rule file (its path in the positions)."""
    default: Decimal | PerType | None = None
    """The points of the values without a key (``default:``), or None: such a value is an error."""

    def get(self, value: Any) -> Decimal | PerType | None:
        """The points for ``value``: its own key's, else ``default``'s, else None."""
        k = lookup_key(value, self.numeric)
        found = None if k is None else self.table.get(k)
        return self.default if found is None else found

    def has(self, value: Any) -> bool:
        """Whether ``value`` has a key of its own (not only ``default``)."""
        k = lookup_key(value, self.numeric)
        return k is not None and k in self.table

    def shown(self) -> str:
        return "、".join(key_text(k) for k in self.table)


def key_text(k: Any) -> str:
    """A key or a value as people read it (``1``, ``1.5``, ``优``)."""
    if isinstance(k, Decimal):
        return decimal_text(k)
    return str(k)


def lookup_key(value: Any, numeric: bool) -> Key | None:
    """A record's (or a ``value``'s) value as a key of the map: exact Decimal for numbers, else its text."""
    if value is None or isinstance(value, bool):
        return None
    if numeric:
        if isinstance(value, int | Decimal):
            return Decimal(value)
        return None
    return key_text(value) if isinstance(value, int | Decimal | str) else None


def _written_text(k: Any) -> str:
    return format(k, "f") if isinstance(k, Decimal) else str(k)


def _as_written(k: Any) -> str:
    return f"\"{k}\"" if isinstance(k, str) else _written_text(k)


def keyed_map(c: Compiling, raw: dict[Any, Any], at: At, vtype: Type, spec: FieldSpec | None,
              what: str, name: str) -> KeyedMap | None:
    """Check ``raw``'s keys against the type they are looked up with and normalise them (None: errors recorded).

    ``at`` is the path of the map, ``what`` how to name it in messages (``amount_by.map``), ``name`` what the keys
    are values of (``字段 level``, ``value``)."""
    ok = True
    if vtype.kind not in ("number", "text"):
        c.err(SchemaError, f"{what} 不能按{vtype}取值（{name} 是{vtype}）", at,
              hint="按数字、文本或可选值（enum）取值才能写映射；是/否请用 when 或 adjust")
        return None
    numeric = vtype.kind == "number"
    table: dict[Key, Decimal | PerType] = {}
    written: dict[Key, Any] = {}
    default = raw.get(DEFAULT)
    for k, v in raw.items():
        here = at + (k, "<key>")
        if k == DEFAULT:
            continue
        key: Key
        if numeric:
            try:
                if isinstance(k, bool):
                    raise ValueError
                key = Decimal(k) if isinstance(k, int | Decimal) else to_decimal(k)
            except (ValueError, InvalidOperation, TypeError):
                c.err(SchemaError, f"{what} 的键 '{k}' 不是数字：{name} 是数值", here,
                      hint="按数值取分时键要写数字，例如 {1: 10, 2: 5, 3: 3, default: 0}（default 是其余取值的分值）")
                ok = False
                continue
            if spec is not None and spec.type == "int" and key != key.to_integral_value():
                c.err(SchemaError, f"{what} 的键 {_written_text(k)} 不会出现：{name} 是整数", here,
                      hint="整数字段的键写整数，例如 1、2、3")
                ok = False
                continue
            if spec is not None and ((spec.min is not None and key < spec.min)
                                     or (spec.max is not None and key > spec.max)):
                lo = decimal_text(spec.min) if spec.min is not None else "…"
                hi = decimal_text(spec.max) if spec.max is not None else "…"
                c.err(SchemaError, f"{what} 的键 {_written_text(k)} 不会出现：{name} 的取值范围是 {lo}–{hi}", here,
                      hint="删去这个键，或改正字段的 min、max")
                ok = False
                continue
        else:
            if isinstance(k, bool):
                c.err(SchemaError, f"{what} 的键 '{k}' 是 是/否，{name} 是文本", here,
                      hint="YAML 把 yes、no、true、false 读成是/否；要当文字用请加引号，如 \"yes\"")
                ok = False
                continue
            key = _written_text(k)
            if vtype.choices is not None and key not in vtype.choices:
                c.err(SchemaError, f"{what} 的键 '{key}' 不是 {name} 的可选值", here,
                      suggestion=did_you_mean(key, vtype.choices), hint="可选值：" + "、".join(vtype.choices))
                ok = False
                continue
        if key in table:
            first = written[key]
            c.err(SchemaError, f"{what} 的键 {_as_written(k)} 和 {_as_written(first)} 是同一个"
                               f"{'数' if numeric else '值'}", here,
                  hint="数字键按数值比较：1、1.0 和 \"1\" 是同一个键；只保留一个")
            ok = False
            continue
        table[key] = v
        written[key] = k
    if not ok:
        return None
    if vtype.choices is not None and not numeric and default is None:
        missing = [x for x in vtype.choices if x not in table]
        if missing:
            c.warn(f"{what} 没有为 {name} 的可选值 {'、'.join(missing)} 规定分值：记录取这些值时评分会报错", at,
                   value=False, hint="补上这些值（不计分就写 0），或写 default: 分值 作为其余取值的分值")
    return KeyedMap(numeric, table, written, default)
