"""CSV: one row per node (score) or per unit (rank), for spreadsheets and other tools.

Written as UTF-8 **with a BOM** (the three bytes EF BB BF first) and CRLF line ends, so that
Excel opens the Chinese text correctly by double-click; other tools read the BOM as UTF-8's mark.
"""

from __future__ import annotations

import csv as _csv
import io
from typing import Any

from ..i18n import gettext as _
from ..models.result import BatchResult, ScoreResult
from .view import board_layout, board_rows, failures, outcome_lines, sheet_headers, sheet_rows

__all__ = ["BOM", "render_csv"]

BOM = "\ufeff"


def _write(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = _csv.writer(buf, lineterminator="\r\n")
    w.writerows(rows)
    return BOM + buf.getvalue()


def _score(r: ScoreResult) -> list[list[str]]:
    h = sheet_headers()
    rows = [h[:1] + [_("编号")] + h[1:] + [_("层级"), _("自评比较")]]
    claims = {"match": _("一致"), "over": _("自评偏高"), "under": _("自评偏低"), "missing": _("未自评")}
    for row in sheet_rows(r):
        rows.append([row.no, row.id, row.label, row.max_text, row.claimed_text, row.points_text,
                     "；".join(row.reason_lines), "；".join(row.sources), str(row.depth), claims.get(row.claim or "", "")])
    for o, line in zip(r.granted, outcome_lines(r), strict=False):  # non-point outcomes: no points of their own
        rows.append(["", o.id, line, "", "", "", "", "", "", ""])
    return rows


def _board(b: BatchResult) -> list[list[str]]:
    """One row per unit; a unit that could not be scored has no rank or total, and its errors in 备注."""
    layout = board_layout(b)
    rows = [layout.headers()]
    errors = {f.unit: f.errors for f in failures(b)}
    for row in board_rows(b):
        notes = row.notes + (errors.get(row.unit_id, []) if row.failed else [])
        cells = row.cells(layout)
        cells[layout.index("notes")] = "\n".join(notes)
        rows.append(cells)
    return rows


def render_csv(result: Any) -> str:
    """A ``ScoreResult`` or a ``BatchResult`` as CSV text (starting with a BOM)."""
    if isinstance(result, BatchResult):
        return _write(_board(result))
    if isinstance(result, ScoreResult):
        return _write(_score(result))
    raise TypeError(f"cannot render {type(result).__name__} as csv")
