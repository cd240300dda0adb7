"""A ``.json`` text is read by a small scanner (``scoring.compile._json``) instead of ruamel.yaml's pure-Python
composer and the node builder, for speed; what comes out must not change. For generated JSON, written the ways programs write it, and for
the same texts broken by one character, reading it as ``x.json`` (the scanner, falling back to ruamel.yaml for
anything out of the ordinary) gives exactly what reading it as ``x.yaml`` (ruamel.yaml only) gives: the same data,
the same position for every key and value, or the same located message."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from scoring.compile._json import read_json
from scoring.compile.yaml import MAX_VALUES, load_yaml_text
from scoring.errors import ScoringError
from scoring.limits import MAX_DEPTH
from scoring.textscan import control_character, has_control_character

texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=12) | st.sampled_from(
    ["宣讲", "“最美家庭”", 'a"b', "a\\b", "2023-03-08", "true", "1.5", "", " x ", "😀", "a/b", "line\nbreak"])
numbers = st.integers(-10**20, 10**20) | st.decimals(allow_nan=False, allow_infinity=False, places=4) | st.sampled_from(
    [Decimal("1E+5"), Decimal("-2.5E-3"), Decimal("0.10"), 0, -1])
scalars = st.none() | st.booleans() | numbers | texts
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
                      max_leaves=25)


def dump(value: Any, indent: int | None, ascii_only: bool, compact: bool) -> str:
    """``value`` as JSON, the way a program would write it; Decimals written as JSON numbers, exactly."""
    raw: list[str] = []

    def placeholders(v: Any) -> Any:
        if isinstance(v, Decimal):
            raw.append(str(v))  # 1E+5, -0.0025, 0.10: all JSON numbers
            return f"@@RAWNUM{len(raw) - 1}@@"
        if isinstance(v, list):
            return [placeholders(x) for x in v]
        if isinstance(v, dict):
            return {k: placeholders(x) for k, x in v.items()}
        return v

    text = json.dumps(placeholders(value), ensure_ascii=ascii_only, indent=indent,
                      separators=(",", ":") if compact else None)
    for n, number in enumerate(raw):
        text = text.replace(f'"@@RAWNUM{n}@@"', number, 1)
    return text


def read(text: str, path: str) -> tuple[str, Any]:
    try:
        data, positions = load_yaml_text(text, path)
    except ScoringError as e:
        loc = e.location
        return ("error", (e.message, e.hint, loc.line if loc else None, loc.col if loc else None))
    return ("ok", (data, {k: (v.line, v.col) for k, v in positions.items()}))


SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(values, st.sampled_from([None, 0, 2, 4]), st.booleans(), st.booleans())
def test_json_reads_as_ruamel_reads_it(value: Any, indent: int | None, ascii_only: bool, compact: bool) -> None:
    text = dump(value, indent, ascii_only, compact)
    fast, slow = read(text, "x.json"), read(text, "x.yaml")
    assert fast == slow


@SETTINGS
@given(values, st.sampled_from([None, 2]), st.integers(0, 10_000), st.sampled_from(["delete", '"', ",", "}", "\t", "x"]))
def test_broken_json_gets_the_message_it_always_got(value: Any, indent: int | None, at: int, edit: str) -> None:
    text = dump(value, indent, False, False)
    i = at % (len(text) + 1)
    broken = text[:i] + text[i + 1:] if edit == "delete" else text[:i] + edit + text[i:]
    assert read(broken, "x.json") == read(broken, "x.yaml")


def test_the_scanner_takes_the_common_files() -> None:
    rows = [{"id": f"a{i}", "date": "2023-03-08", "kind": "宣讲", "participants": i, "closed": True, "note": None}
            for i in range(3)]
    for text in (json.dumps({"activity": rows}, ensure_ascii=False), json.dumps({"activity": rows}, indent=2),
                 json.dumps({"activity": rows}, separators=(",", ":"))):
        assert read_json(text, "x.json", MAX_VALUES) is not None  # not a fallback: the fast route is tested above
        assert read(text, "x.json") == read(text, "x.yaml")


@pytest.mark.parametrize("text", ['{"a":\t1}', '{"a": 1}\r', '{"a": "\\ud83d\\ude00"}', '{"a"\n: 1}', '{"a": 1,}',
                                  '{"a": 1} // comment', "{'a': 1}", '{"a": 01}',
                                  '{"a": 1, "a": 2}', '{"a": 12345678901234567890123}', '{"a": 1e400}'])
def test_out_of_the_ordinary_json_goes_to_ruamel(text: str) -> None:
    assert read_json(text, "x.json", MAX_VALUES) is None
    assert read(text, "x.json") == read(text, "x.yaml")


def test_nesting_too_deep_is_still_said_at_its_place() -> None:
    deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    fast, slow = read(deep, "x.json"), read(deep, "x.yaml")
    assert fast == slow and fast[0] == "error" and "嵌套太深" in fast[1][0]
    ok = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    assert read(ok, "x.json") == read(ok, "x.yaml") and read(ok, "x.json")[0] == "ok"


def test_the_control_character_pattern_is_the_control_character_test() -> None:
    differ = [hex(o) for o in range(0x110000) if has_control_character(chr(o)) != control_character(chr(o))]
    assert differ == []
