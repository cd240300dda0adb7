"""One table (a sheet, or a CSV file) → ``RawRecord``s: the part every spreadsheet format shares.

A reader turns its cells into plain Python values (str, int, Decimal, date,
datetime, bool, None, or :class:`Formula`) and hands the rows here. This module
finds the header, maps each column to a field, and makes one ``RawRecord`` per
non-empty row, located by file/sheet/row and, per field, by column
"header (letter)". Whatever cannot be read is an error at its cell; a row is
never dropped silently. What a value *means* is decided later, in
``scoring.evidence.coerce``, the same for every format.

Numbers: readers give ints as ints and other numbers as ``Decimal(repr(x))``
(the shortest text that reads back as the same float: what Excel shows at full
precision). A number in a date column is an Excel date serial when it lies in
1970–2099; anything else stays a number, and the date check rejects it.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ...errors import EvidenceError, ScoringError, did_you_mean
from ...location import Location
from ...models.rulebook import EvidenceType, Rulebook
from ...values import is_blank
from .._hant import match_label
from ..coerce import RawRecord

__all__ = ["ATTACHMENT_HEADERS", "CHARGED_HEADERS", "ID_HEADERS", "SKIP_HEADERS", "Formula", "Table", "col_letter", "number", "read_table", "type_for"]

ID_HEADERS = ("编号", "id", "ID", "記錄編號", "记录编号")
ATTACHMENT_HEADERS = ("附件", "attachments", "附件路径")
CHARGED_HEADERS = ("计入单位", "charged_to")
"""The column naming the unit a record is charged to (cross-unit evidence; the type must allow it)."""
_SERIAL_MIN, _SERIAL_MAX = 25569, 73050  # 1970-01-01 .. 2099-12-31 in Excel's 1900 date system
_ATT_SEPS = "、;；\n"


class Formula(str):
    """A cell that holds a formula (its text), not a value."""


@dataclass
class Table:
    """A sheet as a reader sees it. ``rows`` yields (row number from 1, cell values)."""

    path: str
    sheet: str | None
    etype: str
    rows: Iterable[tuple[int, Sequence[Any]]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    epoch: _dt.datetime = _dt.datetime(1899, 12, 30)
    rows_seen: int = 0  # non-empty data rows, filled in by read_table


def col_letter(i: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def number(x: float) -> int | Decimal:
    """A float from a spreadsheet as an exact number: integral → int, else ``Decimal(repr(x))``."""
    return int(x) if x.is_integer() else Decimal(repr(x))


def type_for(name: str, rulebook: Rulebook) -> str | None:
    """The evidence type a sheet or CSV file is named after: type name, label, or 繁体 label."""
    name = name.strip()
    if name in rulebook.evidence:
        return name
    labels = {t.label: n for n, t in rulebook.evidence.items() if t.label}
    if name in labels:
        return labels[name]
    return labels.get(match_label(name, labels) or "")


SKIP_HEADERS = ("序号", "备注", "说明", "No.", "note", "notes")
"""Columns a clerk adds out of habit (a running number, remarks): accepted and not read, as the guide says."""
_UNIT = re.compile(r"[（(][^（）()]{1,8}[）)]$")  # a unit at the end of a header: 参加人数（人）, 金额(万元)


def _header_target(text: str, et: EvidenceType) -> str | None:
    """The field a header names: exactly, then without line breaks and spaces (Alt+Enter in Excel), then without
    a unit in brackets at its end; 序号 and 备注 columns are skipped (``#skip``)."""
    squeezed = "".join(text.split())
    for cand in dict.fromkeys((text, squeezed, _UNIT.sub("", squeezed).strip())):
        target = _header_exact(cand, et)
        if target is not None:
            return target
    return "#skip" if squeezed in SKIP_HEADERS else None


def _header_exact(text: str, et: EvidenceType) -> str | None:
    if not text:
        return None
    if text in et.fields:
        return text
    labels = {s.label: n for n, s in et.fields.items() if s.label}
    if text in labels:
        return labels[text]
    if text in ID_HEADERS:
        return "#id"
    if text in ATTACHMENT_HEADERS:
        return "#attachments"
    if text in CHARGED_HEADERS:
        return "#charged_to"
    special = list(ID_HEADERS) + list(ATTACHMENT_HEADERS) + list(CHARGED_HEADERS)
    return labels.get(match_label(text, list(labels) + special) or "") or (
        "#id" if match_label(text, ID_HEADERS) else "#attachments" if match_label(text, ATTACHMENT_HEADERS)
        else "#charged_to" if match_label(text, CHARGED_HEADERS) else None)


def _text(v: Any) -> str:
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, _dt.datetime) and v.time() == _dt.time():
        return v.date().isoformat()
    return str(v).strip()


def read_table(t: Table, rulebook: Rulebook) -> tuple[list[RawRecord], list[ScoringError]]:
    """Records and located errors for one table of evidence type ``t.etype``."""
    et = rulebook.evidence[t.etype]
    errors: list[ScoringError] = []
    out: list[RawRecord] = []

    def at(row: int | None = None, column: str | None = None) -> Location:
        # model_construct: these fields are ours and already valid; validating ~10⁶ of them costs seconds
        return Location.model_construct(path=t.path, line=None, col=None, sheet=t.sheet, row=row, column=column)

    header: dict[int, str] = {}  # column index → field name / "#id" / "#attachments"
    names: dict[int, str] = {}   # column index → "header（letter）"
    header_row = 0
    headerless: dict[int, list[int]] = {}
    anchors: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for m in t.merged:
        for r in range(m[0], m[2] + 1):
            for c in range(m[1], m[3] + 1):
                if (r, c) != (m[0], m[1]):
                    anchors[(r, c)] = m
    pending: tuple[int, Sequence[Any], list[tuple[int, Any]]] | None = None  # a possible title row
    for rno, cells in t.rows:
        filled = [(j, v) for j, v in enumerate(cells) if not is_blank(v)]
        if not filled:
            continue
        if not header_row:
            known = any(_header_target(_text(v), et) is not None for _, v in filled)
            if pending is None and len(filled) == 1 and not known:
                pending = (rno, cells, filled)  # a title above the header, e.g. “X乡2023年活动台账”?
                continue
            if pending is not None and not known:  # no: the single cell was the header itself
                header_row = pending[0]
                _map_header(pending[2], pending[1], header_row, et, t, at, header, names, errors)
            else:
                header_row = rno
                _map_header(filled, cells, rno, et, t, at, header, names, errors)
                continue
        t.rows_seen += 1
        _row(rno, cells, et, t, at, header, names, headerless, anchors, out, errors)
    if not header_row and pending is not None:  # one lone cell in the whole sheet
        _map_header(pending[2], pending[1], pending[0], et, t, at, header, names, errors)
    _missing_columns(et, t, at, header, header_row, out, errors)
    for j, rows in headerless.items():
        errors.append(EvidenceError(
            f"{col_letter(j)} 列没有表头，但有 {len(rows)} 行填了内容（第一处在第 {rows[0]} 行）",
            location=at(rows[0], f"（{col_letter(j)}）"),
            hint=f"在第 {header_row} 行的 {col_letter(j)} 列写上字段名称（{_fields_hint(et)}），或删除这一列的内容"))
    return out, errors


def _missing_columns(et: EvidenceType, t: Table, at: Any, header: dict[int, str], header_row: int,
                     out: list[RawRecord], errors: list[ScoringError]) -> None:
    """A required field with no column is one error, at the header cell that was meant for it (or the header
    row): every record of the sheet would lack it, so none is read, and the error says how many rows that is,
    instead of one error per row. The rows stay, marked ``unread``: their other cells are still checked."""
    if not header_row:
        return
    missing = [n for n, s in et.fields.items() if s.required and s.default is None and n not in header.values()]
    if not missing:
        return
    mine = [r for r in out if r.type == t.etype and r.source.path == t.path and r.source.sheet == t.sheet]
    rows = sorted(r.source.row or 0 for r in mine)
    labels = "、".join(f"“{et.fields[n].label or n}”" for n in missing)
    lost = (f"，第 {rows[0]}–{rows[-1]} 行的 {len(rows)} 条记录都没有读取"
            if len(rows) > 1 else f"，第 {rows[0]} 行的记录没有读取" if rows else "")
    wanted = {et.fields[n].label or n for n in missing}
    for e in errors:  # the unknown header meant for the missing field says it all, once
        if isinstance(e, EvidenceError) and e.suggestion in wanted and e.location is not None and \
                e.location.row == header_row and e.location.sheet == t.sheet and e.location.path == t.path:
            e.message += f"，于是缺少必填的{labels}列{lost}"
            others = "、".join(f"“{x}”" for x in sorted(wanted - {e.suggestion}))
            e.hint = f"把表头改成“{e.suggestion}”" + (f"，并加上{others}列" if others else "")
            break
    else:
        errors.append(EvidenceError(
            f"表头里没有必填的{labels}列{lost}", location=at(header_row),
            hint=f"在第 {header_row} 行加上这一列的表头（可用的列：{_fields_hint(et)}），再填上每一行的值"))
    for r in mine:  # not read, but their other cells are still checked (every error of the sheet at once)
        r.unread = tuple(missing)


def _fields_hint(et: EvidenceType) -> str:
    return "、".join(s.label or n for n, s in et.fields.items())


def _map_header(filled: list[tuple[int, Any]], cells: Sequence[Any], rno: int, et: EvidenceType, t: Table,
                at: Any, header: dict[int, str], names: dict[int, str], errors: list[ScoringError]) -> None:
    seen: dict[str, int] = {}
    for m in t.merged:
        if m[0] <= rno <= m[2] and m[3] > m[1]:
            ref = f"{col_letter(m[1] - 1)}{m[0]}:{col_letter(m[3] - 1)}{m[2]}"
            errors.append(EvidenceError(
                f"表头单元格 {ref} 是合并单元格",
                location=at(rno, f"{_text(cells[m[1] - 1]) if m[1] - 1 < len(cells) else ''}（{col_letter(m[1] - 1)}）"),
                hint="取消合并，让每一列都有自己的表头，例如 日期、活动类别、活动名称 各占一列"))
    labels = [s.label or n for n, s in et.fields.items()]
    for j, v in filled:
        text = _text(v)
        letter = col_letter(j)
        names[j] = f"{''.join(text.splitlines())}（{letter}）"  # an Alt+Enter header, as Excel shows it
        target = _header_target(text, et)
        if target is None:
            errors.append(EvidenceError(
                f"'{et.label or t.etype}' 没有名为 '{text}' 的列", location=at(rno, names[j]), name=text,
                suggestion=did_you_mean(text, labels + ["编号", "附件"]),
                hint="可用的列：编号、" + "、".join(labels) + "、附件；多余的列请删除"))
            continue
        if target == "#charged_to" and not et.charged_to:
            kind = et.label or t.etype
            errors.append(EvidenceError(
                f"'{kind}' 不能写“{text}”：规则文件没有允许{kind}计入其他单位，这一列没有读取", location=at(rno, names[j]),
                name=text, code="evidence.charged-not-allowed",
                hint=f"删除这一列（记录都计入本单位）；确需计入其他单位时，由县里在规则文件的证据类型 {t.etype} 下写 "
                     "charged_to: true"))
            continue
        if target in seen and target != "#skip":
            first = seen[target]
            errors.append(EvidenceError(
                f"列 '{text}' 出现了两次（{col_letter(first)} 列和 {letter} 列）", location=at(rno, names[j]),
                hint="删除重复的一列，或把它改成别的字段名称"))
            continue
        seen[target] = j
        header[j] = target


def _row(rno: int, cells: Sequence[Any], et: EvidenceType, t: Table, at: Any, header: dict[int, str],
         names: dict[int, str], headerless: dict[int, list[int]],
         anchors: dict[tuple[int, int], tuple[int, int, int, int]], out: list[RawRecord],
         errors: list[ScoringError]) -> None:
    values: dict[str, Any] = {}
    locs: dict[str, Location] = {}
    rid: str | None = None
    charged: str | None = None
    atts: list[str] = []
    bad = False
    for j in range(max(len(cells), max(header, default=-1) + 1)):
        v = cells[j] if j < len(cells) else None
        target = header.get(j)
        m = anchors.get((rno, j + 1))
        if m is not None and m[0] < rno and target is not None:
            ref = f"{col_letter(m[1] - 1)}{m[0]}:{col_letter(m[3] - 1)}{m[2]}"
            errors.append(EvidenceError(
                f"这一格在合并单元格 {ref} 里，本行没有自己的值", location=at(rno, names.get(j)),
                hint="取消合并，并在每一行都填上值（可以复制上一行的内容）"))
            bad = True
            continue
        if is_blank(v):
            if target is not None and not target.startswith("#"):
                locs[target] = at(rno, names[j])  # so "required field missing" names the cell
            continue
        if target is None:
            if j not in names:
                headerless.setdefault(j, []).append(rno)
            continue  # an unknown or duplicated column: reported once at its header
        if isinstance(v, Formula):
            errors.append(EvidenceError(
                f"单元格是公式 '{v}'，不是填写的值", location=at(rno, names[j]),
                hint="选中这一格，复制后用“选择性粘贴 → 数值”把公式换成它的结果，例如把 =B2+B3 换成 12"))
            bad = True
            continue
        if target == "#skip":
            continue  # 序号 / 备注: not evidence
        if target == "#id":
            rid = _text(v)
        elif target == "#charged_to":
            charged = _text(v) or None
            locs["charged_to"] = at(rno, names[j])
        elif target == "#attachments":
            text = str(v)
            for sep in _ATT_SEPS:
                text = text.replace(sep, ";")
            atts = [a.strip() for a in text.split(";") if a.strip()]
            locs["#attachments"] = at(rno, names[j])
        else:
            if et.fields[target].type == "date":
                v = _serial(v, t.epoch)
            values[target] = v
            locs[target] = at(rno, names[j])
    if bad:
        return
    out.append(RawRecord(type=t.etype, values=values, source=at(rno), field_locs=locs, id=rid, attachments=atts,
                         charged_to=charged))


def _serial(v: Any, epoch: _dt.datetime) -> Any:
    """An Excel date serial (a plain number in a date column) → its date; other values unchanged."""
    n: Decimal | int | None = None
    if isinstance(v, int | Decimal) and not isinstance(v, bool):
        n = v
    elif isinstance(v, str) and v.strip().isdigit() and len(v.strip()) == 5:
        n = int(v.strip())
    if n is not None and n == int(n) and _SERIAL_MIN <= n <= _SERIAL_MAX:
        return (epoch + _dt.timedelta(days=int(n))).date()
    if isinstance(v, _dt.datetime) and v.time() == _dt.time():
        return v.date()
    return v
