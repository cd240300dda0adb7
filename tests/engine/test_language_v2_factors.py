"""Adjustment factors chosen per record (#15 item 5) and the documented order of adjustments.

A line declares ``factors: {choices: {减半: 0.5, 免扣: 0, 加倍: 2}}``; the reviewer names one per record in
reviews.yaml (``factors:``), or the record's ``factors.field`` does. An undeclared factor is a located error (in
reviews.yaml, in the rule file, or at the record); the ledger shows the factor and who chose it. Order, per record:
amount → every ``add`` → every ``times`` → the chosen factor → below 0 counts 0 (clauses/_adjust)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

import scoring

from ._rb import D, act, book, evidence, pts

LINE = """
- id: x
  title: 舆情
  points: 30
  deductions:
    - id: events
      per_record: act
      where: kind == "事件"
      amount: 2
      adjust:
        - {when: reminded, times: 2, reason: 加倍扣分}
        - {when: repeat, add: 10, reason: 再次发生}
      factors: {choices: {减半: 0.5, 免扣: 0, 加倍: 2}FIELD}
"""


def _book(field: str = "") -> scoring.Rulebook:
    return book(LINE.replace("FIELD", field), cat_points=30)


def _score(b: scoring.Rulebook, acts: list[dict[str, Any]], factors: list[dict[str, Any]] | None = None
           ) -> scoring.ScoreResult:
    reviews = {"reviewer": "县考核组", "factors": factors} if factors else None
    r = scoring.score(b, evidence(b, acts, reviews=reviews))
    assert r.ledger_sum() == r.total
    return r


def _deductions(r: scoring.ScoreResult) -> list[Any]:
    return [e for e in r.item("x").ledger if e.kind == "deduct"]


def test_order_adds_then_times() -> None:
    """reminded and repeat: (2 + 10) × 2 = 24, not 2 × 2 + 10 = 14; the steps are in the ledger."""
    r = _score(_book(), [act("事件", reminded=True, repeat=True)])
    (e,) = _deductions(r)
    assert e.points == D(-24) and pts(r, "x") == D(6)
    assert "2 分 + 10（再次发生） = 12 分 × 2（加倍扣分） = 24 分" in e.reason


def test_the_order_does_not_depend_on_the_order_written() -> None:
    swapped = LINE.replace("        - {when: reminded, times: 2, reason: 加倍扣分}\n", "").replace(
        "        - {when: repeat, add: 10, reason: 再次发生}\n",
        "        - {when: repeat, add: 10, reason: 再次发生}\n        - {when: reminded, times: 2, reason: 加倍扣分}\n")
    assert swapped != LINE
    b = book(swapped.replace("FIELD", ""), cat_points=30)
    assert _deductions(_score(b, [act("事件", reminded=True, repeat=True)]))[0].points == D(-24)


@pytest.mark.parametrize(("factor", "expected"), [("减半", "-6"), ("免扣", "0"), ("加倍", "-24")])
def test_a_reviewers_factor_applies_last_to_the_whole_amount(factor: str, expected: str) -> None:
    """repeat: 2 + 10 = 12, then the reviewer's factor: × 0.5 = 6, × 0 = 0, × 2 = 24."""
    r = _score(_book(), [act("事件", repeat=True, id="e1")],
               [{"line": "events", "record": "e1", "factor": factor, "reason": "核查情况"}])
    (e,) = _deductions(r)
    assert e.points == D(expected)
    assert f"考核组选定“{factor}”：核查情况（县考核组）" in e.reason
    assert e.values["系数"] == factor and e.reviewer == "县考核组" and e.branch == f"line:events:factor:{factor}"


def test_records_without_a_choice_are_not_adjusted() -> None:
    r = _score(_book(), [act("事件", id="e1"), act("事件", id="e2")],
               [{"line": "events", "record": "e2", "factor": "减半", "reason": "已整改"}])
    assert [e.points for e in _deductions(r)] == [D(-2), D(-1)]
    assert pts(r, "x") == D(27)


def test_the_record_may_name_its_factor() -> None:
    """A field of the record names the factor (here the text field `project`, 无 when left blank, declared as × 1);
    the reviewer's choice wins."""
    b = book(LINE.replace("加倍: 2}FIELD", "加倍: 2, 无: 1}, field: project"), cat_points=30)
    r = _score(b, [act("事件", project="减半", id="e1"), act("事件", project="", id="e2"),
                   act("事件", project="减半", id="e3")],
               [{"line": "events", "record": "e3", "factor": "加倍", "reason": "未如实填报"}])
    got = _deductions(r)
    assert [e.points for e in got] == [D(-1), D(-2), D(-4)]
    assert "记录填报“减半”" in got[0].reason and got[0].reviewer is None
    assert "考核组选定“加倍”" in got[2].reason


def test_a_record_naming_an_undeclared_factor_is_located_at_the_record() -> None:
    b = _book(", field: project")
    ev = evidence(b, [act("事件", project="三倍", id="e1")])
    with pytest.raises(scoring.EvaluationError) as e:
        scoring.score(b, ev)
    assert e.value.location == ev.records[0].source
    assert "记录 e1 的 project 是 '三倍'，不是行 'events' 声明的调整系数" in e.value.message and "减半" in (e.value.hint or "")


def test_a_reviewer_naming_an_undeclared_factor_is_located_in_reviews() -> None:
    b = _book()
    with pytest.raises(scoring.EvidenceError) as e:
        evidence(b, [act("事件", id="e1")],
                 reviews={"factors": [{"line": "events", "record": "e1", "factor": "减伴", "reason": "x"}]})
    msg = str(e.value)
    assert "'减伴' 不是行 'events' 声明的调整系数" in msg and "减半" in msg


@pytest.mark.parametrize(("row", "words"), [
    ({"line": "evnts", "record": "e1", "factor": "减半"}, "没有可以选定调整系数的行 'evnts'"),
    ({"line": "events", "record": "e9", "factor": "减半"}, "要调整的记录 'e9' 不存在"),
    ({"line": "events", "record": "t1", "factor": "减半"}, "只调整 act 记录"),
])
def test_reviews_factor_rows_are_checked(row: dict[str, str], words: str) -> None:
    b = _book()
    with pytest.raises(scoring.EvidenceError, match=words):
        evidence(b, [act("事件", id="e1")], talents=[{"date": "2023-03-01", "name": "甲", "id": "t1"}],
                 reviews={"factors": [{**row, "reason": "x"}]})


def test_one_choice_per_record_and_line() -> None:
    b = _book()
    rows = [{"line": "events", "record": "e1", "factor": f, "reason": "x"} for f in ("减半", "免扣")]
    with pytest.raises(scoring.EvidenceError, match="已经选定过"):
        evidence(b, [act("事件", id="e1")], reviews={"factors": rows})


def test_a_choice_for_a_record_the_line_does_not_count_is_an_error_not_dropped() -> None:
    b = _book()
    with pytest.raises(scoring.EvaluationError, match="用不上"):
        _score(b, [act("宣讲", id="e1")], [{"line": "events", "record": "e1", "factor": "减半", "reason": "x"}])


def test_a_line_with_factors_needs_an_id_and_a_field_of_text() -> None:
    no_id = LINE.replace("    - id: events\n      per_record", "    - per_record").replace("FIELD", "")
    with pytest.raises(scoring.RulebookError, match="要写 id"):
        book(no_id, cat_points=30)
    with pytest.raises(scoring.RulebookError, match="要是文本或可选值字段"):
        _book(", field: n")
    with pytest.raises(scoring.RulebookError, match="不是声明的调整系数"):
        _book(", field: level")  # the enum 镇/县/市/省 names no factor
    with pytest.raises(scoring.RulebookError, match="没有字段 'projet'"):
        _book(", field: projet")


def test_factors_only_on_per_record_lines() -> None:
    items = """
    - id: x
      title: 宣讲
      points: 6
      deductions:
        - shortfall: {required: 3, actual: 'count(act, kind == "宣讲")'}
          amount: 1
          factors: {choices: {减半: 0.5}}
    """
    with pytest.raises(scoring.RulebookError, match="只能和 per_record 一起用"):
        book(items, cat_points=6)


def test_factors_by_unit_type() -> None:
    b = book(LINE.replace("减半: 0.5", "减半: {乡: 0.5, 镇: 0.25}").replace("FIELD", ""), cat_points=30)
    rows = [{"line": "events", "record": "e1", "factor": "减半", "reason": "x"}]
    for unit_type, expected in (("乡", "-1"), ("镇", "-0.5")):
        ev = evidence(b, [act("事件", id="e1")], unit_type=unit_type, reviews={"factors": rows})
        assert _deductions(scoring.score(b, ev))[0].points == D(expected)


def test_diff_names_a_change_of_factors() -> None:
    from scoring.cycle import diff_rulebooks

    a, b = _book(), book(LINE.replace("免扣: 0", "免扣: 0.1").replace("FIELD", ""), cat_points=30)
    assert any(c.label.endswith("调整系数") or "调整系数" in (c.label or "") for c in diff_rulebooks(a, b).changes)


def test_a_hand_built_evidence_set_is_held_to_the_same_checks() -> None:
    from scoring.models.evidence import FactorChoice

    b = _book()
    ev = evidence(b, [act("事件", id="e1")])
    bad = ev.model_copy(update={"factors": [FactorChoice(line="events", record="e1", factor="三倍", reason="x")]})
    with pytest.raises(scoring.EvidenceError, match="不是行 'events' 声明的调整系数"):
        scoring.score(b, bad)
    lost = ev.model_copy(update={"factors": [FactorChoice(line="nowhere", record="e1", factor="减半", reason="x")]})
    with pytest.raises(scoring.EvidenceError, match="没有可以选定调整系数的行"):
        scoring.score(b, lost)


_PROP = book("""
- id: x
  title: 舆情
  points: 100
  deductions:
    - id: events
      per_record: act
      where: kind == "事件"
      amount: 2
      adjust:
        - {when: solved, times: 0.5}
        - {when: repeat, add: 10}
        - {when: reminded, times: 3}
        - {when: force_majeure, add: -5}
      factors: {choices: {减半: 0.5, 免扣: 0, 加倍: 2, 照扣: 1}}
""", cat_points=100)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans(),
                          st.sampled_from([None, "减半", "免扣", "加倍", "照扣"])), min_size=1, max_size=4))
def test_each_record_is_adds_then_times_then_the_factor_never_below_zero(
        recs: list[tuple[bool, bool, bool, bool, str | None]]) -> None:
    acts = [act("事件", id=f"e{i}", solved=s, repeat=r, reminded=m, force_majeure=f)
            for i, (s, r, m, f, _) in enumerate(recs)]
    rows = [{"line": "events", "record": f"e{i}", "factor": c, "reason": "x"}
            for i, (*_, c) in enumerate(recs) if c is not None]
    ev = evidence(_PROP, acts, reviews={"factors": rows} if rows else None)
    got = [-e.points for e in scoring.score(_PROP, ev).item("x").ledger if e.kind == "deduct"]
    factor = {"减半": D("0.5"), "免扣": D(0), "加倍": D(2), "照扣": D(1), None: D(1)}
    want = []
    for s, r, m, f, c in recs:  # by the documented order, independently of the engine
        v = (D(2) + (10 if r else 0) - (5 if f else 0)) * (D("0.5") if s else 1) * (3 if m else 1) * factor[c]
        want.append(max(D(0), v))
    assert got == want


def test_a_factor_chosen_for_a_record_charged_to_another_unit_says_why(tmp_path: Any) -> None:
    """X乡's reviewer halves k, but k is charged to Y镇: an error at the reviews.yaml line for X; Y counts k at its
    unadjusted 2 points: 10 − 2 = 8."""
    from .test_crossunit import RULES, by_unit, unit

    rules = RULES.replace("          - {per_record: accident, amount: 2, reason: 本单位登记的车辆发生事故}\n",
                          "          - {id: crashes, per_record: accident, amount: 2, reason: 本单位登记的车辆发生事故,\n"
                          "             factors: {choices: {减半: 0.5}}}\n")
    b = scoring.parse_rulebook(rules, "cu.yaml")
    root = tmp_path / "2023"
    unit(root, "x-xiang", "X乡", "乡", {
        "r.yaml": "accident:\n  - {id: k, date: 2023-03-01, plate: 1, charged_to: Y镇}\n",
        "reviews.yaml": "factors:\n  - {line: crashes, record: k, factor: 减半, reason: 已赔付}\n"})
    unit(root, "y-zhen", "Y镇")
    batch = scoring.score_folder(b, root)
    [err] = batch.errors
    assert err.unit == "x-xiang" and "计入单位是“Y镇”，不在本单位计分" in err.errors[0]
    assert "reviews.yaml:2" in err.errors[0]
    assert by_unit(batch)["y-zhen"].total == D(8)
