"""Test helper: fill the generated template with an EvidenceSet, as a township would (via openpyxl)."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

import scoring
from scoring.intake import write_template


def cell_value(v: Any) -> Any:
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, tuple):
        return "、".join(v)
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else v
    return v


def fill_template(book: scoring.Rulebook, ev: scoring.EvidenceSet, path: Path) -> dict[str, int]:
    """Write ``ev`` into a fresh template at ``path``; returns rows written per sheet."""
    write_template(book, path)
    wb = openpyxl.load_workbook(path)
    cover = wb["封面"]
    unit = ev.unit
    table = False
    for row in cover.iter_rows():
        key = row[2].value
        if isinstance(key, str) and key in ("id", "name", "type"):
            row[1].value = getattr(unit, key)
        elif isinstance(key, str) and key.startswith("facts."):
            row[1].value = cell_value(unit.facts[key[6:]])
        if row[0].value == "序号" and row[1].value == "编号":
            table = True
        elif table and isinstance(row[1].value, str) and row[1].value in unit.claims:
            c = unit.claims[row[1].value]
            row[4].value = cell_value(c.points)
            row[5].value, row[6].value = c.reason, c.measure
    written: dict[str, int] = {}
    for tname, et in book.evidence.items():
        ws = wb[et.label or tname]
        heads = [c.value for c in ws[1]]
        recs = [r for r in ev.records if r.type == tname]
        for r in recs:
            line: list[Any] = []
            for h in heads:
                if h == "编号":
                    line.append(r.id)
                elif h == "附件":
                    line.append("、".join(r.attachments) or None)
                else:
                    name = next(n for n, s in et.fields.items() if (s.label or n) == h)
                    v = r.values[name]
                    line.append(cell_value(v) if not isinstance(v, _dt.date) else v)
            ws.append(line)
        written[ws.title] = len(recs)
    wb.save(path)
    return written
