"""Explanations with their inputs (#15 item 11): baselines, claim differences, empty denominators, 百分点 wording,
and ranking by score rate. Every expected sentence and number is worked by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings, strategies as st

import scoring
from scoring.engine import positions
from scoring.render.markdown import render_markdown
from scoring.render.view import board_headers, claim_sentence, feedback_rows, sheet_rows

from ._rb import act, book, evidence, run

D = Decimal


def _one(r: scoring.ScoreResult, node: str, kind: str | None = None) -> scoring.LedgerEntry:
    (e,) = [e for e in r.item(node).ledger if e.branch and (kind is None or e.kind == kind)]
    return e


def test_a_baseline_fact_is_named_in_the_sentence() -> None:
    """base_rate 10%, now 13%: 3 points above, 10 − 3 × 1 = 7; the target is the fact, named by its key (no label)."""
    r = run("- {id: l, title: 发案率, points: 10, value: rate_now, linear: {target: base_rate, step: 0.01, deduct: 1, "
            "direction: above}}", facts={"rate_now": "0.13", "base_rate": "0.10"}, cat_points=10)
    e = _one(r, "l")
    assert r.item("l").points == D(7)
    assert e.reason == "13% 高于base_rate 10%（超 3 个百分点），每超 1 个百分点扣 1 分，扣 3 分"
    met = _one(run("- {id: l, title: 发案率, points: 10, value: rate_now, linear: {target: base_rate, step: 0.01, "
                   "deduct: 1, direction: above}}", facts={"rate_now": "0.08", "base_rate": "0.10"}, cat_points=10), "l")
    assert met.reason == "8% 不高于base_rate 10%，不扣分"


def test_a_literal_target_keeps_its_sentence() -> None:
    """95% target, 92%: 3 points short, 5 − 3 × 0.5 = 3.5 — the words of the first edition, 个百分点 not 个 1%."""
    r = run("- {id: l, title: 到位率, points: 5, value: rate_now, linear: {target: 95%, step: 1%, deduct: 0.5}}",
            facts={"rate_now": "0.92"}, cat_points=5)
    e = _one(r, "l")
    assert e.reason == "92% 低于目标 95%（差 3 个百分点），每差 1 个百分点扣 0.5 分，扣 1.5 分"
    assert "个 1%" not in e.reason and r.item("l").points == D("3.5")


def test_an_empty_rate_is_said_honestly() -> None:
    """No act at all: rate(...) uses empty=1 → 100% against a 95% target, full 5 points, but the ledger says there was
    nothing to do. With one unsolved act: 0% is below the 90% cut-off, 0 points."""
    item = ("- {id: l, title: 办结率, points: 5, value: 'rate(act, solved, empty=1)', "
            "linear: {target: 95%, step: 1%, deduct: 0.5, zero_at: 90%}}")
    r = run(item, [], cat_points=5)
    e = _one(r, "l")
    assert r.item("l").points == D(5)
    assert e.reason == "无应办事项（act 0 件），按规则计为 100%，不扣分" and e.values["应办事项"] == "0"
    r2 = run(item, [act("事件")], cat_points=5)
    assert r2.item("l").points == D(0) and "无应办事项" not in _one(r2, "l").reason


def test_an_empty_rate_with_a_base_filter_and_an_empty_average() -> None:
    """The third argument filters to 培训 records, there are none: 没有符合条件的 act; empty=0 → 0% → the other tier, 1.
    avg over no 慰问 uses empty=3 → ≥ 3, 2 points."""
    r = run("""
- id: t
  title: 培训办结
  points: 4
  value: 'rate(act, solved, kind == "培训", empty=0)'
  tiers: [{min: 0.5, points: 4}, {points: 1}]
- id: a
  title: 平均人数
  points: 2
  value: 'avg(act, n, kind == "慰问", empty=3)'
  tiers: [{min: 3, points: 2}, {points: 0}]
""", [act("宣讲")], cat_points=6)
    assert r.item("t").points == D(1)
    assert _one(r, "t").reason == "无应办事项（没有符合条件的act），按规则计为 0%，得 1 分"
    assert r.item("a").points == D(2)
    assert _one(r, "a").reason == "没有可计算的记录（没有符合条件的act），按规则计为 3，得 2 分"


def test_claim_differences_are_sized_on_every_sheet() -> None:
    """Claimed 10 for 3 earned: 自评偏高 7 分; claimed 1 for 3: 自评偏低 2 分; a matching claim says nothing."""
    items = """
- {id: p, title: 宣讲, points: 10, value: 'count(act, kind == "宣讲")', proportional: {target: 10}}
- {id: q, title: 培训, points: 10, value: 'count(act, kind == "培训")', proportional: {target: 10}}
- {id: s, title: 慰问, points: 10, value: 'count(act, kind == "慰问")', proportional: {target: 10}}
"""
    r = run(items, [act("宣讲")] * 3 + [act("培训")] * 3 + [act("慰问")] * 3, claims={"p": 10, "q": 1, "s": 3},
            cat_points=30)
    assert claim_sentence(r.item("p")) == "自评 10 分，核定 3 分，自评偏高 7 分"
    assert claim_sentence(r.item("q")) == "自评 1 分，核定 3 分，自评偏低 2 分"
    assert claim_sentence(r.item("s")) == ""
    rows = {row.id: row for row in sheet_rows(r)}
    assert "自评 10 分，核定 3 分，自评偏高 7 分" in rows["p"].reason_lines
    assert "自评 10 分，核定 3 分，自评偏高 7 分" in render_markdown(r)
    assert all("自评" not in x for row in feedback_rows(r) for x in row.reasons)  # the 反馈单 has its own section


def test_explain_shows_the_claim_gap() -> None:
    b = book("- {id: p, title: 宣讲, points: 10, value: 'count(act, kind == \"宣讲\")', proportional: {target: 10}}",
             cat_points=10)
    ev = evidence(b, [act("宣讲")] * 4, claims={"p": 9})
    ex = scoring.explain(scoring.score(b, ev), b, ev, "p")
    assert ex.claim_gap == D(5)  # 9 − 4


def test_proportional_rates_in_percent_and_points() -> None:
    """75% of a 90% target: 10 × 0.75/0.9 = 8.333…; 15 个百分点 short."""
    r = run("- {id: p, title: 覆盖率, points: 10, value: rate_now, proportional: {target: 0.9}}",
            facts={"rate_now": "0.75"}, cat_points=10)
    e = _one(r, "p")
    assert e.reason == "完成 75%/90%，按比例得 ≈8.3333 分（失 ≈1.6667 分）"  # 10 × 5/6, 10 × 1/6
    assert e.recover == "再提高 15 个百分点可得满分（多得 ≈1.6667 分）"


RATE_BOOK = """
- {id: w, title: 宣讲, points: {乡: 10, 镇: 8}, value: 'count(act, kind == "宣讲")', proportional: {target: 4}}
"""


def test_rate_ranking_is_exact_before_display_rounding() -> None:
    """乡 max 10, 镇 max 8. 乡 with 3: 7.5/10 = 0.75; 镇 with 3: 6/8 = 0.75 — tied, though the totals differ.
    dense ties: 1, 1, 2 for a 镇 with 2 (4/8 = 0.5)."""
    b = book(RATE_BOOK, "ranking: {by: rate, ties: dense, rate_places: 1}\n", cat_points="{乡: 10, 镇: 8}")
    b = b.model_copy(update={"total": b.categories[0].points})
    units = [evidence(b, [act("宣讲")] * 3, uid="x"), evidence(b, [act("宣讲")] * 3, unit_type="镇", uid="y"),
             evidence(b, [act("宣讲")] * 2, unit_type="镇", uid="z")]
    batch = scoring.score_many(b, units)
    assert [(s.unit_id, s.rank, s.rate) for s in batch.leaderboard] == [
        ("x", 1, D("0.750")), ("y", 1, D("0.750")), ("z", 2, D("0.500"))]
    assert "得分率" in board_headers(batch)
    assert "| 1 | y | y | 6 | 8 | 75% |" in render_markdown(batch)
    by_total = scoring.score_many(book(RATE_BOOK, "", cat_points="{乡: 10, 镇: 8}"), units)
    assert [s.unit_id for s in by_total.leaderboard] == ["x", "y", "z"] and "得分率" not in board_headers(by_total)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), st.integers(1, 200)), min_size=1, max_size=8))
def test_rate_positions_agree_with_cross_multiplication(pairs: list[tuple[int, int]]) -> None:
    """An independent route: unit i is ahead of j exactly when total_i × max_j > total_j × max_i."""
    pos = positions([Fraction(t, m) for t, m in pairs])
    for i, (ti, mi) in enumerate(pairs):
        ahead = sum(1 for tj, mj in pairs if tj * mi > ti * mj)
        assert pos[i] == ahead + 1
