"""Discretionary ranges (B6, 8.4): the amounts a reviewer entered in reviews.yaml, both ways, per item or per record.

The evidence loader has already checked each amount against its range and each record against the unit's records;
here every entry becomes a ledger line with the reviewer's reason, and a per-record range gives each matching record
without a decision its range's minimum, said so in the ledger.
"""

from __future__ import annotations

from decimal import Decimal

from ..compile.plan import PRange, fixed
from ..errors import EvaluationError, EvidenceError
from ..evidence import check_amount
from ..models.evidence import Review
from ..models.result import LedgerEntry
from ._context import UnitRun, describe, fmt

__all__ = ["range_entries"]


def range_entries(u: UnitRun, rng: PRange) -> list[LedgerEntry]:
    lo, hi = fixed(rng.spec.min), fixed(rng.spec.max)
    sign = Decimal(1) if rng.bonus else Decimal(-1)
    word = "加" if rng.bonus else "扣"
    span = f"{fmt(lo)}–{fmt(hi)}"
    mine = [r for r in u.reviews if r.item == rng.item and (r.range or rng.id) == rng.id]
    rule = f"（{rng.spec.reason}）" if rng.spec.reason else ""
    out: list[LedgerEntry] = []
    if rng.rtype is None:
        for r in mine:
            who = f"（{r.reviewer}）" if r.reviewer else ""
            out.append(_own(u.entry("review", sign * r.amount, f"酌情{word}分：{r.reason}{who}", rng.loc,
                                    values={"范围": span}, evidence=[r.record] if r.record else None,
                                    branch=f"range:{rng.id}"), r))
        return out
    matching = [rec for rec in u.counted[rng.rtype] if rng.where is None or u.eval(rng.where, rec)]
    ids = {rec.id for rec in matching}
    for r in mine:
        if r.record in u.received:  # written in the recording unit's reviews.yaml: checked here, for this unit's range
            try:
                check_amount(rng, r.amount, Decimal(0))
            except EvidenceError as e:
                raise EvidenceError(f"{e.message}（这条酌情意见写在{u.received[r.record].from_name}的 reviews.yaml 里，"
                                    f"针对转给本单位的记录 {r.record}）", location=r.source or rng.loc, code=e.code,
                                    hint=e.hint) from None
        if r.record not in ids:
            raise EvaluationError(
                f"考核组对记录 '{r.record}' 的酌情{word}分用不上：它不是酌情范围 '{rng.id}' 计入的记录",
                location=rng.loc,
                hint="这个范围只对符合 where 条件、在考核期内、未被核查为不属实的记录酌定；核对 reviews.yaml 里的 record")
    decided = {r.record: r for r in mine}
    for rec in matching:
        d = decided.get(rec.id)
        if d is not None:
            who = f"（{d.reviewer}）" if d.reviewer else ""
            out.append(_own(u.entry("review", sign * d.amount, f"酌情{word}分{rule}：{describe(rec)}：{d.reason}{who}",
                                    rng.loc, values={"范围": span}, evidence=[rec.id], branch=f"range:{rng.id}"), d))
        else:
            out.append(u.entry("review", sign * lo, f"酌情{word}分{rule}：{describe(rec)}：考核组尚未酌定，按下限 "
                                                     f"{fmt(lo)} 分计", rng.loc, values={"范围": span},
                               evidence=[rec.id], branch=f"range:{rng.id}:undecided",
                               recover=None if rng.bonus else f"请考核组在 reviews.yaml 里为记录 {rec.id} 酌定 {span} 分"))
    return out


def _own(e: LedgerEntry, r: Review) -> LedgerEntry:
    """The entry with its reviewer and, first among its sources, the reviews.yaml entry it came from."""
    own = [r.source] if r.source is not None else []
    return e.model_copy(update={"reviewer": r.reviewer, "sources": own + e.sources})
