"""What ``score()`` checks itself, so that the Python API has the guarantees of the files.

A hand-built ``EvidenceSet`` skips the folder loader; :func:`check_evidence` holds it to the same rules the
loader enforces: every record of a declared type and a unique id (and a 计入单位 only where its type allows one),
every rejection naming a record, every reviewer amount for an existing range of its item, within that range and
the range's maximum, every chosen adjustment factor one that its line declares for a record of the unit, unit facts
within the number range.
"""

from __future__ import annotations

from decimal import Decimal

from ..errors import EvidenceError, ScoringError
from ..limits import number_problem
from ..location import Location
from ..models.evidence import EvidenceSet

__all__ = ["check_evidence"]


def check_evidence(plan: object, ev: EvidenceSet) -> None:
    """Raise ``EvidenceError`` (or a group) when ``ev`` breaks an invariant of the rulebook behind ``plan``."""
    from ._reviews import check_amount, find_range
    from .folder import EvidenceErrors

    book = plan.rulebook  # type: ignore[attr-defined]
    errors: list[ScoringError] = []
    where = Location(path=ev.path or "<EvidenceSet>")
    seen: dict[str, Location] = {}
    types = book.evidence
    for r in ev.records:
        t = types.get(r.type)
        if t is not None and (r.charged_to is None or t.charged_to) and r.id not in seen:  # the common record
            seen[r.id] = r.source
            continue
        if t is None:
            errors.append(EvidenceError(f"记录 '{r.id}' 的证据类型 '{r.type}' 不在规则文件里", location=r.source,
                                        code="evidence.unknown-type"))
        elif r.charged_to is not None and not t.charged_to:
            errors.append(EvidenceError(f"记录 '{r.id}' 写了计入单位 '{r.charged_to}'，但证据类型 '{r.type}' 不允许计入其他单位",
                                        location=r.source, code="evidence.charged-not-allowed",
                                        hint=f"去掉 charged_to，或在规则文件的证据类型 {r.type} 下写 charged_to: true"))
        if r.id in seen:
            errors.append(EvidenceError(f"记录编号 '{r.id}' 重复（第一次出现在 {seen[r.id]}）", location=r.source,
                                        code="evidence.duplicate-id", hint="每条记录的编号要不同"))
        seen.setdefault(r.id, r.source)
    for rj in ev.rejections:
        if rj.record not in seen:
            errors.append(EvidenceError(f"要标记为不属实的记录 '{rj.record}' 不存在", location=rj.source or where,
                                        code="review.unknown-record"))
    for name, value in ev.unit.facts.items():
        if isinstance(value, Decimal) and number_problem(value) is not None:
            errors.append(EvidenceError(f"单位数据 '{name}' 的值 {value:.3e}：{number_problem(value)}",
                                        location=ev.unit.source or where, code="evidence.number-range"))
    totals: dict[tuple[str, str], Decimal] = {}
    for rv in ev.reviews:
        amount = rv.deduct if rv.deduct is not None else rv.add
        try:
            rng = find_range(plan, rv.item, rv.range, bonus=rv.add is not None)  # type: ignore[arg-type]
            key = (rv.item, rng.id)
            assert amount is not None
            check_amount(rng, amount, Decimal(0) if rng.rtype is not None else totals.get(key, Decimal(0)))
            totals[key] = totals.get(key, Decimal(0)) + amount
            if rv.record is not None and rv.record not in seen:
                raise EvidenceError(f"核查意见针对的记录 '{rv.record}' 不存在", code="review.unknown-record")
        except EvidenceError as e:
            e.location = e.location or rv.source or where
            errors.append(e)
    if ev.factors:
        from ._factors import FactorIn, read_factors

        rows = [FactorIn(line=f.line, record=f.record, factor=f.factor, reason=f.reason) for f in ev.factors]
        read_factors(rows, None, plan.for_type(ev.unit.type), {r.id: r for r in ev.records}, {},  # type: ignore[attr-defined]
                     ev.path or "<EvidenceSet>", errors)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise EvidenceErrors(errors)
