"""The worked examples of docs/rule-language.md §8 (blocks ``# 例 E1`` … ``# 例 E7``), scored with the evidence the
page describes; the expected points are the page's own hand arithmetic."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import scoring

from .._docblocks import BLOCKS, rulebook
from ._rb import D


def _ev(book: scoring.Rulebook, unit_type: str = "乡", facts: dict[str, Any] | None = None,
        reviews: dict[str, Any] | None = None, claims: dict[str, Any] | None = None,
        **records: list[dict[str, Any]]) -> scoring.EvidenceSet:
    base_facts = {"households": 100, "households_visited": 100, "rate": 1, "base_rate": 0, "review_grade": "优",
                  "imported_score": 0}
    data: dict[str, Any] = {
        "unit": {"id": "u", "name": "单位", "type": unit_type, "facts": {**base_facts, **(facts or {})},
                 "claims": claims or {}},
        "records": {t: [dict(r, id=r.get("id", f"{t}-{i + 1}")) for i, r in enumerate(rs)] for t, rs in records.items()},
    }
    if reviews:
        data["reviews"] = reviews
    return scoring.evidence_from_dict(data, book)


def _score(book: scoring.Rulebook, ev: scoring.EvidenceSet) -> scoring.ScoreResult:
    r = scoring.score(book, ev)
    assert r.ledger_sum() == r.total
    return r


def activity(kind: str, **kw: Any) -> dict[str, Any]:
    return {"date": "2023-05-01", "kind": kind, "title": kind, **kw}


def incident(kind: str, **kw: Any) -> dict[str, Any]:
    return {"date": "2023-05-01", "kind": kind, "level": "县级", "summary": kind, **kw}


def report(kind: str) -> dict[str, Any]:
    return {"kind": kind, "title": kind, "submitted_on": "2023-06-30"}


def petition(closed: bool) -> dict[str, Any]:
    return {"received_on": "2023-03-01", "source": "来信", "closed": closed}


def test_every_second_edition_example_is_here() -> None:
    assert {f"E{i}" for i in range(1, 8)} <= {name for _, name in BLOCKS}


@pytest.mark.parametrize(("unit_type", "sowing", "top"), [("乡", "4", "100"), ("镇", "6.5", "95")])
def test_e1_numbers_by_unit_type(unit_type: str, sowing: str, top: str) -> None:
    """92%: 乡 12 − 8 × 1 = 4, 镇 8 − 3 × 0.5 = 6.5; two 专题研究 and one 通报批评: 乡 4 − 2 = 2, 镇 3 − 1 = 2."""
    b = rulebook("E1")
    r = _score(b, _ev(b, unit_type, facts={"sown_rate": "0.92"},
                      activity=[activity("专题研究"), activity("专题研究")], incident=[incident("通报批评")]))
    assert r.item("sowing").points == D(sowing)
    assert r.item("storage").points == D(2)
    assert r.max_total == D(top)


def test_e2_applicability_inherited_and_by_fact() -> None:
    """A non-grain 乡 with its annual summary: 10 of 10, two items left out. A grain 镇 with one 专题研究 and one
    宣传教育, no summary: 6 + 0 + 10 × 1/2 + 0 = 11 of 30."""
    b = rulebook("E2")
    r = _score(b, _ev(b, "乡", facts={"grain_area": False}, report=[report("年度工作总结")]))
    assert (r.total, r.max_total) == (D(10), D(10))
    assert not r.item("market_clean").applicable
    b = rulebook("E2")
    r = _score(b, _ev(b, "镇", facts={"grain_area": True},
                      activity=[activity("专题研究"), activity("宣传教育")]))
    assert (r.item("duties").points, r.item("duties").max_points) == (D(11), D(30))


@pytest.mark.parametrize(("closed", "expected"), [(6, "8"), (5, "7"), (8, "10")])
def test_e3_tiered_deduction(closed: int, expected: str) -> None:
    b = rulebook("E3")
    r = _score(b, _ev(b, petition=[petition(i < closed) for i in range(10)]))
    assert r.item("closing").points == D(expected)


@pytest.mark.parametrize(("edu", "honor", "opinions", "expected"), [(4, True, 1, "9"), (4, True, 0, "10"),
                                                                    (0, False, 4, "0")])
def test_e4_base_bonuses_deductions(edu: int, honor: bool, opinions: int, expected: str) -> None:
    b = rulebook("E4")
    honors = [{"date": "2023-04-01", "project": "最美家庭", "level": "县级", "title": "最美家庭"}] if honor else []
    r = _score(b, _ev(b, activity=[activity("宣传教育")] * edu, honor=honors,
                      incident=[incident("舆情事件")] * opinions))
    assert r.item("village_work").points == D(expected)


def test_e5_discretion_both_ways() -> None:
    """10 − 1 − 3 − 1 (inc-2 at the minimum) + 1 = 6, with the page's reviews.yaml."""
    b = rulebook("E5")
    reviews = {"reviewer": "县妇联考核组",
               "deductions": [{"item": "casework", "range": "casework_ledger", "deduct": 1, "reason": "个案台账缺少回访记录"},
                              {"item": "casework", "range": "casework_cases", "record": "inc-1", "deduct": 3,
                               "reason": "通报后仍未整改"}],
               "bonuses": [{"item": "casework", "range": "casework_innovation", "add": 1,
                            "reason": "个案跟踪做法被市妇联推广"}]}
    r = _score(b, _ev(b, reviews=reviews, incident=[incident("通报批评", id="inc-1"), incident("通报批评", id="inc-2")]))
    assert r.item("casework").points == D(6)


@pytest.mark.parametrize(("n", "expected"), [(0, "5"), (1, "0")])
def test_e6_full_marks_unless_deducted(n: int, expected: str) -> None:
    b = rulebook("E6")
    r = _score(b, _ev(b, incident=[incident("重大舆情")] * n))
    assert r.item("no_major_opinion").points == D(expected)


def test_e7_item_rounding() -> None:
    """7 of 9: 7.777… exact, shown 7.8, a claim of 7.8 matches; the total, rounded once to 1 place, is 7.8."""
    b = rulebook("E7")
    r = _score(b, _ev(b, activity=[activity("亲子阅读")] * 7, claims={"reading_ratio": "7.8"}))
    node = r.item("reading_ratio")
    assert node.points == Decimal(70) / Decimal(9) and node.rounded == D("7.8") and node.claim == "match"
    assert r.total == D("7.8")
