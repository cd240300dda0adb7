"""Excel: the official score sheet (序号 / 考核项目 / 分值 / 自评分 / 核定分 / 扣分原因 / 佐证材料), ready to print.

One sheet per unit; for a batch a 排名 sheet comes first. Plain data in, ``bytes`` out; knows nothing of the engine.

Numbers are written as numbers. Points are ``Decimal``; Excel stores IEEE doubles, so a whole number is
written as ``int`` and anything else as ``float(d)``. That is exact for what a person reads: every decimal
with at most 15 significant digits maps to a double whose shortest repr (what openpyxl writes into the XML,
and what Excel shows) is that same decimal, because 15 ≤ DBL_DIG. Points in a rulebook have two or three.
Each cell gets a number format with exactly the decimals the value has (``0``, ``0.0``, ``0.00``), so 24.5
shows as 24.5, not 24.50 or 24.499999.

Output is deterministic: the document properties and the zip entries carry a fixed timestamp derived
from the rulebook year, so the same result gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..i18n import gettext as _
from ..models.result import BatchResult, ScoreResult
from ._print import page_setup, row_height
from .view import (
    batch_counts,
    board_layout,
    board_rows,
    failures,
    num,
    sheet_headers,
    sheet_rows,
    unit_summary,
)

__all__ = ["HEADERS", "RANK_HEADERS", "RANK_SHEET", "render_xlsx", "sheet_names"]

HEADERS = ("序号", "考核项目", "分值", "自评分", "核定分", "扣分原因", "佐证材料")
RANK_HEADERS = ("名次", "编号", "单位", "总分", "满分", "等次", "否决事项", "备注")
RANK_SHEET = "排名"
HEADER_ROW = 3  # row 1: title, row 2: unit and year, row 3: the column headers (repeated on every page)
_WIDTHS = (7, 44, 8, 9, 9, 50, 34)

_FONT = "宋体"
_HEAD_FONT = "黑体"
_SIZE = 10.5
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
_CAT_FILL = PatternFill("solid", fgColor="F2F2F2")
OVER_FILL = PatternFill("solid", fgColor="FFEB9C")  # 自评高于核定
RED = "C00000"
GREEN = "1A7F37"


def _num(v: Decimal | None) -> tuple[int | float | None, str]:
    """A cell value and its number format: int when integral, else the float whose repr is ``v``."""
    if v is None:
        return None, "General"
    if v == v.to_integral_value():
        return int(v), "0"
    exp = v.normalize().as_tuple().exponent
    places = -exp if isinstance(exp, int) else 0
    return float(v), "0." + "0" * places


def sheet_names(names: list[str]) -> list[str]:
    """Excel-safe, unique sheet names: no []:*?/\\, no leading/trailing ', ≤ 31 chars, not 排名/History."""
    taken = {RANK_SHEET.casefold(), _(RANK_SHEET).casefold(), "history"}
    out = []
    for raw in names:
        base = re.sub(r"[\[\]:*?/\\\x00-\x1f]", "_", raw).strip("'").strip() or "单位"
        base = base[:31]
        name, n = base, 1
        while name.casefold() in taken:
            n += 1
            suffix = f"({n})"
            name = base[: 31 - len(suffix)] + suffix
        taken.add(name.casefold())
        out.append(name)
    return out


def _cell(ws: Worksheet, row: int, col: int, value: str | int | float | None, *, fmt: str | None = None,
          align: Alignment = _WRAP, font: Font | None = None, fill: PatternFill | None = None) -> None:
    c = ws.cell(row=row, column=col, value=value)
    c.border = _BORDER
    c.alignment = align
    c.font = font or Font(name=_FONT, size=_SIZE)
    if fmt:
        c.number_format = fmt
    if fill:
        c.fill = fill


def _font(size: float = _SIZE, *, bold: bool = False, color: str | None = None, name: str = _FONT) -> Font:
    return Font(name=name, size=size, bold=bold, color=color)


def _setup(ws: Worksheet, widths: tuple[int, ...], title: str, subtitle: str, headers: list[str],
           unit: str, *, repeat: bool = True) -> None:
    """Title, subtitle and column titles in rows 1–3, frozen below; printed, those rows repeat on every page
    (``repeat``; the page header carries the title and the unit either way)."""
    last = get_column_letter(len(widths))
    for i, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = w
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    ws["A1"] = title
    ws["A1"].font = _font(16, bold=True, name=_HEAD_FONT)
    ws["A1"].alignment = _CENTER
    ws.row_dimensions[1].height = row_height([(title, sum(widths), 16, 0)], 30)
    ws["A2"] = subtitle
    ws["A2"].font = _font(11)
    ws["A2"].alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
    ws.row_dimensions[2].height = row_height([(subtitle, sum(widths), 11, 0)], 20)
    for i, h in enumerate(headers, start=1):
        _cell(ws, HEADER_ROW, i, h, align=_CENTER, font=_font(11, bold=True, name=_HEAD_FONT), fill=_HEAD_FILL)
    ws.row_dimensions[HEADER_ROW].height = row_height(
        [(h, widths[i], 11, 0) for i, h in enumerate(headers)], 20)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    page_setup(ws, title_rows=f"1:{HEADER_ROW}" if repeat else None, header_left=title, header_right=unit,
               footer_left=unit)


def _fit(ws: Worksheet, row: int, widths: tuple[int, ...], cells: dict[int, tuple[str, float, int]],
         minimum: float = 18.0) -> None:
    """Set the row's height from its wrapped cells: column → (text, font size, indent)."""
    ws.row_dimensions[row].height = row_height(
        [(text, widths[col - 1], size, indent) for col, (text, size, indent) in cells.items()], minimum)


def _lines(ws: Worksheet, row: int, widths: tuple[int, ...], texts: list[str], *, size: float = _SIZE,
           color: str | None = None, bold: bool = False) -> int:
    """Full-width text rows under a table (columns A to the last, merged); returns the last row used."""
    last = len(widths)
    for text in texts:
        row += 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        c = ws.cell(row=row, column=1, value=text)
        c.font = _font(size, color=color, bold=bold)
        c.alignment = _WRAP
        _fit(ws, row, (sum(widths),), {1: (text, size, 0)})
    return row


def _signatures(ws: Worksheet, row: int, widths: tuple[int, ...], labels: list[str]) -> int:
    """Signature and date lines: each label followed by room to write, one line each, 30 points high."""
    row += 1
    for label in labels:
        row += 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(widths))
        c = ws.cell(row=row, column=1, value=label)
        c.font = _font(11)
        c.alignment = Alignment(horizontal="left", vertical="bottom")
        ws.row_dimensions[row].height = 30
    return row


def _unit_sheet(ws: Worksheet, r: ScoreResult) -> None:
    sub = _("被考核单位：{unit}　　考核年度：{year}　　满分：{max} 分").format(
        unit=r.unit.name, year=r.rulebook.year, max=num(r.max_total))
    if r.rank is not None:
        sub += "　　" + _("名次：第 {rank} 名").format(rank=r.rank)
    title = _("{title}（评分表）").format(title=r.rulebook.title)
    _setup(ws, _WIDTHS, title, sub, sheet_headers(), r.unit.name)
    row = HEADER_ROW
    for sr in sheet_rows(r):
        row += 1
        bold = sr.depth == 0
        fill = _CAT_FILL if sr.kind == "category" else None
        _cell(ws, row, 1, sr.no, align=_CENTER, font=_font(bold=bold), fill=fill)
        _cell(ws, row, 2, sr.label, align=Alignment(wrap_text=True, vertical="center", indent=sr.depth),
              font=_font(bold=bold), fill=fill)
        value, fmt = _num(sr.max_points)
        _cell(ws, row, 3, value if sr.max_points is not None else sr.max_text, fmt=fmt, align=_CENTER,
              font=_font(bold=bold), fill=fill)
        value, fmt = _num(sr.claimed)
        over = sr.claim == "over"
        _cell(ws, row, 4, value, fmt=fmt, align=_CENTER, font=_font(bold=bold or over),
              fill=OVER_FILL if over else fill)
        value, fmt = _num(sr.points)
        _cell(ws, row, 5, value, fmt=fmt, align=_CENTER, fill=fill, font=_font(bold=bold, color=RED if sr.lost else None))
        lines = sr.reason_lines  # an over-claim is among them: 自评 10 分，核定 3 分，自评偏高 7 分
        red = any(x.tone == "deduct" for x in sr.reasons) or over
        _cell(ws, row, 6, "\n".join(lines), fill=fill, font=_font(10, color=RED if red else None))
        _cell(ws, row, 7, "\n".join(sr.sources), fill=fill, font=_font(9))
        _fit(ws, row, _WIDTHS, {2: (sr.label, _SIZE, sr.depth), 6: ("\n".join(lines), 10, 0),
                                7: ("\n".join(sr.sources), 9, 0)})
    summary = unit_summary(r)
    row += 1
    total_font = _font(11, bold=True, name=_HEAD_FONT)
    _cell(ws, row, 1, "", font=total_font)
    _cell(ws, row, 2, _("总分"), align=_CENTER, font=total_font)
    totals: tuple[tuple[int, Decimal | None], ...] = ((3, r.max_total), (4, r.claimed_total), (5, r.total))
    for col, tv in totals:
        value, fmt = _num(tv)
        _cell(ws, row, col, value, fmt=fmt, align=_CENTER, font=total_font)
    top = [x.line for x in summary.vetoes + summary.entries]
    _cell(ws, row, 6, "\n".join(top), font=_font(10, bold=True, color=RED if top else None))
    _cell(ws, row, 7, "")
    _fit(ws, row, _WIDTHS, {6: ("\n".join(top), 10, 0)}, 22)
    row += 1
    _cell(ws, row, 1, "", font=total_font)
    _cell(ws, row, 2, _("等次"), align=_CENTER, font=total_font)
    ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=5)
    _cell(ws, row, 3, summary.grade or "—", align=_CENTER, font=total_font)
    for col in (4, 5):
        ws.cell(row=row, column=col).border = _BORDER
    note = "；".join(x for x in (_("不参与排名") if summary.unranked else "", summary.left_out) if x)
    _cell(ws, row, 6, note, font=_font(10, bold=True, color=RED if note else None))
    _cell(ws, row, 7, "")
    ws.row_dimensions[row].height = 22
    if summary.outcomes:  # non-point outcomes: a row of their own under the grade, never in the points columns
        row += 1
        _cell(ws, row, 1, "", font=total_font)
        _cell(ws, row, 2, _("表彰与奖励"), align=_CENTER, font=total_font)
        ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=7)
        _cell(ws, row, 3, "\n".join(summary.outcomes), font=_font(10, bold=True, color=GREEN))
        for col in (4, 5, 6, 7):
            ws.cell(row=row, column=col).border = _BORDER
        _fit(ws, row, _WIDTHS, {3: ("\n".join(summary.outcomes), 10, 0)}, 22)
    if summary.excluded:
        row += 1
        row = _lines(ws, row, _WIDTHS, [_("未计入的佐证材料（{n} 条）").format(n=len(summary.excluded))], size=11,
                     bold=True)
        row = _lines(ws, row, _WIDTHS, [f"{x.label} {x.id}（{x.where}）：{x.reason}" for x in summary.excluded],
                     size=10)
    _signatures(ws, row, _WIDTHS, [_("考核人员签字：") + "　" * 16 + _("复核人签字：") + "　" * 16
                                   + _("日期：　　　　年　　月　　日")])


_RANK_COLUMN_WIDTHS = {"rank": 7, "unit_id": 12, "name": 16, "total": 9, "max": 9, "rate": 10, "grade": 10,
                       "vetoes": 40, "outcomes": 30, "notes": 34}


def _rank_sheet(ws: Worksheet, b: BatchResult) -> None:
    layout = board_layout(b)
    widths = tuple(_RANK_COLUMN_WIDTHS[k] for k in layout.keys)
    title = _("{title}（排名）").format(title=b.rulebook.title)
    _setup(ws, widths, title, _("考核年度：{year}　　{counts}").format(
        year=b.rulebook.year, counts=batch_counts(b)), layout.headers(), _("全部单位"))
    row = HEADER_ROW
    for br in board_rows(b):
        row += 1
        red = _font(color=RED)
        texts = dict(zip(layout.keys, br.cells(layout, sep="\n"), strict=True))
        fit: dict[int, tuple[str, float, int]] = {}
        for col, key in enumerate(layout.keys, start=1):
            if key == "rank":
                _cell(ws, row, col, int(br.rank) if br.rank.isdigit() else None, fmt="0", align=_CENTER)
            elif key in ("total", "max"):
                value, fmt = _num(br.total if key == "total" else br.max_total)
                _cell(ws, row, col, value, fmt=fmt, align=_CENTER)
            elif key in ("unit_id", "name", "grade", "rate"):
                _cell(ws, row, col, texts[key], align=_CENTER,
                      font=_font(9) if key == "unit_id" else (red if key == "name" and br.failed else None))
            else:
                marked = key == "vetoes" and br.vetoes or key == "notes" and br.notes
                _cell(ws, row, col, texts[key], font=red if marked else (_font(color=GREEN) if key == "outcomes" and
                                                                        texts[key] else None))
            if key in ("unit_id", "name", "vetoes", "outcomes", "notes"):
                fit[col] = (texts[key], 9 if key == "unit_id" else _SIZE, 0)
        _fit(ws, row, widths, fit)
    fails = failures(b)
    if fails:
        row += 1
        row = _lines(ws, row, widths, [_("未能评分的单位（{n} 个）：材料有错，改正后重新评分").format(n=len(fails))],
                     size=11, bold=True, color=RED)
        for f in fails:
            row = _lines(ws, row, widths, [_("{unit}（{path}），{n} 个问题：").format(
                unit=f.unit, path=f.path, n=len(f.errors))], size=_SIZE, bold=True)
            row = _lines(ws, row, widths, [f"{i}. {e}" for i, e in enumerate(f.errors, start=1)], size=10)
    _signatures(ws, row, widths, [_("制表人：") + "　" * 12 + _("审核人：") + "　" * 12
                                        + _("日期：　　　　年　　月　　日")])

def _deterministic(data: bytes, when: datetime) -> bytes:
    """Rewrite the zip with a fixed timestamp on every entry (zipfile stamps the current time)."""
    out = io.BytesIO()
    stamp = (when.year, when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the time of saving
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + when.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", body)
            dst.writestr(zi, body)
    return out.getvalue()


def render_xlsx(result: ScoreResult | BatchResult) -> bytes:
    """The score sheet as an .xlsx file's bytes: a 排名 sheet first for a batch, then one sheet per unit."""
    wb = Workbook()
    default = wb.active
    results = result.results if isinstance(result, BatchResult) else [result]
    if isinstance(result, BatchResult):
        _rank_sheet(wb.create_sheet(_(RANK_SHEET)), result)
    for name, r in zip(sheet_names([r.unit.name for r in results]), results, strict=True):
        _unit_sheet(wb.create_sheet(name), r)
    if default is not None:
        wb.remove(default)
    when = datetime(result.rulebook.year, 12, 31)
    wb.properties.created = wb.properties.modified = when
    wb.properties.creator = wb.properties.lastModifiedBy = "scoring"
    wb.properties.title = result.rulebook.title
    buf = io.BytesIO()
    wb.save(buf)
    return _deterministic(buf.getvalue(), when)
