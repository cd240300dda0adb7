"""How a leaf node earns its points: the node's way of earning (``scoring.clauses``) writes the entries.

The node's ``value`` is evaluated first (the evidence it reads is credited to the earning entries);
the entries' points add up to the node's base score, which deductions then reduce. When the value came from an
aggregate with nothing to count (``rate(petition, closed, empty=1)`` with no petition: 0 of 0), the deciding
entry says so — 无应办事项, and what the rule declares for it — instead of "100% 达到目标".
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..compile.plan import PNode
from ..models.result import LedgerEntry
from ..values import fmt, pct
from ._context import UnitRun

__all__ = ["earn"]


def earn(u: UnitRun, pn: PNode, full: Decimal) -> list[LedgerEntry]:
    value: Any = None
    vids: list[str] = []
    empties: list[tuple[str, str, bool]] = []
    if pn.value is not None:
        u.ctx.take_empties()
        value = u.eval(pn.value)
        vids = u.touched()
        empties = u.ctx.take_empties()
    entries = pn.earning.earn(u, pn, full, value, vids)
    if empties and isinstance(value, Decimal):
        entries = [_nothing_to_count(u, e, empties, value) if e.branch else e for e in entries]
    return entries


def _nothing_to_count(u: UnitRun, e: LedgerEntry, empties: list[tuple[str, str, bool]], value: Decimal) -> LedgerEntry:
    """The deciding entry of a value computed over no records: 无应办事项（信访件 0 件），按规则计为 100%，不扣分."""
    what, rtype, filtered = empties[0]
    info = u.plan.record_types.get(rtype)
    label = (info.label if info is not None else None) or rtype
    none = f"没有符合条件的{label}" if filtered else f"{label} 0 件"
    head = f"无应办事项（{none}）" if what == "rate" else f"没有可计算的记录（{none}）"
    shown = pct(value) if what == "rate" and 0 <= value <= 1 else fmt(value)
    if e.kind == "award":
        tail = f"得 {fmt(e.points)} 分"
    else:
        tail = f"扣 {fmt(-e.points)} 分" if e.points < 0 else "不扣分"
    return e.model_copy(update={"reason": f"{head}，按规则计为 {shown}，{tail}",
                                "values": {**e.values, "应办事项" if what == "rate" else "记录": "0"}})
