"""Documents in the shapes counties publish, built at test time."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl


def numbered_docx(path: Path, paragraphs: list[str]) -> Path:
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    d.save(str(path))
    return path


def table_docx(path: Path, before: list[str], rows: list[list[str]],
               merges: list[tuple[int, int, int, int]]) -> Path:
    """A Word table; ``merges``: (first row, first column, last row, last column), 0-based inclusive.

    Merged cells get their text in the first cell only, as Word keeps it."""
    d = docx.Document()
    for text in before:
        d.add_paragraph(text)
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    covered = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
               if (r, c) != (r0, c0)}
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if (r, c) not in covered:
                table.cell(r, c).text = text
    for r0, c0, r1, c1 in merges:
        kept = table.cell(r0, c0).text
        merged = table.cell(r0, c0).merge(table.cell(r1, c1))
        merged.text = kept
    d.save(str(path))
    return path


def sheet_xlsx(path: Path, rows: list[list[object]], merges: list[str]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "考评细则"
    for row in rows:
        ws.append(row)
    for rng in merges:
        ws.merge_cells(rng)
    wb.save(str(path))
    return path
