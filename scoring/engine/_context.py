"""One unit being scored: its evidence indexed once, exclusions decided once, entries built here."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel

from ..clauses.base import describe
from ..compile.plan import Plan
from ..expr import CompiledExpression, EvalContext
from ..location import Location
from ..models.build import builder
from ..models.evidence import EvidenceSet, Record
from ..models.result import Excluded, LedgerEntry
from ..models.transfer import Share, Transfer
from ..values import fmt, pct, shift_year

__all__ = ["UnitRun", "built", "describe", "fmt", "pct"]

M = TypeVar("M", bound=BaseModel)


def built(cls: type[M], **fields: Any) -> M:
    """A result model from values the engine made itself: constructed, not validated a second time.

    (tests/engine/test_fast.py checks that validating what it builds changes nothing.)"""
    return builder(cls)(**fields)


_ENTRY = builder(LedgerEntry)
_EXCLUDED = builder(Excluded)
_PARAMS: dict[tuple[CompiledExpression | None, ...], tuple[Plan, tuple[Any, ...]]] = {}
_WINDOWS: dict[int, tuple[Plan, dict[str, tuple[str, _dt.date, _dt.date] | None]]] = {}


def _windows(plan: Plan) -> dict[str, tuple[str, _dt.date, _dt.date] | None]:
    """Per evidence type: its date field and the dates it counts between (the period, or the validity
    window of ``valid_years``), or None when it has no date. Worked out once per plan; the sentences for
    records outside stay in ``UnitRun._exclusion``."""
    hit = _WINDOWS.get(id(plan))
    if hit is not None and hit[0] is plan:
        return hit[1]
    start, end = plan.rulebook.period.start, plan.rulebook.period.end
    out: dict[str, tuple[str, _dt.date, _dt.date] | None] = {}
    for name, et in plan.rulebook.evidence.items():
        if et.date is None:
            out[name] = None
        elif et.valid_years:
            out[name] = (et.date, min(shift_year(end, -et.valid_years) + _dt.timedelta(days=1), start), end)
        else:
            out[name] = (et.date, start, end)
    if len(_WINDOWS) >= 16:
        _WINDOWS.clear()
    _WINDOWS[id(plan)] = (plan, out)
    return out


class UnitRun:
    """The per-unit state the clause functions share."""

    def __init__(self, plan: Plan, ev: EvidenceSet, ranks: dict[str, tuple[int, int, Decimal]] | None,
                 share: Share | None = None) -> None:
        from ._attribute import share_alone

        self.plan = plan
        self.ev = ev
        self.unit_type = ev.unit.type
        self.ranks = ranks
        self.share = share if share is not None else share_alone(plan.rulebook, ev)
        mine = ev.records if not self.share.records else ev.records + self.share.records
        self.by_id: dict[str, Record] = {r.id: r for r in mine}
        self.received: dict[str, Transfer] = {t.received_as: t for t in self.share.received if t.received_as}
        self.excluded: list[Excluded] = []
        counted: dict[str, list[Record]] = {t: [] for t in plan.record_types}
        rejected = {r.record: r for r in (ev.rejections + self.share.rejections if self.share.rejections
                                          else ev.rejections)}
        period = plan.rulebook.period
        windows = _windows(plan)
        gone = {t.record: t for t in self.share.passed_on}
        # reviewers' amounts: the unit's own, less those about a record it passed on (they go with the record)
        self.reviews = [r for r in ev.reviews if r.record not in gone] if gone else ev.reviews
        self.reviews = self.reviews + self.share.reviews if self.share.reviews else self.reviews
        for rec in ev.records:  # a record charged to another unit is scored there, never here
            if rec.id in gone:
                reviewed = any(r.record == rec.id for r in ev.reviews)
                self.excluded.append(Excluded(id=rec.id, type=rec.type, source=rec.source,
                                              reason=_gone(gone[rec.id], reviewed)))
        for t in self.share.received:  # the same content twice counts once (see _attribute)
            if t.outcome == "duplicate" and t.received_as:
                self.excluded.append(Excluded(id=t.received_as, type=t.type, source=t.source, reason=t.reason))
        for rec in [r for r in mine if r.id not in gone] if gone else mine:
            w = windows[rec.type]
            if not rec.rejected and rec.id not in rejected:  # the common case, decided without a sentence
                if w is None:
                    counted[rec.type].append(rec)
                    continue
                d = rec.values.get(w[0])
                if d is not None and w[1] <= d <= w[2]:
                    counted[rec.type].append(rec)
                    continue
            reason = self._exclusion(rec, rejected, period.start, period.end)
            if reason is None:
                counted[rec.type].append(rec)
            else:
                rj = rejected.get(rec.id) if not rec.rejected else None
                self.excluded.append(_EXCLUDED(id=rec.id, type=rec.type, source=rec.source, reason=reason,
                                              reviewer=rj.reviewer if rj else None, review=rj.source if rj else None))
        self.counted = counted
        vars_: dict[str, Any] = dict(ev.unit.facts)
        vars_["unit_type"] = ev.unit.type
        self.ctx = EvalContext(counted, vars_)  # type: ignore[arg-type]

    def origin(self, ids: list[str]) -> str:
        """For a ledger sentence: which of ``ids`` another unit recorded, and where (at most three named)."""
        got = [self.received[i] for i in ids if i in self.received]
        if not got:
            return ""
        named = "；".join(f"{t.received_as} 由{t.from_name}记录（{t.source}）" for t in got[:3])
        more = f" 等 {len(got)} 条" if len(got) > 3 else ""
        return f"（其他单位记录、计入本单位：{named}{more}）"

    def _exclusion(self, rec: Record, rejected: dict[str, Any], start: _dt.date, end: _dt.date) -> str | None:
        if rec.rejected:
            return f"核查不属实：{rec.rejected}"
        if rec.id in rejected:
            rj = rejected[rec.id]
            who = f"（{rj.reviewer}）" if rj.reviewer else ""
            return f"核查不属实：{rj.reason}{who}"
        etype = self.plan.rulebook.evidence[rec.type]
        if etype.date is None:
            return None
        d = rec.values.get(etype.date)
        if d is None:
            return f"没有填写{etype.fields[etype.date].label or etype.date}，无法判断是否在考核期内"
        if etype.valid_years:
            first = shift_year(end, -etype.valid_years)
            first = min(first + _dt.timedelta(days=1), start)
            if not first <= d <= end:
                return f"日期 {d} 不在有效期内（考核期结束前 {etype.valid_years} 年：{first} 至 {end}）"
            return None
        if not start <= d <= end:
            return f"日期 {d} 不在考核期 {start} 至 {end} 内"
        return None

    def _params(self, exprs: tuple[CompiledExpression | None, ...]) -> list[Any]:
        """The rulebook parameters ``exprs`` use, in name order (the same for every entry of a line: kept, keyed by
        the expressions themselves, which the table holds)."""
        hit = _PARAMS.get(exprs)
        if hit is not None and hit[0] is self.plan:
            return list(hit[1])
        names: set[str] = set()
        for e in exprs:
            if e is not None:
                names |= e.names
        params = [self.plan.params[n] for n in sorted(names) if n in self.plan.params]
        if len(_PARAMS) >= 4096:
            _PARAMS.clear()
        _PARAMS[exprs] = (self.plan, tuple(params))
        return params

    # -- evaluation with evidence tracking ------------------------------------------------------

    def eval(self, e: CompiledExpression, record: Record | None = None) -> Any:
        return e.evaluate(self.ctx, record)

    def touched(self) -> list[str]:
        return self.ctx.take_touched()

    def entry(self, kind: str, points: Decimal, reason: str, rule: Location | None, *,
              values: dict[str, Any] | None = None, evidence: list[str] | None = None,
              exprs: tuple[CompiledExpression | None, ...] = (), recover: str | None = None,
              branch: str | None = None) -> LedgerEntry:
        ids = (list(dict.fromkeys(evidence)) if len(evidence) > 1 else list(evidence)) if evidence else []
        if not points:
            points = abs(points)  # never show "-0"
        params = self._params(exprs)
        if self.received:
            reason += self.origin(ids)
        sources: list[Location] = []
        types: list[str] = []
        by_id = self.by_id
        for i in ids:
            rec = by_id.get(i)
            if rec is not None:
                sources.append(rec.source)
                types.append(rec.type)
        return _ENTRY(
            kind=kind, points=points, reason=reason,
            values={k: fmt(v) for k, v in values.items()} if values else {},
            params=params, rule=rule, evidence=ids, sources=sources, types=types, recover=recover, branch=branch,
        )


def _gone(t: Transfer, reviewed: bool) -> str:
    """The recording unit's sentence for a record it passed on (or could not); ``reviewed``: a reviewer's
    discretionary amount is about it."""
    if t.outcome == "passed":
        text = f"计入单位是{t.to_name}（{t.to_unit}）：这条记录转给{t.to_name}计分，本单位不计"
        return text + (f"；考核组对它的酌情意见随记录转到{t.to_name}" if reviewed else "")
    if t.outcome == "alone":
        return t.reason + ("；考核组对它的酌情意见也随记录，只在整批评分时用上" if reviewed else "")
    return t.reason + "；本单位也不计" + ("；考核组对它的酌情意见也没有用上" if reviewed else "")
