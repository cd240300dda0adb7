"""The compiled plan belongs to exactly one rulebook object: a changed copy is compiled afresh (#14)."""

from __future__ import annotations

from decimal import Decimal

import scoring
from scoring.models.rulebook import GradeBand, Rounding

from ._rb import book

# 2 of 3 criteria met, 1 point each: 2 of a 3-point item (hand count); total 2/3 of the category's 3 points
ITEMS = """
- id: three
  title: 三项
  points: 3
  count_met:
    per: 1
    of:
      - {label: 甲, when: "rate_now >= 0.5"}
      - {label: 乙, when: "base_rate >= 0.5"}
      - {label: 丙, when: "imported >= 0.5"}
- id: third
  title: 三分之一
  points: 1
  scaled: {out_of: 3}
  value: imported
"""


def _ev(b: scoring.Rulebook) -> scoring.EvidenceSet:
    return scoring.evidence_from_dict(
        {"unit": {"id": "u", "name": "甲乡", "type": "乡", "facts": {"rate_now": "0.6", "base_rate": "0.7",
                                                                   "imported": "0"}}}, b)


def test_a_copy_with_other_rounding_scores_with_its_own_rounding() -> None:
    b = book(ITEMS, cat_points=4)
    ev = scoring.evidence_from_dict(
        {"unit": {"id": "u", "name": "甲乡", "type": "乡", "facts": {"rate_now": "0.6", "imported": "0.4"}}}, b)
    # met: 甲 only (0.4 < 0.5) -> 1; scaled 0.4/3 * 1 = 0.1333…; raw 1.1333…
    assert scoring.score(b, ev).total == Decimal("1.13")            # places: 2, half_up
    coarse = b.model_copy(update={"rounding": Rounding(places=0, mode="up")})
    assert scoring.score(coarse, ev).total == Decimal("2")          # 1.1333… up to a whole point
    assert scoring.plan_of(coarse) is not scoring.plan_of(b)
    assert scoring.plan_of(coarse).rulebook is coarse
    assert scoring.score(b, ev).total == Decimal("1.13")            # the original is untouched


def test_a_copy_with_other_grades_grades_with_its_own_bands() -> None:
    b = book(ITEMS, cat_points=4)
    ev = _ev(b)                                                     # 甲 and 乙: 2 points, scaled 0
    assert scoring.score(b, ev).grade is None                       # the test rulebook declares no grades
    graded = b.model_copy(update={"grades": [GradeBand(min=Decimal(2), grade="合格"),
                                             GradeBand(min=Decimal(0), grade="不合格")]})
    assert scoring.score(graded, ev).grade == "合格"


def test_a_copy_keeps_the_rule_file_positions_but_not_its_digest() -> None:
    b = book(ITEMS, cat_points=4)
    copy = b.model_copy(update={"rounding": Rounding(places=0)})
    old, new = scoring.plan_of(b), scoring.plan_of(copy)
    assert old.digest is not None and new.digest is None
    assert str(new.by_id["three"].loc) == str(old.by_id["three"].loc)
    assert new.by_id["three"].loc.path == "t.yaml" and new.by_id["three"].loc.line is not None


def test_score_takes_a_plan_as_well_as_a_rulebook() -> None:
    b = book(ITEMS, cat_points=4)
    plan = scoring.plan_of(b)
    assert isinstance(plan, scoring.Plan)
    assert scoring.plan_of(plan) is plan
    ev = _ev(b)
    assert scoring.score(plan, ev) == scoring.score(b, ev)
    assert scoring.score(plan, ev).total == Decimal("2.00")


def test_a_rulebook_is_compiled_once() -> None:
    b = book(ITEMS, cat_points=4)
    assert scoring.plan_of(b) is scoring.plan_of(b)
    hand = scoring.Rulebook.model_validate(b.model_dump())          # built in Python: no plan yet
    assert scoring.plan_of(hand) is scoring.plan_of(hand)
    assert scoring.plan_of(hand).path == "<python>"
