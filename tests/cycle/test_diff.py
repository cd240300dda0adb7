"""The semantic diff on crafted pairs, and on the bundled 2023 → 2024 rulebooks (every planted change, nothing else)."""

from __future__ import annotations

from decimal import Decimal

import scoring
from scoring.cycle import diff_rulebooks
from scoring.cycle.render import diff_markdown

from ..conftest import ROOT, RULES_2023

BASE = """
id: demo-2023
title: 演示细则
year: 2023
period: {start: 2023-01-01, end: 2023-12-31}
total: 20
params:
  quota: {values: {2023-01-01: 3}}
evidence:
  activity:
    date: date
    fields:
      date: {type: date}
      kind: {type: enum, values: [宣讲, 阅读, 事故]}
categories:
  - id: cat_a
    title: 类别甲
    points: 10
    items:
      - id: talks
        title: 开展家庭教育宣讲活动
        points: 6
        deductions:
          - shortfall: {required: quota, actual: 'count(activity, kind == "宣讲")'}
            amount: 2
      - id: reading
        title: 开展亲子阅读
        points: 4
        when: 'exists(activity, kind == "阅读")'
  - id: cat_b
    title: 类别乙
    points: 10
    items:
      - id: report
        title: 按时上报总结
        points: 10
vetoes:
  - id: accident
    title: 发生事故
    when: 'exists(activity, kind == "事故")'
    effect: zero_total
"""


def _pair(*edits: tuple[str, str]) -> tuple[scoring.Rulebook, scoring.Rulebook]:
    text = BASE
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    return scoring.parse_rulebook(BASE, "old.yaml"), scoring.parse_rulebook(text, "new.yaml")


def _rows(d: scoring.cycle.RulebookDiff) -> list[tuple[str, str, str | None, str | None, str | None]]:
    return [(c.kind, c.id, c.field, c.before, c.after) for c in d.changes]


def test_identical_rulebooks_have_no_changes() -> None:
    a, b = _pair()
    assert diff_rulebooks(a, b).changes == []


def test_rename_by_title_only() -> None:
    d = diff_rulebooks(*_pair(("title: 开展亲子阅读\n", "title: 开展亲子阅读活动\n")))
    assert _rows(d) == [("renamed", "reading", "title", "开展亲子阅读", "开展亲子阅读活动")]


def test_id_change_is_matched_by_title_similarity() -> None:
    d = diff_rulebooks(*_pair(("- id: talks\n        title: 开展家庭教育宣讲活动",
                               "- id: family_talks\n        title: 开展家庭教育宣讲")))
    assert _rows(d) == [("id_changed", "family_talks", "id", "talks", "family_talks"),
                        ("renamed", "family_talks", "title", "开展家庭教育宣讲活动", "开展家庭教育宣讲")]
    assert d.id_map["talks"] == "family_talks"


def test_move_to_another_category_and_totals() -> None:
    moved = """      - id: reading
        title: 开展亲子阅读
        points: 4
        when: 'exists(activity, kind == "阅读")'
"""
    text_old_b = "        title: 按时上报总结\n        points: 10\n"
    d = diff_rulebooks(*_pair((moved, ""), ("title: 类别甲\n    points: 10", "title: 类别甲\n    points: 6"),
                              ("title: 类别乙\n    points: 10", "title: 类别乙\n    points: 14"),
                              (text_old_b, text_old_b + moved)))
    assert _rows(d) == [("points", "cat_a", "points", "10", "6"), ("points", "cat_b", "points", "10", "14"),
                        ("moved", "reading", "parent", "cat_a", "cat_b")]
    assert [(t.id, t.before, t.after) for t in d.totals] == [
        ("cat_a", Decimal(10), Decimal(6)), ("cat_b", Decimal(10), Decimal(14)), ("total", Decimal(20), Decimal(20))]


def test_points_change() -> None:
    d = diff_rulebooks(*_pair(("        points: 6\n", "        points: 5\n"),
                              ("title: 按时上报总结\n        points: 10", "title: 按时上报总结\n        points: 11")))
    assert _rows(d) == [("points", "talks", "points", "6", "5"), ("points", "report", "points", "10", "11")]


def test_quota_change_through_a_dated_param_and_in_the_rule() -> None:
    d = diff_rulebooks(*_pair(("quota: {values: {2023-01-01: 3}}", "quota: {values: {2023-01-01: 3, 2023-06-01: 4}}"),
                              ("amount: 2", "amount: 1.5")))
    assert _rows(d) == [("param", "quota", "value", "3（2023-01-01 起）", "4（2023-06-01 起）"),
                        ("deduction_changed", "talks", "amount", "2", "1.5")]
    assert d.changes[0].note == "用于 talks"


def test_condition_change_shown_in_the_rule_language() -> None:
    d = diff_rulebooks(*_pair(("when: 'exists(activity, kind == \"阅读\")'",
                               "when: 'count(activity, kind == \"阅读\") >= 2'")))
    assert _rows(d) == [("rule", "reading", "when", 'exists(activity, kind == "阅读")',
                         'count(activity, kind == "阅读") >= 2')]


def test_new_veto_added_and_removed_item() -> None:
    d = diff_rulebooks(*_pair(("    effect: zero_total\n", "    effect: zero_total\n  - id: late\n    title: 迟报\n"
                                                          "    when: 'count(activity, kind == \"事故\") >= 2'\n"
                                                          "    effect: no_top_grade\n")))
    assert _rows(d) == [("veto_added", "late", None, None,
                         '{id: late, title: 迟报, when: count(activity, kind == "事故") >= 2, effect: no_top_grade}')]


def test_removed_and_added_items() -> None:
    d = diff_rulebooks(*_pair(("id: report\n        title: 按时上报总结", "id: subscribe\n        title: 完成报刊订阅")))
    assert _rows(d) == [("added", "subscribe", None, None, "10 分，属于 cat_b"),
                        ("removed", "report", None, "10 分，属于 cat_b", None)]


# -- the bundled rulebooks ---------------------------------------------------------------------------

RULES_2024 = ROOT / "rules" / "2024" / "x-county-fulian.yaml"


def test_2023_to_2024_shows_every_planted_change_and_nothing_else() -> None:
    d = diff_rulebooks(scoring.load_rulebook(RULES_2023), scoring.load_rulebook(RULES_2024))
    assert _rows(d) == [
        ("meta", "x-county-fulian-2024", "id", "x-county-fulian-2023", "x-county-fulian-2024"),
        ("meta", "x-county-fulian-2024", "title", "2023年度“干在实处走在前列”大比拼目标考核妇女儿童工作考评细则",
         "2024年度“干在实处走在前列”大比拼目标考核妇女儿童工作考评细则"),
        ("meta", "x-county-fulian-2024", "year", "2023", "2024"),
        ("meta", "x-county-fulian-2024", "period", "{start: 2023-01-01, end: 2023-12-31}",
         "{start: 2024-01-01, end: 2024-12-31}"),
        # 1. reading quota 4 → 5 (a new dated value), and the item's text says so
        ("param", "reading_quota", "value", "4（2023-01-01 起）", "5（2024-01-01 起）"),
        # 2. 2 points moved from 应援尽援 (and so item (二)) to item (四)
        ("points", "legal_aid_visits", "points", "20", "18"),
        ("points", "legal_aid", "points", "6", "4"),
        ("points", "parent_school", "points", "10", "12"),
        ("wording", "parent_school", "text",
         "推进家长学校建设，按要求开展亲子阅读活动，全年不少于4场，未达到的按完成比例得分。",
         "推进家长学校建设，按要求开展亲子阅读活动，全年不少于5场，未达到的按完成比例得分。"),
        # 3. item (六) renamed
        ("renamed", "publicity_training", "title", "开展“两纲”“两规”及“三法”宣传培训",
         "开展“两纲”“两规”、“三法”及防艾知识宣传培训"),
        # 4. a new 一票否优
        ("veto_added", "provincial_criticism", None, None,
         '{id: provincial_criticism, title: 被省级通报批评（一票否优）, '
         'when: exists(incident, kind == "通报批评" and level == "省级"), effect: no_top_grade}'),
        # 5. bonus amounts for city and provincial honours raised
        ("line_changed", "honors", "title", "获县、市、省级表彰分别加1、2、3分，同一项目就高不重复",
         "获县、市、省级表彰分别加1、3、5分，同一项目就高不重复"),
        ("line_changed", "honors", "amount_by", "{field: level, map: {县级: 1, 市级: 2, 省级: 3}}",
         "{field: level, map: {县级: 1, 市级: 3, 省级: 5}}"),
    ]
    # categories stay at 50 each
    assert [(t.id, t.before, t.after) for t in d.totals] == [
        ("sanfa", 50, 50), ("liangge", 50, 50), ("total", 100, 100)]


def test_markdown_notice() -> None:
    d = diff_rulebooks(scoring.load_rulebook(RULES_2023), scoring.load_rulebook(RULES_2024))
    md = diff_markdown(d)
    assert md.startswith("# 《2024年度“干在实处走在前列”大比拼目标考核妇女儿童工作考评细则》修订说明\n\n"
                         "与《2023年度“干在实处走在前列”大比拼目标考核妇女儿童工作考评细则》相比，共有 13 处改动。\n")
    assert "| reading_quota | 参数 | 4（2023-01-01 起） | 5（2024-01-01 起） | 用于 parent_school |" in md
    assert "| 推进家长学校建设，按要求开展亲子阅读活动（parent_school） | 分值调整 | 10 | 12 | — |" in md
    assert "## 四、一票否决" in md and "## 六、各类别分值" in md
    assert "| “三法实施” | 50 | 50 |" in md
