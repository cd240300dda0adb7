"""Rule language, second edition (#15), item 4: discretion both ways (酌情加分 and 酌情扣分), several ranges in one
item, a range per record (每起酌情扣 1–3 分); each amount a reviewer record in reviews.yaml, checked against its range,
with the reviewer's reason in the ledger."""

from __future__ import annotations

from typing import Any

import pytest

import scoring

from ._rb import D, act, book, evidence, pts

RANGES = """
- id: x
  title: 个案处置
  points: 10
  full_marks: true
  discretionary:
    - {id: x_ledger, min: 0.5, max: 2, reason: 台账不规范的酌情扣分}
    - {id: x_innov, kind: bonus, min: 0.5, max: 1, reason: 工作有创新的酌情加分}
    - {id: x_cases, per_record: act, where: 'kind == "事件"', min: 1, max: 3, reason: 每起事件酌情扣 1–3 分}
"""
EVENTS = [act("事件", id="e1"), act("事件", id="e2"), act("宣讲", id="t1")]
REVIEWS: dict[str, Any] = {
    "reviewer": "县妇联考核组",
    "deductions": [
        {"item": "x", "range": "x_ledger", "deduct": 1, "reason": "台账缺少回访记录"},
        {"item": "x", "range": "x_cases", "record": "e1", "deduct": 3, "reason": "通报后仍未整改"},
    ],
    "bonuses": [{"item": "x", "range": "x_innov", "add": 1, "reason": "做法被市妇联推广"}],
}


def _score(items: str, acts: list[dict[str, Any]], reviews: dict[str, Any], **kw: Any) -> scoring.ScoreResult:
    b = book(items)
    r = scoring.score(b, evidence(b, acts, reviews=reviews, **kw))
    assert r.ledger_sum() == r.total
    return r


def test_several_ranges_both_ways_and_per_record() -> None:
    """10 − 1 (ledger) − 3 (e1) − 1 (e2, not yet decided: the range's minimum) + 1 (innovation) = 6."""
    r = _score(RANGES, EVENTS, REVIEWS)
    assert pts(r, "x") == D(6)
    reviews = [e for e in r.item("x").ledger if e.kind == "review"]
    assert sorted(e.points for e in reviews) == [D(-3), D(-1), D(-1), D(1)]
    text = "\n".join(e.reason for e in reviews)
    assert "台账缺少回访记录" in text and "通报后仍未整改" in text and "做法被市妇联推广" in text
    assert "县妇联考核组" in text
    e2 = [e for e in reviews if e.evidence == ["e2"]][0]
    assert "尚未酌定" in e2.reason and "下限" in e2.reason and e2.points == D(-1)


def test_the_bonus_never_lifts_the_item_above_its_value() -> None:
    """10 + 1 with nothing deducted: capped at 10."""
    reviews = {"bonuses": REVIEWS["bonuses"]}
    assert pts(_score(RANGES, [], reviews), "x") == D(10)


def _error(items: str, acts: list[dict[str, Any]], reviews: dict[str, Any]) -> str:
    b = book(items)
    with pytest.raises(scoring.ScoringError) as e:
        evidence(b, acts, reviews=reviews)
    return str(e.value)


def test_a_per_record_amount_outside_its_range_is_an_error() -> None:
    reviews = {"deductions": [{"item": "x", "range": "x_cases", "record": "e1", "deduct": 4, "reason": "严重"}]}
    assert "1–3" in _error(RANGES, EVENTS, reviews)


def test_a_bonus_range_entered_as_a_deduction_is_an_error() -> None:
    reviews = {"deductions": [{"item": "x", "range": "x_innov", "deduct": 1, "reason": "创新"}]}
    text = _error(RANGES, EVENTS, reviews)
    assert "酌情加分" in text and "bonuses" in text


def test_the_range_must_be_named_when_an_item_has_several() -> None:
    reviews = {"deductions": [{"item": "x", "deduct": 1, "reason": "台账"}]}
    text = _error(RANGES, EVENTS, reviews)
    assert "range" in text and "x_ledger" in text


def test_an_unknown_range_suggests_the_close_one() -> None:
    reviews = {"deductions": [{"item": "x", "range": "x_ledgr", "deduct": 1, "reason": "台账"}]}
    assert "x_ledger" in _error(RANGES, EVENTS, reviews)


@pytest.mark.parametrize(("record", "what"), [(None, "record"), ("zz9", "zz9"), ("t1-talent", "talent")])
def test_a_per_record_range_needs_one_of_the_units_records_of_its_type(record: str | None, what: str) -> None:
    entry: dict[str, Any] = {"item": "x", "range": "x_cases", "deduct": 2, "reason": "严重"}
    if record is not None:
        entry["record"] = record
    b = book(RANGES)
    with pytest.raises(scoring.ScoringError) as e:
        evidence(b, EVENTS, reviews={"deductions": [entry]}, talents=[{"id": "t1-talent", "date": "2023-03-01",
                                                                       "name": "甲"}])
    assert what in str(e.value)


def test_one_decision_per_record() -> None:
    entry = {"item": "x", "range": "x_cases", "record": "e1", "deduct": 2, "reason": "严重"}
    assert "e1" in _error(RANGES, EVENTS, {"deductions": [entry, dict(entry)]})


def test_a_record_outside_the_ranges_condition_is_reported_when_scoring() -> None:
    """t1 is a 宣讲, not a 事件: the reviewer's amount cannot apply to it."""
    b = book(RANGES)
    ev = evidence(b, EVENTS, reviews={"deductions": [
        {"item": "x", "range": "x_cases", "record": "t1", "deduct": 2, "reason": "严重"}]})
    with pytest.raises(scoring.ScoringError) as e:
        scoring.score(b, ev)
    assert "t1" in str(e.value) and "x_cases" in str(e.value)


def test_entries_of_one_range_add_up_to_at_most_its_maximum() -> None:
    reviews = {"deductions": [{"item": "x", "range": "x_ledger", "deduct": "1.5", "reason": "一"},
                              {"item": "x", "range": "x_ledger", "deduct": 1, "reason": "二"}]}
    assert "合计" in _error(RANGES, EVENTS, reviews)


def test_the_first_edition_single_range_still_works() -> None:
    """One range, no `range:` in the review: 5 − 1.5 = 3.5."""
    items = """
    - id: x
      title: 台账
      points: 5
      full_marks: true
      discretionary: {min: 0.5, max: 2, reason: 台账不规范}
    """
    r = _score(items, [], {"deductions": [{"item": "x", "deduct": "1.5", "reason": "缺签收"}]})
    assert pts(r, "x") == D("3.5")


def test_a_single_per_record_range() -> None:
    """每起酌情扣 1–3 分 as the item's only range: e1 decided 2, e2 at the minimum 1: 10 − 3 = 7."""
    items = """
    - id: x
      title: 个案
      points: 10
      full_marks: true
      discretionary: {per_record: act, where: 'kind == "事件"', min: 1, max: 3}
    """
    r = _score(items, EVENTS, {"deductions": [{"item": "x", "record": "e1", "deduct": 2, "reason": "较重"}]})
    assert pts(r, "x") == D(7)


def test_a_bonus_only_range() -> None:
    """A 酌情加分 range on an item with tiers: earned 3 of 5 (1 培训), + 1.5 = 4.5."""
    items = """
    - id: x
      title: 创新
      points: 5
      value: count(act, kind == "培训")
      tiers:
        - {min: 2, points: 5}
        - {min: 1, points: 3}
      discretionary: {kind: bonus, min: 0.5, max: 2}
    """
    r = _score(items, [act("培训")], {"bonuses": [{"item": "x", "add": "1.5", "reason": "创新做法"}]})
    assert pts(r, "x") == D("4.5")
