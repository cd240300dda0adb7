"""The tutorial's error example is real: the messages in docs/tutorial.md are what the tool prints."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

import scoring

from .conftest import ROOT, RULES_2023


def test_typo_messages_match_the_tutorial() -> None:
    doc = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
    shown = re.search(r"```\n(错误：rules/2023/x-county-fulian\.yaml.*?)```", doc, flags=re.S)
    assert shown is not None
    text = RULES_2023.read_text(encoding="utf-8")
    typo = text.replace('value: count(activity, kind == "亲子阅读")', 'value: count(activity, kind == "亲子阅渎")')
    typo = typo.replace("proportional: {target: reading_quota}", "proportional: {target: reading_qouta}")
    with pytest.raises(scoring.ErrorGroup) as info:
        scoring.parse_rulebook(typo, "rules/2023/x-county-fulian.yaml")
    printed = "".join(f"错误：{e}\n" for e in info.value.errors) + f"共 {len(info.value.errors)} 个问题。\n"
    assert printed == shown.group(1)


def test_tutorial_numbers() -> None:
    """Y镇: 62.3 合格; reading quota 4 → 5 turns its 7.5 into 10 × 3/5 = 6."""
    book = scoring.load_rulebook(RULES_2023)
    ev = scoring.load_evidence(ROOT / "evidence" / "2023" / "y-zhen", book)
    r = scoring.score(book, ev)
    assert (r.total, r.grade, r.item("parent_school").points) == (Decimal("62.3"), "合格", Decimal("7.5"))
    text = RULES_2023.read_text(encoding="utf-8").replace(
        "2023-01-01: {value: 4, reference:", "2023-01-01: {value: 5, reference:")
    book5 = scoring.parse_rulebook(text, "x.yaml")
    r5 = scoring.score(book5, scoring.load_evidence(ROOT / "evidence" / "2023" / "y-zhen", book5))
    assert r5.item("parent_school").points == 6


def test_the_tutorial_excerpt_and_the_other_two_units() -> None:
    """docs/tutorial.md: Y镇's （一） 10 − 5 (95% against 100%, 1 a point) − 2 (one 乡镇级 舆情事件) = 3; total 62.3,
    self-assessed 93; two records not counted (yz-hd-02 rejected, yz-hd-06 dated 2022). W乡: deductions beyond an
    item's 10 kept at 0 (扣完为止), a 重大舆情 makes 95 only 良好. Z镇: a 侵权恶性案件, total 0."""
    book = scoring.load_rulebook(RULES_2023)

    def unit(name: str) -> scoring.ScoreResult:
        return scoring.score(book, scoring.load_evidence(ROOT / "evidence" / "2023" / name, book))

    y = unit("y-zhen")
    petitions = y.item("petitions")
    assert (petitions.max_points, petitions.claimed, petitions.points) == (10, 10, 3)
    assert [e.points for e in petitions.ledger if e.points < 0] == [-5, -2]
    assert (y.total, y.claimed_total, sorted(x.id for x in y.excluded)) == (Decimal("62.3"), 93, ["yz-hd-02", "yz-hd-06"])
    w = unit("w-xiang")
    assert (w.total, w.grade) == (95, "良好")
    assert [v.id for v in w.vetoes if v.fired] == ["major_opinion"]
    assert any(e.kind == "clamp" and "扣完为止" in e.reason for n in w.items for e in n.ledger)
    z = unit("z-zhen")
    assert (z.total, [v.id for v in z.vetoes if v.fired]) == (0, ["rights_case"])
