"""Rubrics published as tables: a Word table with merged cells, an Excel sheet with merged ranges."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import scoring
from scoring.draft import draft_document

from ._docs import sheet_xlsx, table_docx
from .test_roundtrip import RULE_KEYS, _nodes, _plain

HEADER = ["考核项目", "分值", "考核内容", "分值", "评分标准", "考核方式"]
ROWS = [
    HEADER,
    ["一、组织建设", "20", "（一）成立领导小组", "8", "成立妇女儿童工作领导小组得8分，否则不得分。", "查阅文件"],
    ["", "", "（二）开展专题研究", "12", "全年专题研究不少于3次，每少1次扣4分，扣完为止。", "查阅会议记录"],
    ["二、宣传教育", "30", "（三）开展宣传活动", "20", "全年4次及以上得20分，2-3次得12分，1次得6分。", "查阅台账"],
    ["", "", "（四）信息报送", "10", "未按时报送信息的每次扣1分；台账不规范的酌情扣0.5-2分。", "查阅报送记录"],
    ["三、加分项", "", "获得表彰", "", "获县、市、省级表彰分别加1、2、3分，同一项目就高不重复，累计不超过5分。", ""],
    ["四、一票否决", "", "重大安全事故", "", "辖区发生重大安全事故的，实行一票否决。", ""],
    ["合计", "50", "", "", "", ""],
]
# the category cells and their points merged down over their items; the 合计 row's tail merged across
MERGES = [(1, 0, 2, 0), (1, 1, 2, 1), (3, 0, 4, 0), (3, 1, 4, 1), (7, 2, 7, 5)]

EXPECTED = {
    "c1_1": {"when": "c1_1_ok"},
    "c1_2": {"deductions": [{"shortfall": {"required": 3, "actual": "count(c1_2_rec)"}, "amount": 4,
                             "reason": "全年专题研究不少于3次，每少1次扣4分，扣完为止"}]},
    "c2_1": {"value": "count(c2_1_rec)", "tiers": [{"min": 4, "points": 20}, {"min": 2, "points": 12},
                                                   {"min": 1, "points": 6}]},
    "c2_2": {"deductions": [{"per_record": "c2_2_rec", "where": "date > due", "amount": 1,
                             "reason": "未按时报送信息的每次扣1分"}],
             "discretionary": {"min": Decimal("0.5"), "max": 2, "reason": "台账不规范的酌情扣0.5-2分"}},
}


def _tree(book: Any) -> list[tuple[str, str | None, str, Any, str | None]]:
    return [(n["id"], n.get("no"), n["title"], n["points"], n.get("method")) for c in book["categories"]
            for n in _nodes(c)]


def _check_common(book: Any, total: int = 50) -> None:
    assert _tree(book) == [
        ("c1", "一、", "组织建设", 20, None), ("c1_1", "（一）", "成立领导小组", 8, "查阅文件"),
        ("c1_2", "（二）", "开展专题研究", 12, "查阅会议记录"), ("c2", "二、", "宣传教育", 30, None),
        ("c2_1", "（三）", "开展宣传活动", 20, "查阅台账"), ("c2_2", "（四）", "信息报送", 10, "查阅报送记录")]
    got = {n["id"]: r for c in book["categories"] for n in _nodes(c) if (r := {k: _plain(n[k]) for k in RULE_KEYS if k in n})}
    assert got == EXPECTED
    assert book["total"] == total
    line = _plain(book["bonus"]["lines"][0])
    assert (line["amount_by"]["map"], line["highest_per"], line["cap"]) == ({"县级": 1, "市级": 2, "省级": 3}, "project", 5)
    assert [(v["title"], v["effect"]) for v in book["vetoes"]] == [("辖区发生重大安全事故", "zero_total")]


def test_word_table_with_merged_cells(tmp_path: Path) -> None:
    doc = table_docx(tmp_path / "细则.docx", ["Y县2024年度妇女工作考评细则"], ROWS, MERGES)
    d = draft_document(doc)
    _check_common(d.rulebook)
    assert d.rulebook["year"] == 2024 and d.report.shape == "table"
    assert d.report.left == [] and d.report.slips == []
    c1_2 = d.rulebook["categories"][0]["items"][1]
    assert c1_2["text"] == "开展专题研究\n全年专题研究不少于3次，每少1次扣4分，扣完为止。"  # the original kept whole
    out = tmp_path / "draft.yaml"
    d.write(out)
    assert [p.severity for p in scoring.check_rulebook(out)] == []  # nothing left: it loads as it is


def test_excel_sheet_with_merged_ranges_and_a_slip(tmp_path: Path) -> None:
    rows: list[list[object]] = [[c if c != "" else None for c in r] for r in ROWS]
    rows[1][1] = 25  # the document's own slip: 25 written for a category whose items add up to 20
    rows[7][1] = 55
    path = sheet_xlsx(tmp_path / "细则.xlsx", [["Y县2024年度妇女工作考评细则"], *rows],
                      ["A3:A4", "B3:B4", "A5:A6", "B5:B6", "C9:F9"])
    d = draft_document(path)
    book = d.rulebook
    assert book["categories"][0]["points"] == 25
    book["categories"][0]["points"] = 20
    _check_common(book, total=55)
    assert d.report.total == 55 and d.report.total_of_categories == 55  # as written; the slip is inside 一、
    assert (book["year"], book["title"]) == (2024, "Y县2024年度妇女工作考评细则")
    assert [(p.node, p.points, p.children) for p in d.report.slips] == [("c1", 25, 20)]
    assert "c1「组织建设」写明 25 分，下一层合计 20 分" in d.report_text()
    assert d.report.points[0].where == "工作表 考评细则 第 3 行"


def test_opendocument_sheet_read_by_calamine(tmp_path: Path) -> None:
    """An .ods (WPS, LibreOffice): the category cells merged down, read through python-calamine."""
    from ._docs import sheet_ods

    path = sheet_ods(tmp_path / "细则.ods", [["Y县2024年度妇女工作考评细则"] + [""] * 5, *ROWS],
                     {(2, 0): 2, (2, 1): 2, (4, 0): 2, (4, 1): 2})
    d = draft_document(path)
    _check_common(d.rulebook)
    assert d.report.points[0].where == "工作表 细则 第 3 行" and d.report.left == []
