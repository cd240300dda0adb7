"""Record readers, one module per file format, and the registry that maps a file suffix to its reader.

The registry is written out here, explicitly: nothing registers itself by being imported.

- ``yaml``: ``.yaml``/``.yml``/``.json`` record files
- ``xlsx``: ``.xlsx``/``.xlsm`` (openpyxl), ``.xls``/``.ods`` (python-calamine); the 封面 sheet of a filled
  template as the unit's details (``find_cover_unit``)
- ``csv``: ``.csv`` in any common Chinese encoding
- ``table`` (rows of a sheet → records) and ``cover`` (the cover sheet's layout) serve the spreadsheet readers

openpyxl and python-calamine are imported only when such a file is read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...compile.yaml import Positions
from ...errors import ScoringError
from ...models.rulebook import Rulebook
from ..coerce import RawRecord
from .csv import detect_encoding, read_csv
from .xlsx import find_cover_unit, read_calamine, read_xlsx
from .yaml import read_yaml_records

__all__ = ["READERS", "UNIT_FINDERS", "Reader", "UnitFinder", "detect_encoding", "find_cover_unit", "read_calamine",
           "read_csv", "read_xlsx", "read_yaml_records"]

Reader = Callable[[Path, Rulebook], tuple[list[RawRecord], list[ScoringError]]]
"""A record reader: (file, rulebook) → (raw records, problems found)."""

UnitFinder = Callable[[Path, list[ScoringError]], "tuple[Any, Positions, str] | None"]
"""Another place a unit's details can come from: (folder, error list) → ``(data, positions, path)`` shaped like
unit.yaml, or None when nothing is filled in."""

READERS: dict[str, Reader] = {
    ".yaml": read_yaml_records, ".yml": read_yaml_records, ".json": read_yaml_records,
    ".xlsx": read_xlsx, ".xlsm": read_xlsx, ".xls": read_calamine, ".ods": read_calamine,
    ".csv": read_csv, ".tsv": read_csv,
    ".txt": read_csv,  # Excel's "Unicode 文本" export: UTF-16 with a BOM, tab-separated (the CSV reader knows both)
}
"""Record readers by file suffix (lower case). ``load_evidence(..., readers=...)`` takes another mapping."""

UNIT_FINDERS: list[UnitFinder] = [find_cover_unit]
"""Where a unit's details can come from besides unit.yaml: the 封面 sheet of a filled Excel template."""
