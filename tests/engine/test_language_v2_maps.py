"""Maps keyed by integers, decimals and enum values (#15 item 8): ``grade_points`` and ``amount_by.map``.

Keys are checked at load against the type they are looked up with (located at the key, with a hint); numbers
compare as exact Decimals (YAML 1, 1.0 and "1" are one key); a value with no key is a located error unless the map
says ``default:``, and the ledger says when ``default`` was used."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import scoring
from scoring.compile.yaml import load_yaml_text

from ._rb import D, act, evidence, pts, rulebook_text

FACTS = ("facts:\n"
         "  city_rank: {type: int, min: 1, max: 20, required: false, default: 1}\n"
         "  share: {type: decimal, required: false, default: 0}\n"
         "  label: {type: text, required: false, default: 无}\n"
         "  flag: {type: bool, required: false, default: false}\n")


def _text(items: str, cat_points: int = 10) -> str:
    return rulebook_text(items, cat_points=cat_points).replace("facts:\n", FACTS, 1)


def _book(items: str, cat_points: int = 10) -> scoring.Rulebook:
    return scoring.parse_rulebook(_text(items, cat_points), "t.yaml")


def _run(items: str, acts: list[dict[str, Any]] | None = None, cat_points: int = 10,
         **facts: Any) -> scoring.ScoreResult:
    b = _book(items, cat_points)
    r = scoring.score(b, evidence(b, acts, facts=facts))
    assert r.ledger_sum() == r.total
    return r


def _error(items: str) -> str:
    with pytest.raises(scoring.RulebookError) as e:
        _book(items)
    return str(e.value)


RANK = """
- id: x
  title: 全市排名
  points: 10
  value: city_rank
  grade_points: {1: 10, 2: 5, 3: 3, MORE}
"""


@pytest.mark.parametrize(("rank", "expected"), [(1, "10"), (2, "5"), (3, "3"), (7, "0")])
def test_grade_points_keyed_by_rank(rank: int, expected: str) -> None:
    r = _run(RANK.replace("MORE", "default: 0"), city_rank=rank)
    assert pts(r, "x") == D(expected)


def test_the_ledger_says_the_value_and_when_default_was_used() -> None:
    e = _run(RANK.replace("MORE", "default: 0"), city_rank=2).item("x").ledger[0]
    assert e.reason == "取值 2，得 5 分" and e.branch == "grade:2" and e.recover == "取值 1可得 10 分"
    e = _run(RANK.replace("MORE", "default: 0"), city_rank=7).item("x").ledger[0]
    assert "取值 7" in e.reason and "按 default" in e.reason and e.points == 0 and e.branch == "grade:default"


def test_a_value_with_no_key_and_no_default_is_a_located_error_not_zero() -> None:
    b = _book(RANK.replace(", MORE", ""))
    with pytest.raises(scoring.EvaluationError) as e:
        scoring.score(b, evidence(b, facts={"city_rank": 4}))
    assert "取值 '4'" in e.value.message and "t.yaml:" in str(e.value) and "default" in (e.value.hint or "")


def test_json_keys_are_numbers_too() -> None:
    """JSON writes every key as text: {"1": 10, "2": 5} is the same map as YAML {1: 10, 2: 5}."""
    data, _ = load_yaml_text(_text(RANK.replace(", MORE", "")), "t.yaml")
    gp = data["categories"][0]["items"][0]["grade_points"]
    data["categories"][0]["items"][0]["grade_points"] = {str(k): v for k, v in gp.items()}
    b = scoring.rulebook_from_dict(data, "t.json")
    assert scoring.score(b, evidence(b, facts={"city_rank": 2})).item("x").points == D(5)


def test_decimal_keys_compare_exactly() -> None:
    """share 0.50 finds the key 0.5 (exact Decimal equality), 1.0 finds 1; 0.25 has none and no default."""
    items = """
    - id: x
      title: 责任比例
      points: 10
      value: share
      grade_points: {0.5: 4, 1: 10}
    """
    assert pts(_run(items, share="0.50"), "x") == D(4)
    assert pts(_run(items, share="1.0"), "x") == D(10)
    with pytest.raises(scoring.EvaluationError):
        _run(items, share="0.25")


def test_one_and_quoted_one_are_the_same_key() -> None:
    msg = _error(RANK.replace("MORE", '"1": 4'))
    assert "是同一个数" in msg and "t.yaml:" in msg


def test_one_and_one_point_zero_are_refused_as_a_repeated_key() -> None:
    with pytest.raises(scoring.RulebookError, match="重复"):
        _book(RANK.replace("MORE", "1.0: 4"))


@pytest.mark.parametrize(("more", "words"), [
    ("1.5: 4", "不会出现：单位数据 city_rank 是整数"),
    ("25: 1", "取值范围是 1–20"),
    ("第一: 4", "不是数字"),
])
def test_a_key_that_cannot_occur_is_a_located_error_at_the_key(more: str, words: str) -> None:
    text = _text(RANK.replace("MORE", more))
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "grade_points" in ln)
    msg = _error(RANK.replace("MORE", more))
    assert words in msg and f"t.yaml:{line}:" in msg and "提示" in msg


def test_enum_keys_must_be_values_of_the_enum_with_a_did_you_mean() -> None:
    items = """
    - id: x
      title: 等级
      points: 10
      value: grade
      grade_points: {优: 10, 良: 5, 中: 2, 查: 0}
    """
    msg = _error(items)
    assert "'查' 不是 单位数据 grade 的可选值" in msg and "差" in msg


def test_an_enum_value_left_without_a_key_is_a_warning() -> None:
    items = """
    - id: x
      title: 等级
      points: 10
      value: grade
      grade_points: {优: 10, 良: 5}
    """
    b = _book(items)
    warnings = [w.message for w in scoring.plan_of(b).warnings]
    assert any("中、差" in w and "评分会报错" in w for w in warnings)
    with_default = items.replace("良: 5}", "良: 5, default: 1}")
    assert not any("评分会报错" in w.message for w in scoring.plan_of(_book(with_default)).warnings)
    assert pts(_run(with_default), "x") == D(1)  # grade 中 (the fact's default value) has no key: default 1


def test_a_yes_no_value_cannot_key_a_map() -> None:
    items = """
    - id: x
      title: 是否
      points: 10
      value: flag
      grade_points: {"true": 10}
    """
    msg = _error(items)
    assert "t.yaml:" in msg and ("是/否" in msg or "文本或数值" in msg)


AMOUNT_BY_N = """
- id: x
  title: 事故
  points: 20
  deductions:
    - per_record: act
      where: kind == "事件"
      amount_by: {field: n, map: {1: 10, 2: 5, 3: 2, MORE}}
      reason: 发生事故
"""


def test_amount_by_an_integer_field() -> None:
    """Grade 1, 2 and 3 accidents: 20 − 10 − 5 − 2 = 3."""
    r = _run(AMOUNT_BY_N.replace(", MORE", ""), [act("事件", n=1), act("事件", n=2), act("事件", n=3)], cat_points=20)
    assert pts(r, "x") == D(3)
    assert [e.points for e in r.item("x").ledger if e.kind == "deduct"] == [D(-10), D(-5), D(-2)]


def test_amount_by_with_default_says_so_in_the_ledger() -> None:
    r = _run(AMOUNT_BY_N.replace("MORE", "default: 1"), [act("事件", n=4)], cat_points=20)
    (e,) = [e for e in r.item("x").ledger if e.kind == "deduct"]
    assert e.points == D(-1) and "n 为 4，amount_by 没有单独列出，按 default 计 1 分" in e.reason


def test_a_record_value_with_no_key_is_located_at_the_record() -> None:
    b = _book(AMOUNT_BY_N.replace(", MORE", ""), 20)
    ev = evidence(b, [act("事件", n=4, id="acc-9")])
    with pytest.raises(scoring.EvaluationError) as e:
        scoring.score(b, ev)
    rec = next(r for r in ev.records if r.id == "acc-9")
    assert e.value.location == rec.source
    assert "记录 acc-9 的 n 是 4" in e.value.message and "t.yaml:" in e.value.message
    assert "1、2、3" in (e.value.hint or "")


def test_amount_by_keys_for_an_integer_field_are_type_checked() -> None:
    msg = _error(AMOUNT_BY_N.replace("MORE", "2.5: 1"))
    assert "amount_by.map 的键 2.5 不会出现：字段 n 是整数" in msg


def test_amount_by_enum_keys_still_checked() -> None:
    items = """
    - id: x
      title: 通报
      points: 15
      deductions:
        - per_record: act
          amount_by: {field: level, map: {镇: 1, 县: 2, 市: 4, 生: 6}}
    """
    msg = _error(items)
    assert "'生' 不是 字段 level 的可选值" in msg and "省" in msg


def test_exact_key_compare_is_by_value_not_by_spelling() -> None:
    """The record's n is the Decimal 2 however it was written; the key 2 matches it."""
    r = _run(AMOUNT_BY_N.replace(", MORE", ""), [act("事件", n="2")], cat_points=20)
    assert pts(r, "x") == Decimal(15)


def test_coverage_lists_each_number_key_and_default(tmp_path: Any) -> None:
    from scoring.cycle import run_cases

    (tmp_path / "t.yaml").write_text(_text(RANK.replace("MORE", "default: 0")), encoding="utf-8")
    (tmp_path / "t.tests.yaml").write_text(
        "cases:\n  - name: 第二\n    unit: {id: a, name: 甲, type: 乡, facts: {city_rank: 2}}\n"
        "    expect: {items: {x: 5}}\n", encoding="utf-8")
    (cov,) = run_cases(tmp_path / "t.tests.yaml").coverage
    unreached = {b.branch for b in cov.unreached if b.node == "x"}
    assert unreached == {"grade:1", "grade:3", "grade:default"}
