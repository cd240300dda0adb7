"""Edge cases found in review, each with the arithmetic worked by hand."""

from __future__ import annotations

import pytest

import scoring

from ._rb import D, act, book, evidence, pts, run


def test_earned_points_are_capped_before_deductions() -> None:
    """Criteria 2 + 3 = 5 under an item of 4: capped to 4 first, then −1 → 3 (not 4)."""
    items = """
    - id: it
      title: 组织
      points: 4
      criteria:
        - {id: a, title: 甲, points: 2, when: 'true'}
        - {id: b, title: 乙, points: 3, when: 'true'}
      deductions:
        - {when: 'true', amount: 1}
    """
    assert pts(run(items, cat_points=4), "it") == D(3)


def test_negative_points_flow_up_to_the_total() -> None:
    """倒扣 to −2 inside an item reaches the category and the total (parents have no 0 floor of their own)."""
    items = """
    - id: it
      title: 平安
      points: 10
      floor: -2
      deductions:
        - {per_record: act, where: 'kind == "事件"', amount: 5}
    """
    r = run(items, [act("事件")] * 3, cat_points=10)
    assert (pts(r, "it"), pts(r, "c"), r.total) == (D(-2), D(-2), D(-2))


def test_not_applicable_items_leave_the_maximum_and_are_listed() -> None:
    """Unit type 乡: the 镇-only item (40) is not in the maximum (60) and still appears, as not applicable."""
    items = """
    - {id: a, title: 甲, points: 60}
    - {id: b, title: 乙, points: 40, applies_to: [镇]}
    """
    r = run(items, unit_type="乡", claims={"a": 60, "b": 40})
    assert (r.max_total, r.item("c").max_points, r.item("b").applicable) == (D(60), D(60), False)
    assert r.claimed_total == D(60)  # the claim on the item that does not apply is not counted
    assert r.item("b").claim is None


def test_reviewer_deductions_are_limited_per_item() -> None:
    """酌情扣0.5–2分: two deductions of 2 on one item add to 4 > 2 — rejected, located."""
    b = book("""
    - id: it
      title: 台账
      points: 5
      discretionary: {min: 0.5, max: 2}
    """)
    reviews = {"deductions": [{"item": "it", "deduct": 2, "reason": "甲"}, {"item": "it", "deduct": 2, "reason": "乙"}]}
    with pytest.raises(scoring.EvidenceError, match="酌情扣分合计 4 超出细则允许的上限 2"):
        evidence(b, reviews=reviews)


def test_zero_at_on_the_wrong_side_is_a_load_error() -> None:
    with pytest.raises(scoring.SchemaError, match=r"zero_at（0.98）要低于目标 target（0.95）"):
        book("""
        - id: x
          title: 到位率
          points: 5
          value: rate_now
          linear: {target: 0.95, step: 0.01, deduct: 0.5, zero_at: 0.98}
        """)


def test_adjustments_never_turn_a_deduction_into_a_gain() -> None:
    """amount 1, then add −3 → −2 → counted as 0: the item keeps 10, no positive 'deduction'."""
    items = """
    - id: x
      title: 督办
      points: 10
      deductions:
        - per_record: act
          amount: 1
          adjust: [{when: solved, add: -3}]
    """
    r = run(items, [act("事件", solved=True)], cat_points=10)
    assert pts(r, "x") == D(10)
    assert all(e.points <= 0 for e in r.item("x").ledger if e.kind == "deduct")


def test_count_met_uses_the_value_at_the_largest_listed_count() -> None:
    """Table {4: 10, 2: 4, 1: 6, 0: 0}, 3 met → the entry for 2 (4 points), not the largest value below (6)."""
    items = """
    - id: x
      title: 达标
      points: 10
      count_met:
        of:
          - {label: 甲, when: 'exists(act, kind == "宣讲")'}
          - {label: 乙, when: 'exists(act, kind == "培训")'}
          - {label: 丙, when: 'exists(act, kind == "慰问")'}
          - {label: 丁, when: 'exists(act, kind == "阅读")'}
        points: {4: 10, 2: 4, 1: 6, 0: 0}
    """
    assert pts(run(items, [act("宣讲"), act("培训"), act("慰问")], cat_points=10), "x") == D(4)


def test_automatic_ids_come_from_the_content_and_avoid_given_ids() -> None:
    """An unnumbered record's id is derived from its content: it does not change when rows are added before it,
    and two records with the same content get -2, -3; a given id is never taken."""
    b = book("- {id: x, title: 工作, points: 100}")
    ev = evidence(b, [act("宣讲", id=None), act("培训", id="act-1")])
    [auto] = [r for r in ev.records if r.values["kind"] == "宣讲"]
    assert auto.id.startswith("act-") and auto.id != "act-1"
    ev2 = evidence(b, [act("慰问", id=None), act("培训", id="act-1"), act("宣讲", id=None)])
    assert [r.id for r in ev2.records if r.values["kind"] == "宣讲"] == [auto.id]
    twins = evidence(b, [act("宣讲", id=None), act("宣讲", id=None)])
    assert [r.id for r in twins.records] == [auto.id, auto.id + "-2"]


def test_a_rate_tier_written_as_a_whole_number_is_flagged() -> None:
    """min: 80 on a rate (0–1) can never be reached: `check` warns, suggesting 80%."""
    b = book("""
    - id: x
      title: 参训率
      points: 4
      value: rate(act, kind == "培训", empty=0)
      tiers:
        - {min: 80, points: 4}
        - {min: 60%, points: 2}
    """)
    msgs = [str(w) for w in scoring.plan_of(b).warnings]
    assert any("档次界限写了 80，这一档永远达不到" in m and "80% 或 0.8" in m for m in msgs)


def test_a_negative_count_deducts_nothing() -> None:
    """count: 2 − 5 = −3 occurrences counts as 0: the item keeps its 10 points, no positive 'deduction'."""
    items = """
    - id: x
      title: 督办
      points: 10
      deductions:
        - {count: 'count(act) - 5', amount: 1}
    """
    r = run(items, [act("事件"), act("事件")], cat_points=10)
    assert pts(r, "x") == D(10)
    assert all(e.points <= 0 for e in r.item("x").ledger if e.kind == "deduct")
