"""`scoring diff` names second-edition changes (#15) in the editor's words, per-type numbers shown as written."""

from __future__ import annotations

from scoring.cycle.diff import diff_rulebooks

from ..engine._rb import book

OLD = """
- id: x
  title: 村级工作
  points: 10
  base: 6
  bonuses:
    - {id: x_talks, count: 'count(act, kind == "宣讲")', amount: 1, cap: 3}
- {id: y, title: 集镇, points: 10, applies_to: [镇], full_marks: true}
"""


def _labels(new: str) -> dict[str, list[tuple[str, str | None, str | None]]]:
    d = diff_rulebooks(book(OLD, cat_points=20), book(new, cat_points=20))
    out: dict[str, list[tuple[str, str | None, str | None]]] = {}
    for c in d.changes:
        out.setdefault(c.id, []).append((c.label, c.before, c.after))
    return out


def test_base_and_bonus_changes_are_named() -> None:
    new = OLD.replace("base: 6", "base: {乡: 6, 镇: 5}").replace("cap: 3", "cap: 4")
    found = _labels(new)["x"]
    assert ("得分规则调整：基础分", "6", "{乡: 6, 镇: 5}") in found
    assert any(label == "得分规则调整：条目内加分" and after is not None and "cap: 4" in after
               for label, _, after in found)


def test_applicability_by_fact_is_named() -> None:
    new = OLD.replace("applies_to: [镇]", "applies_to: [镇], applies_when: base_rate > 0")
    assert ("得分规则调整：适用条件", "（无）", "base_rate > 0") in _labels(new)["y"]
