"""What every kind of line shares: its amount (or ``amount_by``) and its reason template."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..compile.plan import fixed
from ..errors import EvaluationError
from ..models.evidence import Record
from ..placeholders import fill as fill_placeholders, shown_names
from ._keys import KeyedMap, key_text
from .base import fmt

if TYPE_CHECKING:
    from ..compile.plan import PLine
    from ..engine import UnitRun

__all__ = ["amount", "fill"]


def fill(template: str | None, default: str, **kw: Any) -> str:
    """The reason text with its placeholders filled (never ``str.format``: see scoring.placeholders)."""
    text = template or default
    used = shown_names(text)  # only what the text shows is formatted
    if used is None:  # not in the language (only possible for a text not checked at load): as written
        return text
    return fill_placeholders(text, {k: fmt(v) if not isinstance(v, str) else v for k, v in kw.items() if k in used})


def amount(u: UnitRun, pl: PLine, rec: Record | None, by_map: KeyedMap | None = None) -> Decimal:
    """A line's amount for one occurrence: ``amount`` (a number, a number per unit type, or an expression over the
    unit's facts and parameters and, on a per-record line, the record's fields), or ``amount_by`` (the record's
    field looked up in ``by_map``, the checked keys of ``amount_by.map``)."""
    by = pl.spec.amount_by
    if by is not None:
        assert rec is not None and by_map is not None  # amount_by only on per-record lines; keys checked at load
        key = rec.values.get(by.field)
        found = by_map.get(key)
        if found is None:
            shown = "（空）" if key is None or key == "" else key_text(key)
            raise EvaluationError(
                f"记录 {rec.id} 的 {by.field} 是 {shown}，'{pl.id}' 的 amount_by 没有为这个值规定分值"
                f"（规则在 {pl.loc}）", location=rec.source,
                hint=f"amount_by.map 里有：{by_map.shown()}；在规则里补上这个值（不扣分就写 0），或改正这条记录")
        return fixed(found)
    assert pl.amount is not None
    amt: Decimal = u.eval(pl.amount, rec)
    return amt
