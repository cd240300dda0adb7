"""Evidence intake from the files townships really send: the Excel template and the folder check.

    >>> from scoring.intake import write_template, check_folder
    >>> write_template(book, "模板.xlsx")                     # scoring template RULE -o 模板.xlsx
    >>> report = check_folder("evidence/2023/x-xiang", book)  # scoring evidence check RULE DIR

The readers themselves (``.xlsx``/``.xlsm``, ``.xls``/``.ods``, ``.csv``, the 封面 sheet) live in
``scoring.evidence.readers``; ``read_csv``, ``read_xlsx``, ``read_calamine`` and ``detect_encoding`` are
re-exported here. This package depends on ``scoring.evidence``, never the reverse.
"""

from __future__ import annotations

from ..evidence.readers import detect_encoding, read_calamine, read_csv, read_xlsx
from ._check import CheckReport, FileSummary, attachment_errors, check_folder, format_summary, summarize
from .template import template_bytes, write_template

__all__ = ["CheckReport", "FileSummary", "attachment_errors", "check_folder", "detect_encoding", "format_summary",
           "read_calamine", "read_csv", "read_xlsx", "summarize", "template_bytes", "write_template"]
