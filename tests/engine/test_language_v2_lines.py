"""Rule language, second edition (#15), item 3: tiered deduction lines, bonus lines inside an item (bounded by it),
and an item base that bonuses and deductions start from, capped at the end. Points worked by hand."""

from __future__ import annotations

import pytest

import scoring

from ._rb import D, act, book, pts, run

TIERED = """
- id: x
  title: 办结
  points: 10
  full_marks: true
  deductions:
    - id: x_rate
      title: 办结率偏低
      value: rate_now
      tiers:
        - {below: 60%, amount: 3}
        - {below: 70%, amount: 2}
        - {below: 80%, amount: 1}
"""


@pytest.mark.parametrize(("rate", "expected"), [("0.5", "7"), ("0.6", "8"), ("0.65", "8"), ("0.79", "9"),
                                                 ("0.8", "10"), ("1", "10")])
def test_tiered_deduction_first_matching_tier(rate: str, expected: str) -> None:
    """<60% −3; <70% −2; <80% −1; otherwise nothing. 60% is not below 60%, so it falls in the −2 tier."""
    assert pts(run(TIERED, facts={"rate_now": rate}), "x") == D(expected)


def test_tiered_deduction_ledger_names_the_tier() -> None:
    r = run(TIERED, facts={"rate_now": "0.65"})
    entry = [e for e in r.item("x").ledger if e.kind == "deduct"][0]
    assert entry.points == D(-2) and "第 2 档" in entry.reason and "办结率偏低" in entry.reason
    assert entry.branch == "line:x_rate:tier:1"


def test_tiered_deduction_by_unit_type() -> None:
    """The same 65% costs a 乡 2 points and a 镇 1 point."""
    items = TIERED.replace("{below: 70%, amount: 2}", "{below: 70%, amount: {乡: 2, 镇: 1}}")
    assert pts(run(items, facts={"rate_now": "0.65"}, unit_type="乡"), "x") == D(8)
    assert pts(run(items, facts={"rate_now": "0.65"}, unit_type="镇"), "x") == D(9)


def test_tiered_deduction_on_conditions() -> None:
    """Tiers written as conditions need no value: 2 事件 → the second tier (≥ 1), −1."""
    items = """
    - id: x
      title: 安全
      points: 5
      full_marks: true
      deductions:
        - id: x_events
          tiers:
            - {when: 'count(act, kind == "事件") >= 3', amount: 3}
            - {when: 'count(act, kind == "事件") >= 1', amount: 1}
    """
    assert pts(run(items, [act("事件"), act("事件")]), "x") == D(4)
    assert pts(run(items, [act("事件")] * 3), "x") == D(2)
    assert pts(run(items, []), "x") == D(5)


def test_a_threshold_tier_without_value_is_an_error() -> None:
    items = TIERED.replace("      value: rate_now\n", "")
    with pytest.raises(scoring.ScoringError) as e:
        book(items)
    assert "value" in str(e.value)


def test_max_tier_in_earning() -> None:
    """`max` (not above) in earning tiers: 0 事件 → 5, 2 → 3, 3 → 0."""
    items = """
    - id: x
      title: 事件控制
      points: 5
      value: count(act, kind == "事件")
      tiers:
        - {max: 0, points: 5}
        - {max: 2, points: 3}
        - {points: 0}
    """
    assert [pts(run(items, [act("事件")] * n), "x") for n in (0, 2, 3)] == [D(5), D(3), D(0)]


BONUSES = """
- id: x
  title: 宣传
  points: 10
  value: count(act, kind == "培训")
  tiers:
    - {min: 1, points: 8}
  bonuses:
    - {id: x_talks, per_record: act, where: 'kind == "宣讲"', amount: 1, reason: 开展宣讲}
  deductions:
    - {id: x_events, per_record: act, where: 'kind == "事件"', amount: 2, reason: 发生事件}
"""


def test_bonus_lines_inside_an_item_are_bounded_by_it() -> None:
    """Earned 8 + 3 宣讲 = 11 → capped at the item's 10."""
    r = run(BONUSES, [act("培训")] + [act("宣讲")] * 3)
    assert pts(r, "x") == D(10)
    assert [e.kind for e in r.item("x").ledger] == ["award", "bonus", "bonus", "bonus", "cap"]


def test_bonuses_make_up_for_deductions_before_the_cap() -> None:
    """8 + 3 − 2 = 9: the cap at 10 is applied at the end, so the bonus is not lost to an early cap."""
    assert pts(run(BONUSES, [act("培训"), act("事件")] + [act("宣讲")] * 3), "x") == D(9)


BASE = """
- id: x
  title: 村级工作
  points: 10
  base: 6
  bonuses:
    - {id: x_talks, count: 'count(act, kind == "宣讲")', amount: 1, cap: 3, reason: '宣讲 {n} 次'}
    - {id: x_honor, when: 'exists(act, kind == "培训")', amount: 2, reason: 参加培训}
  deductions:
    - {id: x_events, per_record: act, where: 'kind == "事件"', amount: 2, reason: 发生事件}
"""


@pytest.mark.parametrize(("acts", "expected"), [
    ([act("宣讲")] * 4 + [act("培训"), act("事件")], "9"),  # 6 + 3 (4, capped at 3) + 2 − 2
    ([act("宣讲")] * 4 + [act("培训")], "10"),               # 6 + 3 + 2 = 11, capped at 10
    ([act("事件")] * 4, "0"),                                # 6 − 8 = −2, 扣完为止
    ([], "6"),                                               # the base alone
])
def test_base_with_bonuses_and_deductions(acts: list[dict[str, str]], expected: str) -> None:
    assert pts(run(BASE, acts), "x") == D(expected)


def test_base_ledger_shows_the_order() -> None:
    """Base 6, talks +4 then the line's cap −1, honour +2, then the item's cap −1: 10."""
    r = run(BASE, [act("宣讲")] * 4 + [act("培训")])
    assert [(e.kind, e.points) for e in r.item("x").ledger] == [
        ("award", D(6)), ("bonus", D(4)), ("cap", D(-1)), ("bonus", D(2)), ("cap", D(-1))]
    assert "基础分" in r.item("x").ledger[0].reason


def test_base_above_the_value_is_capped_only_at_the_end() -> None:
    """基础分 12 − 2 = 10 (capped last); without a base, children 6 + 6 = 12 are capped first: 10 − 2 = 8."""
    with_base = """
    - id: x
      title: 甲
      points: 10
      base: 12
      deductions:
        - {per_record: act, where: 'kind == "事件"', amount: 2}
    """
    without = """
    - id: x
      title: 甲
      points: 10
      criteria:
        - {id: x1, title: 一, points: 6, full_marks: true}
        - {id: x2, title: 二, points: 6, full_marks: true}
      deductions:
        - {per_record: act, where: 'kind == "事件"', amount: 2}
    """
    assert pts(run(with_base, [act("事件")]), "x") == D(10)
    assert pts(run(without, [act("事件")]), "x") == D(8)


def test_base_by_unit_type() -> None:
    items = BASE.replace("base: 6", "base: {乡: 6, 镇: 4}")
    assert pts(run(items, [], unit_type="乡"), "x") == D(6)
    assert pts(run(items, [], unit_type="镇"), "x") == D(4)


@pytest.mark.parametrize("other", ["when: 'exists(act)'", "full_marks: true"])
def test_base_is_a_way_of_earning_and_excludes_the_others(other: str) -> None:
    items = BASE.replace("  base: 6\n", f"  base: 6\n  {other}\n")
    with pytest.raises(scoring.ScoringError) as e:
        book(items)
    assert "只能有一种得分方式" in str(e.value)
