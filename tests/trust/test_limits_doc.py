"""docs/limits.md states the same bounds as scoring/limits.py, and the number range behaves as documented."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from scoring import limits
from scoring.limits import number_problem

from .conftest import ROOT


def test_the_table_matches_the_module() -> None:
    text = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(MAX_[A-Z_]+)`[^|]*\| ([^|]+) \|", text, re.M))
    expected = {
        "MAX_YAML_BYTES": f"{limits.MAX_YAML_BYTES // (1024 * 1024)} MiB",
        "MAX_TEXT_BYTES": f"{limits.MAX_TEXT_BYTES // (1024 * 1024)} MiB",
        "MAX_SHEET_BYTES": f"{limits.MAX_SHEET_BYTES // (1024 * 1024)} MiB",
        "MAX_DEPTH": f"{limits.MAX_DEPTH} levels",
        "MAX_STRING": f"{limits.MAX_STRING:,}".replace(",", " "),
        "MAX_RECORDS": f"{limits.MAX_RECORDS:,}".replace(",", " "),
        "MAX_DIGITS": str(limits.MAX_DIGITS),
        "MAX_MAGNITUDE": f"less than 10^{limits.MAX_MAGNITUDE + 1}",
        "MAX_PLACES": str(limits.MAX_PLACES),
    }
    assert rows == expected


@pytest.mark.parametrize(("text", "ok"), [
    ("0", True), ("-3.5", True), ("9999999999999999", True), ("10000000000000000", False),
    ("1e15", True), ("1e16", False), ("1e1000000", False), ("-1e1000000", False),
    ("12345678901234.567890", True),  # 20 significant digits
    ("123456789012345.678901", False),  # 15 + 6 = 21 significant digits
    ("0." + "0" * 19 + "1", True), ("0." + "0" * 20 + "1", False),
    ("1.5000000000000000000000000", True),  # trailing zeros are not significant
])
def test_number_range(text: str, ok: bool) -> None:
    assert (number_problem(Decimal(text)) is None) == ok, text
