"""Every string of a rule file keeps its promise: reason templates in a small checked language, comments in
multi-line conditions end only their own line."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

import scoring
from scoring.placeholders import PLACEHOLDERS, TemplateError, fill, parse_template
from tests.engine._rb import act, book, evidence, rulebook_text

PER_RECORD = """\
- id: x
  title: 事件
  points: 10
  deductions:
    - per_record: act
      where: kind == "事件"
      amount: 2
      reason: {reason}
"""


def _line_col(text: str, needle: str) -> tuple[int, int]:
    for n, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return n, line.index(needle) + 1
    raise AssertionError(needle)


@pytest.mark.parametrize(("reason", "bad", "words"), [
    ('"事件：{record.x}"', "{record.x}", "不能访问属性"),
    ('"事件：{record.__class__.__mro__}"', "{record.__class__", "不能访问属性"),
    ('"事件：{record:>400000000}"', "{record:>", "宽度不能超过"),
    ('"事件：{record[0]}"', "{record[0]}", "不能取下标"),
    ('"事件：{record!r}"', "{record!r}", "不能写转换"),
    ('"事件：{recrod}"', "{recrod}", "未知的占位符"),
    ('"事件：{record"', "{record", "没有对应的"),
    ('"事件：}"', "}", "多了一个"),
    ('"{0}"', "{0}", "不是占位符名称"),
])
def test_bad_templates_are_located_errors_at_load(reason: str, bad: str, words: str) -> None:
    text = rulebook_text(PER_RECORD.replace("{reason}", reason))
    with pytest.raises(scoring.RulebookError) as info:
        scoring.parse_rulebook(text, "t.yaml")
    [err] = scoring.errors.flatten(info.value)
    assert words in err.message
    line, col = _line_col(text, reason)
    assert err.location is not None and (err.location.line, err.location.col) == (line, col + reason.index(bad))


def test_the_api_is_as_safe_as_the_file() -> None:
    """Plain data (rulebook_from_dict) is checked like the file: the model itself holds the rule."""
    from scoring.compile.yaml import load_yaml_text

    data, _ = load_yaml_text(rulebook_text(PER_RECORD.replace("{reason}", "'{record.__class__}'")))
    with pytest.raises(scoring.RulebookError) as info:
        scoring.rulebook_from_dict(data, "api")
    assert "不能访问属性" in str(info.value)


def test_good_templates_fill_as_written() -> None:
    b = book(PER_RECORD.replace("{reason}", '"事件「{record:.4}」扣{amount}分{{注}}"'))
    r = scoring.score(b, evidence(b, [act("事件", project="很长的项目名称")]))
    [entry] = [e for e in r.item("x").ledger if e.kind == "deduct"]
    assert entry.points == Decimal(-2)
    assert entry.reason.startswith("事件「")
    desc = entry.reason.removeprefix("事件「").split("」")[0]
    assert len(desc) == 4  # .4 keeps four characters of the record's description
    assert entry.reason.startswith(f"事件「{desc}」扣2分{{注}}")


def test_a_template_without_placeholders_keeps_its_escaped_braces_as_one() -> None:
    b = book(PER_RECORD.replace("{reason}", '"事件扣分{{注}}"'))
    r = scoring.score(b, evidence(b, [act("事件")]))
    [entry] = [e for e in r.item("x").ledger if e.kind == "deduct"]
    assert entry.reason.startswith("事件扣分{注}：“")  # {{ }} written for a brace itself; the record appended


def test_fill_alignment_and_width() -> None:
    v = {"n": "3", "record": "甲乙"}
    assert fill("[{n:>4}][{n:<3}][{n:^5}][{record:.1}]", v) == "[   3][3  ][  3  ][甲]"
    assert fill("{amount}", v) == "{amount}"  # no value: left as written
    assert fill("{x.y}", v) == "{x.y}"  # not in the language: returned untouched, never evaluated


@given(st.text(max_size=60))
def test_parse_is_total_and_fill_is_bounded(text: str) -> None:
    """Any text either parses or raises TemplateError (never another exception), and filling it cannot grow
    beyond the literal text plus MAX_WIDTH/values per field."""
    values = {k: "值" * 5 for k in PLACEHOLDERS}
    try:
        parts = parse_template(text)
    except TemplateError as e:
        assert 0 <= e.offset < max(len(text), 1)
        return
    out = fill(text, values)
    fields = sum(1 for p in parts if not isinstance(p, str))
    assert len(out) <= len(text) + fields * 45


COMMENTED = """\
- id: x
  title: 活动
  points: 4
  when: |
    count(act, kind == "宣讲") >= 5   # 至少五次宣讲
    or count(act, kind == "培训") >= 5
"""


def test_a_comment_ends_only_its_own_line() -> None:
    b = book(COMMENTED)
    three_talks = [act("宣讲")] * 3
    assert scoring.score(b, evidence(b, three_talks)).item("x").points == 0  # neither line holds
    assert scoring.score(b, evidence(b, [act("培训")] * 5)).item("x").points == 4  # the line after the comment


def test_hash_inside_a_string_is_not_a_comment() -> None:
    b = book("""\
- id: x
  title: 活动
  points: 4
  when: |
    count(act, project == "#1") >= 1
    and count(act) >= 1
""")
    assert scoring.score(b, evidence(b, [act("宣讲", project="#1")])).item("x").points == 4
    assert scoring.score(b, evidence(b, [act("宣讲", project="2")])).item("x").points == 0


def test_an_error_after_a_comment_is_located_on_its_line() -> None:
    text = rulebook_text(COMMENTED.replace('or count(act, kind == "培训")', 'or count(act, kindd == "培训")'))
    with pytest.raises(scoring.RulebookError) as info:
        scoring.parse_rulebook(text, "t.yaml")
    [err] = scoring.errors.flatten(info.value)
    assert err.location is not None and (err.location.line, err.location.col) == _line_col(text, "kindd")
