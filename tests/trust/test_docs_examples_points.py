"""The examples of docs/rule-language.md compute the points the text beside them states (not only that they load).

Each case scores one example block over the bundled rulebook with evidence made from the sentence that follows
the block in the doc; the expected points are the doc's own numbers, worked by hand here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import scoring
from tests._docblocks import block, rulebook, rulebook_data

D = Decimal


def _ev(book: scoring.Rulebook, records: dict[str, list[dict[str, Any]]], *, unit: str = "u", unit_type: str = "乡",
        facts: dict[str, Any] | None = None, reviews: dict[str, Any] | None = None) -> scoring.EvidenceSet:
    base = {"households": 100, "households_visited": 100, "rate": 0, "base_rate": 0, "review_grade": "中",
            "imported_score": 0}
    data: dict[str, Any] = {
        "unit": {"id": unit, "name": f"单位{unit}", "type": unit_type, "facts": {**base, **(facts or {})}},
        "records": {t: [dict(r, id=r.get("id", f"{t}{i}")) for i, r in enumerate(rs)] for t, rs in records.items()}}
    if reviews:
        data["reviews"] = reviews
    return scoring.evidence_from_dict(data, book)


def _act(kind: str, i: int = 0) -> dict[str, Any]:
    return {"date": f"2023-0{1 + i % 9}-1{i % 9}", "kind": kind, "title": f"{kind}{i}"}


def _points(name: str, item: str, records: dict[str, list[dict[str, Any]]], **unit: Any) -> Decimal:
    return _score(name, records, **unit).item(item).points


def _score(name: str, records: dict[str, list[dict[str, Any]]], **unit: Any) -> scoring.ScoreResult:
    book = rulebook(name)
    r = scoring.score(book, _ev(book, records, **unit))
    assert r.ledger_sum() == r.total
    return r


def _incident(kind: str, i: int = 0, **kw: Any) -> dict[str, Any]:
    return {"date": f"2023-0{1 + i % 9}-01", "kind": kind, "level": "县级", "summary": f"{kind}{i}", **kw}


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


def _doc(name: str, categories: list[dict[str, Any]] | None = None) -> scoring.Rulebook:
    """A mapping block (vetoes, grades, evidence) over the bundled rulebook, with ``categories`` of the test's own
    where the block scores nothing by itself (its text gives no items)."""
    data = rulebook_data(block(name), name)
    if categories is not None:
        data["categories"] = categories
    return scoring.rulebook_from_dict(data, f"docs/rule-language.md#{name}")


def test_a3_criteria_met_count() -> None:
    """“符合 3 项标准得 10 分，2 项得 6 分，1 项得 3 分”."""
    committee = {"kind": "妇儿工委成立文件", "date": "2023-02-01", "title": "成立文件"}
    plan = {"kind": "年度工作计划", "date": "2023-02-10", "title": "年度计划"}
    studies = [_act("专题研究", i) for i in range(2)]
    assert _points("A3", "annual_plan", {"document": [committee, plan], "activity": studies}) == 10
    assert _points("A3", "annual_plan", {"document": [committee], "activity": studies}) == 6
    assert _points("A3", "annual_plan", {"document": [committee], "activity": studies[:1]}) == 3  # 1 study < 2
    assert _points("A3", "annual_plan", {}) == 0


def test_a5_three_readings_of_four_give_7_5() -> None:
    """“开展 3 场：10 × 3/4 = 7.5 分” (reading_quota is 4 in the bundled rulebook)."""
    assert _points("A5", "reading", {"activity": [_act("亲子阅读", i) for i in range(3)]}) == D("7.5")
    assert _points("A5", "reading", {"activity": [_act("亲子阅读", i) for i in range(5)]}) == 10


@pytest.mark.parametrize(("rate", "expected"), [("0.93", "4"), ("0.935", "4.25"), ("0.95", "5"), ("0.89", "0")])
def test_a6_coverage_below_target(rate: str, expected: str) -> None:
    """93%: 5 − 2 × 0.5 = 4; 93.5%: 0.75 off, 4.25; 95% is the target; below 90% → 0."""
    assert _points("A6", "coverage", {}, facts={"rate": rate}) == D(expected)


@pytest.mark.parametrize(("grade", "expected"), [("优", 10), ("良", 5), ("中", -10)])
def test_a7_grade_points(grade: str, expected: int) -> None:
    """优 10、良 5、中 −10 (floor −10 lets the item go negative)."""
    assert _points("A7", "review", {}, facts={"review_grade": grade}) == expected


def test_a8_two_points_above_the_base_cost_4() -> None:
    """“本年 12%，基数 10%：高 2 个百分点，10 − 4 = 6 分”; at or below the base: 10."""
    assert _points("A8", "case_rate", {}, facts={"rate": "0.12", "base_rate": "0.10"}) == 6
    assert _points("A8", "case_rate", {}, facts={"rate": "0.09", "base_rate": "0.10"}) == 10


def test_a9_rank_among_the_units_scored_together() -> None:
    """Counts 3, 2, 2, 1 rank 1, 2, 2, 4 (ties: equal) → 60, 57, 57, 51; a sixth place gets `otherwise` 45; scored
    alone a unit is first: 60."""
    book = rulebook("A9")

    def units(counts: list[int]) -> dict[str, Decimal]:
        sets = [_ev(book, {"activity": [_act("慰问", i) for i in range(n)]}, unit=f"u{k}") for k, n in enumerate(counts)]
        return {r.unit.id: r.item("work_rank").points for r in scoring.score_many(book, sets).results}

    assert units([3, 2, 2, 1]) == {"u0": 60, "u1": 57, "u2": 57, "u3": 51}
    assert units([6, 5, 4, 3, 2, 1])["u5"] == 45
    assert _points("A9", "work_rank", {"activity": [_act("慰问")]}) == 60


def test_a10_points_and_applicability_by_unit_type() -> None:
    """乡: grain 4, market_town not applicable, so the maximum shrinks to the applicable items' 4 (§8.2); 镇: grain 3 +
    market_town 2 = 5, nothing left out, so the maximum is the category's declared 100."""
    xiang = _score("A10", {}, unit_type="乡")
    assert xiang.item("grain").points == 4 and not xiang.item("market_town").applicable
    assert xiang.max_total == 4
    zhen = _score("A10", {}, unit_type="镇")
    assert (zhen.item("grain").points, zhen.item("market_town").points, zhen.max_total) == (3, 2, 100)


def test_a11_imported_85_of_100_is_8_5() -> None:
    """“信访考核得 85 分（满分 100）→ 10 × 85/100 = 8.5 分”."""
    assert _points("A11", "petition_exam", {}, facts={"imported_score": 85}) == D("8.5")


def test_b1_each_opinion_incident_costs_2_with_its_own_entry() -> None:
    """Two 舆情事件: 10 − 2 × 2 = 6, one ledger entry each; a 通报批评 is not counted here."""
    r = _score("B1", {"incident": [_incident("舆情事件", 0), _incident("舆情事件", 1), _incident("通报批评", 2)]})
    node = r.item("safety")
    assert node.points == 6
    assert [e.points for e in node.ledger if e.kind == "deduct"] == [-2, -2]


def test_b5_counter_deduction_stops_at_floor_minus_2() -> None:
    """5 per 舆情事件, floor −2: one gives 5; three give 10 − 15 = −5, kept at −2."""
    assert _points("B5", "stability", {"incident": [_incident("舆情事件")]}) == 5
    assert _points("B5", "stability", {"incident": [_incident("舆情事件", i) for i in range(3)]}) == -2


def test_b6_the_reviewers_discretionary_deduction() -> None:
    """The page's reviews.yaml deducts 1: 5 − 1 = 4; a deduction outside 0.5–2 is refused."""
    reviews = {"reviewer": "县妇联考核组",
               "deductions": [{"item": "ledger_quality", "deduct": 1, "reason": "慰问台账缺少签收记录"}]}
    assert _points("B6", "ledger_quality", {}, reviews=reviews) == 4
    too_much = {"reviewer": "县妇联考核组",
                "deductions": [{"item": "ledger_quality", "deduct": 3, "reason": "台账不规范"}]}
    with pytest.raises(scoring.ScoringError):
        _points("B6", "ledger_quality", {}, reviews=too_much)


def test_b7_adjusted_deductions() -> None:
    """A plain 舆情事件 2, a reminded one 2 × 2 = 4, a force-majeure one 2 × 0 = 0: 20 − 6 = 14."""
    incidents = [_incident("舆情事件", 0), _incident("舆情事件", 1, reminded=True),
                 _incident("舆情事件", 2, force_majeure=True)]
    assert _points("B7", "opinion", {"incident": incidents}) == 14


def test_b9_penalties_by_level_with_a_cap() -> None:
    """县级 通报批评 2 + 市级 媒体曝光 3 = 5 off the total (a 舆情事件 is not listed); four 省级 ones: 20, capped at 10."""
    r = _score("B9", {"incident": [_incident("通报批评", 0), _incident("媒体曝光", 1, level="市级"),
                                   _incident("舆情事件", 2)]})
    assert r.item("penalties").points == -5
    r = _score("B9", {"incident": [_incident("通报批评", i, level="省级") for i in range(4)]})
    assert r.item("penalties").points == -10


def test_b10_each_late_report_costs_half_a_point() -> None:
    """One late of three (one without a due date is never late): 2 − 0.5 = 1.5; five late: −0.5, kept at 0 (B3)."""
    def rep(i: int, submitted: str, due: str | None) -> dict[str, Any]:
        return {"kind": "两规工作信息", "title": f"信息{i}", "submitted_on": submitted, **({"due": due} if due else {})}

    reports = [rep(0, "2023-07-15", "2023-07-10"), rep(1, "2023-07-05", "2023-07-10"), rep(2, "2023-08-01", None)]
    assert _points("B10", "on_time", {"report": reports}) == D("1.5")
    assert _points("B10", "on_time", {"report": [rep(i, "2023-07-15", "2023-07-10") for i in range(5)]}) == 0


def test_c1_highest_per_project_and_the_caps() -> None:
    """最美家庭 县级 and 市级: only 市级 2; five 宣传教育 × 0.5 = 2.5, capped at 2: bonus 4. A 省级 honour of another
    project adds 3: 2 + 3 + 2 = 7, capped at 5."""
    def honor(project: str, level: str, i: int) -> dict[str, Any]:
        return {"date": f"2023-0{i + 1}-01", "project": project, "level": level, "title": f"{project}{level}"}

    acts = [_act("宣传教育", i) for i in range(5)]
    honors = [honor("最美家庭", "县级", 0), honor("最美家庭", "市级", 1)]
    assert _score("C1", {"honor": honors, "activity": acts}).item("bonus").points == 4
    honors.append(honor("巾帼文明岗", "省级", 2))
    assert _score("C1", {"honor": honors, "activity": acts}).item("bonus").points == 5


_FULL = [{"id": "all", "title": "全部工作", "points": 100,
          "items": [{"id": "work", "title": "日常工作", "points": 100, "full_marks": True}]}]


def test_c4_vetoes_zero_the_total_or_the_top_grade() -> None:
    """A unit with 100 points: 优秀; a 侵权恶性案件 makes the total 0 (不合格); a 重大舆情 keeps 100 but not the top
    grade: 良好 (one band down, §1 step 6)."""
    book = _doc("C4", _FULL)

    def result(kind: str | None) -> scoring.ScoreResult:
        return scoring.score(book, _ev(book, {"incident": [_incident(kind)] if kind else []}))

    assert (result(None).total, result(None).grade) == (100, "优秀")
    assert (result("侵权恶性案件").total, result("侵权恶性案件").grade) == (0, "不合格")
    assert (result("重大舆情").total, result("重大舆情").grade) == (100, "良好")


@pytest.mark.parametrize(("score", "total", "grade"), [("89.95", "90", "优秀"), ("89.94", "89.9", "良好"),
                                                       ("80", "80", "良好"), ("60", "60", "合格"),
                                                       ("59.9", "59.9", "不合格")])
def test_c5_grades_by_the_rounded_total(score: str, total: str, grade: str) -> None:
    """Bands ≥ 90 / 80 / 60 / 0 on the total rounded to 1 place (half up): 89.95 → 90.0 is 优秀, 89.94 → 89.9 良好."""
    book = _doc("C5", [{"id": "all", "title": "导入", "points": 100,
                        "items": [{"id": "imp", "title": "导入得分", "points": 100, "value": "imported_score",
                                   "scaled": {"out_of": 100}}]}])
    r = scoring.score(book, _ev(book, {}, facts={"imported_score": score}))
    assert (r.total, r.grade) == (D(total), grade)


def test_d2_a_record_stays_valid_for_five_years() -> None:
    """valid_years: 5 before the period's end (2023-12-31): 2019-06-01 counts, 2018-06-01 is excluded with its
    reason (the test's own item: 10 points when any 引进人才 record counts)."""
    book = _doc("D2", [{"id": "all", "title": "人才", "points": 100,
                        "items": [{"id": "talent_in", "title": "引进人才", "points": 100,
                                   "when": "exists(talent)"}]}])

    def result(day: str) -> scoring.ScoreResult:
        return scoring.score(book, _ev(book, {"talent": [{"date": day, "name": "张三"}]}))

    assert result("2019-06-01").item("talent_in").points == 100
    old = result("2018-06-01")
    assert old.item("talent_in").points == 0
    assert [x.reason for x in old.excluded] == ["日期 2018-06-01 不在有效期内（考核期结束前 5 年：2019-01-01 至 2023-12-31）"]
