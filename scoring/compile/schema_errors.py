"""Turn pydantic's ValidationError into located, plain-Chinese errors.

pydantic reports a ``loc`` path into the data (with extra entries for union
members); we walk the same path through the parsed YAML to find the file
position, and translate each error type into a sentence with a hint.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import ScoringError, did_you_mean
from ..location import Location
from .yaml import Positions

__all__ = ["translate"]


def translate(exc: ValidationError, data: Any, positions: Positions, path: str,
              models: list[type[BaseModel]], error: type[ScoringError]) -> list[ScoringError]:
    """One located error per distinct place pydantic complained about."""
    out: list[tuple[tuple[Any, ...], str, ScoringError]] = []  # (mapping path, error type, error)
    seen: set[tuple[Any, ...]] = set()
    for err in exc.errors(include_url=False):
        ypath, node, parent = _walk(data, err["loc"])
        kind = err["type"]
        key = ypath + ((kind == "extra_forbidden" or kind == "missing") and (str(err["loc"][-1]),) or ())
        if key in seen:
            continue
        seen.add(key)
        where = ypath[:-1] if kind == "extra_forbidden" and ypath and ypath[-1] == err["loc"][-1] else ypath
        out.append((where, kind, _one(err, ypath, node, parent, positions, path, models, error)))
    # a misspelt key shows up twice: "unknown 'poinst'" and "missing 'points'"; say it once, with the suggestion
    suggested = {(where, e.suggestion) for where, kind, e in out if kind == "extra_forbidden" and e.suggestion}
    return [e for where, kind, e in out if not (kind == "missing" and (where, e.name) in suggested)]


def _walk(data: Any, loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], Any, Any]:
    """Follow ``loc`` through the data, skipping union-member tags pydantic inserts."""
    ypath: tuple[Any, ...] = ()
    node: Any = data
    parent: Any = None
    for part in loc:
        if isinstance(node, dict) and part in node:
            parent, node = node, node[part]
            ypath += (part,)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            parent, node = node, node[part]
            ypath += (part,)
        elif isinstance(node, dict) and isinstance(part, str) and part not in node and _is_field_name(part, loc):
            # a missing or unknown key of this mapping
            return ypath, node, parent
    return ypath, node, parent


def _is_field_name(part: str, loc: tuple[Any, ...]) -> bool:
    return bool(part == loc[-1])


def _pos(positions: Positions, ypath: tuple[Any, ...], path: str, value: bool = True) -> Location:
    if value and ypath + ("<value>",) in positions:
        return positions[ypath + ("<value>",)]
    while ypath and ypath not in positions:
        ypath = ypath[:-1]
    return positions.get(ypath) or Location(path=path)


def _model_for(keys: set[str], models: list[type[BaseModel]], bad: str = "") -> type[BaseModel] | None:
    """The model whose fields best match the keys written; on a tie, one that knows a name close to ``bad``.

    pydantic refused ``bad`` here, so a model that has a field ``bad`` is not the one at this place (choosing it
    would list ``bad`` among the allowed keys and suggest it as its own correction)."""
    best, score = None, (-1, 0.0)
    for m in models:
        fields = set(m.model_fields)
        if bad and bad in fields:
            continue
        s = (len(keys & fields), max((difflib.SequenceMatcher(None, bad, f).ratio() for f in fields), default=0.0))
        if s > score:
            best, score = m, s
    return best


def _one(err: Any, ypath: tuple[Any, ...], node: Any, parent: Any, positions: Positions, path: str,
         models: list[type[BaseModel]], error: type[ScoringError]) -> ScoringError:
    kind = err["type"]
    loc = err["loc"]
    got = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden" and ypath and ypath[-1] == loc[-1] and isinstance(parent, dict):
        ypath, node = ypath[:-1], parent  # _walk stepped into the unknown key: report it on its mapping
    where = _where(ypath)
    if kind == "extra_forbidden":
        bad = str(loc[-1])
        siblings = set(node) if isinstance(node, dict) else set()
        model = _model_for(siblings - {bad}, models, bad)
        allowed = sorted(model.model_fields) if model else []
        return error(f"未知的键 '{bad}'（在 {where}）", location=_pos(positions, ypath + (bad,), path, value=False),
                     suggestion=did_you_mean(bad, allowed), name=bad,
                     hint="这一层可以写的键：" + "、".join(allowed) if allowed else None)
    if kind == "missing":
        need = str(loc[-1])
        return error(f"缺少必填的键 '{need}'（在 {where}）", location=_pos(positions, ypath, path, value=False),
                     hint=f"在这一层加上一行 {need}: ...", name=need)
    at = _pos(positions, ypath, path)
    shown = _show(got)
    messages = {
        "int_parsing": (f"{shown} 不是整数", "写一个整数，例如 3"),
        "int_type": (f"{shown} 不是整数", "写一个整数，例如 3"),
        "int_from_float": (f"{shown} 不是整数", "写一个整数，例如 3"),
        "string_type": (f"这里要写文字，不是 {shown}", "文字可以加引号，例如 \"宣讲\""),
        "bool_type": (f"{shown} 不是 true 或 false", "写 true 或 false"),
        "bool_parsing": (f"{shown} 不是 true 或 false", "写 true 或 false"),
        "list_type": ("这里要写一个列表", "每一项另起一行，以 '- ' 开头"),
        "dict_type": ("这里要写下一层的键值对", "另起一行，缩进两个空格，写 键: 值"),
        "model_type": ("这里要写下一层的键值对", "另起一行，缩进两个空格，写 键: 值"),
        "model_attributes_type": ("这里要写下一层的键值对", "另起一行，缩进两个空格，写 键: 值"),
        "literal_error": (f"{shown} 不是允许的值", "可选的值：" + "、".join(_options(ctx))),
        "too_short": ("至少要有一项", None),
        "string_pattern_mismatch": (f"id {shown} 不能含有空格或 '.'", "id 用字母、数字、下划线或短横线，例如 reading_events"),
        "string_too_short": ("不能为空", None),
        "greater_than_equal": (f"{shown} 太小，要 ≥ {ctx.get('ge')}", None),
        "greater_than": (f"{shown} 太小，要 > {ctx.get('gt')}", None),
        "less_than_equal": (f"{shown} 太大，要 ≤ {ctx.get('le')}", None),
        "date_type": (f"{shown} 不是日期", "日期写成 2023-05-01"),
        "date_from_datetime_inexact": (f"{shown} 不是日期", "日期写成 2023-05-01"),
        "decimal_type": (f"{shown} 不是数字", "写一个数字，例如 2 或 0.5"),
        "decimal_parsing": (f"{shown} 不是数字", "写一个数字，例如 2 或 0.5"),
    }
    if kind in messages:
        msg, hint = messages[kind]
    elif kind == "value_error":
        msg = str(ctx.get("error", err["msg"])).removeprefix("Value error, ")
        offset = getattr(ctx.get("error"), "offset", None)  # e.g. a placeholder error: at its brace in the text
        if isinstance(offset, int) and isinstance(got, str) and "\n" not in got[:offset]:
            at = at.shifted(offset)
        hint = "写一个数字，例如 2 或 0.5" if "不是数字" in msg else ("日期写成 2023-05-01" if "不是日期" in msg else None)
    else:
        msg, hint = f"{shown} 的写法不对（{err['msg']}）", None
    if kind == "literal_error" and isinstance(got, str):
        sugg = did_you_mean(got, _options(ctx))
    else:
        sugg = None
    return error(f"{msg}（在 {where}）", location=at, hint=hint, suggestion=sugg)


def _options(ctx: dict[str, Any]) -> list[str]:
    """pydantic's ``'a', 'b' or 'c'`` as a list."""
    options = [o.strip(" '\"") for o in str(ctx.get("expected", "")).replace(" or ", ",").split(",")]
    return [o for o in options if o]


def _where(ypath: tuple[Any, ...]) -> str:
    """A path for people: ``categories 第1项 > items 第2项 > points`` (lists count from 1)."""
    if not ypath:
        return "文件顶层"
    out: list[str] = []
    for p in ypath:
        if isinstance(p, int) and out:
            out[-1] += f" 第{p + 1}项"
        else:
            out.append(str(p))
    return " > ".join(out)


def _show(v: Any) -> str:
    if isinstance(v, dict):
        return "一组键值对"
    if isinstance(v, list):
        return "一个列表"
    if v is None:
        return "空值"
    return f"'{v}'"
