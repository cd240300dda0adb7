"""Whole steps (#15 item 5): ``steps: whole`` on ``linear`` and on ``shortfall`` lines counts whole steps only
("每降低 5 个百分点扣 1 分": 12 points below are 2 steps, not 2.4); the ledger says how many."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

import scoring
from scoring.clauses._steps import count_steps
from scoring.cycle import run_cases

from ._rb import D, book, pts, rulebook_text, run

LINEAR = """
- id: x
  title: 办结率
  points: 5
  value: rate_now
  linear: {target: 95%, step: 5%, deduct: 1, steps: STEPS}
"""


@pytest.mark.parametrize(("rate", "whole", "prorated"), [
    ("0.83", "3", "2.6"),   # 12 points below: 2 whole steps (5 − 2); prorated 2.4 steps (5 − 2.4)
    ("0.85", "3", "3"),     # exactly 2 steps either way
    ("0.92", "5", "4.4"),   # 3 points: no whole step; prorated 0.6
    ("0.95", "5", "5"),     # met
    ("0.5", "0", "0"),      # 45 points: 9 steps, 9 > 5, floor 0
])
def test_linear_counts_whole_steps_when_declared(rate: str, whole: str, prorated: str) -> None:
    assert pts(run(LINEAR.replace("STEPS", "whole"), facts={"rate_now": rate}, cat_points=5), "x") == D(whole)
    assert pts(run(LINEAR.replace("STEPS", "prorated"), facts={"rate_now": rate}, cat_points=5), "x") == D(prorated)


def test_prorated_is_the_default() -> None:
    items = LINEAR.replace(", steps: STEPS", "")
    assert pts(run(items, facts={"rate_now": "0.83"}, cat_points=5), "x") == D("2.6")


def test_the_ledger_says_how_many_whole_steps() -> None:
    r = run(LINEAR.replace("STEPS", "whole"), facts={"rate_now": "0.83"}, cat_points=5)
    e = r.item("x").ledger[-1]
    assert e.points == D(-2) and e.branch == "below"
    assert "按整步计 2 步" in e.reason and "不足一步的 2 个百分点不计" in e.reason and e.values["整步"] == "2"
    r = run(LINEAR.replace("STEPS", "whole"), facts={"rate_now": "0.92"}, cat_points=5)
    e = r.item("x").ledger[-1]
    assert e.points == 0 and e.branch == "within_step" and "按整步计 0 步" in e.reason and "不扣分" in e.reason


def test_whole_steps_above_a_baseline_and_by_unit_type() -> None:
    """Above 10 %: every whole 2 points up costs 1 (乡) or 2 (镇); 15 % is 5 points up, 2 whole steps."""
    items = """
    - id: x
      title: 发案率
      points: 10
      value: rate_now
      linear: {target: 10%, step: 2%, deduct: {乡: 1, 镇: 2}, direction: above, steps: whole}
    """
    assert pts(run(items, facts={"rate_now": "0.15"}, cat_points=10), "x") == D(8)
    assert pts(run(items, facts={"rate_now": "0.15"}, unit_type="镇", cat_points=10), "x") == D(6)


SHORTFALL = """
- id: x
  title: 回访
  points: 6
  full_marks: true
  deductions:
    - id: short
      shortfall: {required: 1, actual: rate_now, step: 0.1, steps: STEPS}
      amount: 2
"""


@pytest.mark.parametrize(("rate", "whole", "prorated"), [
    ("0.75", "2", "1"),     # 25 points short: 2 whole steps × 2 = 4; prorated 2.5 × 2 = 5
    ("0.95", "6", "5"),     # 5 points: no whole step; prorated 0.5 × 2 = 1
    ("1", "6", "6"),
])
def test_shortfall_in_steps(rate: str, whole: str, prorated: str) -> None:
    assert pts(run(SHORTFALL.replace("STEPS", "whole"), facts={"rate_now": rate}, cat_points=6), "x") == D(whole)
    assert pts(run(SHORTFALL.replace("STEPS", "prorated"), facts={"rate_now": rate}, cat_points=6), "x") == D(prorated)


def test_shortfall_ledger_in_whole_steps() -> None:
    r = run(SHORTFALL.replace("STEPS", "whole"), facts={"rate_now": "0.75"}, cat_points=6)
    e = r.item("x").ledger[-1]
    assert e.points == D(-4) and "每少 10 个百分点扣 2 分" in e.reason and "按整步计 2 步" in e.reason
    r = run(SHORTFALL.replace("STEPS", "whole"), facts={"rate_now": "0.95"}, cat_points=6)
    e = r.item("x").ledger[-1]
    assert e.points == 0 and e.branch == "line:short:within_step"


def test_a_first_edition_shortfall_reads_as_before() -> None:
    items = """
    - id: x
      title: 宣讲
      points: 6
      deductions:
        - shortfall: {required: 3, actual: 'count(act, kind == "宣讲")'}
          amount: 1
    """
    e = run(items, [{"date": "2023-05-01", "kind": "宣讲"}], cat_points=6).item("x").ledger[-1]
    assert e.points == D(-2) and e.reason == "要求 3，实际 1，少 2，每少 1 扣 1 分，共扣 2 分"


def test_coverage_lists_the_within_a_step_branch(tmp_path: Path) -> None:
    items = LINEAR.replace("STEPS", "whole") + SHORTFALL.replace("STEPS", "whole").replace("id: x", "id: y")
    (tmp_path / "t.yaml").write_text(rulebook_text(items, cat_points=11), encoding="utf-8")
    (tmp_path / "t.tests.yaml").write_text(
        "cases:\n  - name: 差一点\n    unit: {id: a, name: 甲, type: 乡, facts: {rate_now: 0.92}}\n"
        "    expect: {items: {x: 5}}\n", encoding="utf-8")
    (cov,) = run_cases(tmp_path / "t.tests.yaml").coverage
    unreached = {(b.node, b.branch) for b in cov.unreached}
    # 0.92: x is within a step (reached), not below; y is 8 points short of 1 in steps of 10: within a step too
    assert ("x", "within_step") not in unreached and ("x", "below") in unreached
    assert ("y", "line:short:within_step") not in unreached and ("y", "line:short:hit") in unreached


def test_an_unknown_steps_word_is_a_located_error() -> None:
    with pytest.raises(scoring.RulebookError) as e:
        book(LINEAR.replace("STEPS", "full"), cat_points=5)
    msg = str(e.value)
    assert "t.yaml:" in msg and "whole" in msg


@given(st.integers(0, 10_000), st.integers(1, 500))
def test_whole_steps_are_the_floor_of_the_exact_quotient(gap: int, step: int) -> None:
    g, s = Decimal(gap) / 1000, Decimal(step) / 1000
    n = count_steps(g, s, "whole")
    assert n == gap // step and n * s <= g < (n + 1) * s


def test_diff_names_a_change_to_whole_steps() -> None:
    from scoring.cycle import diff_rulebooks

    a = book(LINEAR.replace("STEPS", "prorated"), cat_points=5)
    b = book(LINEAR.replace("STEPS", "whole"), cat_points=5)
    assert [(c.id, c.field, c.label) for c in diff_rulebooks(a, b).changes] == [("x", "linear", "得分规则调整：线性扣分")]
