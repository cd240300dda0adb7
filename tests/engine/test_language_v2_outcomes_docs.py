"""The worked examples of docs/rule-language.md, "非分值结果与说明（第二版）" (blocks ``# 例 H1`` …), scored with the
evidence the page describes; the expected points and outcomes are the page's own hand arithmetic."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import scoring

from .._docblocks import BLOCKS, block, rulebook, rulebook_data
from .test_language_v2_docs import _ev, incident

D = Decimal


def petition(closed: bool) -> dict[str, Any]:
    return {"received_on": "2023-03-01", "source": "来信", "closed": closed}


def _village(book: scoring.Rulebook, uid: str, petitions: list[bool], opinions: int) -> scoring.EvidenceSet:
    ev = _ev(book, petition=[petition(c) for c in petitions], incident=[incident("舆情事件") for _ in range(opinions)])
    return ev.model_copy(update={"unit": ev.unit.model_copy(update={"id": uid, "name": uid})})


def test_every_h_example_is_here() -> None:
    assert {"H1"} <= {name for _, name in BLOCKS}


def test_h1_outcomes_granted_by_hand() -> None:
    """甲村: 10 + 10 = 20, 优秀: 5000 元, 平安村, 100 × 20 = 2000 元 (7000 元 in all). 乙村: 4 of 5 closed (80%) → 6,
    two 舆情事件 → 10 − 2 × 5 = 0: 6, 不合格, only the flag."""
    b = rulebook("H1")
    a = scoring.score(b, _village(b, "甲村", [], 0))
    assert (a.total, a.grade) == (D(20), "优秀")
    assert [o.id for o in a.granted] == ["no_petition_village", "safe_village", "safe_bonus"]
    assert {o.id: o.amount for o in a.granted if o.kind == "reward"} == {"no_petition_village": D(5000),
                                                                           "safe_bonus": D(2000)}
    assert a.rewards == {"元": D(7000)}
    z = scoring.score(b, _village(b, "乙村", [True, True, True, True, False], 2))
    assert (z.item("petition_work").points, z.item("opinion").points, z.total, z.grade) == (D(6), D(0), D(6), "不合格")
    assert [o.id for o in z.granted] == ["watch_opinion"]
    assert {o.id for o in z.outcomes if not o.granted} == {"no_petition_village", "safe_village", "safe_bonus"}
    assert z.rewards == {}


def test_h1_points_are_the_same_without_outcomes() -> None:
    data = rulebook_data(block("H1"), "H1")
    data.pop("outcomes")
    for cat in data["categories"]:
        for item in cat["items"]:
            item.pop("outcomes", None)
    plain = scoring.rulebook_from_dict(data, "plain")
    with_outcomes = rulebook("H1")
    for petitions, opinions in (([], 0), ([True, True, True, True, False], 2), ([True], 1)):
        x = scoring.score(with_outcomes, _village(with_outcomes, "u", petitions, opinions))
        y = scoring.score(plain, _village(plain, "u", petitions, opinions))
        assert [(n.id, n.points) for n in x.items] == [(n.id, n.points) for n in y.items]
        assert (x.total, x.grade) == (y.total, y.grade) and y.outcomes == []


def test_h1_leaderboard_sums_rewards_per_unit() -> None:
    b = rulebook("H1")
    batch = scoring.score_many(b, [_village(b, "甲村", [], 0), _village(b, "乙村", [True, False], 2)])
    board = {s.unit_id: s for s in batch.leaderboard}
    assert board["甲村"].rewards == {"元": D(7000)} and board["甲村"].outcomes == [
        "no_petition_village", "safe_village", "safe_bonus"]
    assert board["乙村"].rewards == {} and board["乙村"].outcomes == ["watch_opinion"]


def test_h2_baseline_inputs_empty_denominator_and_claim_size() -> None:
    """本年 12% against (9% + 10% + 11%) / 3 = 10%: 2 points above, 10 − 2 × 2 = 6. No petition: empty=1 → 10.
    Claimed 10 for case_control: 自评偏高 10 − 6 = 4 分."""
    from scoring.render.view import claim_sentence

    b = rulebook("H2")
    facts = {"case_rate": "0.12", "rate_2020": "0.09", "rate_2021": "0.10", "rate_2022": "0.11"}
    r = scoring.score(b, _ev(b, facts=facts, claims={"case_control": 10}))
    case = r.item("case_control")
    assert (case.points, r.item("petition_closing").points) == (D(6), D(10))
    (deduct,) = [e for e in case.ledger if e.kind == "deduct"]
    assert deduct.reason == ("12% 高于目标 10%（由 2020年发案率 9%、2021年发案率 10%、2022年发案率 11% 算出；超 2 个百分点），"
                             "每超 1 个百分点扣 2 分，扣 4 分")
    assert (deduct.values["2021年发案率"], deduct.values["目标"]) == ("0.1", "0.1")
    (award,) = r.item("petition_closing").ledger
    assert award.reason == "无应办事项（信访件 0 件），按规则计为 100%，得 10 分"
    assert "达到" not in award.reason
    assert claim_sentence(case) == "自评 10 分，核定 6 分，自评偏高 4 分"


def test_h3_ranking_by_score_rate() -> None:
    """甲乡 3 talks: 20 × 3/4 = 15 of 20 (75%); 乙镇 3: 7.5 of 10 (75%), tied first; 丙镇 2: 5 of 10 (50%), third."""
    b = rulebook("H3")

    def unit(uid: str, t: str, n: int) -> scoring.EvidenceSet:
        ev = _ev(b, t, activity=[{"date": "2023-05-01", "kind": "宣讲", "title": "宣讲"}] * n)
        return ev.model_copy(update={"unit": ev.unit.model_copy(update={"id": uid, "name": uid})})

    batch = scoring.score_many(b, [unit("甲乡", "乡", 3), unit("乙镇", "镇", 3), unit("丙镇", "镇", 2)])
    board = [(s.unit_id, s.rank, s.total, s.rate) for s in batch.leaderboard]
    assert board == [("乙镇", 1, D("7.5"), D("0.7500")), ("甲乡", 1, D(15), D("0.7500")),
                     ("丙镇", 3, D(5), D("0.5000"))]
    assert batch.ranked_by == "rate"
