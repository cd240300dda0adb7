"""Differential test: the compiled engine against the simpleeval oracle (issue #6).

hypothesis draws a ``random.Random`` that drives the generators in
``tests/strategies.py`` (so a failure shrinks and replays); the engine's
compiled function and the oracle must agree on the value, exactly, and on
whether the input is an error. The benchmark runs the same check at 100,000
cases (``python3 bench/bench_expr.py --differential 100000``).
"""

from __future__ import annotations

import datetime as _dt
import random
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from .strategies import RECORD, SCOPE, gen_expression, gen_record, run_case

_SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                     suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(rng=st.randoms(use_true_random=False), kind=st.sampled_from(["bool", "number", "text", "date"]),
       depth=st.integers(0, 4))
def test_engine_agrees_with_oracle(rng: random.Random, kind: str, depth: int) -> None:
    text = gen_expression(rng, kind, depth)
    record = gen_record(rng)
    out = run_case(text, record)
    assert out.agree, f"{text!r} on {record}: engine {out.engine}, oracle {out.oracle}"


def _rec(**values: object) -> dict[str, object]:
    base: dict[str, object] = {
        "participants": Decimal(12), "attended": Decimal(9), "invited": Decimal(10), "score": None,
        "kind": "宣讲", "note": None, "done": True, "checked": None,
        "held_on": _dt.date(2023, 5, 1), "closed_on": None, "tags": ("妇联",),
    }
    base.update(values)
    return base


# Hand-computed expectations: both routes must give these, so the oracle itself is checked too.
@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("attended / invited >= 0.8", {}, True),
        ("attended / invited", {}, Decimal("0.9")),
        ("0.1 + 0.2 == 0.3", {}, True),  # exact decimals, not floats
        ("-7 // 2", {}, Decimal(-3)),  # Decimal // truncates toward zero
        ("-7 % 2", {}, Decimal(-1)),  # and % keeps the sign of the dividend
        ("round(2.5) + round(-2.5)", {}, Decimal(0)),  # half up, away from zero
        ("round(attended / invited * 100, 1)", {"attended": Decimal(2), "invited": Decimal(3)}, Decimal("66.7")),
        ("participants ** 2", {}, Decimal(144)),
        ("score == 3", {}, False),  # a blank equals nothing but blank
        ("score == score", {}, True),
        ("score == 1 < 2", {}, False),  # the chain stops before ordering the blank
        ("is_blank(note) and is_blank(\"\")", {}, True),
        ("coalesce(score, 60) >= 60", {}, True),
        ("kind in [\"宣讲\", \"培训\"] and \"妇联\" in tags", {}, True),
        ("days(held_on, date(\"2023-06-30\"))", {}, Decimal(60)),
        ("1 < participants <= 12 != 13", {}, True),
        ("max(attended, invited, 3) - min(1, 2)", {}, Decimal(9)),
        # the calendar, by hand: month ends clamp; whole months; weekends only
        ('add_months(date("2023-01-31"), 1)', {}, _dt.date(2023, 2, 28)),
        ('add_months(date("2024-01-31"), 1)', {}, _dt.date(2024, 2, 29)),  # leap year
        ('add_months(date("2023-03-31"), -1)', {}, _dt.date(2023, 2, 28)),
        ('add_months(date("2023-11-15"), 14)', {}, _dt.date(2025, 1, 15)),
        ('months_between(date("2023-01-31"), date("2023-02-28"))', {}, Decimal(1)),
        ('months_between(date("2023-01-15"), date("2023-02-14"))', {}, Decimal(0)),
        ('months_between(date("2023-05-01"), date("2022-12-01"))', {}, Decimal(-5)),
        ('end_of_month(date("2024-02-10"))', {}, _dt.date(2024, 2, 29)),
        ("quarter(held_on)", {}, Decimal(2)),  # 1 May
        # Friday 2023-06-30 → Friday 2023-07-07: Mon–Fri 3–7 July = 5; back again is −5
        ('workdays(date("2023-06-30"), date("2023-07-07"))', {}, Decimal(5)),
        ('workdays(date("2023-07-07"), date("2023-06-30"))', {}, Decimal(-5)),
        ('workdays(date("2023-07-01"), date("2023-07-02"))', {}, Decimal(0)),  # Saturday → Sunday
        ("date_of(year, 7, 10)", {}, _dt.date(2023, 7, 10)),
        ("days(period.start, period.end)", {}, Decimal(364)),
        ("year(held_on) == year", {}, True),
    ],
)
def test_known_values(text: str, values: dict[str, object], expected: object) -> None:
    out = run_case(text, _rec(**values))
    assert out.engine == ("value", expected)
    assert out.oracle == ("value", expected)
    assert type(out.engine[1]) is type(expected)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("attended / invited", {"invited": Decimal(0)}),
        ("0 / 0 == 1", {}),
        ("participants ** score", {"score": Decimal("0.5")}),
        ("participants ** score", {"score": Decimal(101)}),
        ("0 ** -1", {}),  # Decimal says Infinity; we say division by zero
        ("score + 1", {}),
        ("score > 3 or true", {}),
        ("not checked", {}),
        ("score in [1, 2]", {}),
        ("1 in [score, 1]", {}),
        ("round(coalesce(score, score))", {}),
        ("round(participants, score)", {"score": Decimal("1E+999999")}),
        ("note + kind", {}),
        ("(1 if checked else 2) > 0", {}),
        ("add_months(held_on, participants)", {"participants": Decimal("0.5")}),  # months must be whole
        ("add_months(held_on, participants)", {"participants": Decimal(1201)}),  # at most 100 years
        ("add_months(held_on, participants)", {"participants": Decimal("1E+999999")}),
        ('add_months(date("9999-12-01"), 1)', {}),  # beyond the calendar
        ("date_of(year, 2, participants)", {"participants": Decimal(29)}),  # 2023 has no 29 February
        ("date_of(year, 13 - participants, 1)", {"participants": Decimal(0)}),
        ("months_between(closed_on, held_on)", {}),  # blank
    ],
)
def test_known_errors(text: str, values: dict[str, object]) -> None:
    out = run_case(text, _rec(**values))
    assert out.engine[0] == "error", out.engine
    assert out.oracle[0] == "error", out.oracle


def test_generated_expressions_are_well_typed_and_varied() -> None:
    # The generator must exercise what the issue lists, or the differential test proves little.
    from scoring.expr import compile_expression

    rng = random.Random(7)
    texts = [gen_expression(rng, rng.choice(["bool", "number"]), 4) for _ in range(400)]
    for t in texts:
        compile_expression(t, SCOPE, record=RECORD)  # raises if the generator produced a bad one
    joined = " ".join(texts)
    for needle in [" ** ", " // ", " % ", " / ", " not in ", " in ", " if ", " and ", " or ", "not ", "min(",
                   "max(", "abs(", "round(", "coalesce(", "is_blank(", "score", "<=", "add_months(",
                   "months_between(", "workdays(", "end_of_month(", "date_of(", "quarter(", "period.start",
                   "period.end", "year"]:
        assert needle in joined, needle
    assert any(t.count("<") + t.count(">") + t.count("==") >= 3 for t in texts)  # chains
    outcomes = [run_case(t, gen_record(rng)) for t in texts[:200]]
    errors = sum(o.engine[0] == "error" for o in outcomes)
    assert 5 < errors < 150  # both values and errors are compared, not just one kind
