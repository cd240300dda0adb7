"""`scoring test` coverage knows the second-edition constructs (#15): a base, bonus lines inside an item, tiered
deduction lines and discretionary ranges each have branches, reached or reported as unreached."""

from __future__ import annotations

from pathlib import Path

from scoring.cycle.casetest import run_cases

from ..engine._rb import rulebook_text

ITEMS = """
- id: x
  title: 村级工作
  points: 10
  base: 6
  bonuses:
    - {id: x_talks, count: 'count(act, kind == "宣讲")', amount: 1, cap: 3}
  deductions:
    - id: x_rate
      value: rate_now
      tiers:
        - {below: 60%, amount: 2}
  discretionary:
    - {id: x_innov, kind: bonus, min: 0.5, max: 1}
"""


def _report(tmp_path: Path, acts: str) -> set[tuple[str, str]]:
    (tmp_path / "t.yaml").write_text(rulebook_text(ITEMS, cat_points=10), encoding="utf-8")
    (tmp_path / "t.tests.yaml").write_text(f"""rulebook: t.yaml
cases:
  - name: 一例
    unit: {{id: u, name: 甲, type: 乡, facts: {{rate_now: 0.9}}}}
    records: {{act: [{acts}]}}
    expect: {{items: {{x: {{points}}}}}}
""".replace("{points}", "7" if acts else "6"), encoding="utf-8")
    report = run_cases(tmp_path / "t.tests.yaml")
    assert report.ok, report.failed
    return {(b.node, b.branch) for c in report.coverage for b in c.unreached}


def test_new_branches_are_listed_and_reached(tmp_path: Path) -> None:
    """One 宣讲 and a 90% rate: base 6 + 1 = 7. The bonus line is hit, the tiered deduction is not, the reviewer's
    range is never used: those two are the unreached branches of x."""
    unreached = {b for n, b in _report(tmp_path, '{date: 2023-05-01, kind: 宣讲}') if n == "x"}
    assert unreached == {"line:x_rate:hit", "line:x_talks:ok", "range:x_innov"}


def test_without_the_bonus_its_hit_branch_is_unreached(tmp_path: Path) -> None:
    unreached = {b for n, b in _report(tmp_path, "") if n == "x"}
    assert "line:x_talks:hit" in unreached and "line:x_talks:ok" not in unreached
