"""Non-point outcomes (#15 item 6): 表彰, 奖励金额, 提请关注 — declared, checked, scored, shown and ranked.
Every expected value is worked by hand in the test's docstring or comment."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from rich.console import Console

import scoring
from scoring.cycle import diff_rulebooks, run_cases
from scoring.render.csv import render_csv
from scoring.render.feedback import feedback_files
from scoring.render.html import render_html
from scoring.render.markdown import render_markdown
from scoring.render.terminal import board_view, score_view
from scoring.render.view import board_headers, outcome_lines
from scoring.render.xlsx import render_xlsx

from ._rb import act, book, evidence, rulebook_text

D = Decimal

ITEMS = """
- id: talk
  title: 宣讲
  points: 10
  value: count(act, kind == "宣讲")
  proportional: {target: 4}
  outcomes:
    - {id: talk_star, kind: commendation, label: 宣讲之星, when: "points == max_points", reason: 宣讲全年达标}
- id: town_only
  title: 集镇
  points: 5
  applies_to: [镇]
  when: "true"
  outcomes:
    - {id: town_flag, kind: flag, label: 集镇提请关注, when: "true"}
"""
TOP = """
outcomes:
  - id: per_point
    kind: reward
    label: 按分奖励
    when: "points >= 5"
    amount: 10.5 * points
    unit: 元
  - id: fixed
    kind: reward
    label: 定额奖励
    when: 'count(act, kind == "事件") == 0'
    amount: {乡: 300, 镇: 200}
  - id: low
    kind: flag
    label: 提请县委关注
    when: "points < 8"
    reason: 得分低于 8 分
"""


def _book(items: str = ITEMS, top: str = TOP) -> scoring.Rulebook:
    return book(items, top, cat_points=15)


def test_outcomes_by_hand_and_points_untouched() -> None:
    """乡, 3 宣讲: 10 × 3/4 = 7.5 (town_only does not apply). per_point 10.5 × 7.5 = 78.75 元; fixed 300 元 (乡,
    no 事件); low: 7.5 < 8. talk_star: 7.5 ≠ 10, not granted; town_flag: left out (the item does not apply)."""
    b = _book()
    r = scoring.score(b, evidence(b, [act("宣讲")] * 3))
    assert r.total == D("7.5")
    assert {o.id: o.granted for o in r.outcomes} == {"talk_star": False, "per_point": True, "fixed": True, "low": True}
    assert {o.id: o.amount for o in r.granted} == {"per_point": D("78.75"), "fixed": D(300), "low": None}
    assert r.rewards == {"元": D("378.75")}
    assert r.ledger_sum() == r.total  # outcomes are not in the ledger
    low = next(o for o in r.outcomes if o.id == "low")
    assert low.values["得分"] == "7.5" and low.note == "得分低于 8 分" and low.rule is not None


def test_a_node_outcome_uses_its_own_points_and_a_town_gets_its_type_amount() -> None:
    """镇, 4 宣讲, 1 事件: talk 10/10 → talk_star; town_only 5 → town_flag; total 15: per_point 157.5 元;
    fixed not granted (a 事件)."""
    b = _book()
    r = scoring.score(b, evidence(b, [act("宣讲")] * 4 + [act("事件")], unit_type="镇"))
    assert r.total == D(15)
    assert [o.id for o in r.granted] == ["talk_star", "town_flag", "per_point"]
    assert r.rewards == {"元": D("157.5")}
    star = r.granted[0]
    assert (star.node, star.node_title, star.kind) == ("talk", "宣讲", "commendation")


def test_outcomes_never_change_points() -> None:
    bare = "\n".join(x for x in ITEMS.splitlines() if "outcomes:" not in x and "- {id: t" not in x)
    b, plain = _book(), book(bare, "", cat_points=15)
    assert not any(n.spec.outcomes for n in scoring.plan_of(plain).nodes())
    for acts, t in (([act("宣讲")] * 3, "乡"), ([act("宣讲")] * 5 + [act("事件")], "镇"), ([], "乡")):
        x, y = scoring.score(b, evidence(b, acts, unit_type=t)), scoring.score(plain, evidence(plain, acts, unit_type=t))
        assert [(n.id, n.points) for n in x.items] == [(n.id, n.points) for n in y.items] and x.total == y.total


@pytest.mark.parametrize(("top", "words"), [
    ("outcomes:\n  - {id: r, kind: reward, label: 奖, when: 'true'}\n", ["amount", "奖励金额"]),
    ("outcomes:\n  - {id: r, kind: flag, label: 关注, when: 'true', amount: 5}\n", ["只有 kind: reward", "提请关注"]),
    ("outcomes:\n  - {id: r, kind: reward, label: 奖, when: 'true', amount: -5}\n", ["不能是负数"]),
    ("outcomes:\n  - {id: r, kind: prize, label: 奖, when: 'true'}\n", ["kind"]),
    ("outcomes:\n  - {id: r, kind: flag, label: 关注, when: 'ponts < 5'}\n", ["ponts", "points"]),
    ("outcomes:\n  - {id: r, kind: flag, label: 关注, when: 'true'}\n  - {id: r, kind: flag, label: 又, when: 'true'}\n",
     ["重复"]),
    ("outcomes:\n  - {id: r, kind: flag, label: 关注, when: 'grade == \"优\"'}\n", ["grade", "单位数据"]),
])
def test_bad_outcome_declarations_are_located_chinese_errors(top: str, words: list[str]) -> None:
    """The test rulebook declares a fact called grade: the top-level condition's grade would be ambiguous."""
    text = rulebook_text(ITEMS, top, cat_points=15)
    with pytest.raises(scoring.RulebookError) as e:
        scoring.parse_rulebook(text, "t.yaml")
    msg = str(e.value)
    assert msg.startswith("t.yaml:") and all(w in msg for w in words), msg
    line = int(msg.split(":")[1])
    assert "outcomes" in "\n".join(text.splitlines()[max(0, line - 3):line])  # points into the outcomes block


def test_json_round_trip_and_old_results_read() -> None:
    b = _book()
    r = scoring.score(b, evidence(b, [act("宣讲")] * 3))
    back = scoring.result_from_json(scoring.to_json(r))
    assert back == r and back.outcomes[1].amount == D("78.75")
    old = json.loads(scoring.to_json(r))
    old["schema_version"] = "1.0"
    del old["outcomes"]
    read = scoring.result_from_json(json.dumps(old, ensure_ascii=False))
    assert read.outcomes == [] and read.total == r.total and read.rewards == {}
    assert r.schema_version == "1.1"


def _batch() -> scoring.BatchResult:
    b = _book()
    return scoring.score_many(b, [evidence(b, [act("宣讲")] * 3, uid="a"),
                                  evidence(b, [act("宣讲")] * 4 + [act("事件")], unit_type="镇", uid="b")])


def test_every_report_shows_the_outcomes() -> None:
    """a: 7.5, rewards 78.75 + 300 = 378.75 元; b: 15, 157.5 元; batch 536.25 元."""
    batch = _batch()
    a = next(r for r in batch.results if r.unit.id == "a")
    line = "奖励：按分奖励 78.75 元"
    assert line in outcome_lines(a) and "奖励合计 378.75 元" in outcome_lines(a)
    assert "提请关注：提请县委关注——得分低于 8 分" in outcome_lines(a)
    assert line in render_markdown(a) and line in render_csv(a) and line in render_html(a)
    console = Console(record=True, width=200)
    console.print(score_view(a))
    assert line in console.export_text()
    ws = openpyxl.load_workbook(io.BytesIO(render_xlsx(a))).active
    assert ws is not None
    assert any(line in str(c.value) for row in ws.iter_rows() for c in row if c.value)
    files = feedback_files(batch)
    assert line in str(files["a/反馈单.html"])
    fb = openpyxl.load_workbook(io.BytesIO(files["a/反馈单.xlsx"])).active  # type: ignore[arg-type]
    assert fb is not None and any(line in str(c.value) for row in fb.iter_rows() for c in row if c.value)


def test_the_leaderboard_has_an_outcomes_column_with_rewards_summed() -> None:
    batch = _batch()
    assert board_headers(batch)[-2:] == ["表彰与奖励", "备注"]
    md = render_markdown(batch)
    assert "奖励 378.75 元" in md and "奖励 157.5 元" in md and "奖励合计 536.25 元" in md
    assert "表彰：宣讲之星；提请关注：集镇提请关注；奖励 157.5 元" in md
    csv_head = render_csv(batch).splitlines()[0]
    assert csv_head.endswith("否决事项,表彰与奖励,备注")
    console = Console(record=True, width=250)
    console.print(board_view(batch))
    assert "奖励 378.75 元" in console.export_text()
    assert "奖励 157.5 元" in render_html(batch)
    ws = openpyxl.load_workbook(io.BytesIO(render_xlsx(batch)))["排名"]
    heads = [c.value for c in next(r for r in ws.iter_rows() if any(c.value == "名次" for c in r))]
    assert heads[-2:] == ["表彰与奖励", "备注"]


def test_no_outcomes_no_column() -> None:
    b = book("- {id: w, title: 宣讲, points: 10, when: 'true'}", cat_points=10)
    batch = scoring.score_many(b, [evidence(b, [], uid="a")])
    assert board_headers(batch) == ["名次", "编号", "单位", "总分", "满分", "等次", "否决事项", "备注"]


def test_coverage_and_expectations(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(rulebook_text(ITEMS, TOP, cat_points=15), encoding="utf-8")
    (tmp_path / "t.tests.yaml").write_text(
        "cases:\n"
        "  - name: 三次宣讲\n"
        "    unit: {id: a, name: 甲, type: 乡}\n"
        "    records: {act: [{date: 2023-05-01, kind: 宣讲}, {date: 2023-05-02, kind: 宣讲}, {date: 2023-05-03, kind: 宣讲}]}\n"
        "    expect: {total: 7.5, outcomes: [per_point, fixed, low]}\n"
        "  - name: 期望错了\n"
        "    unit: {id: b, name: 乙, type: 乡}\n"
        "    expect: {outcomes: [low]}\n", encoding="utf-8")
    report = run_cases(tmp_path / "t.tests.yaml")
    fails = [f for c in report.cases for f in c.failures]
    # 乙: 0 points → fixed (no 事件) and low; per_point needs 5 points
    assert [(f.what, f.expected, f.got) for f in fails] == [("outcomes", "low", "fixed, low")]
    (cov,) = report.coverage
    unreached = {(b.node, b.branch, b.label) for b in cov.unreached}
    assert ("talk", "outcome:talk_star:granted", "得到表彰：宣讲之星") in unreached
    assert ("talk", "outcome:talk_star:not", "未得到表彰：宣讲之星") not in unreached
    assert ("per_point", "outcome:per_point:not", "未得到奖励：按分奖励") not in unreached  # 乙 has 0 points
    assert ("low", "outcome:low:not", "未得到提请关注：提请县委关注") in unreached


def test_diff_names_outcome_changes() -> None:
    old, new = _book(), _book(ITEMS.replace("宣讲之星", "宣讲能手"), TOP.replace("10.5 * points", "11 * points"))
    changes = {(c.id, c.field, c.label) for c in diff_rulebooks(old, new).changes}
    assert ("talk", "outcomes", "得分规则调整：非分值结果（表彰、奖励、提请关注）") in changes
    assert ("t", "outcomes", "基本信息：非分值结果（表彰、奖励、提请关注）") in changes
