"""The phrase table: each pattern's own example is recognised by it; sentences it must not guess at are left."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.draft import PATTERNS, Pattern
from scoring.draft._context import Ctx, Decls, cn_numbers
from scoring.draft._recognise import recognise


def _ctx(section: str, text: str = "") -> Ctx:
    return Ctx("x", "条目", None, cn_numbers(text), 2023, section, Decls())


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.name for p in PATTERNS])
def test_each_pattern_reads_its_own_example(pattern: Pattern) -> None:
    section = "item" if "item" in pattern.sections else sorted(pattern.sections)[0]
    found = pattern.find(cn_numbers(pattern.example), _ctx(section, pattern.example))
    assert found, pattern.example


def test_the_numbers_come_from_the_sentence() -> None:
    hit = recognise("每季度开展活动，全年至少开展十二次，每少两次扣一分", _ctx("item"))
    [(p, f)] = hit.rules
    assert p.clause == "B2" and f.data["shortfall"]["required"] == 12 and f.data["amount"] == Decimal("0.5")
    hit = recognise("到位率不低于95%，每低1个百分点扣0.5分，低于90%不得分", _ctx("item"))
    [(p, f)] = hit.rules
    assert f.data["linear"] == {"target": "95%", "step": "1%", "deduct": Decimal("0.5"), "zero_at": "90%"}
    hit = recognise("被县级通报批评每例扣2分，市级3分，省级5分", _ctx("penalty"))
    assert [f.data["amount_by"]["map"] for _, f in hit.rules] == [{"县级": 2, "市级": 3, "省级": 5}]


@pytest.mark.parametrize("sentence", [
    "每起扣2分（县级以上通报的每起扣4分）",        # two amounts, which records take which is not said plainly
    "乡镇级每起扣2分，县级及以上每起扣4分",          # 及以上: the levels above are not listed
    "按要求开展活动",
    "工作有创新、有特色的，由考核组综合评定",
    "每少1个妇女之家扣2分",                        # no quota stated anywhere
    "酌情扣分",                                     # no range
])
def test_sentences_it_must_not_guess_at_are_left(sentence: str) -> None:
    hit = recognise(sentence, _ctx("item", sentence))
    assert hit.rules == []
