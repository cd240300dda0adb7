"""The "scoring not yet written" marker (``todo``): each marked part is a located error, never full marks."""

from __future__ import annotations

import pytest

import scoring
from scoring.errors import ErrorGroup, UnwrittenRuleError

HEAD = """\
id: t
title: 测试
year: 2023
period: {start: 2023-01-01, end: 2023-12-31}
total: 10
"""


def _errors(text: str) -> list[scoring.ScoringError]:
    with pytest.raises(scoring.RulebookError) as info:
        scoring.parse_rulebook(text, "t.yaml")
    e = info.value
    return list(e.errors) if isinstance(e, ErrorGroup) else [e]


def test_each_marked_item_is_a_located_error() -> None:
    errs = _errors(HEAD + """\
categories:
  - id: c1
    title: 类别
    points: 10
    items:
      - id: a
        title: 甲
        points: 5
        todo: [按要求开展活动。]
      - id: b
        title: 乙
        points: 5
        when: "1 == 1"
        todo:
          - 第一句。
          - 第二句。
""")
    assert [type(e) for e in errs] == [UnwrittenRuleError, UnwrittenRuleError]
    assert [(e.location.line, e.location.col) for e in errs if e.location] == [(14, 9), (19, 9)]
    assert errs[0].message == "条目 'a'（甲）的评分规则还没有写：「按要求开展活动。」"
    assert errs[1].message == "条目 'b'（乙）的评分规则还没有写：「第一句。」；「第二句。」"
    assert errs[0].hint and "todo" in errs[0].hint


def test_marked_bonus_section_without_lines_is_an_error_not_empty() -> None:
    errs = _errors(HEAD + """\
categories:
  - {id: c1, title: 类别, points: 10}
bonus:
  title: 加分项
  todo: [承办县级以上现场会的酌情加分。]
""")
    assert len(errs) == 1 and isinstance(errs[0], UnwrittenRuleError)
    assert errs[0].message == "加分项的评分规则还没有写：「承办县级以上现场会的酌情加分。」"
    assert errs[0].location is not None and errs[0].location.line == 10


def test_section_needs_lines_or_todo() -> None:
    errs = _errors(HEAD + "categories:\n  - {id: c1, title: 类别, points: 10}\nbonus: {title: 加分项}\n")
    assert len(errs) == 1 and "至少要写一行 lines" in errs[0].message


def test_check_lists_the_marked_items(tmp_path) -> None:
    p = tmp_path / "t.yaml"
    p.write_text(HEAD + "categories:\n  - {id: c1, title: 类别, points: 10, todo: [原文。]}\n", encoding="utf-8")
    problems = scoring.check_rulebook(p)
    assert [(type(x).__name__, x.severity) for x in problems] == [("UnwrittenRuleError", "error")]
