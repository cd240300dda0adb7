"""Test helpers: a unit folder with X乡's unit.yaml, and small workbooks written cell by cell."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl

import scoring
from scoring.intake import CheckReport, check_folder

from ..conftest import EVIDENCE_2023


def unit_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "unit"
    folder.mkdir(parents=True)
    shutil.copy(EVIDENCE_2023 / "x-xiang" / "unit.yaml", folder / "unit.yaml")
    return folder


def workbook(path: Path, sheets: dict[str, list[list[Any]]], merged: dict[str, list[str]] | None = None) -> None:
    wb = openpyxl.Workbook()
    assert wb.active is not None  # a new workbook has one sheet
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for ref in (merged or {}).get(name, []):
            ws.merge_cells(ref)
    wb.save(path)


def check(folder: Path, book: scoring.Rulebook, **kw: Any) -> tuple[CheckReport, list[str]]:
    rep = check_folder(folder, book, **kw)
    return rep, [str(e).replace(str(folder) + "/", "") for e in rep.errors]


def rows_accounted(rep: CheckReport, data_rows: set[int]) -> None:
    """Every non-empty data row gave a record or is named by an error; none is invented."""
    got = {r.source.row for r in rep.raws}
    named = {e.location.row for e in rep.errors if e.location is not None and e.location.row is not None}
    assert got <= data_rows
    assert data_rows <= got | named
