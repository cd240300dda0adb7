"""Per-period counting (#15 item 5): 每月不少于 2 次, 每季度一次, as a deduction or bonus line and as a way of earning.

Every expected figure is worked by hand from the records listed in the test; the worked examples G3 and G4 of
docs/rule-language.md are scored with the evidence the page describes.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

import scoring
from scoring.clauses import REGISTRY
from scoring.cycle import diff_rulebooks
from scoring.periods import label, periods, tally

from .._docblocks import rulebook
from ._rb import D, book, evidence, rulebook_text, run


def talks(months: dict[int, int], kind: str = "宣讲", year: int = 2023) -> list[dict[str, Any]]:
    """``n`` records of ``kind`` in each listed month (days 1, 2, …)."""
    return [{"date": f"{year}-{m:02d}-{d + 1:02d}", "kind": kind} for m, n in months.items() for d in range(n)]


MONTHLY = """
- id: monthly
  title: 每月宣讲
  points: 12
  full_marks: true
  deductions:
    - per_period: {records: act, where: 'kind == "宣讲"', every: 月, at_least: 2}
      amount: 1
"""
EVERY_MONTH_BUT = {m: 2 for m in range(1, 13)}


def test_each_month_short_is_named_and_deducted() -> None:
    # by hand: March 1, July 0, the rest 2 → two months short, 12 − 2 × 1 = 10
    r = run(MONTHLY, talks({**EVERY_MONTH_BUT, 3: 1, 7: 0}), cat_points=12)
    assert r.item("monthly").points == D(10)
    (line,) = [e for e in r.item("monthly").ledger if e.points < 0]
    assert line.points == D(-2)
    assert line.reason == "每月不少于 2 次：3月、7月不足 2 次（3月 1 次，7月 0 次），每缺 1 个月扣 1 分，共扣 2 分"
    assert (line.values["不足"], line.values["期数"]) == ("2", "12")
    assert len(line.evidence) == 21  # the 宣讲 records counted: 10 months × 2 + 1


def test_every_month_met_deducts_nothing_and_other_kinds_do_not_count() -> None:
    r = run(MONTHLY, talks(EVERY_MONTH_BUT) + talks({5: 3}, kind="培训"), cat_points=12)
    assert r.item("monthly").points == D(12)
    (line,) = [e for e in r.item("monthly").ledger if "每月" in e.reason]
    assert line.points == 0 and "12 个月都达到 2 次" in line.reason


def test_records_outside_the_period_are_excluded_with_a_reason_not_counted() -> None:
    # a 2024 record would fill July if it were counted by month number alone
    acts = talks({**EVERY_MONTH_BUT, 7: 0}) + talks({7: 2}, year=2024)
    r = run(MONTHLY, acts, cat_points=12)
    assert r.item("monthly").points == D(11)
    assert sum("不在考核期" in x.reason for x in r.excluded) == 2


def test_a_rejected_record_does_not_fill_its_month() -> None:
    acts = talks(EVERY_MONTH_BUT)
    acts[0] = dict(acts[0], rejected="照片与活动不符")
    r = run(MONTHLY, acts, cat_points=12)
    assert r.item("monthly").points == D(11)  # January has one left
    assert "1月 1 次" in next(e.reason for e in r.item("monthly").ledger if e.points < 0)


def test_quarters_as_a_way_of_earning_with_per() -> None:
    items = """
- id: q
  title: 每季度培训
  points: 4
  per_period: {records: act, where: 'kind == "培训"', every: quarter, per: 1}
"""
    # February and November only: quarters 1 and 4 met, 2 × 1 = 2
    r = run(items, talks({2: 1, 11: 1}, kind="培训"), cat_points=4)
    assert r.item("q").points == D(2)
    e = r.item("q").ledger[0]
    assert e.branch == "some" and "第二季度、第三季度不足" in e.reason
    assert run(items, talks({1: 1, 4: 1, 7: 1, 10: 1}, kind="培训"), cat_points=4).item("q").points == D(4)
    assert run(items, [], cat_points=4).item("q").ledger[0].branch == "none"


def test_prorated_over_half_years_and_capped_by_per() -> None:
    items = """
- id: h
  title: 每半年慰问
  points: 6
  per_period: {records: act, where: 'kind == "慰问"', every: 半年, at_least: 3}
- id: capped
  title: 每月培训
  points: 5
  per_period: {records: act, where: 'kind == "培训"', every: month, per: 0.5}
"""
    acts = talks({1: 2, 6: 1}, kind="慰问") + talks({8: 1}, kind="慰问") + talks(EVERY_MONTH_BUT, kind="培训")
    r = run(items, acts, cat_points=11)
    # first half 3 met, second half 1 short: 6 × 1/2 = 3; twelve months × 0.5 = 6, capped at the item's 5
    assert r.item("h").points == D(3)
    assert r.item("capped").points == D(5)


def test_a_bonus_line_adds_per_month_met() -> None:
    items = """
- id: b
  title: 基础分加每月加分
  points: 10
  base: 6
  bonuses:
    - per_period: {records: act, every: month, at_least: 3}
      amount: 0.5
      reason: 每月活动 3 次以上
"""
    # three months with 3 records, the others fewer: 6 + 3 × 0.5 = 7.5
    r = run(items, talks({1: 3, 2: 3, 3: 4, 4: 1}), cat_points=10)
    assert r.item("b").points == D("7.5")
    line = next(e for e in r.item("b").ledger if e.points == D("1.5"))
    assert line.reason.startswith("每月活动 3 次以上：") and "共加 1.5 分" in line.reason


def test_a_period_spanning_two_years_names_the_year() -> None:
    b = book(MONTHLY, cat_points=12)
    b = b.model_copy(update={"period": b.period.model_copy(
        update={"start": _dt.date(2023, 7, 1), "end": _dt.date(2024, 6, 30)})})
    acts = talks({m: 2 for m in range(7, 13)}) + talks({m: 2 for m in range(1, 7) if m != 2}, year=2024)
    r = scoring.score(b, evidence(b, acts))
    assert r.item("monthly").points == D(11)
    assert "2024年2月不足 2 次" in next(e.reason for e in r.item("monthly").ledger if e.points < 0)


@pytest.mark.parametrize(("fragment", "says"), [
    ("{records: actt, every: month}", "未知的证据类型 'actt'"),
    ("{records: act, every: week}", "every"),
    ("{records: act, every: month, where: 'kind == \"宣x\"'}", "'宣x' 不是可选值之一"),
    ("{records: act, every: month, per: 1}", "扣分（加分）行的按期计数不写 per"),
])
def test_mistakes_are_located(fragment: str, says: str) -> None:
    items = f"- id: x\n  title: X\n  points: 2\n  full_marks: true\n  deductions:\n    - {{per_period: {fragment}, amount: 1}}"
    with pytest.raises(scoring.RulebookError) as e:
        book(items, cat_points=2)
    assert says in str(e.value) and "t.yaml:" in str(e.value)


def test_an_undated_evidence_type_cannot_be_counted_per_period() -> None:
    extra = "  roster:\n    fields:\n      name: {type: text}\n"
    items = "- {id: x, title: X, points: 2, per_period: {records: roster, every: month}}"
    with pytest.raises(scoring.RulebookError, match="没有声明 date"):
        scoring.parse_rulebook(rulebook_text(items, cat_points=2).replace("  talent:\n", extra + "  talent:\n"), "t.yaml")


def test_check_warns_when_the_period_is_not_whole_months() -> None:
    b = book(MONTHLY, cat_points=12)
    odd = b.model_copy(update={"period": b.period.model_copy(update={"start": _dt.date(2023, 1, 15)})})
    warnings = [str(w) for w in scoring.plan_of(odd).warnings]
    assert any("首尾不完整的月也按一期计数" in w for w in warnings)
    assert not any("首尾不完整" in str(w) for w in scoring.plan_of(b).warnings)


def test_registered_covered_and_diffed() -> None:
    assert any(c.key == "per_period" for c in REGISTRY.earnings)
    assert any(k.key == "per_period" for k in REGISTRY.lines)
    a = book(MONTHLY, cat_points=12)
    b = book(MONTHLY.replace("at_least: 2", "at_least: 3"), cat_points=12)
    changes = diff_rulebooks(a, b).changes
    assert [c.field for c in changes if c.id == "monthly"] == ["per_period"]
    items = "- {id: q, title: Q, points: 4, per_period: {records: act, every: quarter}}"
    c1, c2 = book(items, cat_points=4), book(items.replace("quarter", "half"), cat_points=4)
    (ch,) = [c for c in diff_rulebooks(c1, c2).changes if c.id == "q"]
    assert ch.label.endswith("按期计数")


# -- the period arithmetic ---------------------------------------------------------------------------------

@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(start=st.dates(_dt.date(2000, 1, 1), _dt.date(2060, 1, 1)), days=st.integers(0, 800),
       every=st.sampled_from(["month", "quarter", "half"]),
       offsets=st.lists(st.integers(-30, 830), max_size=40))
def test_every_dated_record_in_the_period_falls_in_exactly_one_period(
        start: _dt.date, days: int, every: Any, offsets: list[int]) -> None:
    end = start + _dt.timedelta(days=days)
    ps = periods(start, end, every)
    assert ps == sorted(set(ps))  # in order, no repeats
    size = {"month": 1, "quarter": 3, "half": 6}[every]
    months = (end.year - start.year) * 12 + end.month - start.month
    assert len(ps) == (end.year * 12 + end.month - 1) // size - (start.year * 12 + start.month - 1) // size + 1
    assert len(ps) <= months + 1
    dates = [start + _dt.timedelta(days=o) for o in offsets]
    counts = tally(dates, start, end, every)
    assert set(counts) == set(ps)
    assert sum(counts.values()) == sum(start <= d <= end for d in dates)  # nothing lost, nothing counted twice
    assert len({label(p, every, True) for p in ps}) == len(ps)


# -- the worked examples ---------------------------------------------------------------------------------

def _ev(b: scoring.Rulebook, acts: list[dict[str, Any]]) -> scoring.EvidenceSet:
    facts = {"households": 100, "households_visited": 100, "rate": 1, "base_rate": 0, "review_grade": "优",
             "imported_score": 0}
    records = [dict(a, title=a["kind"], id=f"act-{i + 1}") for i, a in enumerate(acts)]
    return scoring.evidence_from_dict({"unit": {"id": "u", "name": "单位", "type": "镇", "facts": facts},
                                       "records": {"activity": records}}, b)


def test_g3_each_month_short_costs_a_point() -> None:
    """March 1, July 0, the rest 2, and one in January 2024 (excluded): 12 − 2 = 10."""
    b = rulebook("G3")
    r = scoring.score(b, _ev(b, talks({**EVERY_MONTH_BUT, 3: 1, 7: 0}) + talks({1: 1}, year=2024)))
    assert r.item("monthly_talks").points == D(10)
    assert any(e.reason == "每月宣讲不少于 2 次：3月、7月不足 2 次（3月 1 次，7月 0 次），每缺 1 个月扣 1 分，共扣 2 分"
               for e in r.item("monthly_talks").ledger)
    assert [x.id for x in r.excluded] == ["act-22"]


def test_g4_quarters_and_half_years_earn() -> None:
    """专题研究 in February, May, November: 3 × 1 = 3; 慰问 3 in the first half, 1 in the second: 6 × 1/2 = 3."""
    b = rulebook("G4")
    acts = talks({2: 1, 5: 1, 11: 1}, kind="专题研究") + talks({1: 1, 3: 2}, kind="慰问") + talks({9: 1}, kind="慰问")
    r = scoring.score(b, _ev(b, acts))
    assert (r.item("quarterly_study").points, r.item("half_year_visits").points) == (D(3), D(3))
    assert "第三季度不足" in r.item("quarterly_study").ledger[0].reason
    assert Decimal(r.item("half_year_visits").ledger[0].values["达到"]) == 1


def test_scoring_test_coverage_lists_the_periods_branches() -> None:
    from scoring.cycle.casetest import Case, _coverage

    items = "- {id: q, title: Q, points: 4, per_period: {records: act, where: 'kind == \"培训\"', every: quarter}}"
    b = book(MONTHLY + items, cat_points=16)
    plan = scoring.plan_of(b)
    r = scoring.score(b, evidence(b, talks({2: 1, 11: 1}, kind="培训") + talks(EVERY_MONTH_BUT)))
    cov = _coverage(plan, [(Case(name="一半", expect={"items": {"q": 2}}), r)], "t")
    unreached = {(x.node, x.branch) for x in cov.unreached}
    # by hand: two quarters of four → "some" reached; every month has its 2 talks → the line is not hit
    assert ("q", "all") in unreached and ("q", "none") in unreached and ("q", "some") not in unreached
    assert ("monthly", "line:monthly.d1:hit") in unreached and ("monthly", "line:monthly.d1:ok") not in unreached


# -- periods_met / periods_short in expressions --------------------------------------------------------------

def test_the_expression_functions_count_periods_met_and_short() -> None:
    items = """
- {id: met, title: 达到, points: 12, value: 'periods_met(act, "月", 2, kind == "宣讲")', proportional: {target: 12}}
- {id: short, title: 不足, points: 4, value: 'periods_short(act, "季度", 1)', tiers: [{max: 0, points: 4}, {points: 0}]}
- {id: all_q, title: 每季度, points: 2, when: 'periods_short(act, "季度", 1) == 0'}
"""
    # by hand: 宣讲 twice a month but March (1) and July (0): 10 of 12 months → 12 × 10/12 = 10;
    # every quarter has records → 0 short: 4 and 2
    r = run(items, talks({**EVERY_MONTH_BUT, 3: 1, 7: 0}), cat_points=18)
    assert (r.item("met").points, r.item("short").points, r.item("all_q").points) == (D(10), D(4), D(2))
    # only the first half-year: quarters 3 and 4 short
    r = run(items, talks({1: 2, 5: 2}), cat_points=18)
    assert (r.item("met").points, r.item("short").points, r.item("all_q").points) == (D(2), D(0), D(0))


@pytest.mark.parametrize(("when", "says"), [
    ('periods_met(act, "周", 2) > 0', '第二个参数要写 "月"、"季度" 或 "半年"'),
    ('periods_met(act, "月", "2") > 0', "periods_met() 这里需要数值"),
    ('count(act, periods_met(act, "月", 2) > 0) > 0', "统计函数 periods_met() 不能用在逐条记录的条件里"),
])
def test_the_expression_functions_are_checked_at_load(when: str, says: str) -> None:
    with pytest.raises(scoring.RulebookError) as e:
        book(f"- {{id: x, title: X, points: 2, when: '{when}'}}", cat_points=2)
    assert says in str(e.value) and "t.yaml:" in str(e.value)


def test_g5_tiers_on_the_months_short() -> None:
    """2 months short: tier 2, −1 → 4; 4 months short: tier 1, −3 → 2; none short: 5."""
    b = rulebook("G5")
    for short, points in ((2, 4), (4, 2), (0, 5)):
        months = {m: (2 if m > short else 1) for m in range(1, 13)}
        r = scoring.score(b, _ev(b, talks(months, kind="慰问")))
        assert r.item("monthly_visits").points == D(points), short
