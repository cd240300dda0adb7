"""The careless clerk: a template filled the way people fill spreadsheets, read back with whole messages.

Written from the township guide and issue #10: a 序号 column and a 备注 column are added, a unit is put in a
header (参加人数（人）), a header is broken with Alt+Enter (活动⏎名称), dates are written 2023.3.8, 2023年6月1日
and 2023/9/10, numbers with full-width digits (３０, １８００); the one real mistake, a blank 单位名称 on the
cover, is reported at its cell in the cover's words together with every other cover problem, in one pass; a
header that names no field is reported once, at its cell, not once per row.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import scoring
from scoring.intake import check_folder, write_template

ACTIVITY_ROWS: list[tuple[Any, ...]] = [  # 序号, 编号, 日期, 活动类别, 活动名称, 参加人数（人）, 附件, 备注
    (1, "q-01", "2023.3.8", "慰问", "“三八”节慰问困难妇女", "３０", None, "县妇联参加"),
    (2, "q-02", "2023年6月1日", "宣讲", "“六一”家庭教育宣讲", 40, None, None),
    (3, "q-03", "2023/9/10", "亲子阅读", "亲子共读一本书", "１２", None, "照片另交"),
]


def _cover_rows(ws: Any) -> dict[str, int]:
    """Row of each key in column C of the cover (id, name, type, facts.…), as the template lays it out."""
    return {str(row[2].value): row[2].row for row in ws.iter_rows() if row[2].value}


def _fill(book: scoring.Rulebook, folder: Path, *, name: str | None, header: str = "活动类别") -> tuple[Path, dict[str, int]]:
    folder.mkdir(parents=True)
    path = folder / "Q乡2023年材料.xlsx"
    write_template(book, path)
    wb = openpyxl.load_workbook(path)
    cover = wb["封面"]
    rows = _cover_rows(cover)
    cover[f"B{rows['id']}"] = "q-xiang"
    cover[f"B{rows['name']}"] = name
    cover[f"B{rows['type']}"] = "乡"
    cover[f"B{rows['facts.households']}"] = "１８００"
    ws = wb["活动"]
    assert [c.value for c in ws[1]] == ["编号", "日期", "活动类别", "活动名称", "参加人数", "附件"]
    ws.delete_rows(1)
    for j, h in enumerate(["序号", "编号", "日期", header, "活动\n名称", "参加人数（人）", "附件", "备注"], start=1):
        ws.cell(1, j, h)
    for i, values in enumerate(ACTIVITY_ROWS, start=2):
        for j, v in enumerate(values, start=1):
            ws.cell(i, j, v)
    wb.save(path)
    return path, rows


def test_the_careless_clerk(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    path, rows = _fill(book2023, tmp_path / "q-xiang", name=None)
    report = check_folder(tmp_path / "q-xiang", book2023)
    n, v = rows["name"], rows["facts.households_visited"]
    assert [str(e) for e in report.errors] == [
        f"{path}/封面/第{n}行/单位名称（B）列: 封面没有填写“单位名称”\n"
        f"  提示：在“封面”工作表的 B{n} 格填写单位名称，例如 X乡",
        f"{path}/封面/第{v}行/全年回访户数（B）列: 封面没有填写“全年回访户数”\n"
        f"  提示：在“封面”工作表的 B{v} 格填写全年回访户数（数值）",
    ]


def test_once_the_cover_is_right_everything_reads(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    path, rows = _fill(book2023, tmp_path / "q-xiang", name="Q乡")
    wb = openpyxl.load_workbook(path)
    wb["封面"][f"B{rows['facts.households_visited']}"] = "1650"
    wb.save(path)
    ev = scoring.load_evidence(tmp_path / "q-xiang", book2023)
    assert (ev.unit.id, ev.unit.name, ev.unit.type) == ("q-xiang", "Q乡", "乡")
    assert ev.unit.facts["households"] == 1800 and ev.unit.facts["households_visited"] == 1650
    acts = {r.id: r for r in ev.records if r.type == "activity"}
    assert {k: (r.values["date"], r.values["kind"], r.values["title"], r.values["participants"])
            for k, r in acts.items()} == {
        "q-01": (_dt.date(2023, 3, 8), "慰问", "“三八”节慰问困难妇女", 30),
        "q-02": (_dt.date(2023, 6, 1), "宣讲", "“六一”家庭教育宣讲", 40),
        "q-03": (_dt.date(2023, 9, 10), "亲子阅读", "亲子共读一本书", 12)}
    # 序号 and 备注 are not evidence: nothing of theirs is in a record
    assert all("县妇联参加" not in map(str, r.values.values()) for r in acts.values())


@pytest.mark.parametrize("header", ["活动种类"])
def test_a_bad_header_is_reported_once_at_its_cell(book2023: scoring.Rulebook, tmp_path: Path, header: str) -> None:
    path, _ = _fill(book2023, tmp_path / "q-xiang", name="Q乡", header=header)
    report = check_folder(tmp_path / "q-xiang", book2023)
    activity = [str(e) for e in report.errors if "/活动/" in str(e)]
    assert activity == [
        f"{path}/活动/第1行/活动种类（D）列: '活动' 没有名为 '活动种类' 的列，于是缺少必填的“活动类别”列，"
        "第 2–4 行的 3 条记录都没有读取\n"
        "  您是不是想写 '活动类别'？\n"
        "  提示：把表头改成“活动类别”"]


def test_a_missing_column_does_not_hide_the_sheets_other_errors(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    """A carelessly filled 活动 sheet: a header that names no field (活动种类, so 活动类别 is missing), and in the
    rows a negative 参加人数 and a blank 活动名称. The clerk gets all three at once: the header once, at its cell
    (no row is read without its 活动类别), and each cell's own problem, at its cell."""
    path, _ = _fill(book2023, tmp_path / "q-xiang", name="Q乡", header="活动种类")
    wb = openpyxl.load_workbook(path)
    ws = wb["活动"]
    ws["F3"] = -5      # row 3, 参加人数（人）: the field's minimum is 0
    ws["E4"] = None    # row 4, 活动⏎名称: required
    wb.save(path)
    report = check_folder(tmp_path / "q-xiang", book2023)
    assert [str(e) for e in report.errors if "/活动/" in str(e)] == [
        f"{path}/活动/第1行/活动种类（D）列: '活动' 没有名为 '活动种类' 的列，于是缺少必填的“活动类别”列，"
        "第 2–4 行的 3 条记录都没有读取\n"
        "  您是不是想写 '活动类别'？\n"
        "  提示：把表头改成“活动类别”",
        f"{path}/活动/第3行/参加人数（人）（F）列: 字段 '参加人数' 的值有误：-5 小于允许的最小值 0\n"
        "  提示：写一个整数，例如 12",
        f"{path}/活动/第4行/活动名称（E）列: 活动记录缺少必填字段“活动名称”（title）\n"
        "  提示：填写这一项",
    ]
    with pytest.raises(scoring.ErrorGroup) as info:  # scoring reads the folder the same way
        scoring.load_evidence(tmp_path / "q-xiang", book2023)
    assert len([e for e in info.value.errors if e.location and e.location.sheet == "活动"]) == 3
