"""The Excel template a township fills in, generated from a rulebook.

Sheet 封面: the rulebook's title, year and period, instructions, the unit's
details and facts (one row each: label, value, key) and the self-assessment
table (序号, 编号, 考核项目, 分值, 自评分, 失分原因, 整改措施). Then one sheet per
evidence type, named by its label, with a header row of field labels between
编号 and 附件, data validation on 1,000 rows, a frozen header and a comment on
each header saying what to write. ``scoring.intake.write_template(book, path)``.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from ..compile.plan import plan_of
from ..evidence.readers.cover import CLAIM_HEADERS, COVER, LISTS, UNIT_KEYS
from ..evidence.readers.table import col_letter
from ..files import write_atomic
from ..models.pertype import PerType
from ..models.rulebook import FieldSpec, Rulebook
from ..values import decimal_text

__all__ = ["LISTS", "range_text", "template_bytes", "write_template"]

ROWS = 1000
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})
_TYPE_HELP = {
    "text": "文字", "int": "整数，例如 12", "decimal": "数字，例如 3.5", "date": "日期，例如 2023-05-01",
    "bool": "从下拉框选 是 或 否", "enum": "从下拉框选择", "list": "多项用顿号（、）分隔",
}


def _instructions(book: Rulebook) -> list[str]:
    return [
        "填写说明：",
        "1. 在本页填写单位编号、单位名称、单位类型和单位数据，并在下方自评表的“自评分”列填写每一项的自评分；"
        "失分时填写失分原因和整改措施。C 列的灰色文字是系统字段，请勿修改。",
        "2. 每个工作表是一类佐证材料（" + "、".join(t.label or n for n, t in book.evidence.items())
        + "）。每条记录占一行，从第 2 行开始连续往下填，不要合并单元格，不要改动第 1 行的表头。",
        "3. 日期写成 2023-05-01（也可以写 2023/5/1 或 2023年5月1日）；数字只写数字，不要写单位；"
        "有下拉框的列请从下拉框中选择。",
        "4. “编号”可以不填（系统自动编号）；“附件”填写佐证材料文件的路径（相对于本文件所在的文件夹），"
        "多个文件用顿号（、）或分号分隔，例如 照片/三八慰问1.jpg、照片/三八慰问2.jpg。",
        "5. 不要使用公式；某类材料没有记录时，该工作表只保留表头即可。",
    ] + ([
        "6. 有“计入单位”一列的工作表（" + "、".join(t.label or n for n, t in book.evidence.items() if t.charged_to)
        + "）：记录按细则算在别的单位时（例如肇事车辆登记在别的乡镇），填那个单位的编号或名称；不填或填本单位则计入本单位。"
    ] if any(t.charged_to for t in book.evidence.values()) else [])


def _sheet_name(text: str) -> str:
    return text.translate(_BAD_SHEET_CHARS)[:31]


def range_text(lo: Decimal | None, hi: Decimal | None) -> str:
    """``（0 到 100）``, ``（不小于 0）``, ``（不大于 100）`` or nothing: never ``None`` in front of a clerk."""
    if lo is not None and hi is not None:
        return f"（{decimal_text(lo)} 到 {decimal_text(hi)}）"
    if lo is not None:
        return f"（不小于 {decimal_text(lo)}）"
    if hi is not None:
        return f"（不大于 {decimal_text(hi)}）"
    return ""


class Lists:
    """Value lists too long for Excel's inline list (255 characters) go to a hidden sheet, one column each."""

    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self.ws: Any = None

    def formula(self, values: list[str]) -> str:
        inline = '"' + ",".join(values) + '"'
        if len(inline) <= 255 and not any("," in v or '"' in v for v in values):
            return inline
        if self.ws is None:
            self.ws = self.wb.create_sheet(LISTS)
            self.ws.sheet_state = "hidden"
        col = col_letter(self.ws.max_column if self.ws["A1"].value is not None else 0)
        for i, v in enumerate(values, start=1):
            self.ws[f"{col}{i}"] = v
        return f"'{LISTS}'!${col}$1:${col}${len(values)}"


def _validation(spec: FieldSpec, label: str, lists: Lists) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    t = spec.type
    title = label[:32]
    if t in ("enum", "bool"):
        values = (spec.values or []) if t == "enum" else ["是", "否"]
        return DataValidation(type="list", formula1=lists.formula(values), allow_blank=True, showErrorMessage=True,
                              errorTitle=title, error=("请从下拉框中选择：" + "、".join(values))[:255])
    if t == "date":
        # a prompt, not a rule: the guide allows 2023.3.8 and 2023年3月8日, which Excel keeps as text; the
        # spelling is checked when the file is read, with a message that names the cell
        return DataValidation(type="custom", formula1="TRUE", allow_blank=True, showErrorMessage=False,
                              showInputMessage=True, promptTitle=title,
                              prompt="日期，例如 2023-05-01；也可以写 2023/5/1、2023.5.1 或 2023年5月1日")
    if t in ("int", "decimal"):
        lo = spec.min if spec.min is not None else Decimal(-999999999)
        hi = spec.max if spec.max is not None else Decimal(999999999)
        kind: Literal["whole", "decimal"] = "whole" if t == "int" else "decimal"
        return DataValidation(type=kind, operator="between", formula1=str(lo), formula2=str(hi), allow_blank=True,
                              showErrorMessage=True, errorTitle=title,
                              error=f"请填写{'整数' if t == 'int' else '数字'}" + range_text(spec.min, spec.max))
    return None


def _cover(wb: Any, book: Rulebook, unit_type: str | None = None) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb.active
    ws.title = COVER
    bold, grey = Font(bold=True), Font(color="999999", size=9)
    ws.append([book.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:G1")
    period = book.period
    ws.append(["年度", book.year, "考核期", f"{period.start} 至 {period.end}"])
    for line in _instructions(book):
        ws.append([line])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=7)
        ws.cell(ws.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[ws.max_row].height = 32
    ws.append([])
    ws.append(["单位信息"])
    ws.cell(ws.max_row, 1).font = bold
    fill = PatternFill("solid", fgColor="FFF2CC")
    for key, label in UNIT_KEYS.items():
        ws.append([label, None, key])
        ws.cell(ws.max_row, 2).fill = fill
        ws.cell(ws.max_row, 3).font = grey
        if key == "type" and book.unit_types:
            dv = DataValidation(type="list", formula1='"' + ",".join(book.unit_types) + '"', allow_blank=True)
            ws.add_data_validation(dv)
            dv.add(ws.cell(ws.max_row, 2))
    for name, spec in book.facts.items():
        ws.append([spec.label or name, None, f"facts.{name}"])
        ws.cell(ws.max_row, 2).fill = fill
        ws.cell(ws.max_row, 3).font = grey
        ws.cell(ws.max_row, 2).comment = Comment(_TYPE_HELP.get(spec.type, ""), "scoring")
    ws.append([])
    ws.append(["自评表"])
    ws.cell(ws.max_row, 1).font = bold
    ws.append(list(CLAIM_HEADERS))
    for j in range(1, 8):
        ws.cell(ws.max_row, j).font = bold
    plan = plan_of(book)
    for node in plan.nodes():
        if node.kind != "item" or (unit_type is not None and not node.applies(unit_type)):
            continue  # for one unit type, the items that do not apply to it are left out
        pts = node.spec.points
        top = node.max_points(unit_type) if unit_type is not None or not isinstance(pts, PerType) else max(pts.values())
        ws.append([node.spec.no or "", node.id, node.spec.title, top])
        r = ws.max_row
        ws.cell(r, 3).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(r, 5).fill = fill
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=str(top), allow_blank=True,
                            showErrorMessage=True, errorTitle="自评分", error=f"自评分要在 0 到 {top} 之间")
        ws.add_data_validation(dv)
        dv.add(ws.cell(r, 5))
    for letter, width in zip("ABCDEFG", (12, 22, 50, 8, 10, 30, 30), strict=True):
        ws.column_dimensions[letter].width = width


def _evidence_sheet(wb: Any, tname: str, book: Rulebook, lists: Lists) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    et = book.evidence[tname]
    ws = wb.create_sheet(_sheet_name(et.label or tname))
    charged = ["计入单位"] if et.charged_to else []  # cross-unit evidence: the unit the record is charged to
    heads = ["编号"] + [s.label or n for n, s in et.fields.items()] + charged + ["附件"]
    ws.append(heads)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    for j, h in enumerate(heads, start=1):
        c = ws.cell(1, j)
        c.font = Font(bold=True)
        c.fill = head_fill
        ws.column_dimensions[col_letter(j - 1)].width = max(10, min(40, 2 * len(h) + 4))
    ws.cell(1, 1).comment = Comment("可不填，系统会自动编号；填写时每条记录的编号要不同", "scoring")
    ws.cell(1, len(heads)).comment = Comment("佐证材料文件的相对路径，多个用顿号（、）分隔", "scoring")
    if charged:
        ws.cell(1, len(heads) - 1).comment = Comment(
            "选填：这条记录按细则算在哪个单位，就写那个单位的编号或名称（例如车辆登记地 Y镇）；"
            "不填或写本单位时计入本单位", "scoring")
    for j, (name, spec) in enumerate(et.fields.items(), start=2):
        letter = col_letter(j - 1)
        need = "必填" if spec.required and spec.default is None else "选填"
        ws.cell(1, j).comment = Comment(f"{need}；{_TYPE_HELP.get(spec.type, '')}（字段 {name}）", "scoring")
        rng = f"{letter}2:{letter}{ROWS + 1}"
        dv = _validation(spec, spec.label or name, lists)
        if dv is not None:
            ws.add_data_validation(dv)
            dv.add(rng)
        if spec.type == "date":
            ws.column_dimensions[letter].number_format = "yyyy-mm-dd"  # the whole column, without creating cells
            ws.column_dimensions[letter].width = 14
        elif spec.type == "text":
            ws.column_dimensions[letter].width = 36
    ws.freeze_panes = "A2"


def template_bytes(book: Rulebook, unit_type: str | None = None) -> bytes:
    """The template as ``.xlsx`` bytes."""
    import openpyxl

    wb = openpyxl.Workbook()
    _cover(wb, book, unit_type)
    lists = Lists(wb)
    for tname in book.evidence:
        _evidence_sheet(wb, tname, book, lists)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_template(book: Rulebook, path: str | Path, unit_type: str | None = None) -> None:
    """Write the Excel template for ``book`` to ``path`` (atomically); for ``unit_type`` only, when given: the
    self-score table then lists only the items that apply to that type, with that type's points."""
    write_atomic(path, template_bytes(book, unit_type))
