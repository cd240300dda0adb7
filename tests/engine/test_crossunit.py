"""Cross-unit evidence (#15 item 10): a record one unit recorded that the rubric charges to another.

Three small units in tmp folders, points worked by hand: every accident of a vehicle registered in a unit costs that
unit 2 of its 10 points (``per_record``), wherever the accident was recorded.
"""

from __future__ import annotations

import itertools
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import scoring
from scoring.errors import ScoringError, flatten

RULES = """\
id: cu
title: 跨单位佐证测试
year: 2023
period: {start: 2023-01-01, end: 2023-12-31}
total: 10
unit_types: [乡, 镇]
evidence:
  accident:
    label: 交通事故
    date: date
    charged_to: true
    fields:
      date: {type: date, label: 发生日期}
      plate: {type: text, label: 车牌号}
  activity:
    label: 活动
    date: date
    fields:
      date: {type: date, label: 日期}
      title: {type: text, label: 活动名称}
categories:
  - id: safety
    title: 交通安全
    points: 10
    items:
      - id: accidents
        title: 本单位登记的车辆未发生交通事故
        points: 10
        full_marks: true
        deductions:
          - {per_record: accident, amount: 2, reason: 本单位登记的车辆发生事故}
"""
D = Decimal


def book() -> scoring.Rulebook:
    return scoring.parse_rulebook(RULES, "cu.yaml")


def unit(root: Path, uid: str, name: str, utype: str = "镇", files: dict[str, str] | None = None) -> Path:
    folder = root / uid
    folder.mkdir(parents=True)
    (folder / "unit.yaml").write_text(f"id: {uid}\nname: {name}\ntype: {utype}\n", encoding="utf-8")
    for fname, text in (files or {}).items():
        (folder / fname).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


@pytest.fixture
def county(tmp_path: Path) -> Path:
    """X乡 recorded three accidents: a1 (a vehicle registered in Y镇, written by name), a2 (its own), a3 (Z镇, by
    id). Y镇 recorded one of its own. Z镇 recorded none."""
    root = tmp_path / "2023"
    unit(root, "x-xiang", "X乡", "乡", {"交通事故.csv": """\
        编号,发生日期,车牌号,计入单位
        a1,2023-03-01,甲A001,Y镇
        a2,2023-04-01,甲A002,
        a3,2023-05-01,甲A003,z-zhen
        """})
    unit(root, "y-zhen", "Y镇", "镇", {"records.yaml": """\
        accident:
          - {id: y1, date: 2023-06-01, plate: 乙B001}
        """})
    unit(root, "z-zhen", "Z镇")
    return root


def points(batch: scoring.BatchResult) -> dict[str, Decimal]:
    return {r.unit.id: r.total for r in batch.results}


def by_unit(batch: scoring.BatchResult) -> dict[str, scoring.ScoreResult]:
    return {r.unit.id: r for r in batch.results}


def test_batch_attributes_each_record_to_its_unit(county: Path) -> None:
    """X: 10 − 2 (a2) = 8; Y: 10 − 2 (y1) − 2 (a1) = 6; Z: 10 − 2 (a3) = 8."""
    batch = scoring.score_folder(book(), county)
    assert points(batch) == {"x-xiang": D(8), "y-zhen": D(6), "z-zhen": D(8)}
    assert [(s.unit_id, s.rank) for s in batch.leaderboard] == [("x-xiang", 1), ("z-zhen", 1), ("y-zhen", 3)]
    assert batch.warnings == []


def test_both_ledgers_say_where_the_record_came_from(county: Path) -> None:
    r = by_unit(scoring.score_folder(book(), county))
    y = r["y-zhen"].item("accidents").ledger
    got = [e for e in y if "a1@x-xiang" in e.evidence]
    assert len(got) == 1 and got[0].points == D(-2)
    src = got[0].sources[0]
    assert (Path(src.path).parent.name, Path(src.path).name, src.row) == ("x-xiang", "交通事故.csv", 2)
    assert "由X乡记录" in got[0].reason and "交通事故.csv" in got[0].reason and "第2行" in got[0].reason
    [t] = r["y-zhen"].received
    assert (t.record, t.from_unit, t.to_unit, t.outcome, t.charged_to) == ("a1", "x-xiang", "y-zhen", "passed", "Y镇")
    # the recording unit: both passed on, not counted there, each saying to whom
    x = r["x-xiang"]
    assert x.counted["accident"] == 1
    gone = {e.id: e.reason for e in x.excluded}
    assert set(gone) == {"a1", "a3"}
    assert "转给Y镇计分，本单位不计" in gone["a1"] and "转给Z镇计分" in gone["a3"]
    assert [t.to_unit for t in x.passed_on] == ["y-zhen", "z-zhen"]
    assert x.passed_on[0] == t  # the same transfer on both sides
    assert any("2 条记录不计入本单位" in n for n in x.notes)
    assert any("X乡 1 条" in n for n in r["z-zhen"].notes)
    for res in r.values():  # the new fields are written and read back exactly
        assert scoring.result_from_json(scoring.to_json(res)) == res


def test_explain_names_the_recording_unit(county: Path) -> None:
    b = book()
    batch = scoring.score_folder(b, county)
    res = by_unit(batch)["y-zhen"]
    ev = scoring.load_evidence(county / "y-zhen", b)
    ex = scoring.explain(res, b, ev, "accidents")
    assert {(c.id, c.recorded_by) for c in ex.counted} == {("y1", None), ("a1@x-xiang", "X乡（x-xiang）")}
    got = next(c for c in ex.counted if c.id == "a1@x-xiang")
    assert got.values["plate"] == "甲A001" and got.source.row == 2


def test_scored_alone_passed_on_records_do_not_count_and_it_says_so(county: Path) -> None:
    """Alone: X 10 − 2 = 8 (a1, a3 not counted); Y 10 − 2 = 8 (a1 is only seen in a batch); Z 10."""
    b = book()
    alone = {u: scoring.score(b, scoring.load_evidence(county / u, b)) for u in ("x-xiang", "y-zhen", "z-zhen")}
    assert {u: r.total for u, r in alone.items()} == {"x-xiang": D(8), "y-zhen": D(8), "z-zhen": D(10)}
    x = alone["x-xiang"]
    assert {t.outcome for t in x.passed_on} == {"alone"} and x.received == []
    assert all("只在整批评分" in e.reason for e in x.excluded)
    for r in alone.values():
        assert any("单独为一个单位评分" in n and "只在整批评分" in n for n in r.notes)
    from scoring.render import markdown
    text = markdown.render_markdown(alone["z-zhen"])
    assert "只在整批评分" in text


def test_no_note_when_the_rulebook_allows_no_cross_unit_record(county: Path) -> None:
    b = scoring.parse_rulebook(RULES.replace("    charged_to: true\n", ""), "cu.yaml")
    ev = scoring.load_evidence(county / "y-zhen", b)
    assert scoring.score(b, ev).notes == []


def test_rank_is_the_same_whatever_the_order(county: Path) -> None:
    b = book()
    sets = [scoring.load_evidence(county / u, b) for u in ("x-xiang", "y-zhen", "z-zhen")]
    first = None
    for perm in itertools.permutations(sets):
        batch = scoring.score_many(b, perm)
        seen = (batch.leaderboard, sorted(r.model_dump_json() for r in batch.results))
        if first is None:
            first = seen
        assert seen == first
    assert first is not None and [s.total for s in first[0]] == [D(8), D(8), D(6)]


def test_a_rejection_travels_with_its_record(county: Path) -> None:
    """X乡's reviewer rejected a3 (charged to Z镇): in the batch Z keeps 10 points, and its result names the
    rejection and where it was written; no record of Z is touched."""
    (county / "x-xiang" / "reviews.yaml").write_text(
        "rejected:\n  - {record: a3, reason: 车辆已过户, reviewer: 张三}\n", encoding="utf-8")
    (county / "z-zhen" / "records.yaml").write_text("accident:\n  - {id: a3, date: 2023-07-01, plate: 丙C001}\n",
                                                   encoding="utf-8")
    r = by_unit(scoring.score_folder(book(), county))
    z = r["z-zhen"]
    assert z.total == D(8)  # its own a3 still costs 2; the received a3@x-xiang is rejected
    [x] = [e for e in z.excluded if e.id == "a3@x-xiang"]
    assert "车辆已过户" in x.reason and x.reviewer == "张三"
    assert x.review is not None and x.review.path.endswith("x-xiang/reviews.yaml") and x.review.line == 2
    assert [e.evidence for e in z.item("accidents").ledger if e.kind == "deduct"] == [["a3"]]


def test_unknown_and_ambiguous_units_are_excluded_with_a_reason_and_warned(tmp_path: Path) -> None:
    root = tmp_path / "2023"
    unit(root, "x-xiang", "X乡", "乡", {"records.yaml": """\
        accident:
          - {id: k1, date: 2023-03-01, plate: 甲1, charged_to: Y真}
          - {id: k2, date: 2023-03-02, plate: 甲2, charged_to: 同名镇}
        """})
    unit(root, "y-zhen", "Y镇")
    unit(root, "m-zhen", "同名镇")
    unit(root, "n-zhen", "同名镇")
    batch = scoring.score_folder(book(), root)
    x = by_unit(batch)["x-xiang"]
    assert x.total == D(10)
    reasons = {e.id: e.reason for e in x.excluded}
    assert "“Y真”不是本次评分的单位" in reasons["k1"] and "Y镇" in reasons["k1"]
    assert "对应本批的 2 个单位" in reasons["k2"] and "m-zhen" in reasons["k2"] and "n-zhen" in reasons["k2"]
    codes = sorted(w.code for w in batch.warnings if w.code and w.code.startswith("batch.charged"))
    assert codes == ["batch.charged-ambiguous", "batch.charged-unknown"]
    assert all(w.line for w in batch.warnings if w.code and w.code.startswith("batch.charged"))
    assert points(batch) == {"x-xiang": D(10), "y-zhen": D(10), "m-zhen": D(10), "n-zhen": D(10)}


def test_same_content_counts_once(tmp_path: Path) -> None:
    """X乡 and Z镇 both recorded Y镇's accident of 3 March (same date, same plate), and Y镇 recorded it too: Y loses
    2 points once; both passed-on copies say why they are not counted."""
    root = tmp_path / "2023"
    same = "accident:\n  - {id: s, date: 2023-03-03, plate: 乙B9, charged_to: y-zhen}\n"
    unit(root, "x-xiang", "X乡", "乡", {"r.yaml": same})
    unit(root, "z-zhen", "Z镇", files={"r.yaml": same})
    unit(root, "y-zhen", "Y镇", files={"r.yaml": "accident:\n  - {id: own, date: 2023-03-03, plate: 乙B9}\n"})
    r = by_unit(scoring.score_folder(book(), root))
    assert {u: x.total for u, x in r.items()} == {"x-xiang": D(10), "y-zhen": D(8), "z-zhen": D(10)}
    assert [t.outcome for t in r["y-zhen"].received] == ["duplicate", "duplicate"]
    assert all("本单位的记录" not in t.reason and "own" in t.reason for t in r["y-zhen"].received)
    assert {e.id for e in r["y-zhen"].excluded} == {"s@x-xiang", "s@z-zhen"}
    assert "只计一次" in next(e.reason for e in r["x-xiang"].excluded)


def test_two_copies_without_an_own_record_count_once_by_unit_id_order(tmp_path: Path) -> None:
    root = tmp_path / "2023"
    same = "accident:\n  - {id: s, date: 2023-03-03, plate: 乙B9, charged_to: Y镇}\n"
    unit(root, "z-zhen", "Z镇", files={"r.yaml": same})
    unit(root, "x-xiang", "X乡", "乡", {"r.yaml": same})
    unit(root, "y-zhen", "Y镇")
    b = book()
    sets = [scoring.load_evidence(root / u, b) for u in ("z-zhen", "x-xiang", "y-zhen")]
    for order in (sets, sets[::-1]):  # the unit id decides, not the order they come in
        y = by_unit(scoring.score_many(b, order))["y-zhen"]
        assert y.total == D(8)
        assert [(t.from_unit, t.outcome) for t in y.received] == [("x-xiang", "passed"), ("z-zhen", "duplicate")]


def test_units_charging_each_other_is_not_a_cycle(tmp_path: Path) -> None:
    root = tmp_path / "2023"
    unit(root, "x-xiang", "X乡", "乡", {"r.yaml": "accident:\n  - {id: p, date: 2023-03-03, plate: 1, charged_to: Y镇}\n"})
    unit(root, "y-zhen", "Y镇", files={"r.yaml": "accident:\n  - {id: q, date: 2023-03-04, plate: 2, charged_to: X乡}\n"})
    r = by_unit(scoring.score_folder(book(), root))
    assert [e.evidence for e in r["x-xiang"].item("accidents").ledger if e.kind == "deduct"] == [["q@y-zhen"]]
    assert [e.evidence for e in r["y-zhen"].item("accidents").ledger if e.kind == "deduct"] == [["p@x-xiang"]]


def test_charged_to_itself_counts_there(tmp_path: Path) -> None:
    root = tmp_path / "2023"
    unit(root, "x-xiang", "X乡", "乡", {"r.yaml": "accident:\n  - {id: p, date: 2023-03-03, plate: 1, charged_to: X乡}\n"
                                                 "  - {id: q, date: 2023-03-04, plate: 2, charged_to: x-xiang}\n"})
    b = book()
    alone = scoring.score(b, scoring.load_evidence(root / "x-xiang", b))
    assert alone.total == D(6) and alone.passed_on == []


def test_a_type_that_does_not_allow_it_is_an_error_at_the_cell(tmp_path: Path) -> None:
    folder = unit(tmp_path, "x-xiang", "X乡", "乡", {
        "活动.csv": "日期,活动名称,计入单位\n2023-03-01,宣讲,Y镇\n",
        "r.yaml": "activity:\n  - {date: 2023-03-01, title: 宣讲, charged_to: Y镇}\n"})
    with pytest.raises(ScoringError) as e:
        scoring.load_evidence(folder, book())
    errs = {(x.code, str(x.location)) for x in flatten(e.value)}
    assert ("evidence.charged-not-allowed", f"{folder / '活动.csv'}/第1行/计入单位（C）列") in errs
    assert ("evidence.charged-not-allowed", f"{folder / 'r.yaml'}:2:47") in errs
    assert all("charged_to: true" in (x.hint or "") for x in flatten(e.value) if x.code == "evidence.charged-not-allowed")


def test_a_hand_built_set_is_held_to_the_same_rule() -> None:
    b = book()
    data: dict[str, Any] = {"unit": {"id": "u", "name": "U", "type": "镇"},
                            "records": {"activity": [{"id": "a", "date": "2023-03-01", "title": "t"}]}}
    ev = scoring.evidence_from_dict(data, b)
    bad = ev.model_copy(update={"records": [ev.records[0].model_copy(update={"charged_to": "V"})]})
    with pytest.raises(ScoringError, match="不允许计入其他单位"):
        scoring.score(b, bad)


def test_the_template_has_a_charged_to_column_only_where_allowed(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "t.xlsx"
    scoring.intake.write_template(book(), path)
    wb = openpyxl.load_workbook(path)
    heads = {ws.title: [c.value for c in ws[1]] for ws in wb.worksheets[1:]}
    assert heads["交通事故"] == ["编号", "发生日期", "车牌号", "计入单位", "附件"]
    assert "计入单位" not in heads["活动"]


def test_diff_names_an_evidence_type_that_starts_allowing_it() -> None:
    from scoring.cycle.diff import diff_rulebooks

    old = scoring.parse_rulebook(RULES.replace("    charged_to: true\n", ""), "old.yaml")
    d = diff_rulebooks(old, book())
    [c] = [c for c in d.changes if c.field == "evidence"]
    assert c.id == "accident" and "charged_to: true" in (c.after or "") and "charged_to: true" not in (c.before or "")


def test_the_charged_units_own_review_never_lands_on_a_received_record(county: Path) -> None:
    """Z镇's reviewer rejects Z's own a3; the a3 X乡 passed on (now a3@x-xiang) still counts: Z 10 − 2 = 8."""
    (county / "z-zhen" / "records.yaml").write_text("accident:\n  - {id: a3, date: 2023-07-01, plate: 丙C001}\n",
                                                   encoding="utf-8")
    (county / "z-zhen" / "reviews.yaml").write_text("rejected:\n  - {record: a3, reason: 不属实}\n", encoding="utf-8")
    z = by_unit(scoring.score_folder(book(), county))["z-zhen"]
    assert z.total == D(8)
    assert [e.evidence for e in z.item("accidents").ledger if e.kind == "deduct"] == [["a3@x-xiang"]]
    assert [x.id for x in z.excluded] == ["a3"]


def test_a_discretionary_decision_travels_with_its_record(tmp_path: Path) -> None:
    """X乡's reviewer decided 1 point (of 0–1 per accident) on k, charged to Y镇: in the batch Y loses 2 + 1 = 3,
    the ledger names the reviews.yaml entry; X counts neither. Alone, Y loses nothing for k and X says why."""
    rules = RULES.replace("          - {per_record: accident, amount: 2, reason: 本单位登记的车辆发生事故}\n",
                          "          - {per_record: accident, amount: 2, reason: 本单位登记的车辆发生事故}\n"
                          "        discretionary: {per_record: accident, min: 0, max: {乡: 1, 镇: 1}, reason: 每起酌情扣 0–1 分}\n")
    b = scoring.parse_rulebook(rules, "cu.yaml")
    root = tmp_path / "2023"
    unit(root, "x-xiang", "X乡", "乡", {
        "r.yaml": "accident:\n  - {id: k, date: 2023-03-01, plate: 1, charged_to: Y镇}\n",
        "reviews.yaml": "deductions:\n  - {item: accidents, record: k, deduct: 1, reason: 台账不全, reviewer: 李四}\n"})
    unit(root, "y-zhen", "Y镇")
    batch = scoring.score_folder(b, root)
    assert batch.errors == []
    r = by_unit(batch)
    assert (r["x-xiang"].total, r["y-zhen"].total) == (D(10), D(7))
    [rv] = [e for e in r["y-zhen"].item("accidents").ledger if e.kind == "review"]
    assert (rv.points, rv.evidence, rv.reviewer) == (D(-1), ["k@x-xiang"], "李四")
    assert rv.sources[0].path.endswith("x-xiang/reviews.yaml") and rv.sources[0].line == 2
    assert "酌情意见随记录转到Y镇" in r["x-xiang"].excluded[0].reason
    alone = scoring.score(b, scoring.load_evidence(root / "x-xiang", b))
    assert alone.total == D(10) and "只在整批评分时用上" in alone.excluded[0].reason


def test_a_travelling_decision_is_checked_against_the_charged_units_range(tmp_path: Path) -> None:
    """The range is 0–1 for a 乡 and 0–0.5 for a 镇: X乡 (a 乡) may decide 1 on its record, but charged to Y镇 it is
    out of Y's range, an error for Y located at X's reviews.yaml line."""
    rules = RULES.replace("          - {per_record: accident, amount: 2, reason: 本单位登记的车辆发生事故}\n",
                          "          - {per_record: accident, amount: 2, reason: 本单位登记的车辆发生事故}\n"
                          "        discretionary: {per_record: accident, min: 0, max: {乡: 1, 镇: 0.5}}\n")
    b = scoring.parse_rulebook(rules, "cu.yaml")
    root = tmp_path / "2023"
    unit(root, "x-xiang", "X乡", "乡", {
        "r.yaml": "accident:\n  - {id: k, date: 2023-03-01, plate: 1, charged_to: Y镇}\n",
        "reviews.yaml": "deductions:\n  - {item: accidents, record: k, deduct: 1, reason: 台账不全}\n"})
    unit(root, "y-zhen", "Y镇")
    batch = scoring.score_folder(b, root)
    [err] = batch.errors
    assert err.unit == "y-zhen" and "超出细则允许的范围 0–0.5" in err.errors[0] and "X乡的 reviews.yaml" in err.errors[0]
    assert "x-xiang/reviews.yaml:2" in err.errors[0]
    assert by_unit(batch)["x-xiang"].total == D(10)


RANKED = RULES.replace("total: 10\n", "total: 14\n") + """\
  - id: ranking
    title: 排名
    points: 4
    items:
      - id: fewest
        title: 事故最少
        points: 4
        value: count(accident)
        rank: {order: asc, points: [4, 2, 0]}
"""


def test_on_a_process_pool_and_streamed_the_same_as_in_this_process(county: Path, tmp_path: Path) -> None:
    """With a ranking clause over the attributed counts (X 1, Y 2, Z 1 accidents; alone they would be 1, 1, 0):
    X and Z share first place, 8 + 4 = 12; Y is third, 6 + 0 = 6. The same bytes on two worker processes and
    from the streaming writer, a record charged to no unit warned in all three."""
    from concurrent.futures import ProcessPoolExecutor

    from scoring.engine import write_folder_json

    (county / "y-zhen" / "more.yaml").write_text(
        "accident:\n  - {id: w, date: 2023-08-01, plate: 乙B7, charged_to: 外县}\n", encoding="utf-8")
    b = scoring.parse_rulebook(RANKED, "ranked.yaml")
    serial = scoring.score_folder(b, county)
    assert points(serial) == {"x-xiang": D(12), "y-zhen": D(6), "z-zhen": D(12)}
    assert [w.code for w in serial.warnings] == ["batch.charged-unknown"]
    with ProcessPoolExecutor(2) as pool:
        assert scoring.to_json(scoring.score_folder(b, county, executor=pool)) == scoring.to_json(serial)
    out = tmp_path / "batch.json"
    write_folder_json(b, county, out)
    assert out.read_text(encoding="utf-8") == scoring.to_json(serial)


def test_a_received_id_is_never_one_the_charged_unit_already_has(tmp_path: Path) -> None:
    """Y镇 happens to have its own record named k@x-xiang: X乡's k arrives as k@x-xiang~2, each with its own source."""
    root = tmp_path / "2023"
    unit(root, "x-xiang", "X乡", "乡", {"r.yaml": "accident:\n  - {id: k, date: 2023-03-01, plate: 1, charged_to: Y镇}\n"})
    unit(root, "y-zhen", "Y镇", files={"r.yaml": "accident:\n  - {id: k@x-xiang, date: 2023-04-01, plate: 2}\n"})
    y = by_unit(scoring.score_folder(book(), root))["y-zhen"]
    assert y.total == D(6)
    got = {e.evidence[0]: e.sources[0] for e in y.item("accidents").ledger if e.kind == "deduct"}
    assert set(got) == {"k@x-xiang", "k@x-xiang~2"}
    assert Path(got["k@x-xiang"].path).parent.name == "y-zhen"
    assert Path(got["k@x-xiang~2"].path).parent.name == "x-xiang"
