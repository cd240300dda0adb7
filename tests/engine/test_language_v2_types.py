"""Rule language, second edition (#15), item 1: every number may differ by unit type, in one syntax
``{类型: 数值, default: 数值}``; the unit's maximum and the category maxima follow its type; ``check`` adds up each
type's tree on its own. Expected points are worked by hand in each docstring."""

from __future__ import annotations

from pathlib import Path

import pytest

import scoring

from ._rb import D, act, book, evidence, pts, rulebook_text, run


def _warnings(tmp_path: Path, items: str, extra: str = "", cat_points: int | str = 100) -> list[str]:
    p = tmp_path / "t.yaml"
    p.write_text(rulebook_text(items, extra, cat_points), encoding="utf-8")
    return [str(w) for w in scoring.check_rulebook(p) if w.severity == "warning"]


TIERS = """
- id: x
  title: 参训
  points: {乡: 6, 镇: 4}
  value: count(act, kind == "培训")
  tiers:
    - {min: {乡: 3, 镇: 2}, points: {乡: 6, 镇: 4}}
    - {min: 1, points: {乡: 3, 镇: 2}}
"""


def test_tier_thresholds_and_points_by_type() -> None:
    """Two 培训: 乡 needs 3 for the top tier, so tier 2 gives 3; 镇 needs 2, so the top tier gives 4."""
    acts = [act("培训"), act("培训")]
    assert pts(run(TIERS, acts, unit_type="乡"), "x") == D(3)
    assert pts(run(TIERS, acts, unit_type="镇"), "x") == D(4)


LINEAR = """
- id: x
  title: 到位率
  points: 10
  value: rate_now
  linear: {target: {乡: 95%, 镇: 90%}, step: {乡: 1%, 镇: 2%}, deduct: {乡: 0.5, 镇: 1}, zero_at: {乡: 85%, 镇: 80%}}
"""


@pytest.mark.parametrize(("rate", "unit_type", "expected"), [
    ("0.89", "乡", "7"),    # 6 points short × 0.5 = 3
    ("0.89", "镇", "9.5"),  # 1 point short = half a 2% step × 1 = 0.5
    ("0.84", "乡", "0"),    # below 乡's cut-off 85%
    ("0.84", "镇", "7"),    # 6 points short = 3 steps of 2% × 1 = 3
])
def test_linear_target_step_deduct_and_cut_off_by_type(rate: str, unit_type: str, expected: str) -> None:
    r = run(LINEAR, unit_type=unit_type, facts={"rate_now": rate})
    assert pts(r, "x") == D(expected)


FLOOR = """
- id: x
  title: 安全
  points: 5
  floor: {乡: -2, 镇: 0}
  max_deduction: {乡: 10, 镇: 3}
  full_marks: true
  deductions:
    - {per_record: act, where: 'kind == "事件"', amount: {乡: 2, 镇: 1.5}}
"""


def test_floor_deduction_cap_and_amount_by_type() -> None:
    """Four 事件. 乡: 4 × 2 = 8 (under its cap 10), 5 − 8 = −3, floor −2. 镇: 4 × 1.5 = 6, capped at 3, 5 − 3 = 2."""
    acts = [act("事件")] * 4
    assert pts(run(FLOOR, acts, unit_type="乡"), "x") == D(-2)
    assert pts(run(FLOOR, acts, unit_type="镇"), "x") == D(2)


DISC = """
- id: x
  title: 台账
  points: 5
  full_marks: true
  discretionary: {min: 0.5, max: {乡: 2, 镇: 3}}
"""


def test_discretionary_range_by_type() -> None:
    """A reviewer's 2.5 lies inside 镇's range 0.5–3 (5 − 2.5 = 2.5) but outside 乡's 0.5–2 (an evidence error)."""
    b = book(DISC)
    reviews = {"deductions": [{"item": "x", "deduct": "2.5", "reason": "台账不全"}]}
    r = scoring.score(b, evidence(b, unit_type="镇", reviews=reviews))
    assert pts(r, "x") == D("2.5")
    with pytest.raises(scoring.ScoringError) as e:
        evidence(b, unit_type="乡", reviews=reviews)
    assert "0.5–2" in str(e.value)


def test_category_maximum_and_unit_maximum_follow_type() -> None:
    """Category {乡: 10, 镇: 8} over items {乡: 6, 镇: 4} and 4: the unit's maximum is 10 for 乡, 8 for 镇."""
    items = """
    - {id: a, title: 甲, points: {乡: 6, 镇: 4}, when: 'exists(act, kind == "培训")'}
    - {id: b, title: 乙, points: 4, when: 'exists(act, kind == "宣讲")'}
    """
    for unit_type, top in (("乡", "10"), ("镇", "8")):
        r = run(items, [act("培训")], unit_type=unit_type, cat_points="{乡: 10, 镇: 8}")
        assert r.max_total == D(top)
        assert r.item("c").max_points == D(top)
        assert pts(r, "a") == D("6" if unit_type == "乡" else "4")


BONUS = """
bonus:
  cap: {乡: 2, 镇: 5}
  lines:
    - {id: b1, count: 'count(act, kind == "宣讲")', amount: {乡: 1, 镇: 1.5}}
"""


def test_bonus_amount_and_cap_by_type() -> None:
    """Three 宣讲: 乡 3 × 1 = 3, capped at 2; 镇 3 × 1.5 = 4.5 under its cap 5. Item 10 + bonus."""
    items = "- {id: x, title: 基础, points: 10, full_marks: true}"
    acts = [act("宣讲")] * 3
    assert run(items, acts, BONUS, unit_type="乡", cat_points=10).total == D(12)
    assert run(items, acts, BONUS, unit_type="镇", cat_points=10).total == D("14.5")


def test_default_covers_the_other_types() -> None:
    """amount {镇: 1, default: 2}: a 乡 unit pays 2 per 事件, a 镇 unit 1; two 事件 from 5."""
    items = """
    - id: x
      title: 安全
      points: 5
      full_marks: true
      deductions:
        - {per_record: act, where: 'kind == "事件"', amount: {镇: 1, default: 2}}
    """
    acts = [act("事件"), act("事件")]
    assert pts(run(items, acts, unit_type="乡"), "x") == D(1)
    assert pts(run(items, acts, unit_type="镇"), "x") == D(3)


def test_a_missing_type_is_a_located_error() -> None:
    items = """
    - id: x
      title: 安全
      points: 5
      full_marks: true
      deductions:
        - {per_record: act, where: 'kind == "事件"', amount: {乡: 2}}
    """
    with pytest.raises(scoring.ScoringError) as e:
        book(items)
    text = str(e.value)
    assert "镇" in text and "t.yaml:" in text and "default" in text


def test_an_undeclared_type_is_a_located_error() -> None:
    items = """
    - id: x
      title: 到位率
      points: 10
      value: rate_now
      linear: {target: {乡: 95%, 县: 90%, default: 90%}, deduct: 1, step: 1%}
    """
    with pytest.raises(scoring.ScoringError) as e:
        book(items)
    assert "县" in str(e.value) and "unit_types" in str(e.value)


def test_check_adds_up_each_types_tree(tmp_path: Path) -> None:
    """Parent {乡: 10, 镇: 8} over {乡: 6, 镇: 2} + 4: 乡 adds up (10), 镇 does not (6 ≠ 8): one warning, naming 镇."""
    items = """
    - id: p
      title: 父项
      points: {乡: 10, 镇: 8}
      criteria:
        - {id: a, title: 甲, points: {乡: 6, 镇: 2}, when: 'exists(act, kind == "培训")'}
        - {id: b, title: 乙, points: 4, when: 'exists(act, kind == "宣讲")'}
    """
    found = [w for w in _warnings(tmp_path, items, cat_points="{乡: 10, 镇: 8}") if "下一层合计" in w]
    assert len(found) == 1 and "（镇）" in found[0] and "合计 6" in found[0]


def test_check_compares_total_with_the_tree_per_type(tmp_path: Path) -> None:
    """total {乡: 100, 镇: 90} but the category gives 100 and 95: a warning for 镇 only."""
    items = "- {id: x, title: 甲, points: {乡: 100, 镇: 95}, full_marks: true}"
    text = rulebook_text(items, cat_points="{乡: 100, 镇: 95}").replace("total: 100", "total: {乡: 100, 镇: 90}")
    p = tmp_path / "t.yaml"
    p.write_text(text, encoding="utf-8")
    found = [str(w) for w in scoring.check_rulebook(p) if "各类别" in str(w)]
    assert len(found) == 1 and "（镇）" in found[0] and "95" in found[0] and "90" in found[0]
