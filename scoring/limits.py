"""The documented bounds on every input (docs/limits.md): what keeps any file answered in seconds and megabytes.

Each bound is checked before or while parsing and gives a located error with its own code; none of them is
near what a real rule file or a township's evidence needs. Change one here and in docs/limits.md together
(a test compares them).
"""

from __future__ import annotations

from decimal import Decimal

__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_MAGNITUDE",
    "MAX_PLACES",
    "MAX_RECORDS",
    "MAX_SHEET_BYTES",
    "MAX_STRING",
    "MAX_TEXT_BYTES",
    "MAX_YAML_BYTES",
    "number_problem",
]

MAX_YAML_BYTES = 2 * 1024 * 1024
"""A YAML or JSON file (rule file, unit.yaml, reviews.yaml, record files): 2 MiB."""
MAX_TEXT_BYTES = 20 * 1024 * 1024
"""A CSV or text export: 20 MiB."""
MAX_SHEET_BYTES = 20 * 1024 * 1024
"""A workbook (.xlsx, .xls, .ods): 20 MiB."""
MAX_DEPTH = 64
"""Nesting of lists and mappings in a YAML or JSON file."""
MAX_STRING = 10_000
"""Characters in one value (a title, a cell)."""
MAX_RECORDS = 50_000
"""Records in one unit's evidence."""
MAX_DIGITS = 20
"""Significant digits of a number in a rule or evidence file."""
MAX_MAGNITUDE = 15
"""A number's size: less than 10^16 (its first digit at most at the 10^15 place)."""
MAX_PLACES = 20
"""Decimal places of a number: nothing smaller than 10^-20."""


def number_problem(d: Decimal) -> str | None:
    """Why ``d`` is outside the documented range, or None when it is inside. Never computes with ``d``."""
    if not d.is_finite():
        return "不是有限的数字"
    if d.is_zero():
        return None
    _, digits, exponent = d.as_tuple()
    assert isinstance(exponent, int)
    if d.adjusted() > MAX_MAGNITUDE:
        return f"数字太大（整数部分最多 {MAX_MAGNITUDE + 1} 位）"
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))  # 1000 and 1.50: trailing zeros don't count
    if len(digits) - zeros > MAX_DIGITS:
        return f"数字的有效数字太多（最多 {MAX_DIGITS} 位）"
    if -(exponent + zeros) > MAX_PLACES:
        return f"小数位数太多（最多 {MAX_PLACES} 位）"
    return None
