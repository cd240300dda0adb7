"""The worked examples of docs/rule-language.md, "整步、调整系数与映射（第二版）" (blocks ``# 例 F1`` …), scored with
the evidence the page describes; the expected points are the page's own hand arithmetic."""

from __future__ import annotations

import pytest

import scoring

from .._docblocks import BLOCKS, block, rulebook, rulebook_data
from ._rb import D
from .test_language_v2_docs import _ev, _score


def test_every_f_example_is_here() -> None:
    assert {"F1", "F2", "F3", "F4"} <= {name for _, name in BLOCKS}


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
