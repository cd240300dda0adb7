"""The worked examples of docs/rule-language.md, "整步、调整系数与映射（第二版）" (blocks ``# 例 F1`` …), scored with
the evidence the page describes; the expected points are the page's own hand arithmetic."""

from __future__ import annotations

import pytest

import scoring

from .._docblocks import BLOCKS, block, rulebook, rulebook_data
from ._rb import D
from .test_language_v2_docs import _ev, _score, activity, incident


def test_every_f_example_is_here() -> None:
    assert {"F1", "F2", "F3", "F4", "F5", "F6"} <= {name for _, name in BLOCKS}


@pytest.mark.parametrize(("rate", "expected"), [("0.83", "3"), ("0.85", "3"), ("0.92", "5"), ("0.69", "0")])
def test_f1_linear_whole_steps(rate: str, expected: str) -> None:
    b = rulebook("F1")
    assert _score(b, _ev(b, facts={"rate": rate})).item("closing_steps").points == D(expected)


@pytest.mark.parametrize(("visited", "expected"), [(75, "2"), (95, "4"), (100, "4")])
def test_f2_shortfall_whole_steps(visited: int, expected: str) -> None:
    b = rulebook("F2")
    r = _score(b, _ev(b, facts={"households": 100, "households_visited": visited}))
    assert r.item("visit_rate").points == D(expected)


@pytest.mark.parametrize(("rank", "expected"), [(1, "10"), (2, "5"), (3, "3"), (7, "0")])
def test_f3_grade_points_by_rank(rank: int, expected: str) -> None:
    b = rulebook("F3")
    r = _score(b, _ev(b, facts={"city_rank": rank}))
    assert r.item("city_rank_points").points == D(expected)


def test_f3_without_default_a_rank_with_no_key_is_an_error() -> None:
    data = rulebook_data(block("F3"), "F3")
    data["categories"][0]["items"][0]["grade_points"].pop("default")
    b = scoring.rulebook_from_dict(data, "F3")
    with pytest.raises(scoring.EvaluationError, match="取值 '7'"):
        scoring.score(b, _ev(b, facts={"city_rank": 7}))


def test_f4_amount_by_an_integer_field() -> None:
    """One grade 2 and two grade 3 accidents: 20 − 5 − 2 − 2 = 11; a key 4 cannot occur (max 3)."""
    b = rulebook("F4")
    acc = [{"date": "2023-05-01", "grade": g, "summary": "事故"} for g in (2, 3, 3)]
    assert _score(b, _ev(b, accident=acc)).item("accidents").points == D(11)
    data = rulebook_data(block("F4"), "F4")
    data["categories"][0]["items"][0]["deductions"][0]["amount_by"]["map"][4] = 1
    with pytest.raises(scoring.RulebookError, match="取值范围是 1–3"):
        scoring.rulebook_from_dict(data, "F4")


def test_f5_order_of_adjustments_and_reviewers_factors() -> None:
    """inc-1 市级 and reminded: (2 + 3) × 2 = 10; inc-2 减半: 2 × 0.5 = 1; inc-3 免扣: 0 → 20 − 11 = 9."""
    b = rulebook("F5")
    reviews = {"reviewer": "县妇联考核组", "factors": [
        {"line": "opinion_events", "record": "inc-2", "factor": "减半", "reason": "当日妥善处置"},
        {"line": "opinion_events", "record": "inc-3", "factor": "免扣", "reason": "主动发现并及时上报"}]}
    r = _score(b, _ev(b, reviews=reviews, incident=[incident("舆情事件", id="inc-1", level="市级", reminded=True),
                                                    incident("舆情事件", id="inc-2"), incident("舆情事件", id="inc-3")]))
    node = r.item("opinion_handling")
    assert node.points == D(9)
    got = {e.evidence[0]: e for e in node.ledger if e.kind == "deduct"}
    assert [got[i].points for i in ("inc-1", "inc-2", "inc-3")] == [D(-10), D(-1), D(0)]
    assert "2 分 + 3（造成市级影响） = 5 分 × 2（经催办仍未整改，加倍扣分） = 10 分" in got["inc-1"].reason
    assert "考核组选定“减半”：当日妥善处置（县妇联考核组）" in got["inc-2"].reason
    assert got["inc-2"].reviewer == "县妇联考核组"


def test_f6_amount_expressions() -> None:
    """25 participants: 0.1 × 5 = 0.5; 40: not counted; readings 2 of 4: 2 × (2 ÷ 4) = 1 → 10 − 1.5 = 8.5."""
    b = rulebook("F6")
    r = _score(b, _ev(b, activity=[activity("宣传培训", participants=25), activity("宣传培训", participants=40),
                                   activity("亲子阅读"), activity("亲子阅读")]))
    assert r.item("training_size").points == D("8.5")
