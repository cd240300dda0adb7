"""Evidence intake from the files townships really send: the Excel template and spreadsheet readers.

    >>> from scoring.intake import write_template, check_folder
    >>> write_template(book, "模板.xlsx")                     # scoring template RULE -o 模板.xlsx
    >>> report = check_folder("evidence/2023/x-xiang", book)  # scoring evidence check RULE DIR

Importing this package registers the readers for ``.xlsx``/``.xlsm`` (openpyxl),
``.xls``/``.ods`` (python-calamine) and ``.csv`` in ``scoring.evidence.READERS``,
and the 封面 sheet of a filled template as a source of the unit's details
(``UNIT_FINDERS``). ``import scoring`` does this; openpyxl and python-calamine are
imported only when such a file is read.
"""

from __future__ import annotations

from ..evidence.folder import READERS, UNIT_FINDERS
from ..evidence.readers.csv import detect_encoding, read_csv
from ..evidence.readers.xlsx import find_cover_unit, read_calamine, read_xlsx
from ._check import CheckReport, FileSummary, attachment_errors, check_folder, format_summary, summarize
from .template import template_bytes, write_template

__all__ = ["CheckReport", "FileSummary", "attachment_errors", "check_folder", "detect_encoding", "format_summary",
           "read_calamine",
           "read_csv", "read_xlsx", "summarize", "template_bytes", "write_template"]

READERS.update({".xlsx": read_xlsx, ".xlsm": read_xlsx, ".xls": read_calamine, ".ods": read_calamine,
                ".csv": read_csv})
if find_cover_unit not in UNIT_FINDERS:
    UNIT_FINDERS.append(find_cover_unit)
