"""Excel workbooks: ``.xlsx`` with openpyxl (streaming), ``.xls`` / ``.ods`` with python-calamine.

Each sheet named after an evidence type (its name or label, 繁体 too) is one
table; the cover sheet 封面 holds the unit's details and self-assessment; a sheet
with another name is an error if it has content, and ignored if it is empty
(Sheet2, Sheet3 …).

``.xlsx`` is read with ``read_only=True`` (rows are streamed, memory stays
bounded whatever the file size) and ``data_only=False``, so a formula is seen as
a formula and reported, never replaced by a cached result that may be stale.
"""

from __future__ import annotations

import datetime as _dt
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, cast

from ...compile.yaml import Positions
from ...errors import EvidenceError, ScoringError, did_you_mean
from ...location import Location
from ...models.rulebook import Rulebook
from ..coerce import RawRecord
from . import SHEET_SUFFIXES
from .cover import COVER, LISTS, cover_to_unit
from .table import Formula, Table, number, read_table, type_for

__all__ = ["find_cover_unit", "read_calamine", "read_xlsx"]

SUFFIXES = SHEET_SUFFIXES


def _open_xlsx(path: Path) -> Any:
    import openpyxl

    with warnings.catch_warnings():
        # openpyxl warns that it drops Excel's data-validation *extensions* (lists from other
        # sheets) when reading; we only read values, so that loss does not concern us.
        warnings.filterwarnings("ignore", message="Data Validation extension is not supported",
                                category=UserWarning, module="openpyxl")
        warnings.filterwarnings("ignore", message="Conditional Formatting extension is not supported",
                                category=UserWarning, module="openpyxl")
        try:
            return openpyxl.load_workbook(path, read_only=True, data_only=False)
        except Exception as e:  # zipfile.BadZipFile, KeyError, InvalidFileException …
            raise EvidenceError(f"无法打开 Excel 文件：{e}", location=Location(path=str(path)),
                                hint="用 Excel 或 WPS 打开后另存为 .xlsx 再试；文件是否已损坏或加了密码？") from None


def _cell(c: Any) -> Any:
    v = c.value
    if v is None:
        return None
    if getattr(c, "data_type", None) == "f":
        return Formula(v if isinstance(v, str) else getattr(v, "text", None) or str(v))
    if isinstance(v, float):
        return number(v)
    return v


def _rows_xlsx(ws: Any) -> Iterator[tuple[int, Sequence[Any]]]:
    ws.reset_dimensions()  # trust the cells, not the (often wrong) dimension written by other programs
    for r, row in enumerate(ws.iter_rows(), start=1):
        yield r, [_cell(c) for c in row]


def _merged(ws: Any) -> list[tuple[int, int, int, int]]:
    """Merged ranges of a read-only sheet, by streaming its XML (read-only sheets do not expose them)."""
    from openpyxl.utils.cell import range_boundaries

    out: list[tuple[int, int, int, int]] = []
    try:
        src = ws._get_source()  # openpyxl ReadOnlyWorksheet: the sheet's XML stream
    except Exception:  # pragma: no cover - defensive: a future openpyxl without it
        return out
    with src:
        for _, el in ET.iterparse(src):
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "mergeCell" and (ref := el.get("ref")):
                # a merge ref is always a full cell range (A1:B2), so every bound is set
                c1, r1, c2, r2 = cast("tuple[int, int, int, int]", range_boundaries(ref))
                out.append((r1, c1, r2, c2))
            elif tag in ("row", "c", "v", "f", "is", "t"):
                el.clear()
    return out


def _sheet_errors(path: str, sheet: str, rulebook: Rulebook) -> ScoringError:
    types = list(rulebook.evidence) + [t.label for t in rulebook.evidence.values() if t.label]
    return EvidenceError(
        f"工作表 '{sheet}' 不是规则文件里的证据类型，其中的内容没有读取", location=Location(path=path, sheet=sheet),
        suggestion=did_you_mean(sheet, types),
        hint="把工作表改名为证据类型的名称（" + "、".join(t.label or n for n, t in rulebook.evidence.items())
             + "），或把内容移到对应的工作表；不用的工作表请删除")


def _nonempty(rows: Iterator[tuple[int, Sequence[Any]]]) -> bool:
    return any(any(v is not None and str(v).strip() for v in cells) for _, cells in rows)


def read_xlsx(path: Path, rulebook: Rulebook) -> tuple[list[RawRecord], list[ScoringError]]:
    """Records from every evidence sheet of an ``.xlsx`` workbook."""
    wb = _open_xlsx(path)
    out: list[RawRecord] = []
    errors: list[ScoringError] = []
    try:
        epoch = _dt.datetime(1904, 1, 1) if wb.epoch.year == 1904 else _dt.datetime(1899, 12, 30)
        for ws in wb.worksheets:
            name = ws.title
            if name.strip() in (COVER, LISTS):  # the cover is read by find_cover_unit; LISTS holds dropdowns
                continue
            etype = type_for(name, rulebook)
            if etype is None:
                if _nonempty(_rows_xlsx(ws)):
                    errors.append(_sheet_errors(str(path), name, rulebook))
                continue
            t = Table(str(path), name, etype, _rows_xlsx(ws), _merged(ws), epoch)
            recs, errs = read_table(t, rulebook)
            out += recs
            errors += errs
    finally:
        wb.close()
    return out, errors


def _calamine_rows(sheet: Any) -> Iterator[tuple[int, Sequence[Any]]]:
    for r, row in enumerate(sheet.iter_rows(), start=1):
        yield r, [number(v) if isinstance(v, float) else (None if v == "" else v) for v in row]


def _open_calamine(path: Path) -> Any:
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as e:  # CalamineError, PasswordError, ZipError …
        raise EvidenceError(f"无法打开表格文件：{e}", location=Location(path=str(path)),
                            hint="用 Excel 或 WPS 打开后另存为 .xlsx 再试；文件是否已损坏或加了密码？") from None


def read_calamine(path: Path, rulebook: Rulebook) -> tuple[list[RawRecord], list[ScoringError]]:
    """Records from an ``.xls`` (Excel 97–2003) or ``.ods`` (OpenDocument / WPS) workbook.

    python-calamine gives cached values, not formulas, so formula cells cannot be told apart here."""
    wb = _open_calamine(path)
    out: list[RawRecord] = []
    errors: list[ScoringError] = []
    for name in wb.sheet_names:
        if name.strip() in (COVER, LISTS):
            continue
        sheet = wb.get_sheet_by_name(name)
        etype = type_for(name, rulebook)
        if etype is None:
            if _nonempty(_calamine_rows(sheet)):
                errors.append(_sheet_errors(str(path), name, rulebook))
            continue
        recs, errs = read_table(Table(str(path), name, etype, _calamine_rows(sheet)), rulebook)
        out += recs
        errors += errs
    return out, errors


def find_cover_unit(folder: Path, errors: list[ScoringError]) -> tuple[Any, Positions, str] | None:
    """The unit's details from the 封面 sheet of a filled template in ``folder`` (see ``UNIT_FINDERS``)."""
    found: list[tuple[Any, Positions, str]] = []
    # with a unit.yaml the cover is not the unit's source ("written in two places" is reported instead)
    mine = None if any((folder / n).is_file() for n in ("unit.yaml", "unit.yml")) else errors
    for f in sorted(folder.iterdir()):
        if f.suffix.lower() not in SUFFIXES or not f.is_file() or f.name.startswith((".", "~$")):
            continue
        try:
            if f.suffix.lower() in (".xlsx", ".xlsm"):
                wb = _open_xlsx(f)
                try:
                    ws = next((w for w in wb.worksheets if w.title.strip() == COVER), None)
                    got = cover_to_unit(_rows_xlsx(ws), str(f), mine) if ws is not None else None
                finally:
                    wb.close()
            else:
                cw = _open_calamine(f)
                name = next((n for n in cw.sheet_names if n.strip() == COVER), None)
                got = cover_to_unit(_calamine_rows(cw.get_sheet_by_name(name)), str(f), mine) if name else None
        except ScoringError:
            continue  # a file that does not open is reported once, by its record reader
        if got is not None and got[2]:
            found.append((got[0], got[1], str(f)))
    for _, _, other in found[1:]:
        errors.append(EvidenceError(f"有两个文件都填了封面（单位信息和自评分）：{found[0][2]} 和 {other}",
                                    location=Location(path=other, sheet=COVER),
                                    hint="一个单位只交一份封面：删除多余文件里的封面内容"))
    return found[0] if found else None
