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
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from ..models.result import BatchResult, NodeResult, ScoreResult
from ._sheet import is_reason, num

if TYPE_CHECKING:
    from ..location import Location

__all__ = ["HEADERS", "RANK_HEADERS", "RANK_SHEET", "render_xlsx", "sheet_names"]

HEADERS = ("序号", "考核项目", "分值", "自评分", "核定分", "扣分原因", "佐证材料")
RANK_HEADERS = ("名次", "单位", "总分", "满分", "等次", "一票否决", "备注")
RANK_SHEET = "排名"
HEADER_ROW = 3  # row 1: title, row 2: unit and year, row 3: the column headers (repeated on every page)
_WIDTHS = (7, 44, 8, 9, 9, 50, 34)
_RANK_WIDTHS = (7, 16, 10, 10, 10, 40, 24)

_FONT = "宋体"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
_CAT_FILL = PatternFill("solid", fgColor="F2F2F2")
OVER_FILL = PatternFill("solid", fgColor="FFEB9C")  # 自评高于核定
RED = "C00000"


def _num(v: Decimal | None) -> tuple[int | float | None, str]:
    """A cell value and its number format: int when integral, else the float whose repr is ``v``."""
    if v is None:
        return None, "General"
    if v == v.to_integral_value():
        return int(v), "0"
    exp = v.normalize().as_tuple().exponent
    places = -exp if isinstance(exp, int) else 0
    return float(v), "0." + "0" * places


def reason_lines(node: NodeResult) -> list[str]:
    out = []
    for e in node.ledger:
        if is_reason(node, e):
            sign = "+" if e.points > 0 and e.kind in ("bonus", "clamp", "cap") else ""
            out.append(f"{sign}{num(e.points)} {e.reason}" if e.points else e.reason)
    if node.claim == "over" and node.claim_reason:
        out.append(f"自评说明：{node.claim_reason}")
    return out


def evidence_lines(node: NodeResult, unit_path: str | None) -> list[str]:
    """``id（file:line）`` for every record a ledger entry of this node used, once, in order."""
    seen: dict[str, str] = {}
    for e in node.ledger:
        for i, rid in enumerate(e.evidence):
            if rid in seen:
                continue
            src = e.sources[i] if len(e.sources) == len(e.evidence) else None
            if src is None:
                seen[rid] = rid
                continue
            seen[rid] = f"{rid}（{where(src, unit_path)}）"
    return list(seen.values())


def where(src: Location, unit_path: str | None) -> str:
    """A record's source, short: the file relative to the unit's folder, and its line (or sheet/row)."""
    path = src.path or ""
    if unit_path and path.startswith(unit_path.rstrip("/") + "/"):
        path = path[len(unit_path.rstrip("/")) + 1:]
    if src.line is not None:
        return f"{path}:{src.line}"
    if src.sheet:
        return f"{path}/{src.sheet}/{src.row}"
    return path


def sheet_names(names: list[str]) -> list[str]:
    """Excel-safe, unique sheet names: no []:*?/\\, no leading/trailing ', ≤ 31 chars, not 排名/History."""
    taken = {RANK_SHEET.casefold(), "history"}
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
    c.font = font or Font(name=_FONT, size=10.5)
    if fmt:
        c.number_format = fmt
    if fill:
        c.fill = fill


def _setup(ws: Worksheet, widths: tuple[int, ...], title: str, subtitle: str, headers: tuple[str, ...]) -> None:
    last = chr(ord("A") + len(widths) - 1)
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    ws["A1"] = title
    ws["A1"].font = Font(name="黑体", size=16, bold=True)
    ws["A1"].alignment = _CENTER
    ws.row_dimensions[1].height = 36
    ws["A2"] = subtitle
    ws["A2"].font = Font(name=_FONT, size=11)
    ws["A2"].alignment = Alignment(horizontal="left", vertical="center")
    for i, h in enumerate(headers, start=1):
        _cell(ws, HEADER_ROW, i, h, align=_CENTER, font=Font(name="黑体", size=11, bold=True), fill=_HEAD_FILL)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ps = ws.page_setup
    ps.orientation = "landscape"
    ps.paperSize = ws.PAPERSIZE_A4
    ps.fitToWidth = 1
    ps.fitToHeight = 0
    # openpyxl creates these parts with every worksheet; its stubs type them as optional.
    page_setup_pr = ws.sheet_properties.pageSetUpPr
    assert page_setup_pr is not None
    page_setup_pr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    odd_footer = ws.oddFooter
    assert odd_footer is not None
    odd_footer.center.text = "第 &P 页，共 &N 页"


def _unit_sheet(ws: Worksheet, r: ScoreResult) -> None:
    sub = f"被考核单位：{r.unit.name}　　考核年度：{r.rulebook.year}　　满分：{num(r.max_total)} 分"
    if r.rank is not None:
        sub += f"　　名次：第 {r.rank} 名"
    _setup(ws, _WIDTHS, f"{r.rulebook.title}（评分表）", sub, HEADERS)
    row = HEADER_ROW
    for node in r.items:
        if not node.applicable:
            continue  # left out; counted under the totals
        row += 1
        bold = node.depth == 0
        base = Font(name=_FONT, size=10.5, bold=bold)
        fill = _CAT_FILL if node.kind == "category" else None
        title = node.title
        _cell(ws, row, 1, node.no or "", align=_CENTER, font=base, fill=fill)
        _cell(ws, row, 2, title, align=Alignment(wrap_text=True, vertical="center", indent=node.depth),
              font=base, fill=fill)
        for col, v in ((3, node.max_points), (5, node.shown)):
            value, fmt = _num(v)
            lost = col == 5 and node.kind != "bonus" and node.points < node.max_points
            _cell(ws, row, col, value, fmt=fmt, align=_CENTER, fill=fill,
                  font=Font(name=_FONT, size=10.5, bold=bold, color=RED if lost else None))
        value, fmt = _num(node.claimed)
        over = node.claim == "over"
        _cell(ws, row, 4, value, fmt=fmt, align=_CENTER, font=Font(name=_FONT, size=10.5, bold=bold or over),
              fill=OVER_FILL if over else fill)
        reasons = reason_lines(node)
        red = any(e.points < 0 for e in node.ledger) or over
        _cell(ws, row, 6, "\n".join(reasons), fill=fill, font=Font(name=_FONT, size=10, color=RED if red else None))
        _cell(ws, row, 7, "\n".join(evidence_lines(node, r.unit.path)), fill=fill, font=Font(name=_FONT, size=9))
    # totals: 总分 row with numbers, then 等次
    row += 1
    total_font = Font(name="黑体", size=11, bold=True)
    _cell(ws, row, 1, "", font=total_font)
    _cell(ws, row, 2, "总分", align=_CENTER, font=total_font)
    totals: tuple[tuple[int, Decimal | None], ...] = ((3, r.max_total), (4, r.claimed_total), (5, r.total))
    for col, tv in totals:
        value, fmt = _num(tv)
        _cell(ws, row, col, value, fmt=fmt, align=_CENTER, font=total_font)
    top = [f"{num(e.points)} {e.reason}" if e.points else e.reason for e in r.ledger if e.kind != "round"]
    top += [f"否决事项：{v.reason}" for v in r.vetoes if v.fired and v.effect != "zero_total"]
    _cell(ws, row, 6, "\n".join(top), font=Font(name=_FONT, size=10, bold=True, color=RED if top else None))
    _cell(ws, row, 7, "")
    row += 1
    _cell(ws, row, 1, "", font=total_font)
    _cell(ws, row, 2, "等次", align=_CENTER, font=total_font)
    ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=5)
    _cell(ws, row, 3, r.grade or "—", align=_CENTER, font=total_font)
    for col in (4, 5):
        ws.cell(row=row, column=col).border = _BORDER
    note = "；".join(x for x in ("不参与排名" if r.excluded_from_ranking else "",
                                 f"另有 {r.not_applicable} 项不适用本单位，未列出" if r.not_applicable else "") if x)
    _cell(ws, row, 6, note, font=Font(name=_FONT, size=10, bold=True, color=RED if note else None))
    _cell(ws, row, 7, "")
    if r.excluded:
        row += 2
        ws.cell(row=row, column=1, value=f"未计入的佐证材料（{len(r.excluded)} 条）").font = Font(name="黑体", size=11)
        for x in r.excluded:
            row += 1
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=7)
            c = ws.cell(row=row, column=2, value=f"{x.id}（{where(x.source, r.unit.path)}）：{x.reason}")
            c.font = Font(name=_FONT, size=10)
            c.alignment = _WRAP
    row += 2
    ws.cell(row=row, column=2, value="考核人员签字：").font = Font(name=_FONT, size=11)
    ws.cell(row=row, column=6, value="日期：　　　　年　　月　　日").font = Font(name=_FONT, size=11)


def _rank_sheet(ws: Worksheet, b: BatchResult) -> None:
    _setup(ws, _RANK_WIDTHS, f"{b.rulebook.title}（排名）",
           f"考核年度：{b.rulebook.year}　　参评单位：{len(b.results)} 个", RANK_HEADERS)
    by_id = {r.unit.id: r for r in b.results}
    row = HEADER_ROW
    for s in b.leaderboard:
        row += 1
        r = by_id.get(s.unit_id)
        titles = {v.id: v.title for v in r.vetoes} if r else {}
        vetoes = "；".join(titles.get(v, v) for v in s.vetoed)
        total, fmt = _num(s.total)
        maxp, mfmt = _num(r.max_total if r else None)
        red = Font(name=_FONT, size=10.5, color=RED)
        _cell(ws, row, 1, s.rank, fmt="0", align=_CENTER)
        _cell(ws, row, 2, s.name, align=_CENTER)
        _cell(ws, row, 3, total, fmt=fmt, align=_CENTER)
        _cell(ws, row, 4, maxp, fmt=mfmt, align=_CENTER)
        _cell(ws, row, 5, s.grade or "", align=_CENTER)
        _cell(ws, row, 6, vetoes, font=red if vetoes else None)
        _cell(ws, row, 7, "不参与排名" if s.excluded_from_ranking else "", font=red)
    for err in b.errors:
        row += 1
        _cell(ws, row, 1, None)
        _cell(ws, row, 2, err.unit, align=_CENTER)
        for col in (3, 4, 5):
            _cell(ws, row, col, None)
        _cell(ws, row, 6, "\n".join(err.errors), font=Font(name=_FONT, size=10, color=RED))
        _cell(ws, row, 7, "评分失败，未参与排名", font=Font(name=_FONT, size=10.5, color=RED))


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
        _rank_sheet(wb.create_sheet(RANK_SHEET), result)
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
