"""Calendar functions, period names and multi-line conditions (#15 item 7), against hand-worked dates.

The date functions' invariants are checked with hypothesis against their definitions (docs/expressions.md);
the worked examples G1, G2 of docs/rule-language.md are scored with the evidence the page describes.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

import scoring
from scoring.cycle import new_year_text
from scoring.expr import FUNCTIONS

from .._docblocks import rulebook
from ._rb import D, book, evidence, rulebook_text

_FAST = settings(max_examples=200, deadline=None, derandomize=True, database=None)
dates = st.dates(min_value=_dt.date(1990, 1, 1), max_value=_dt.date(2090, 12, 31))
months = st.integers(-240, 240)


def f(name: str, *args: Any) -> Any:
    return FUNCTIONS[name].impl(*args)


def add_months(d: _dt.date, n: int) -> _dt.date:
    out: _dt.date = f("add_months", d, Decimal(n))
    return out


# -- the date arithmetic, by its definitions ------------------------------------------------------------------

@_FAST
@given(d=dates, n=months)
def test_add_months_moves_whole_months_and_clamps_the_day(d: _dt.date, n: int) -> None:
    out = add_months(d, n)
    assert (out.year * 12 + out.month) - (d.year * 12 + d.month) == n
    assert out.day == d.day or (out.day < d.day and (out + _dt.timedelta(days=1)).day == 1)  # clamped to month end
    if d.day <= 28:
        assert out.day == d.day and add_months(out, -n) == d


@_FAST
@given(a=dates, b=dates)
def test_months_between_is_the_largest_whole_count(a: _dt.date, b: _dt.date) -> None:
    m = int(f("months_between", a, b))
    assert f("months_between", b, a) == -m
    lo, hi = (a, b) if b >= a else (b, a)
    k = abs(m)
    assert add_months(lo, k) <= hi < add_months(lo, k + 1)


@_FAST
@given(a=dates, n=st.integers(0, 240))
def test_months_between_undoes_add_months(a: _dt.date, n: int) -> None:
    assert f("months_between", a, add_months(a, n)) == n


@_FAST
@given(d=dates)
def test_end_of_month_and_quarter(d: _dt.date) -> None:
    end = f("end_of_month", d)
    assert end >= d and (end.year, end.month) == (d.year, d.month) and (end + _dt.timedelta(days=1)).day == 1
    assert f("quarter", d) == (d.month + 2) // 3


@_FAST
@given(a=dates, b=dates, c=dates)
def test_workdays_add_up_and_count_weekdays(a: _dt.date, b: _dt.date, c: _dt.date) -> None:
    w = f("workdays", a, b)
    assert w + f("workdays", b, c) == f("workdays", a, c)
    assert w == -f("workdays", b, a)
    lo, hi = sorted((a, b))
    span = (hi - lo).days
    assert 0 <= abs(w) <= span
    assert f("workdays", lo, lo + _dt.timedelta(days=7 * (span // 7))) == 5 * (span // 7)  # whole weeks
    if span <= 40:  # day by day, for short spans
        assert abs(w) == sum((lo + _dt.timedelta(days=i)).isoweekday() <= 5 for i in range(1, span + 1))


def test_the_month_end_rule_by_hand() -> None:
    assert add_months(_dt.date(2023, 1, 31), 1) == _dt.date(2023, 2, 28)
    assert add_months(_dt.date(2024, 1, 31), 1) == _dt.date(2024, 2, 29)
    assert add_months(_dt.date(2023, 8, 31), 1) == _dt.date(2023, 9, 30)
    assert add_months(_dt.date(2024, 2, 29), 12) == _dt.date(2025, 2, 28)
    assert f("months_between", _dt.date(2023, 1, 31), _dt.date(2023, 2, 27)) == 0


# -- checked at load: types, bounds, located Chinese errors ------------------------------------------------

def _err(when: str, **kw: Any) -> str:
    with pytest.raises(scoring.RulebookError) as e:
        book(f"- {{id: x, title: X, points: 2, when: '{when}'}}", cat_points=2, **kw)
    return str(e.value)


@pytest.mark.parametrize(("when", "says"), [
    ("count(act, date <= add_months(date, 0.5)) > 0", "add_months() 的月数必须是 -1200 到 1200 之间的整数"),
    ("count(act, date <= add_months(date, 1201)) > 0", "1200"),
    ("count(act, date <= date_of(year, 2, 30)) > 0", "2 月没有 30 日"),
    ("count(act, date <= date_of(year, 13, 1)) > 0", "月份必须是 1 到 12 之间的整数"),
    ("count(act, months_between(date, 3) > 0) > 0", "months_between() 这里需要日期"),
    ("count(act, add_months(date, 1) > 3) > 0", "不能用 '>' 比较 日期 和 数值"),
    ("count(act, date <= period.stat) > 0", "period.start"),
    ("count(act, date <= period) > 0", "period.start（开始日期）或 period.end"),
    ("count(act, date.year == 2023) > 0", "不允许用 '.' 访问属性"),
])
def test_calendar_mistakes_are_located_with_a_hint(when: str, says: str) -> None:
    msg = _err(when)
    assert says in msg and "t.yaml:" in msg and "提示" in msg


def test_a_fact_cannot_be_called_year_or_period() -> None:
    text = rulebook_text("- {id: x, title: X, points: 2, full_marks: true}", cat_points=2).replace(
        "facts:\n", "facts:\n  year: {type: int, required: false, default: 0}\n")
    with pytest.raises(scoring.RulebookError, match="'year' 不能用在表达式里"):
        scoring.parse_rulebook(text, "t.yaml")


def _warnings(items: str) -> list[scoring.ScoringError]:
    return [w for w in scoring.plan_of(book(items, cat_points=2)).warnings if "考核年度" in str(w)]


def test_check_warns_on_the_rulebooks_year_written_as_a_literal() -> None:
    items = """
- id: x
  title: X
  points: 2
  when: count(act, year(date) == 2023 and date <= date("2023-06-30")) >= 1
"""
    ws = _warnings(items)
    assert len(ws) == 2 and all(w.severity == "warning" for w in ws)
    assert "表达式里写死了考核年度 2023" in str(ws[0]) and "改写成 year" in str(ws[0])
    assert 'date("2023-06-30")' in str(ws[1]) and "改写成 date_of(year, 6, 30)" in str(ws[1])
    rows = rulebook_text(items, cat_points=2).splitlines()
    for w, literal in zip(ws, ("2023 and", 'date("2023-06-30")'), strict=True):  # located at the literal itself
        loc = w.location
        assert loc is not None and loc.line and loc.col
        assert rows[loc.line - 1][loc.col - 1:].startswith(literal)
    # other years are not the rulebook's; the names survive new-year and are not warned about
    assert not _warnings("- {id: x, title: X, points: 2, when: 'count(act, year(date) >= 2022 or n > 2024) >= 0'}")
    assert not _warnings("- {id: x, title: X, points: 2, when: 'count(act, year(date) == year) >= 1'}")


# -- period names survive new-year --------------------------------------------------------------------------

ITEMS = """
- id: by_name
  title: 用考核年度
  points: 2
  when: count(act, year(date) == year and date <= add_months(period.start, 3)) >= 1
- id: by_literal
  title: 写死年份
  points: 2
  when: count(act, year(date) == 2023) >= 1
"""


def test_a_rule_using_year_scores_the_same_next_year_with_shifted_evidence() -> None:
    old = scoring.parse_rulebook(rulebook_text(ITEMS, cat_points=4), "t.yaml")
    new = scoring.parse_rulebook(new_year_text(rulebook_text(ITEMS, cat_points=4), 2024), "t2024.yaml")
    assert (new.year, new.period.start) == (2024, _dt.date(2024, 1, 1))
    r23 = scoring.score(old, evidence(old, [{"date": "2023-03-31", "kind": "宣讲"}]))
    r24 = scoring.score(new, evidence(new, [{"date": "2024-03-31", "kind": "宣讲"}]))
    # by hand: 31 March is within three months of 1 January (1 April), in the year of the assessment
    assert (r23.item("by_name").points, r23.item("by_literal").points) == (D(2), D(2))
    assert (r24.item("by_name").points, r24.item("by_literal").points) == (D(2), D(0))  # 2023 stayed 2023
    late = scoring.score(new, evidence(new, [{"date": "2024-04-02", "kind": "宣讲"}]))
    assert late.item("by_name").points == D(0)


# -- a condition over several lines, in every YAML style -----------------------------------------------------

A = 'count(act, kind == "宣讲") >= 1'
B = 'count(act, kind == "培训") >= 1'


def _styles(a: str, b: str, comment: bool) -> dict[str, str]:
    c = "  # 第一行的注释 or true" if comment else ""
    esc_a, esc_b = a.replace('"', '\\"'), b.replace('"', '\\"')
    out = {
        "|": f"when: |\n  {a}{c}\n  and {b}",
        "|-": f"when: |-\n  {a}{c}\n  and {b}",
        ">": f"when: >\n  {a}{c}\n  and {b}",
        ">-": f"when: >-\n  {a}{c}\n\n  and {b}",
        '"': f'when: "{esc_a}{c}\n    and {esc_b}"',
        "'": f"when: '{a}{c}\n    and {b}'",
    }
    if not comment:  # in a plain scalar, ' #' is YAML's own comment
        out["plain"] = f"when: {a}\n    and {b}"
    return out


def _one(style_text: str, acts: list[dict[str, Any]]) -> Decimal:
    items = "- id: x\n  title: X\n  points: 2\n  " + style_text.replace("\n", "\n  ")
    b = scoring.parse_rulebook(rulebook_text(items, cat_points=2), "t.yaml")
    return scoring.score(b, evidence(b, acts)).item("x").points


@pytest.mark.parametrize("comment", [False, True])
def test_every_yaml_style_gives_the_one_line_result(comment: bool) -> None:
    both = [{"date": "2023-03-01", "kind": "宣讲"}, {"date": "2023-03-02", "kind": "培训"}]
    one = [{"date": "2023-03-01", "kind": "宣讲"}]
    flat = f"when: '{A} and {B}'"
    assert (_one(flat, both), _one(flat, one)) == (D(2), D(0))
    for style, text in _styles(A, B, comment).items():
        # the comment (with its "or true") ends at the end of its own line: the second line still counts
        assert (_one(text, both), _one(text, one)) == (D(2), D(0)), style


@pytest.mark.parametrize("style", [">", ">-", '"', "'", "plain", "|"])
def test_an_error_on_the_second_line_points_at_it(style: str) -> None:
    text = _styles(A, B.replace("培训", "培xun"), False)[style]
    items = "- id: x\n  title: X\n  points: 2\n  " + text.replace("\n", "\n  ")
    src = rulebook_text(items, cat_points=2)
    with pytest.raises(scoring.RulebookError) as e:
        scoring.parse_rulebook(src, "t.yaml")
    loc = e.value.location
    assert loc is not None and loc.line is not None and loc.col is not None
    row = src.splitlines()[loc.line - 1]
    assert row[loc.col - 1:].startswith('"培xun"') or row[loc.col - 1:].startswith('\\"培xun'), (style, row, loc)
    assert "不是可选值之一" in str(e.value)


def test_a_folded_title_has_no_stray_marks() -> None:
    b = book("- id: x\n  title: >-\n    按时报送\n    半年总结\n  points: 2\n  full_marks: true", cat_points=2)
    assert b.categories[0].children[0].title == "按时报送 半年总结"  # YAML folds the line break into a space


# -- the worked examples -------------------------------------------------------------------------------------

def _ev(b: scoring.Rulebook, **records: list[dict[str, Any]]) -> scoring.EvidenceSet:
    facts = {"households": 100, "households_visited": 100, "rate": 1, "base_rate": 0, "review_grade": "优",
             "imported_score": 0}
    return scoring.evidence_from_dict({
        "unit": {"id": "u", "name": "单位", "type": "镇", "facts": facts},
        "records": {t: [dict(r, id=r.get("id", f"{t}-{i + 1}")) for i, r in enumerate(rs)] for t, rs in records.items()},
    }, b)


def _case(received: str, closed: str | None) -> dict[str, Any]:
    return {"received_on": received, "title": f"{received} 受理", **({"closed_on": closed} if closed else {})}


def test_g1_deadlines_in_months() -> None:
    """Jan 31 → Apr 30 on time (clamped), Nov 30 → 29 Feb 2024 on time (leap year), Mar 15 → Jun 16 late,
    Sep 1 open: 6 − 2 = 4. The half-year summary is due end_of_month(add_months(1 Jan, 6)) = 31 July."""
    b = rulebook("G1")
    cases = [_case("2023-01-31", "2023-04-30"), _case("2023-11-30", "2024-02-29"), _case("2023-03-15", "2023-06-16"),
             _case("2023-09-01", None)]
    on_time = {"kind": "半年工作总结", "title": "半年总结", "submitted_on": "2023-07-31"}
    r = scoring.score(b, _ev(b, case=cases, report=[on_time]))
    assert (r.item("case_timely").points, r.item("mid_year").points) == (D(4), D(4))
    assert sorted(e.evidence[0] for e in r.item("case_timely").ledger if e.points < 0) == ["case-3", "case-4"]
    late = scoring.score(b, _ev(b, case=cases, report=[dict(on_time, submitted_on="2023-08-01")]))
    assert late.item("mid_year").points == D(0)


def test_g2_the_assessment_year_by_name_survives_new_year() -> None:
    """A 2022 school and a 2023 school: one new in the year, 5 × 1/2 = 2.5; next year, the same a year later."""
    b = rulebook("G2")
    schools = [{"name": "一校", "founded_on": "2022-09-01"}, {"name": "二校", "founded_on": "2023-04-01"}]
    assert scoring.score(b, _ev(b, school=schools)).item("new_schools").points == D("2.5")
    nxt = b.model_copy(update={"year": 2024, "period": b.period.model_copy(
        update={"start": _dt.date(2024, 1, 1), "end": _dt.date(2024, 12, 31)})})
    shifted = [{"name": "一校", "founded_on": "2023-09-01"}, {"name": "二校", "founded_on": "2024-04-01"}]
    assert scoring.score(nxt, _ev(nxt, school=shifted)).item("new_schools").points == D("2.5")
    assert scoring.score(nxt, _ev(nxt, school=schools)).item("new_schools").points == D(0)


def test_a_folded_condition_in_an_extends_file_keeps_its_lines(tmp_path: Any) -> None:
    from ..conftest import ROOT

    child = tmp_path / "child.yaml"
    child.write_text(
        f"extends: {ROOT / 'rules' / '2023' / 'x-county-fulian.yaml'}\n"
        "add:\n"
        "  - into: family_education\n"
        "    item:\n"
        "      id: folded\n"
        "      title: 折行的条件\n"
        "      points: 4\n"
        "      when: >-\n"
        "        exists(activity, kind == \"宣讲\")  # 宣讲 or true\n"
        "        and exists(activity, kind == \"慰x\")\n", encoding="utf-8")
    with pytest.raises(scoring.RulebookError) as e:
        scoring.load_rulebook(child)
    # the comment ended at its line (the second line was checked), and the error points into the child's line 10
    loc = e.value.location
    assert loc is not None and loc.path == str(child) and loc.line == 10
    assert child.read_text(encoding="utf-8").splitlines()[9][(loc.col or 0) - 1:].startswith('"慰x"')
