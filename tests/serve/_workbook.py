"""A township's filled workbook, made the way a township makes it: ``scoring template`` then filled in Excel.

The records are another unit's (read with the library), so the score the workbook must give is known from an
independent route: that unit's own folder.
"""

from __future__ import annotations

import datetime as _dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from typer.testing import CliRunner

import scoring
from scoring.cli import app


def template(rules: Path, out: Path) -> Path:
    r = CliRunner().invoke(app, ["template", str(rules), "-o", str(out)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return out


def _cell(v: Any) -> Any:
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else str(v)
    if isinstance(v, tuple | list):
        return "、".join(v)
    return v


def filled(template_path: Path, book: scoring.Rulebook, source: scoring.EvidenceSet, *, unit_id: str, name: str,
           bad_date_row: int | None = None) -> bytes:
    """The template filled with ``source``'s facts, claims and records under a new unit id and name.

    ``bad_date_row``: the activity sheet's row (2 = first record) whose date is written as 2023-13-45."""
    wb = openpyxl.load_workbook(template_path)
    cover = wb["封面"]
    u = source.unit
    in_claims = False
    for row in cover.iter_rows(min_row=1):
        a, b, c = row[0], row[1], row[2]
        if a.value == "序号" and b.value == "编号":
            in_claims = True
            continue
        if in_claims:
            if str(b.value) in u.claims:
                row[4].value = _cell(u.claims[str(b.value)].points)
            continue
        key = c.value
        if key == "id":
            b.value = unit_id
        elif key == "name":
            b.value = name
        elif key == "type":
            b.value = u.type
        elif isinstance(key, str) and key.startswith("facts."):
            b.value = _cell(u.facts[key[len("facts."):]])
    for tname, et in book.evidence.items():
        ws = wb[et.label or tname]
        fields = list(et.fields)
        r = 2
        for rec in source.records:
            if rec.type != tname:
                continue
            ws.cell(r, 1, f"{unit_id}-{rec.id}")
            for j, f in enumerate(fields, start=2):
                v = rec.values.get(f)
                if v is not None:
                    ws.cell(r, j, _cell(v))
            if tname == "activity" and r == bad_date_row:
                ws.cell(r, 2, "2023-13-45")
            r += 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def first_date(d: Any) -> bool:
    return isinstance(d, _dt.date)
