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
