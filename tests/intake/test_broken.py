"""The corpus of broken inputs: each gives its exact located message, and no row is lost or invented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import scoring

from ._corpus import check, rows_accounted, unit_folder, workbook

H = ["编号", "日期", "活动类别", "活动名称", "参加人数"]
HINT_INT = "  提示：写一个整数，例如 12"
HINT_DATE = "  提示：日期写成 2023-05-01（也可以写 2023/5/1 或 2023年5月1日）"


def test_bad_cells_in_an_activity_sheet(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    f = unit_folder(tmp_path)
    workbook(f / "a.xlsx", {"活动": [
        H,
        ["a1", dt.date(2023, 3, 8), "慰问", "三八慰问", 24],          # a date cell: fine
        ["a2", "2023-02-30", "宣讲", "宣讲会", "二十"],               # impossible date, text in a number column
        ["a3", dt.date(2023, 3, 9), None, None, None],               # half-filled
        ["a4", 45047, "宣讲", "x", "=B2+1"],                          # a date serial (fine), a formula
        [None, "2023年5月1日", "亲子阅读", "阅读", "１,２００"],         # full-width digits, thousands separator
        [], [None, None],                                            # trailing empty rows
    ]})
    rep, msgs = check(f, book2023)
    assert msgs == [
        "a.xlsx/活动/第3行/参加人数（E）列: 字段 '参加人数' 的值有误：'二十' 不是数字\n" + HINT_INT,
        "a.xlsx/活动/第3行/日期（B）列: 字段 '日期' 的值有误：'2023-02-30' 不是存在的日期\n" + HINT_DATE,
        "a.xlsx/活动/第4行/活动名称（D）列: 活动记录缺少必填字段“活动名称”（title）\n  提示：填写这一项",
        "a.xlsx/活动/第4行/活动类别（C）列: 活动记录缺少必填字段“活动类别”（kind）\n  提示：填写这一项",
        "a.xlsx/活动/第5行/参加人数（E）列: 单元格是公式 '=B2+1'，不是填写的值\n"
        "  提示：选中这一格，复制后用“选择性粘贴 → 数值”把公式换成它的结果，例如把 =B2+B3 换成 12",
    ]
    rows_accounted(rep, {2, 3, 4, 5, 6})
    assert [r.source.row for r in rep.raws] == [2, 3, 4, 6]  # the formula row is reported, not read
    by_row = {r.source.row: r for r in rep.raws}
    assert by_row[6].values["participants"] == "１,２００"  # raw here; coerced below
    assert rep.files[0].counts == {"activity": 4}


def test_serials_full_width_and_formats_coerce_exactly(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    f = unit_folder(tmp_path)
    workbook(f / "a.xlsx", {"活动": [
        H,
        ["a1", dt.datetime(2023, 3, 8), "慰问", "三八慰问", 24],
        ["a2", 45047, "宣讲", "宣讲会", 2.5 * 2],          # serial 45047 = 2023-05-01; 5.0 -> 5
        ["a3", "2023.05.02", "亲子阅读", "阅读", "１,２００"],
        ["a4", "2023/5/3 0:00", "宣讲", "y", None],
    ]})
    ev = scoring.load_evidence(f, book2023)
    vals = {r.id: r.values for r in ev.records}
    assert vals["a1"]["date"] == dt.date(2023, 3, 8)
    assert vals["a2"]["date"] == dt.date(2023, 5, 1)
    assert str(vals["a2"]["participants"]) == "5"
    assert vals["a3"]["date"] == dt.date(2023, 5, 2)
    assert str(vals["a3"]["participants"]) == "1200"
    assert vals["a4"]["date"] == dt.date(2023, 5, 3) and vals["a4"]["participants"] is None


def test_a_year_in_a_date_column_is_not_taken_for_a_serial(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    f = unit_folder(tmp_path)
    workbook(f / "a.xlsx", {"活动": [H, ["a1", 2023, "慰问", "x", 1]]})
    _, msgs = check(f, book2023)
    assert msgs == ["a.xlsx/活动/第2行/日期（B）列: 字段 '日期' 的值有误：'2023' 不是日期（请写成 2023-05-01）\n" + HINT_DATE]


def test_header_problems(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    f = unit_folder(tmp_path)
    workbook(f / "a.xlsx", {
        "信访件": [["编号", "受理日期", "来源", "事由", "是否办结", "是否办结", "备注", "来原"],
                ["p1", "2023-05-01", "来访", "x", "是", "否", "hi", "来访"]],
        "表彰": [["荣誉", None, "级别"], ["x", "y", "县级"]],
        "Sheet2": [],                     # an empty sheet with another name: ignored
        "Sheet3": [["笔记"]],              # a sheet with content and another name: reported
        "报刊订阅": [],                     # an empty evidence sheet: 0 records
    }, merged={"表彰": ["A1:B1"]})
    rep, msgs = check(f, book2023)
    assert msgs == [
        "a.xlsx/Sheet3: 工作表 'Sheet3' 不是规则文件里的证据类型，其中的内容没有读取\n"
        "  提示：把工作表改名为证据类型的名称（信访件、负面事件、活动、法律援助个案、文件与制度、上报材料、报刊订阅、表彰），"
        "或把内容移到对应的工作表；不用的工作表请删除",
        "a.xlsx/信访件/第1行/是否办结（F）列: 列 '是否办结' 出现了两次（E 列和 F 列）\n"
        "  提示：删除重复的一列，或把它改成别的字段名称",
        "a.xlsx/信访件/第1行/来原（H）列: '信访件' 没有名为 '来原' 的列\n"
        "  您是不是想写 '来源'？\n"
        "  提示：可用的列：编号、受理日期、来源、事由、是否办结、附件；多余的列请删除",
        "a.xlsx/表彰/第1行/荣誉（A）列: 表头单元格 A1:B1 是合并单元格\n"
        "  提示：取消合并，让每一列都有自己的表头，例如 日期、活动类别、活动名称 各占一列",
        # one error for the header, at its cell, instead of one per row and missing field
        "a.xlsx/表彰/第1行/荣誉（A）列: '表彰' 没有名为 '荣誉' 的列，于是缺少必填的“表彰日期”、“表彰项目”、“荣誉名称”列，"
        "第 2 行的记录没有读取\n"
        "  您是不是想写 '荣誉名称'？\n"
        "  提示：把表头改成“荣誉名称”，并加上“表彰日期”、“表彰项目”列",
        "a.xlsx/表彰/第2行/（B）列: B 列没有表头，但有 1 行填了内容（第一处在第 2 行）\n"
        "  提示：在第 1 行的 B 列写上字段名称（表彰日期、表彰项目、级别、荣誉名称），或删除这一列的内容",
    ]
    assert rep.files[0].counts == {"petition": 1}


def test_merged_data_cells_are_reported_per_row(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    f = unit_folder(tmp_path)
    rows = [H] + [[f"a{i}", "2023-03-08" if i == 1 else None, "慰问", f"慰问{i}", 1] for i in range(1, 4)]
    workbook(f / "a.xlsx", {"活动": rows}, merged={"活动": ["B2:B4"]})
    rep, msgs = check(f, book2023)
    hint = "  提示：取消合并，并在每一行都填上值（可以复制上一行的内容）"
    assert msgs == [f"a.xlsx/活动/第{r}行/日期（B）列: 这一格在合并单元格 B2:B4 里，本行没有自己的值\n{hint}"
                    for r in (3, 4)]
    rows_accounted(rep, {2, 3, 4})


def test_a_title_row_above_the_header_is_skipped(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    f = unit_folder(tmp_path)
    workbook(f / "a.xlsx", {"活动": [["X乡2023年活动台账"], H, ["a1", "2023-03-08", "慰问", "x", 3]]},
             merged={"活动": ["A1:E1"]})
    ev = scoring.load_evidence(f, book2023)
    assert [(r.id, r.source.row) for r in ev.records] == [("a1", 3)]
