"""Every clause type of docs/clauses.md (A1–A11, B1–B10, C1–C5, D1–D4), with expected points worked out by hand.

Each test states the arithmetic in its docstring. ``run`` also checks, for every
case, that the ledger sums to the total.
"""

from __future__ import annotations

import pytest

import scoring

from ._rb import D, act, book, evidence, pts, rulebook_text, run

# --- A. how an item earns its points -------------------------------------------------------------

A1 = """
- id: x
  title: 按时开展宣讲
  points: 2
  when: count(act, kind == "宣讲") >= 1
"""


def test_a1_all_or_nothing() -> None:
    """2 points when at least one 宣讲 took place, else 0."""
    assert pts(run(A1, [act("宣讲")]), "x") == D(2)
    r = run(A1, [act("培训")])
    assert pts(r, "x") == D(0)
    entry = r.item("x").ledger[0]
    # the sentence names the item; the expression stays in the values, for explain and rule editors
    assert entry.reason == "未达标：按时开展宣讲，不得分，失 2 分" and entry.recover == "做到“按时开展宣讲”可得 2 分"
    assert "count(act" in entry.values["条件"]


A2 = """
- id: x
  title: 组织建设
  points: 4
  criteria:
    - {id: leader, title: 成立领导小组, points: 1, when: 'exists(act, kind == "培训")'}
    - {id: liaison, title: 落实联络员, points: 3, when: 'exists(act, kind == "慰问")'}
"""


def test_a2_additive_sub_criteria() -> None:
    """1 (leader) + 3 (liaison); with only 培训 it is 1 + 0 = 1."""
    assert pts(run(A2, [act("培训"), act("慰问")]), "x") == D(4)
    r = run(A2, [act("培训")])
    assert (pts(r, "x"), pts(r, "leader"), pts(r, "liaison")) == (D(1), D(1), D(0))


def test_a2_sum_capped_at_item_points() -> None:
    """Children 3 + 3 = 6 under an item of 4: capped, with a cap entry of -2 in the item's own ledger."""
    items = A2.replace("points: 1,", "points: 3,")
    r = run(items, [act("培训"), act("慰问")])
    assert pts(r, "x") == D(4)
    assert [(e.kind, e.points) for e in r.item("x").ledger] == [("cap", D(-2))]


A3 = """
- id: x
  title: 家长学校达标
  points: 3
  count_met:
    of:
      - {label: 有宣讲, when: 'exists(act, kind == "宣讲")'}
      - {label: 有培训, when: 'exists(act, kind == "培训")'}
      - {label: 有阅读, when: 'exists(act, kind == "阅读")'}
    points: {3: 3, 2: 2, 1: 1, 0: 0}
"""


def test_a3_count_of_criteria_met() -> None:
    """Two of three criteria met → 2 points; per-criterion 1.5 → 3."""
    r = run(A3, [act("宣讲"), act("阅读")])
    assert pts(r, "x") == D(2)
    assert "有培训" in r.item("x").ledger[0].reason
    per = A3.replace("points: {3: 3, 2: 2, 1: 1, 0: 0}", "per: 1.5")
    assert pts(run(per, [act("宣讲"), act("阅读")]), "x") == D(3)


A4 = """
- id: x
  title: 培训场次
  points: 4
  value: count(act, kind == "培训")
  tiers:
    - {min: 5, points: 4}
    - {min: 3, points: 2}
    - {above: 1, points: 1}
"""


@pytest.mark.parametrize(("n", "expected"), [(6, 4), (5, 4), (4, 2), (3, 2), (2, 1), (1, 0), (0, 0)])
def test_a4_tiers_first_match_wins(n: int, expected: int) -> None:
    """≥5 → 4, ≥3 → 2, >1 → 1, otherwise 0."""
    assert pts(run(A4, [act("培训")] * n), "x") == D(expected)


def test_a4_tiers_on_rates_and_recover_hint() -> None:
    """Rate of 培训 among all acts: 3/4 = 75% → second tier (≥60%); the hint names the next tier."""
    items = """
    - id: x
      title: 参训率
      points: 4
      value: rate(act, kind == "培训", empty=0)
      tiers:
        - {min: 80%, points: 4}
        - {min: 60%, points: 2}
    """
    r = run(items, [act("培训")] * 3 + [act("宣讲")])
    assert pts(r, "x") == D(2)
    assert "75% ≥ 60%" in r.item("x").ledger[0].reason
    assert r.item("x").ledger[0].recover == "参训率：达到 80% 可得 4 分（多得 2 分）"


A5 = """
- id: x
  title: 查处案件
  points: 5
  value: count(act, kind == "事件")
  proportional: {target: 10}
"""


def test_a5_proportional() -> None:
    """7 of 10 → 5 × 0.7 = 3.5; 12 of 10 → capped at 5."""
    r = run(A5, [act("事件")] * 7)
    assert pts(r, "x") == D("3.5")
    assert "再完成 3" in (r.item("x").ledger[0].recover or "")
    assert pts(run(A5, [act("事件")] * 12), "x") == D(5)


A6 = """
- id: x
  title: 到位率
  points: 5
  value: rate_now
  linear: {target: 95%, step: 1%, deduct: 0.5, zero_at: 90%}
"""


@pytest.mark.parametrize(("rate", "expected"), [
    ("0.96", "5"),      # above target: full
    ("0.95", "5"),      # at target: full
    ("0.93", "4"),      # 2 points below: 5 - 2 × 0.5
    ("0.935", "4.25"),  # 1.5 points below, pro rata: 5 - 0.75
    ("0.90", "2.5"),    # at the cut-off itself: 5 - 5 × 0.5
    ("0.89", "0"),      # below the cut-off: nothing
])
def test_a6_linear_below_target_with_cutoff(rate: str, expected: str) -> None:
    assert pts(run(A6, facts={"rate_now": rate}), "x") == D(expected)


A7 = """
- id: x
  title: 审读结果
  points: 10
  floor: -10
  value: grade
  grade_points: {优: 10, 良: 5, 中: -10, 差: -10}
"""


def test_a7_grade_to_points_may_be_negative() -> None:
    """优 10, 良 5, 中 −10 (the item's floor allows −10)."""
    assert pts(run(A7, facts={"grade": "良"}), "x") == D(5)
    assert pts(run(A7, facts={"grade": "中"}), "x") == D(-10)


def test_a8_relative_to_baseline() -> None:
    """每上升1个百分点扣2分: 12% against a baseline of 10% → 2 points above → −4 → 10 − 4 = 6."""
    items = """
    - id: x
      title: 发案率
      points: 10
      value: rate_now
      linear: {target: base_rate, step: 1%, deduct: 2, direction: above}
    """
    assert pts(run(items, facts={"rate_now": "0.12", "base_rate": "0.10"}), "x") == D(6)
    assert pts(run(items, facts={"rate_now": "0.08", "base_rate": "0.10"}), "x") == D(10)


def test_a9_ranking_among_units() -> None:
    """Values 5, 9, 9 (desc), points [6, 4, 2], ties equal → ranks 3, 1, 1 → 2, 6, 6."""
    b = book("""
    - id: x
      title: 工作排名
      points: 6
      value: count(act)
      rank: {points: [6, 4, 2]}
    """)
    sets = [evidence(b, [act("宣讲")] * n, uid=f"u{i}") for i, n in enumerate((5, 9, 9))]
    batch = scoring.score_many(b, sets)
    assert [pts(r, "x") for r in batch.results] == [D(2), D(6), D(6)]
    assert [s.rank for s in batch.leaderboard] == [1, 1, 3]


A10 = """
- id: x
  title: 粮食生产
  points: {乡: 4, 镇: 3}
- id: y
  title: 集镇管理
  points: 2
  applies_to: [镇]
"""


def test_a10_variant_by_unit_type() -> None:
    """乡: x worth 4, y not applicable; 镇: x worth 3, y worth 2."""
    r = run(A10, unit_type="乡", cat_points=6)
    assert (pts(r, "x"), r.item("x").max_points, r.item("y").applicable, pts(r, "c")) == (D(4), D(4), False, D(4))
    r = run(A10, unit_type="镇", cat_points=6)
    assert (pts(r, "x"), pts(r, "y"), pts(r, "c")) == (D(3), D(2), D(5))


def test_a11_imported_score() -> None:
    """按信访考核办法得分 85/100, scaled into a 10-point item → 8.5."""
    items = """
    - id: x
      title: 信访考核
      points: 10
      value: imported
      scaled: {out_of: 100}
    """
    assert pts(run(items, facts={"imported": "85"}), "x") == D("8.5")


# --- B. deductions ------------------------------------------------------------------------------------

def test_b1_per_occurrence() -> None:
    """每发现一起扣2分: 3 incidents → 10 − 6 = 4, one ledger entry per record."""
    items = """
    - id: x
      title: 安全
      points: 10
      deductions:
        - {per_record: act, where: 'kind == "事件"', amount: 2, reason: 发生事件}
    """
    r = run(items, [act("事件", id=f"e{i}") for i in range(3)] + [act("宣讲")])
    assert pts(r, "x") == D(4)
    per_record = [e for e in r.item("x").ledger if e.kind == "deduct"]
    assert [e.evidence for e in per_record] == [["e0"], ["e1"], ["e2"]]
    assert all(e.sources and e.sources[0].path == "<dict>#records.act[0]".replace("[0]", f"[{i}]")
               for i, e in enumerate(per_record))


B2 = """
- id: x
  title: 宣讲
  points: 10
  deductions:
    - shortfall: {required: 3, actual: 'count(act, kind == "宣讲")'}
      amount: 1
"""


def test_b2_per_shortfall() -> None:
    """至少3次，每少一次扣1分: 1 held → (3 − 1) × 1 = 2 → 8; the hint says how to recover."""
    r = run(B2, [act("宣讲")])
    assert pts(r, "x") == D(8)
    assert "再完成 2 次可挽回 2 分" in r.item("x").recover


def test_b3_floor_at_zero_is_in_the_ledger() -> None:
    """Required 20, none held: 10 − 20 = −10 → clamped to 0 by a +10 clamp entry (扣完为止)."""
    r = run(B2.replace("required: 3", "required: 20"), [])
    node = r.item("x")
    assert node.points == D(0)
    assert (node.ledger[-1].kind, node.ledger[-1].points) == ("clamp", D(10))
    assert "扣完为止" in node.ledger[-1].reason


def test_b4_cap_on_deductions() -> None:
    """3 × 2 = 6 deducted, but at most 3 per item → 10 − 3 = 7."""
    items = """
    - id: x
      title: 安全
      points: 10
      max_deduction: 3
      deductions:
        - {per_record: act, amount: 2}
    """
    r = run(items, [act("事件")] * 3)
    assert pts(r, "x") == D(7)
    assert any(e.kind == "cap" and e.points == D(3) for e in r.item("x").ledger)


def test_b5_below_zero_to_a_limit_and_outside_items() -> None:
    """倒扣 down to −2: 10 − 14 = −4 → −2. A penalty line outside items comes off the total."""
    items = """
    - id: x
      title: 安全
      points: 10
      floor: -2
      deductions:
        - {per_record: act, where: 'kind == "事件"', amount: 7}
    - id: y
      title: 其他
      points: 5
    """
    extra = """
    penalties:
      lines:
        - {id: p, per_record: act, where: 'kind == "慰问"', amount: 1.5}
    """
    r = run(items, [act("事件"), act("事件"), act("慰问")], extra=extra, cat_points=15)
    assert pts(r, "x") == D(-2)
    assert pts(r, "c") == D(3)  # −2 + 5
    assert r.total == D(3) - D("1.5")


def test_b6_discretionary_reviewer_deduction() -> None:
    """酌情扣0.5–2分: the reviewer deducts 1.5 with a reason → 10 − 1.5; 3 is out of range → an evidence error."""
    items = """
    - id: x
      title: 台账
      points: 10
      discretionary: {min: 0.5, max: 2}
    """
    review = {"reviewer": "考核组", "deductions": [{"item": "x", "deduct": "1.5", "reason": "台账不规范"}]}
    r = run(items, reviews=review)
    assert pts(r, "x") == D("8.5")
    assert "台账不规范（考核组）" in r.item("x").ledger[-1].reason
    b = book(items)
    with pytest.raises(scoring.EvidenceError, match="超出细则允许的范围 0.5–2"):
        evidence(b, reviews={"deductions": [{"item": "x", "deduct": 3, "reason": "多扣"}]})


B78 = """
- id: x
  title: 督办
  points: 20
  deductions:
    - per_record: act
      where: kind == "事件"
      amount: 2
      adjust:
        - {when: reminded, times: 2, reason: 经催办仍未落实加倍扣分}
        - {when: repeat, add: 10, reason: 再次发生加扣10分}
        - {when: solved, times: 0.5, reason: 当年破案减半}
        - {when: force_majeure, times: 0, reason: 不可抗力剔除}
"""


def test_b7_escalation() -> None:
    """Plain 2; reminded 2 × 2 = 4; repeat 2 + 10 = 12 → 20 − 18 = 2."""
    r = run(B78, [act("事件"), act("事件", reminded=True), act("事件", repeat=True)])
    assert pts(r, "x") == D(2)
    assert [e.points for e in r.item("x").ledger if e.kind == "deduct"] == [D(-2), D(-4), D(-12)]


def test_b8_mitigation() -> None:
    """Solved: 2 × 0.5 = 1; force majeure: 2 × 0 = 0 → 20 − 1 = 19."""
    r = run(B78, [act("事件", solved=True), act("事件", force_majeure=True)])
    assert pts(r, "x") == D(19)
    assert "不可抗力剔除" in r.item("x").ledger[-1].reason


def test_b9_negative_events_graded_by_level() -> None:
    """镇 1, 县 2, 市 4, 省 6: one of each → 10 − 13 → floor 0."""
    items = """
    - id: x
      title: 通报
      points: 15
      deductions:
        - per_record: act
          where: kind == "事件"
          amount_by: {field: level, map: {镇: 1, 县: 2, 市: 4, 省: 6}}
    """
    r = run(items, [act("事件", level=lv) for lv in ("镇", "县", "市", "省")])
    assert pts(r, "x") == D(2)  # 15 − 13


def test_b10_timeliness() -> None:
    """Each report after 30 June deducts 0.5: 2 late of 3 → 2 − 1 = 1; pass/fail form: any late → 0."""
    items = """
    - id: x
      title: 按时上报
      points: 2
      deductions:
        - {per_record: act, where: 'date > date("2023-06-30")', amount: 0.5, reason: 逾期上报}
    - id: y
      title: 全部按时上报
      points: 1
      when: not exists(act, date > date("2023-06-30"))
    """
    r = run(items, [act("培训", "2023-06-01"), act("培训", "2023-07-03"), act("培训", "2023-08-01")], cat_points=3)
    assert (pts(r, "x"), pts(r, "y")) == (D(1), D(0))


# --- C. bonuses, penalties outside items, vetoes ------------------------------------------------------

BONUS = """
bonus:
  cap: 8
  lines:
    - id: honor
      per_record: act
      where: kind == "阅读"
      amount_by: {field: level, map: {镇: 1, 县: 2, 市: 4, 省: 6}}
      highest_per: project
    - id: measure
      count: count(act, kind == "培训")
      amount: 3
"""
FULL = """
- id: x
  title: 基础工作
  points: 100
"""


def test_c1_highest_only_per_project() -> None:
    """Project A at 县 and 省 → only 省 (6); project B at 市 → 4; total bonus 10, under a cap of 8."""
    acts = [act("阅读", level="县", project="A"), act("阅读", level="省", project="A"), act("阅读", level="市", project="B")]
    r = run(FULL, acts, extra=BONUS)
    bonus = r.item("bonus")
    honors = [e for e in bonus.ledger if e.kind == "bonus" and e.evidence]
    assert [(e.evidence, e.points) for e in honors] == [(["a1"], D(0)), (["a2"], D(6)), (["a3"], D(4))]
    assert "就高不重复" in honors[0].reason
    assert bonus.points == D(8)
    assert r.total == D(108)  # C3: the total may exceed the nominal 100


def test_c2_per_unit_bonus_and_c3_cap() -> None:
    """每采取一种措施加3分: 2 measures → 6, under the cap of 8 → total 106."""
    r = run(FULL, [act("培训"), act("培训")], extra=BONUS)
    assert r.item("bonus").points == D(6)
    assert r.total == D(106)


VETO_ITEMS = """
- id: x
  title: 工作
  points: 50
- id: y
  title: 工作二
  points: 50
"""


@pytest.mark.parametrize(("effect", "total", "grade", "ranked"), [
    ("zero_total", "0", "不合格", True),
    ("no_top_grade", "100", "良好", True),
    ("exclude_from_ranking", "100", "优秀", False),
])
def test_c4_veto_effects(effect: str, total: str, grade: str, ranked: bool) -> None:
    extra = f"""
    vetoes:
      - {{id: v, title: 发生较大事故, when: 'exists(act, kind == "事件")', effect: {effect}}}
    grades:
      - {{min: 90, grade: 优秀}}
      - {{min: 80, grade: 良好}}
      - {{min: 0, grade: 不合格}}
    """
    r = run(VETO_ITEMS, [act("事件")], extra=extra)
    assert (r.total, r.grade, r.excluded_from_ranking) == (D(total), grade, not ranked)
    assert r.vetoes[0].fired
    clean = run(VETO_ITEMS, [], extra=extra)
    assert (clean.total, clean.grade, clean.vetoes[0].fired) == (D(100), "优秀", False)


def test_c4_veto_zero_category() -> None:
    """A category-level veto zeroes that category only, with a veto entry in its ledger."""
    items = """
    - id: x
      title: 工作
      points: 50
    """
    extra = """
    vetoes:
      - {id: v, title: 安全事故, when: 'exists(act, kind == "事件")', effect: zero_category, category: c}
    """
    r = run(items, [act("事件")], extra=extra, cat_points=50)
    assert r.item("c").points == D(0)
    assert r.item("c").ledger[-1].kind == "veto"


def test_c5_grade_bands_after_rounding() -> None:
    """89.995 rounds (2 places, half up) to 90.00 → 优秀; the rounding step is a ledger entry."""
    items = """
    - id: x
      title: 工作
      points: 100
      value: imported
      scaled: {out_of: 100}
    """
    extra = """
    grades:
      - {min: 90, grade: 优秀}
      - {min: 0, grade: 合格}
    """
    b = book(items, extra)
    r = scoring.score(b, evidence(b, facts={"imported": "89.995"}))
    assert (r.raw_total, r.total, r.grade) == (D("89.995"), D("90.00"), "优秀")
    assert [(e.kind, e.points) for e in r.ledger] == [("round", D("0.005"))]


def open_text(items: str, extra: str) -> str:
    return rulebook_text(items, extra, 100)


def test_rounding_modes_differ_on_a_half() -> None:
    """3.25 → 3.3 half up (四舍五入), 3.2 half even, on one decimal place."""
    items = """
    - id: x
      title: 工作
      points: 10
      value: imported
      scaled: {out_of: 10}
    """
    for mode, expected in (("half_up", "3.3"), ("half_even", "3.2"), ("down", "3.2"), ("up", "3.3")):
        text = open_text(items, "").replace("rounding: {places: 2, mode: half_up}",
                                            f"rounding: {{places: 1, mode: {mode}}}")
        b = scoring.parse_rulebook(text, "t.yaml")
        assert scoring.score(b, evidence(b, facts={"imported": "3.25"})).total == D(expected), mode


# --- D. evidence and verification ---------------------------------------------------------------------

def test_d1_scorer_and_method_travel_with_the_item() -> None:
    items = """
    - id: x
      title: 慰问
      points: 2
      verified_by: 县妇联权益部
      method: 以慰问照片或电话抽查为准
      text: 开展慰问得2分
    """
    n = run(items).item("x")
    assert (n.verified_by, n.method, n.text) == ("县妇联权益部", "以慰问照片或电话抽查为准", "开展慰问得2分")


def test_d2_validity_window() -> None:
    """引进人才5年内有效: period ends 2023-12-31 → counts from 2019-01-01; 2018-06-01 is excluded."""
    items = """
    - id: x
      title: 人才
      points: 4
      value: count(talent)
      tiers: [{min: 2, points: 4}, {min: 1, points: 2}]
    """
    r = run(items, talents=[{"date": "2019-01-01", "name": "甲"}, {"date": "2018-06-01", "name": "乙"}])
    assert pts(r, "x") == D(2)
    assert [(x.id, "有效期" in x.reason) for x in r.excluded] == [("t2", True)]


def test_d3_assessment_period() -> None:
    """Only records dated inside 2023 count; the 2022 one is listed as excluded with the reason."""
    r = run(A1, [act("宣讲", "2022-12-31", id="old")])
    assert pts(r, "x") == D(0)
    assert r.excluded[0].id == "old" and "不在考核期 2023-01-01 至 2023-12-31 内" in r.excluded[0].reason


def test_d4_rejected_evidence() -> None:
    """核查不属实的不得分: the reviewer rejects the only 宣讲 → 0, and the explanation says so."""
    review = {"reviewer": "考核组", "rejected": [{"record": "r1", "reason": "照片与活动不符"}]}
    r = run(A1, [act("宣讲", id="r1")], reviews=review)
    assert pts(r, "x") == D(0)
    assert r.excluded[0].reason == "核查不属实：照片与活动不符（考核组）"


def test_a10_points_by_type_must_cover_every_type() -> None:
    """A per-type points map that forgets a declared type would silently give 0: it is a located error instead."""
    with pytest.raises(scoring.SchemaError, match=r"t\.yaml:39:17: 'x' 按单位类型给分，但没有写镇的分值"):
        book("""
        - id: x
          title: 粮食生产
          points: {乡: 4}
        """)
