"""Deduction, bonus and penalty lines: the line's kind (``scoring.clauses``) writes the entries; the cap is here.

A line yields one ledger entry per occurrence it can name (per record), or one
entry for a computed count; its ``cap`` adds a restoring entry. Signs: deductions
and penalties are negative, bonuses positive.
"""

from __future__ import annotations

from decimal import Decimal

from ..compile.plan import PLine, fixed
from ..models.result import LedgerEntry
from ._context import UnitRun, fmt

__all__ = ["line_entries"]

ZERO = Decimal(0)
_WORD = {"deduct": "扣", "penalty": "扣", "bonus": "加"}


def line_entries(u: UnitRun, pl: PLine) -> list[LedgerEntry]:
    sign = Decimal(1) if pl.kind == "bonus" else Decimal(-1)
    word = _WORD[pl.kind]
    entries = pl.line_kind.entries(u, pl, sign, word)
    cap = fixed(pl.spec.cap) if pl.spec.cap is not None else None
    total = sum((e.points for e in entries), ZERO)
    if cap is not None and abs(total) > cap:
        over = abs(total) - cap
        entries.append(u.entry("cap", -sign * over, f"本行最多{word} {fmt(cap)} 分，超出的 {fmt(over)} 分不计", pl.loc,
                               values={"封顶": cap}))
    return entries
