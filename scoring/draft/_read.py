"""Documents as counties publish them, read into paragraphs and table rows in document order.

* ``.docx`` (python-docx): paragraphs and tables, in the order they stand in the body. A cell merged
  downwards repeats its text on every row it covers (the row belongs to it); a cell merged across
  columns is kept once, in its first column.
* ``.xlsx`` (openpyxl) and ``.xls`` / ``.ods`` (python-calamine): every sheet as a table; merged ranges
  are treated the same way.
* ``.txt`` / ``.md``: pasted text, one paragraph a line, decoded as the CSV reader decodes
  (byte-order mark, else UTF-8, else GB18030: ``scoring.evidence.readers.detect_encoding``). A Markdown table
  (``| a | b |``) is a table; heading and list marks are dropped.

Nothing here interprets the text: that is ``_outline``'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ScoringError
from ..location import Location

__all__ = ["SUFFIXES", "Block", "DraftInputError", "Paragraph", "Table", "read_document"]

SUFFIXES = (".docx", ".xlsx", ".xlsm", ".xls", ".ods", ".txt", ".md")


class DraftInputError(ScoringError):
    """The document cannot be read as a 考评细则."""


@dataclass
class Paragraph:
    text: str
    where: str


@dataclass
class Table:
    rows: list[list[str]]
    wheres: list[str]
    name: str
    merged_down: set[tuple[int, int]] = field(default_factory=set)
    """(row, column) of cells that continue a cell merged downwards from the row above."""


Block = Paragraph | Table


def read_document(path: str | Path) -> list[Block]:
    """The document's paragraphs and tables, in order. Raises ``DraftInputError`` (in Chinese) when unreadable."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise DraftInputError(f"不能识别的文件类型 '{p.suffix or '（无扩展名）'}'", location=Location(path=str(p)),
                              hint="支持 .docx（Word）、.xlsx/.xls/.ods（表格）、.txt/.md（粘贴的文字）；"
                                   ".doc 请先用 Word 或 WPS 另存为 .docx")
    if not p.is_file():
        raise DraftInputError("找不到这个文件", location=Location(path=str(p)), hint="检查路径和文件名是否写对")
    try:
        if suffix == ".docx":
            return _docx(p)
        if suffix in (".xlsx", ".xlsm"):
            return _xlsx(p)
        if suffix in (".xls", ".ods"):
            return _calamine(p)
        return _text(p)
    except DraftInputError:
        raise
    except Exception as e:  # a broken zip, a password, not really a Word file …
        raise DraftInputError(f"无法打开文件：{type(e).__name__}: {e}", location=Location(path=str(p)),
                              hint="用 Word、Excel 或 WPS 打开后重新另存一次再试；文件是否损坏或加了密码？") from None


def _clean(text: Any) -> str:
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    return str(text).replace("\u3000", " ").replace("\xa0", " ").strip()


def _docx(path: Path) -> list[Block]:
    import docx
    from docx.table import Table as DocxTable

    doc = docx.Document(str(path))
    out: list[Block] = []
    n_par = n_tab = 0
    for block in doc.iter_inner_content():
        if isinstance(block, DocxTable):
            n_tab += 1
            rows: list[list[str]] = []
            down: set[tuple[int, int]] = set()
            above: list[Any] = []
            for r, row in enumerate(block.rows):
                cells = list(row.cells)
                texts: list[str] = []
                for c, cell in enumerate(cells):
                    same_left = c > 0 and cells[c - 1]._tc is cell._tc
                    texts.append("" if same_left else "\n".join(_clean(p.text) for p in cell.paragraphs).strip())
                    if not same_left and c < len(above) and above[c] is cell._tc:
                        down.add((r, c))
                above = [cell._tc for cell in cells]
                rows.append(texts)
            out.append(Table(rows, [f"表格 {n_tab} 第 {r + 1} 行" for r in range(len(rows))], f"表格 {n_tab}", down))
        else:
            n_par += 1
            text = _clean(block.text)
            if text:
                out.append(Paragraph(text, f"第 {n_par} 段"))
    return out


def _sheet_table(name: str, grid: list[list[str]], merged: list[tuple[int, int, int, int]]) -> Table:
    """``merged``: (first row, first column, last row, last column), 0-based inclusive."""
    down: set[tuple[int, int]] = set()
    for r0, c0, r1, c1 in merged:
        top = grid[r0][c0] if r0 < len(grid) and c0 < len(grid[r0]) else ""
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            for c in range(c0, min(c1, len(grid[r]) - 1) + 1):
                if (r, c) == (r0, c0):
                    continue
                grid[r][c] = top if c == c0 else ""
                if c == c0:
                    down.add((r, c))
    while grid and not any(grid[-1]):
        grid.pop()
    return Table(grid, [f"工作表 {name} 第 {r + 1} 行" for r in range(len(grid))], f"工作表 {name}", down)


def _xlsx(path: Path) -> list[Block]:
    import openpyxl

    wb = openpyxl.load_workbook(str(path), data_only=True)  # not read-only: merged ranges are needed
    try:
        out: list[Block] = []
        for ws in wb.worksheets:
            grid = [[_clean(v) for v in row] for row in ws.iter_rows(values_only=True)]
            merged = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
            out.append(_sheet_table(ws.title, grid, merged))
        return out
    finally:
        wb.close()


def _calamine(path: Path) -> list[Block]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    out: list[Block] = []
    for name in wb.sheet_names:
        sheet = wb.get_sheet_by_name(name)
        grid = [[_clean(v) for v in row] for row in sheet.iter_rows()]
        ranges = getattr(sheet, "merged_cell_ranges", None) or []
        merged = [(a[0], a[1], b[0], b[1]) for a, b in ranges]
        out.append(_sheet_table(name, grid, merged))
    return out


_MD_MARK = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|>\s*)")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _text(path: Path) -> list[Block]:
    from ..evidence.readers import detect_encoding

    enc = detect_encoding(path)
    if enc is None:
        raise DraftInputError("无法识别文字文件的编码（既不是 UTF-8，也不是 GBK/GB18030）", location=Location(path=str(path)),
                              hint="用记事本或 WPS 把文件另存为 UTF-8 编码再试")
    lines = path.read_text(encoding=enc).splitlines()
    out: list[Block] = []
    table: Table | None = None
    for n, raw in enumerate(lines, start=1):
        line = raw.strip()
        if path.suffix.lower() == ".md" and line.startswith("|"):
            if _MD_RULE.match(line):
                continue
            if table is None:
                table = Table([], [], f"第 {n} 行的表格")
                out.append(table)
            table.rows.append([_clean(c) for c in line.strip("|").split("|")])
            table.wheres.append(f"第 {n} 行")
            continue
        table = None
        if path.suffix.lower() == ".md":
            line = _MD_MARK.sub("", line).replace("**", "").strip()
        line = _clean(line)
        if line:
            out.append(Paragraph(line, f"第 {n} 行"))
    return out
