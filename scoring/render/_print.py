"""What makes a worksheet print: row heights from wrapped text, and the page set-up every sheet shares.

Excel and WPS may or may not fit a row to its wrapped text, and LibreOffice does not when a height is absent
from the file: a sheet for leaders cannot depend on that. So each row's height is computed here from its
cells' text, the column widths and the font size, counting a Chinese (East Asian wide) character as two
columns and any other as one, as Excel's column width is measured in widths of the digit 0.
"""

from __future__ import annotations

import math
import unicodedata

from openpyxl.worksheet.worksheet import Worksheet

from ..i18n import gettext as _

__all__ = ["display_width", "lines_needed", "page_setup", "row_height"]

_LINE = 1.42  # line height as a multiple of the font size: CJK fonts (Noto, SimSun) need ≥ 1.3; kept generous
_PAD = 5.0    # points above and below the text inside a cell


def display_width(text: str) -> int:
    """Columns the text takes: East Asian wide and full-width characters 2, every other character 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def lines_needed(text: str, width: float, size: float, indent: int = 0) -> int:
    """Lines a wrapped cell of column ``width`` (Excel units, 11-point digits) needs at font ``size`` points.

    Latin words wrap whole, so a line breaks earlier than the character count says; one column of slack
    per line and 8% on the count cover that."""
    usable = max(1.0, (width - 1.2 - indent * 1.5) * 11 / size)
    total = 0
    for para in (text or "").split("\n"):
        w = display_width(para)
        latin = sum(1 for ch in para if ch.isascii() and ch.isalnum())
        total += max(1, math.ceil(w * (1.08 if latin > w / 4 else 1.0) / (usable - 1)))
    return total


def row_height(cells: list[tuple[str, float, float, int]], minimum: float = 18.0) -> float:
    """The height in points of a row whose cells are (text, column width, font size, indent)."""
    need = minimum
    for text, width, size, indent in cells:
        if text:
            need = max(need, lines_needed(text, width, size, indent) * size * _LINE + _PAD)
    return round(need, 1)


def _escape(text: str) -> str:
    return text.replace("&", "&&")


def page_setup(ws: Worksheet, *, title_rows: str | None, header_left: str, header_right: str,
               footer_left: str) -> None:
    """A4 landscape, fit to one page wide, ``title_rows`` repeated on every page (none when None), the title and
    the unit in the page header and ``第 N 页，共 M 页`` in the footer, so every printed page says what and whose
    it is."""
    if title_rows is not None:
        ws.print_title_rows = title_rows
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
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    ws.page_margins.header = ws.page_margins.footer = 0.3
    head, foot = ws.oddHeader, ws.oddFooter
    assert head is not None and foot is not None
    head.left.text = _escape(header_left)
    head.left.size = 9
    head.right.text = _escape(header_right)
    head.right.size = 9
    foot.left.text = _escape(footer_left)
    foot.left.size = 9
    foot.center.text = _("第 &P 页，共 &N 页")
    foot.center.size = 9
