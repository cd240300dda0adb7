"""Rule language, second edition (#15), item 2: applicability is inherited by every descendant and may depend on
unit facts (``applies_when``); items that do not apply leave the unit's sheets, its template self-score table, its
explanations (a count is shown instead) and its maximum."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import scoring
from scoring.render import get_renderer

from ._rb import D, act, book, evidence, pts, rulebook_text, run

TOWN_ONLY = """
- id: market
  title: 集镇管理
  points: 10
  applies_to: [镇]
  criteria:
    - id: market_target
      title: 按目标完成整治
      points: 6
      value: count(act, kind == "宣讲")
      proportional: {target: base_rate}
    - {id: market_order, title: 集镇秩序, points: 4, when: 'exists(act, kind == "培训")'}
- {id: common, title: 共同任务, points: 10, when: 'exists(act, kind == "慰问")'}
"""


def test_children_of_an_item_that_does_not_apply_are_not_scored() -> None:
    """For a 乡 unit, market and both its children do not apply: nothing is evaluated (base_rate 0 would be an
    error as a target), nothing is earned, the maximum is common's 10 alone."""
    r = run(TOWN_ONLY, [act("慰问"), act("培训")], unit_type="乡", cat_points=20)
    for node in ("market", "market_target", "market_order"):
        assert not r.item(node).applicable
        assert r.item(node).ledger == [] and r.item(node).max_points == 0
    assert (r.total, r.max_total) == (D(10), D(10))


def test_the_same_tree_scores_for_a_unit_it_applies_to() -> None:
    """镇 with base_rate 2: market_target 6 × 1/2 = 3, market_order 4, common 10 → 17 of 20."""
    r = run(TOWN_ONLY, [act("慰问"), act("培训"), act("宣讲")], unit_type="镇", facts={"base_rate": 2},
            cat_points=20)
    assert (pts(r, "market_target"), pts(r, "market_order"), r.total, r.max_total) == (D(3), D(4), D(17), D(20))


def test_a_child_cannot_widen_its_parents_applicability() -> None:
    """The child says [乡, 镇] but its parent says [镇]: a 乡 unit still does not get the child."""
    items = TOWN_ONLY.replace("    - {id: market_order,", "    - {id: market_order, applies_to: [乡, 镇],")
    r = run(items, [act("培训"), act("慰问")], unit_type="乡", cat_points=20)
    assert not r.item("market_order").applicable and r.total == D(10)


FACT = """
- id: grain
  title: 粮食生产
  points: 10
  applies_when: base_rate > 0
  criteria:
    - {id: grain_a, title: 播种, points: 10, when: 'exists(act, kind == "培训")'}
- {id: common, title: 共同任务, points: 10, when: 'exists(act, kind == "慰问")'}
"""


@pytest.mark.parametrize(("base_rate", "applies", "total", "top"), [("0", False, "10", "10"), ("1", True, "20", "20")])
def test_applies_when_on_a_unit_fact(base_rate: str, applies: bool, total: str, top: str) -> None:
    r = run(FACT, [act("培训"), act("慰问")], facts={"base_rate": base_rate}, cat_points=20)
    assert r.item("grain").applicable is applies and r.item("grain_a").applicable is applies
    assert (r.total, r.max_total) == (D(total), D(top))


def test_applies_when_may_name_the_unit_type() -> None:
    items = FACT.replace("applies_when: base_rate > 0", "applies_when: unit_type == \"镇\" or base_rate > 0")
    assert run(items, [act("培训")], unit_type="镇", cat_points=20).item("grain").applicable
    assert not run(items, [act("培训")], unit_type="乡", cat_points=20).item("grain").applicable


def test_applies_when_cannot_read_evidence() -> None:
    items = FACT.replace("applies_when: base_rate > 0", "applies_when: exists(act)")
    with pytest.raises(scoring.ScoringError) as e:
        book(items, cat_points=20)
    assert "applies_when" in str(e.value) and "t.yaml:" in str(e.value)


def test_sheets_leave_out_what_does_not_apply_and_count_it() -> None:
    """A 乡 unit's sheet lists neither market nor its children, and says one item (market, with its children) does
    not apply."""
    r = run(TOWN_ONLY, [act("慰问")], unit_type="乡", cat_points=20)
    for fmt in ("markdown", "csv", "html"):
        out = get_renderer(fmt)(r)
        text = out if isinstance(out, str) else out.decode("utf-8")
        assert "集镇" not in text, fmt
        if fmt != "csv":  # the CSV holds the rows only
            assert "另有 1 项不适用本单位" in text, fmt


def test_xlsx_sheet_leaves_out_what_does_not_apply() -> None:
    import openpyxl

    r = run(TOWN_ONLY, [act("慰问")], unit_type="乡", cat_points=20)
    wb = openpyxl.load_workbook(io.BytesIO(get_renderer("xlsx")(r)))  # type: ignore[arg-type]
    cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not any("集镇" in c for c in cells)
    assert any("1 项不适用" in c for c in cells)


def test_template_for_a_unit_type_leaves_out_what_does_not_apply(tmp_path: Path) -> None:
    import openpyxl

    from scoring.intake.template import template_bytes

    b = book(TOWN_ONLY, cat_points=20)
    def claim_titles(unit_type: str | None) -> list[str]:
        wb = openpyxl.load_workbook(io.BytesIO(template_bytes(b, unit_type=unit_type)))
        return [str(c.value) for row in wb.worksheets[0].iter_rows() for c in row if c.value is not None]
    assert any("集镇管理" in c for c in claim_titles(None))
    assert not any("集镇管理" in c for c in claim_titles("乡"))
    assert any("集镇管理" in c for c in claim_titles("镇"))


def test_explanation_of_a_parent_counts_children_that_do_not_apply() -> None:
    items = """
    - id: p
      title: 父项
      points: 10
      criteria:
        - {id: p_town, title: 只考核镇, points: 5, applies_to: [镇], when: 'exists(act, kind == "培训")'}
        - {id: p_all, title: 都考核, points: 5, when: 'exists(act, kind == "慰问")'}
    """
    b = book(items, cat_points=10)
    ev = evidence(b, [act("慰问")], unit_type="乡")
    r = scoring.score(b, ev)
    ex = scoring.explain(r, b, ev, "p")
    assert [c.id for c in ex.children] == ["p_all"]
    assert ex.not_applicable == 1
    assert all(node != "p_town" for node, _ in ex.entries)
    assert (r.total, r.max_total) == (D(5), D(5))


def test_check_adds_up_only_the_children_that_apply(tmp_path: Path) -> None:
    """Children 10 for 乡 and 10 for 镇 under a parent of 10: each type adds up to 10, so no warning."""
    items = """
    - id: p
      title: 父项
      points: 10
      criteria:
        - {id: p_x, title: 乡的任务, points: 10, applies_to: [乡], when: 'exists(act, kind == "培训")'}
        - {id: p_z, title: 镇的任务, points: 10, applies_to: [镇], when: 'exists(act, kind == "培训")'}
    """
    p = tmp_path / "t.yaml"
    p.write_text(rulebook_text(items, cat_points=10), encoding="utf-8")
    assert not [w for w in scoring.check_rulebook(p) if "下一层合计" in str(w)]


def test_template_command_for_one_unit_type(tmp_path: Path) -> None:
    """`scoring template --unit-type 乡` leaves 集镇管理 out; an unknown type is refused with the choices."""
    import openpyxl
    from typer.testing import CliRunner

    from scoring.cli import app

    rules = tmp_path / "t.yaml"
    rules.write_text(rulebook_text(TOWN_ONLY, cat_points=20), encoding="utf-8")
    out = tmp_path / "模板.xlsx"
    r = CliRunner().invoke(app, ["template", str(rules), "-o", str(out), "--unit-type", "乡"])
    assert r.exit_code == 0, r.output
    cells = [str(c.value) for row in openpyxl.load_workbook(out).worksheets[0].iter_rows() for c in row if c.value]
    assert any("共同任务" in c for c in cells) and not any("集镇管理" in c for c in cells)
    r = CliRunner().invoke(app, ["template", str(rules), "-o", str(tmp_path / "b.xlsx"), "--unit-type", "县"])
    assert r.exit_code == 1 and "县" in r.output and "乡、镇" in r.output
