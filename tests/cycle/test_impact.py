"""Impact: every bundled township scored under 2023 and 2024 rules, dates moved forward one year."""

from __future__ import annotations

from decimal import Decimal as D

import scoring
from scoring.cycle import impact

from ..conftest import EVIDENCE_2023, ROOT, RULES_2023


def test_bundled_townships_move_as_hand_computed() -> None:
    im = impact(scoring.load_rulebook(RULES_2023), scoring.load_rulebook(ROOT / "rules/2024/x-county-fulian.yaml"),
                EVIDENCE_2023)
    assert im.years == 1 and im.errors == []
    x = next(u for u in im.units if u.unit_id == "x-xiang")
    # X乡 loses nothing: (二) 20 → 18 and (四) 10 → 12 are full points in both years
    assert (x.before, x.after, x.before_rank, x.after_rank) == (D("100.0"), D("100.0"), 1, 1)
    assert [(m.id, m.before, m.after) for m in x.items] == [
        ("legal_aid_visits", D(20), D(18)), ("legal_aid", D(6), D(4)), ("parent_school", D(10), D(12))]
    assert x.delta == 0


def test_every_bundled_township() -> None:
    im = impact(scoring.load_rulebook(RULES_2023), scoring.load_rulebook(ROOT / "rules/2024/x-county-fulian.yaml"),
                EVIDENCE_2023)
    assert [(u.unit_id, u.before, u.after, u.before_rank, u.after_rank, u.before_grade, u.after_grade)
            for u in im.units] == [
        ("w-xiang", D("95.0"), D("95.0"), 2, 2, "良好", "良好"),
        ("x-xiang", D("100.0"), D("100.0"), 1, 1, "优秀", "优秀"),
        ("y-zhen", D("62.3"), D("62.0"), 3, 3, "合格", "合格"),
        ("z-zhen", D("0.0"), D("0.0"), 4, 4, "不合格", "不合格"),
    ]
    y = im.units[2]
    # Y镇: 应援尽援 6 − 5 = 1 becomes 4 − 5 → 0 (扣完为止); 3 reading events: 3/4 × 10 = 7.5 becomes 3/5 × 12 = 7.2;
    # its best honour is city-level: 2 becomes 3. −1 − 0.3 + 1 = −0.3
    assert [(m.id, m.before, m.after) for m in y.items] == [
        ("legal_aid_visits", D(8), D(7)), ("legal_aid", D(1), D(0)), ("parent_school", D("7.5"), D("7.2")),
        ("bonus", D(3), D(4))]
    assert y.delta == D("-0.3")
    z = im.units[3]
    assert z.vetoes_before == z.vetoes_after == ["rights_case"]
