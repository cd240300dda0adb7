"""A key written where it does not belong is reported with the keys of *that* place, and never suggested as its own
correction (a ``linear:`` put under a deduction line used to say “您是不是想写 'linear'？”)."""

from __future__ import annotations

import pytest

import scoring

from ._rb import rulebook_text

ITEM = """\
- id: coverage
  title: 到位率
  points: 5
  full_marks: true
  deductions:
    - id: low
      value: rate_now
      linear: {target: 95%, step: 1%, deduct: 0.5}
"""


def test_linear_under_a_deduction_line_lists_the_line_keys() -> None:
    text = rulebook_text(ITEM)
    line = text.splitlines().index("            linear: {target: 95%, step: 1%, deduct: 0.5}") + 1
    with pytest.raises(scoring.ScoringError) as info:
        scoring.parse_rulebook(text, "t.yaml")
    # The keys a deduction line may have (models.rulebook.Line), written out from docs/rule-language.md §3 and §8.3.
    line_keys = "adjust、amount、amount_by、cap、count、factors、highest_per、id、per_period、per_record、reason、recover、" \
                "shortfall、tiers、title、value、when、where"
    assert str(info.value) == (f"t.yaml:{line}:13: 未知的键 'linear'（在 categories 第1项 > items 第1项 > deductions 第1项）\n"
                               f"  提示：这一层可以写的键：{line_keys}")
    assert info.value.suggestion != "linear"


def test_a_misspelt_key_under_linear_still_gets_its_suggestion() -> None:
    text = rulebook_text(ITEM.replace("  full_marks: true\n  deductions:\n    - id: low\n      value: rate_now\n"
                                      "      linear: {target: 95%, step: 1%, deduct: 0.5}\n",
                                      "  value: rate_now\n  linear: {taget: 95%, step: 1%, deduct: 0.5}\n"))
    with pytest.raises(scoring.ScoringError) as info:
        scoring.parse_rulebook(text, "t.yaml")
    assert info.value.suggestion == "target"
    assert "这一层可以写的键：deduct、direction、step、steps、target、zero_at" in str(info.value)
