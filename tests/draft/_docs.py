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


def sheet_ods(path: Path, rows: list[list[str]], spans: dict[tuple[int, int], int]) -> Path:
    """A minimal OpenDocument spreadsheet (what WPS and LibreOffice save), written by hand: ``spans`` gives the
    rows a cell is merged down over, ``(row, column) → n``; the covered cells are ``covered-table-cell``."""
    import zipfile
    from xml.sax.saxutils import escape

    covered = {(r + k, c) for (r, c), n in spans.items() for k in range(1, n)}
    body = []
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                cells.append("<table:covered-table-cell/>")
                continue
            span = f' table:number-rows-spanned="{spans[(r, c)]}"' if (r, c) in spans else ""
            cells.append(f'<table:table-cell office:value-type="string"{span}><text:p>{escape(text)}</text:p>'
                         "</table:table-cell>" if text else f"<table:table-cell{span}/>")
        body.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="细则">' + "".join(body)
               + "</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path
