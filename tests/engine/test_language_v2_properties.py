"""Invariants of the second-edition constructs (#15), checked on generated rules and evidence against formulas
written independently of the engine."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings, strategies as st

import scoring

from ._rb import D, act, book, evidence

SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
amounts = st.integers(min_value=0, max_value=40).map(lambda n: Decimal(n) / 4)  # 0, 0.25 … 10


def _item(points: Decimal, base: Decimal, per: Decimal, cap: Decimal, deduct: Decimal) -> str:
    return f"""
    - id: x
      title: 村级工作
      points: {points}
      base: {base}
      bonuses:
        - {{id: x_b, count: 'count(act, kind == "宣讲")', amount: {per}, cap: {cap}}}
      deductions:
        - {{id: x_d, per_record: act, where: 'kind == "事件"', amount: {deduct}}}
    """


@SETTINGS
@given(points=amounts, base=amounts, per=amounts, cap=amounts, deduct=amounts,
       talks=st.integers(0, 5), events=st.integers(0, 5))
def test_base_bonuses_deductions_then_cap_then_floor(points: Decimal, base: Decimal, per: Decimal, cap: Decimal,
                                                     deduct: Decimal, talks: int, events: int) -> None:
    """points = max(0, min(value, base + min(cap, talks × per) − events × deduct)), and the ledger adds up."""
    b = book(_item(points, base, per, cap, deduct), cat_points=str(points))
    r = scoring.score(b, evidence(b, [act("宣讲")] * talks + [act("事件")] * events))
    expected = max(D(0), min(points, base + min(cap, talks * per) - events * deduct))
    assert r.item("x").points == expected
    assert r.ledger_sum() == r.total


@SETTINGS
@given(xiang=amounts, zhen=amounts, events=st.integers(0, 5), unit_type=st.sampled_from(["乡", "镇"]))
def test_a_per_type_number_scores_as_the_plain_number_of_that_type(xiang: Decimal, zhen: Decimal, events: int,
                                                                   unit_type: str) -> None:
    """The rule written with {乡: a, 镇: b} scores a unit exactly like the rule written with that type's number."""
    def items(amount: str) -> str:
        return f"""
        - id: x
          title: 安全
          points: 10
          full_marks: true
          max_deduction: {{乡: 8, 镇: 6}}
          deductions:
            - {{per_record: act, where: 'kind == "事件"', amount: {amount}}}
        """
    typed = book(items(f"{{乡: {xiang}, 镇: {zhen}}}"))
    plain = book(items(str(xiang if unit_type == "乡" else zhen)).replace(
        "max_deduction: {乡: 8, 镇: 6}", f"max_deduction: {8 if unit_type == '乡' else 6}"))
    acts = [act("事件")] * events
    a = scoring.score(typed, evidence(typed, acts, unit_type=unit_type))
    b = scoring.score(plain, evidence(plain, acts, unit_type=unit_type))
    assert a.item("x").points == b.item("x").points
    assert [e.points for e in a.item("x").ledger] == [e.points for e in b.item("x").ledger]
