"""The examples of docs/rule-language.md compute the points the text beside them states (not only that they load).

Each case scores one example block over the bundled rulebook with evidence made from the sentence that follows
the block in the doc; the expected points are the doc's own numbers, worked by hand here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import scoring
from tests._docblocks import rulebook

D = Decimal


def _ev(book: scoring.Rulebook, records: dict[str, list[dict[str, Any]]]) -> scoring.EvidenceSet:
    data = {"unit": {"id": "u", "name": "单位", "type": "乡", "facts": {"households": 100, "households_visited": 100,
                                                                      "rate": 0, "base_rate": 0,
                                                                      "review_grade": "中", "imported_score": 0}},
            "records": {t: [dict(r, id=r.get("id", f"{t}{i}")) for i, r in enumerate(rs)] for t, rs in records.items()}}
    return scoring.evidence_from_dict(data, book)


def _act(kind: str, i: int = 0) -> dict[str, Any]:
    return {"date": f"2023-0{1 + i % 9}-1{i % 9}", "kind": kind, "title": f"{kind}{i}"}


def _points(name: str, item: str, records: dict[str, list[dict[str, Any]]]) -> Decimal:
    book = rulebook(name)
    return scoring.score(book, _ev(book, records)).item(item).points


def test_a1_summary_on_time_gives_2_else_0() -> None:
    """“有一份 7 月 10 日前报送的半年总结 → 2 分；没有 → 0 分”."""
    def report(day: str) -> dict[str, list[dict[str, Any]]]:
        return {"report": [{"kind": "半年工作总结", "submitted_on": day, "title": "半年总结"}]}

    assert _points("A1", "half_year_summary", report("2023-07-08")) == 2
    assert _points("A1", "half_year_summary", report("2023-07-20")) == 0
    assert _points("A1", "half_year_summary", {}) == 0


def test_a2_only_the_leading_group_gives_1() -> None:
    """“只成立了领导小组 → 1 + 0 = 1 分”."""
    docs = {"document": [{"kind": "妇儿工委成立文件", "date": "2023-02-01", "title": "成立文件"}]}
    assert _points("A2", "organisation", docs) == 1


def test_a4_a_rate_of_75_percent_is_the_second_tier() -> None:
    """“参训率 75% → 第 2 档 2 分”: 3 of 4 activities are 宣传培训 (rate = 75%)."""
    acts = [_act("宣传培训", i) for i in range(3)] + [_act("慰问", 9)]
    assert _points("A4", "training_rate", {"activity": acts}) == 2
    assert _points("A4", "training_rate", {"activity": acts[:3]}) == 4  # 100% > 80%


def test_b2_one_talk_of_three_loses_2() -> None:
    """“开展 1 次：扣（3 − 1）× 1 = 2 分”: 6 − 2 = 4."""
    assert _points("B2", "talks", {"activity": [_act("宣讲")]}) == 4
    assert _points("B2", "talks", {"activity": [_act("宣讲", i) for i in range(3)]}) == 6


def test_b4_deductions_stop_at_max_deduction() -> None:
    """B4: 2 per 通报批评, at most 3 off 10: one gives 8, three give 10 − 3 = 7."""
    def incident(i: int) -> dict[str, Any]:
        return {"date": f"2023-0{i + 1}-01", "kind": "通报批评", "level": "县级", "summary": f"通报{i}"}

    assert _points("B4", "supervision", {"incident": [incident(0)]}) == 8
    assert _points("B4", "supervision", {"incident": [incident(i) for i in range(3)]}) == 7
