"""How a leaf node earns its points: the node's way of earning (``scoring.clauses``) writes the entries.

The node's ``value`` is evaluated first (the evidence it reads is credited to the earning entries);
the entries' points add up to the node's base score, which deductions then reduce.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..compile.plan import PNode
from ..models.result import LedgerEntry
from ._context import UnitRun

__all__ = ["earn"]


def earn(u: UnitRun, pn: PNode, full: Decimal) -> list[LedgerEntry]:
    value: Any = None
    vids: list[str] = []
    if pn.value is not None:
        value = u.eval(pn.value)
        vids = u.touched()
    return pn.earning.earn(u, pn, full, value, vids)
