"""What every kind of line shares: its amount (or ``amount_by``) and its reason template."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..compile.plan import fixed
from ..errors import EvaluationError
from ..models.evidence import Record
from ..placeholders import Field, fill as fill_placeholders, parsed
from .base import fmt

if TYPE_CHECKING:
    from ..compile.plan import PLine
    from ..engine import UnitRun

__all__ = ["amount", "fill"]


def fill(template: str | None, default: str, **kw: Any) -> str:
    """The reason text with its placeholders filled (never ``str.format``: see scoring.placeholders)."""
    text = template or default
    parts = parsed(text)
    if parts is None:
        return text
    used = {p.name for p in parts if isinstance(p, Field)}  # only what the text shows is formatted
    return fill_placeholders(text, {k: fmt(v) if not isinstance(v, str) else v for k, v in kw.items() if k in used})


def amount(u: UnitRun, pl: PLine, rec: Record | None) -> Decimal:
    by = pl.spec.amount_by
    if by is not None:
        assert rec is not None
        key = rec.values.get(by.field)
        if key not in by.map:
            raise EvaluationError(
                f"'{pl.id}' 的 amount_by 没有为 {by.field} = '{key}' 规定分值（证据记录 {rec.id}，来自 {rec.source}）",
                location=pl.loc, hint="在 amount_by.map 里补上这个取值（不扣分就写 0）")
        return fixed(by.map[key])
    assert pl.amount is not None
    amt: Decimal = u.eval(pl.amount, rec)
    return amt
