"""Record readers, one module per file format, and the registry that maps a file suffix to its reader.

The registry is written out here, explicitly: nothing registers itself by being imported.

- ``yaml``: ``.yaml``/``.yml``/``.json`` record files
- ``xlsx``: ``.xlsx``/``.xlsm`` (openpyxl), ``.xls``/``.ods`` (python-calamine); the 封面 sheet of a filled
  template as the unit's details (``find_cover_unit``)
- ``csv``: ``.csv`` in any common Chinese encoding
- ``table`` (rows of a sheet → records) and ``cover`` (the cover sheet's layout) serve the spreadsheet readers

The spreadsheet and CSV readers (and openpyxl, python-calamine) are imported only when such a file is read:
a folder of YAML files never loads them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...compile.yaml import Positions
from ...errors import ScoringError
from ...models.rulebook import Rulebook
from ..coerce import RawRecord
from .yaml import read_yaml_records

__all__ = ["READERS", "SHEET_SUFFIXES", "UNIT_FINDERS", "Reader", "UnitFinder", "detect_encoding", "find_cover_unit",
           "read_calamine", "read_csv", "read_xlsx", "read_yaml_records"]

Reader = Callable[[Path, Rulebook], tuple[list[RawRecord], list[ScoringError]]]
"""A record reader: (file, rulebook) → (raw records, problems found)."""

UnitFinder = Callable[[Path, list[ScoringError]], "tuple[Any, Positions, str] | None"]
"""Another place a unit's details can come from: (folder, error list) → ``(data, positions, path)`` shaped like
unit.yaml, or None when nothing is filled in."""

SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
"""The workbooks a cover sheet (封面) can be in (``readers.xlsx.SUFFIXES``)."""


def read_xlsx(path: Path, rulebook: Rulebook) -> tuple[list[RawRecord], list[ScoringError]]:
    from . import xlsx

    return xlsx.read_xlsx(path, rulebook)


def read_calamine(path: Path, rulebook: Rulebook) -> tuple[list[RawRecord], list[ScoringError]]:
    from . import xlsx

    return xlsx.read_calamine(path, rulebook)


def read_csv(path: Path, rulebook: Rulebook, encoding: str | None = None) -> tuple[list[RawRecord], list[ScoringError]]:
    from . import csv

    return csv.read_csv(path, rulebook, encoding)


def detect_encoding(path: Path) -> str | None:
    from . import csv

    return csv.detect_encoding(path)


def find_cover_unit(folder: Path, errors: list[ScoringError]) -> tuple[Any, Positions, str] | None:
    """``readers.xlsx.find_cover_unit``: a folder without a workbook has no cover sheet (nothing imported)."""
    if not any(f.suffix.lower() in SHEET_SUFFIXES for f in folder.iterdir()):
        return None
    from . import xlsx

    return xlsx.find_cover_unit(folder, errors)


READERS: dict[str, Reader] = {
    ".yaml": read_yaml_records, ".yml": read_yaml_records, ".json": read_yaml_records,
    ".xlsx": read_xlsx, ".xlsm": read_xlsx, ".xls": read_calamine, ".ods": read_calamine,
    ".csv": read_csv, ".tsv": read_csv,
    ".txt": read_csv,  # Excel's "Unicode 文本" export: UTF-16 with a BOM, tab-separated (the CSV reader knows both)
}
"""Record readers by file suffix (lower case). ``load_evidence(..., readers=...)`` takes another mapping."""

UNIT_FINDERS: list[UnitFinder] = [find_cover_unit]
"""Where a unit's details can come from besides unit.yaml: the 封面 sheet of a filled Excel template."""
