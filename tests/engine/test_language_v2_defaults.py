"""Rule language, second edition (#15), item 9: no silent defaults. An item with nothing to score it by is a check
warning, with ``full_marks: true`` as the explicit form; ``total`` is checked against the tree; item rounding is
declared (``rounding.items``) and governs how items are shown and claims compared, while the total stays exact from
exact parts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import scoring
from scoring.render import get_renderer

from ._rb import D, act, book, evidence, pts, rulebook_text, run


def _warnings(tmp_path: Path, text: str) -> list[str]:
    p = tmp_path / "t.yaml"
    p.write_text(text, encoding="utf-8")
    return [str(w) for w in scoring.check_rulebook(p) if w.severity == "warning"]


def test_an_item_with_nothing_to_score_it_by_is_a_warning(tmp_path: Path) -> None:
    items = "- {id: x, title: 空条目, points: 10}"
    found = [w for w in _warnings(tmp_path, rulebook_text(items, cat_points=10)) if "'x'" in w]
    assert len(found) == 1 and "满分" in found[0] and "full_marks" in found[0]


@pytest.mark.parametrize("items", [
    "- {id: x, title: 明确满分, points: 10, full_marks: true}",
    "- {id: x, title: 有扣分, points: 10, deductions: [{per_record: act, where: 'kind == \"事件\"', amount: 1}]}",
    "- {id: x, title: 有酌情, points: 10, discretionary: {min: 0, max: 2}}",
])
def test_explicit_full_marks_or_any_deduction_is_no_warning(tmp_path: Path, items: str) -> None:
    assert not [w for w in _warnings(tmp_path, rulebook_text(items, cat_points=10)) if "'x'" in w]


def test_full_marks_unless_deducted() -> None:
    """full_marks: 5, one 事件 costs 2 → 3."""
    items = """
    - id: x
      title: 安全
      points: 5
      full_marks: true
      deductions:
        - {per_record: act, where: 'kind == "事件"', amount: 2}
    """
    assert pts(run(items, []), "x") == D(5)
    assert pts(run(items, [act("事件")]), "x") == D(3)


def test_full_marks_is_a_way_of_earning() -> None:
    items = "- {id: x, title: 甲, points: 5, full_marks: true, when: 'exists(act)'}"
    with pytest.raises(scoring.ScoringError) as e:
        book(items)
    assert "只能有一种得分方式" in str(e.value)


def test_total_that_disagrees_with_the_tree_is_a_warning(tmp_path: Path) -> None:
    """total 100 over one category of 90."""
    items = "- {id: x, title: 甲, points: 90, full_marks: true}"
    found = [w for w in _warnings(tmp_path, rulebook_text(items, cat_points=90)) if "各类别" in w]
    assert len(found) == 1 and "100" in found[0] and "90" in found[0]
    items = "- {id: x, title: 甲, points: 100, full_marks: true}"
    assert not [w for w in _warnings(tmp_path, rulebook_text(items)) if "各类别" in w]


RATIO = """
- id: x
  title: 阅读
  points: 10
  value: count(act, kind == "阅读")
  proportional: {target: 9}
"""
SEVEN = [act("阅读")] * 7


def _rounded_book(items_places: int | None) -> scoring.Rulebook:
    text = rulebook_text(RATIO, cat_points=10)
    if items_places is not None:
        text = text.replace("rounding: {places: 2, mode: half_up}",
                            f"rounding: {{places: 2, mode: half_up, items: {{places: {items_places}}}}}")
    return scoring.parse_rulebook(text, "t.yaml")


def test_item_rounding_governs_display_and_claims_not_the_exact_points() -> None:
    """10 × 7/9 = 7.777…: exact in the ledger, shown 7.8 with items rounded to 1 place, so a claim of 7.8 matches;
    the total is the exact points rounded once to 2 places, 7.78."""
    b = _rounded_book(1)
    r = scoring.score(b, evidence(b, SEVEN, claims={"x": "7.8"}))
    node = r.item("x")
    assert node.points == Decimal(70) / Decimal(9)
    assert node.rounded == D("7.8")
    assert node.claim == "match"
    assert r.total == D("7.78") and r.raw_total == Decimal(70) / Decimal(9)
    assert r.ledger_sum() == r.total


def test_a_claim_is_compared_with_the_rounded_item() -> None:
    b = _rounded_book(1)
    assert scoring.score(b, evidence(b, SEVEN, claims={"x": "7.9"})).item("x").claim == "over"
    assert scoring.score(b, evidence(b, SEVEN, claims={"x": "7.7"})).item("x").claim == "under"


def test_without_item_rounding_items_stay_exact() -> None:
    """Not declared: nothing rounded, and 7.8 is above the exact 7.777…"""
    b = _rounded_book(None)
    r = scoring.score(b, evidence(b, SEVEN, claims={"x": "7.8"}))
    assert r.item("x").rounded is None and r.item("x").claim == "over"


@pytest.mark.parametrize("fmt", ["markdown", "csv", "html"])
def test_sheets_show_the_rounded_item(fmt: str) -> None:
    """The item's 核定分 cell shows 7.8; the ledger behind it stays exact."""
    b = _rounded_book(1)
    out = get_renderer(fmt)(scoring.score(b, evidence(b, SEVEN)))
    text = out if isinstance(out, str) else out.decode("utf-8")
    if fmt == "html":
        row = text[text.index('data-id="x"'):].split("</tr>")[0]
        cell = row.split('class="n points')[1].split("</td>")[0].split(">")[-1]
    else:
        row = next(line for line in text.splitlines() if "阅读" in line)
        cells = [c.strip().strip("*") for c in (row.split("|")[1:-1] if fmt == "markdown" else row.split(","))]
        cell = cells[4] if fmt == "markdown" else cells[5]
    assert cell == "7.8"
