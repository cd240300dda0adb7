"""The Excel score sheet, read back with openpyxl and checked cell by cell against the result."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

import scoring
from scoring.render.xlsx import (
    HEADER_ROW,
    HEADERS,
    OVER_FILL,
    RANK_HEADERS,
    RANK_SHEET,
    RED,
    render_xlsx,
    sheet_names,
)

from ..conftest import EVIDENCE_2023


@pytest.fixture(scope="module")
def batch(book2023: scoring.Rulebook) -> scoring.BatchResult:
    return scoring.score_folder(book2023, EVIDENCE_2023)


@pytest.fixture(scope="module")
def batch_wb(batch: scoring.BatchResult) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(batch)))


def dec(v: object) -> Decimal | None:
    """A cell's number back as the exact Decimal it was written from (repr of a float is its shortest form)."""
    if v is None:
        return None
    assert isinstance(v, (int, float)), v
    return Decimal(repr(v))


def expand(rows: str) -> set[int]:
    """``3–5、9`` → {3, 4, 5, 9}."""
    out: set[int] = set()
    for piece in rows.split("、"):
        a, _, b = piece.partition("–")
        out |= set(range(int(a), int(b or a) + 1))
    return out


def used_by_file(node: scoring.models.NodeResult, book: scoring.Rulebook, unit_path: str) -> dict[str, set[int]]:
    """``"信访件 petitions.yaml"`` → the lines of the records this node's ledger used, worked out from the ledger."""
    out: dict[str, set[int]] = {}
    for e in node.ledger:
        if e.kind == "review":  # the reviewer's note comes first: where in reviews.yaml it was written
            note = e.sources[0]
            assert note.line is not None
            out.setdefault(f"核查意见 {note.path.removeprefix(unit_path + '/')}", set()).add(note.line)
        for src, kind in zip(e.sources[1:] if e.kind == "review" else e.sources, e.types, strict=True):
            assert src.line is not None  # the bundled evidence is YAML
            label = book.evidence[kind].label
            out.setdefault(f"{label} {src.path.removeprefix(unit_path + '/')}", set()).add(src.line)
    return out


def shown(r: scoring.ScoreResult) -> list[scoring.models.NodeResult]:
    """The rows of the sheet: every node, but bonus and penalty sections only when they have entries."""
    return [n for n in r.items if n.kind not in ("bonus", "penalty") or n.ledger]


def unit(batch: scoring.BatchResult, unit_id: str) -> scoring.ScoreResult:
    return next(r for r in batch.results if r.unit.id == unit_id)


def test_sheets_rank_first_then_units_in_result_order(batch, batch_wb):
    assert batch_wb.sheetnames == [RANK_SHEET] + [r.unit.name for r in batch.results]
    assert batch_wb.sheetnames == ["排名", "W乡", "X乡", "Y镇", "Z镇"]


def test_every_row_matches_the_result(batch, batch_wb, book2023):
    for r in batch.results:
        ws = batch_wb[r.unit.name]
        assert ws["A1"].value == f"{r.rulebook.title}（评分表）"
        assert r.unit.name in ws["A2"].value
        assert [c.value for c in ws[HEADER_ROW]] == list(HEADERS)
        for i, node in enumerate(shown(r)):
            row = [c for c in ws[HEADER_ROW + 1 + i]]
            assert row[0].value == (node.no or None), node.id
            assert row[1].value == node.title, node.id
            assert row[1].alignment.indent == node.depth
            if node.kind in ("bonus", "penalty"):  # a cap, not part of the maximum: written as ≤5, not summed
                assert row[2].value == (f"≤{node.max_points:f}" if node.max_points else None)
            else:
                assert dec(row[2].value) == node.max_points, node.id
            assert dec(row[3].value) == node.claimed, node.id
            assert dec(row[4].value) == node.points, node.id
            for e in node.ledger:
                if e.points < 0:
                    assert e.reason in row[5].value, (node.id, e.reason)
            want = used_by_file(node, book2023, r.unit.path)
            got: dict[str, set[int]] = {}
            for line in (row[6].value or "").split("\n") if want else []:
                label, _, rest = line.partition(" ")
                count, _, rest = rest.partition(" 件：")
                file, _, rows = rest.removesuffix(" 行").partition(" 第 ")
                got[f"{label} {file}"] = expand(rows)
                assert int(count) == len(got[f"{label} {file}"]), line
            assert got == want, node.id
        total_row = HEADER_ROW + 1 + len(shown(r))
        cells = [c.value for c in ws[total_row]]
        assert cells[1] == "总分"
        assert dec(cells[2]) == r.max_total
        assert dec(cells[3]) == r.claimed_total
        assert dec(cells[4]) == r.total
        grade = [c.value for c in ws[total_row + 1]]
        assert grade[1] == "等次" and grade[2] == r.grade


def test_y_zhen_by_hand(batch_wb):
    """Values read off the Y镇 evidence by hand: 信访办结 95% (−5) and a handled 舆情 (−2) leave 3 of 10."""
    ws = batch_wb["Y镇"]
    by_title = {ws.cell(row=i, column=2).value: i for i in range(HEADER_ROW + 1, ws.max_row + 1)}
    row = by_title["对12338热线交办、上级妇联信访交办，以及来信、来访办结率达100％"]
    assert ws.cell(row=row, column=1).value == "（一）"
    assert (ws.cell(row=row, column=3).value, ws.cell(row=row, column=4).value, ws.cell(row=row, column=5).value) == (
        10, 10, 3)
    reason = ws.cell(row=row, column=6)
    assert reason.value.startswith("-5 95% 低于目标 100%")
    assert "\n-2 发生涉妇女儿童舆情事件" in reason.value
    assert reason.font.color.rgb.endswith(RED)  # deductions in red
    assert reason.alignment.wrap_text
    claimed = ws.cell(row=row, column=4)
    assert claimed.fill.fgColor.rgb.endswith(OVER_FILL.fgColor.rgb)  # 自评 10 > 核定 3
    assert ws.cell(row=row, column=5).font.color.rgb.endswith(RED)
    assert ws.cell(row=row, column=7).value == "信访件 20 件：petitions.yaml 第 3–22 行\n负面事件 1 件：incidents.yaml 第 3 行"
    # 三法实施 = 3 + 8 + 6 + 7.5 = 24.5, written as a number with one decimal shown
    cat = ws.cell(row=HEADER_ROW + 1, column=5)
    assert cat.value == 24.5 and cat.number_format == "0.0"
    assert ws.cell(row=HEADER_ROW + 1, column=3).number_format == "0"
    # a matching claim (宣传培训 6 = 6) is not highlighted
    match = by_title["开展“两纲”“两规”及“三法”宣传培训"]
    assert ws.cell(row=match, column=4).fill.fgColor.rgb != OVER_FILL.fgColor.rgb
    total = by_title["总分"]
    assert [ws.cell(row=total, column=c).value for c in (3, 4, 5)] == [100, 93, 62.3]
    assert ws.cell(row=total + 1, column=3).value == "合格"
    texts = [ws.cell(row=i, column=1).value or "" for i in range(total, ws.max_row + 1)]
    assert "活动 yz-hd-06（activities.yaml:7）：日期 2022-12-28 不在考核期 2023-01-01 至 2023-12-31 内" in texts


def test_ranking_sheet(batch, batch_wb):
    ws = batch_wb[RANK_SHEET]
    assert [c.value for c in ws[HEADER_ROW]] == list(RANK_HEADERS)
    rows = [[c.value for c in ws[HEADER_ROW + 1 + i]] for i in range(len(batch.leaderboard))]
    assert [(r[0], r[2]) for r in rows] == [(s.rank, s.name) for s in batch.leaderboard]
    assert [(r[0], r[2], r[3], r[5]) for r in rows] == [
        (1, "X乡", 100, "优秀"), (2, "W乡", 95, "良好"), (3, "Y镇", 62.3, "合格"), (4, "Z镇", 0, "不合格")]
    assert rows[1][6] == "一票否优：发生涉妇女儿童重大舆情（一票否优）"
    assert rows[3][6] == "一票否决：辖区发生侵害妇女儿童权益恶性案件并造成恶劣影响"
    assert ws.cell(row=HEADER_ROW + 4, column=7).font.color.rgb.endswith(RED)
    assert rows[0][6] is None
    assert ws["A2"].value == "考核年度：2023　　参评单位 4 个"


def test_vetoes_on_the_unit_sheets(batch, batch_wb):
    for unit_id, text in (("z-zhen", "-103 一票否决：辖区发生侵害妇女儿童权益恶性案件并造成恶劣影响：触发，总分计 0 分"),
                          ("w-xiang", "一票否优：发生涉妇女儿童重大舆情（一票否优）：触发，不得评为最高等次")):
        r = unit(batch, unit_id)
        ws = batch_wb[r.unit.name]
        cell = ws.cell(row=HEADER_ROW + 1 + len(shown(r)), column=6)
        assert cell.value == text and cell.font.color.rgb.endswith(RED)


def test_excluded_from_ranking_and_failed_units_are_marked(batch):
    s = batch.leaderboard[2]
    board = [*batch.leaderboard[:2], s.model_copy(update={"rank": None, "excluded_from_ranking": True})]
    failed = scoring.models.UnitError(unit="坏镇", path="evidence/2023/bad", errors=["unit.yaml:3:1: 缺少 name"])
    b = batch.model_copy(update={"leaderboard": board, "errors": [failed]})
    ws = openpyxl.load_workbook(io.BytesIO(render_xlsx(b)))[RANK_SHEET]
    assert [c.value for c in ws[HEADER_ROW + 3]][:3] == [None, "y-zhen", "Y镇"]
    assert ws.cell(row=HEADER_ROW + 3, column=8).value == "不参与排名"
    assert [c.value for c in ws[HEADER_ROW + 4]][:4] == [None, "坏镇", "坏镇", None]
    assert ws.cell(row=HEADER_ROW + 4, column=8).value == "未能评分：1 个问题，见“未能评分的单位”"
    # the header counts every unit, and the failed one has its own section with its errors
    assert ws["A2"].value == "考核年度：2023　　参评单位 5 个：4 个评分完成，1 个未能评分"
    texts = [ws.cell(row=i, column=1).value for i in range(HEADER_ROW + 5, ws.max_row + 1)]
    assert texts[1:4] == ["未能评分的单位（1 个）：材料有错，改正后重新评分", "坏镇（evidence/2023/bad），1 个问题：",
                          "1. unit.yaml:3:1: 缺少 name"]


def test_print_setup(batch_wb):
    for ws in batch_wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
        assert ws.freeze_panes == "A4"
        assert ws.print_title_rows == "$1:$3"  # title, unit and column headers on every printed page
        assert ws.column_dimensions["B"].width > 10
        assert {"A1:G1", "A1:H1"} & {str(m) for m in ws.merged_cells.ranges}
        header = ws.cell(row=HEADER_ROW, column=1)
        assert header.border.left.style == "thin" and header.font.bold


def test_single_result_has_one_sheet(batch):
    r = unit(batch, "x-xiang")
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(r)))
    assert wb.sheetnames == ["X乡"]
    ws = wb["X乡"]
    assert ws.cell(row=HEADER_ROW + 1 + len(shown(r)), column=5).value == 100
    assert ws.cell(row=HEADER_ROW + 2 + len(shown(r)), column=3).value == "优秀"


def test_numbers_are_exact_in_the_xml(batch):
    """The file stores 62.3 and 24.5 as written, not 62.300000000000004."""
    data = render_xlsx(unit(batch, "y-zhen"))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<v>62.3</v>" in sheet and "<v>24.5</v>" in sheet and "<v>1.8</v>" in sheet
    assert "0000000" not in sheet


def test_deterministic_bytes(batch):
    a, b = render_xlsx(batch), render_xlsx(batch)
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as z:
        assert {i.date_time for i in z.infolist()} == {(2023, 12, 31, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert core.count("2023-12-31T00:00:00Z") == 2  # created and modified


def test_sheet_names_follow_excel_rules():
    names = sheet_names(["A/B:[镇]", "排名", "x" * 40, "x" * 40, "'引号'", "Y镇", "y镇"])
    assert names[0] == "A_B__镇_"
    assert names[1] == "排名(2)"
    assert names[2] == "x" * 31 and names[3] == "x" * 28 + "(2)"
    assert names[4] == "引号"
    assert names[5] == "Y镇" and names[6] == "y镇(2)"  # Excel compares sheet names case-insensitively
    assert all(len(n) <= 31 for n in names)


def test_unit_names_are_sanitized_in_the_workbook(batch):
    r = unit(batch, "x-xiang")
    odd = r.model_copy(update={"unit": r.unit.model_copy(update={"name": "X乡/第一片区[试点]" + "很长" * 20})})
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(odd)))
    (name,) = wb.sheetnames
    assert name.startswith("X乡_第一片区_试点_") and len(name) == 31
    assert odd.unit.name in wb[name]["A2"].value
