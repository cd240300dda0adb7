"""Adjustment factors a reviewer chooses in reviews.yaml (``factors:``), each checked against the line's declared set.

A choice names the line (its ``id``), the record and the factor: the line must declare ``factors``, the record must be
one of the unit's records of the line's evidence type, the factor one of the line's ``choices`` (did-you-mean), and a
record takes one choice per line. Problems are located in reviews.yaml; the engine applies the choice after the
line's ``adjust`` (``scoring.clauses._adjust``).
"""

from __future__ import annotations

from typing import Any

from ..compile.plan import Plan, PLine
from ..compile.yaml import Positions
from ..errors import EvidenceError, ScoringError, did_you_mean
from ..location import Location
from ..models.evidence import FactorChoice, Record
from ..values import Frozen

__all__ = ["FactorIn", "factor_lines", "read_factors"]


class FactorIn(Frozen):
    line: str
    record: str
    factor: str
    reason: str
    reviewer: str | None = None
    at: str | None = None


def factor_lines(plan: Plan) -> dict[str, PLine]:
    """Every line that declares ``factors``, by id (items' deductions and bonuses, then the two sections)."""
    lines = [ln for n in plan.nodes() for ln in n.lines + n.bonus_lines] + plan.bonus + plan.penalties
    return {ln.id: ln for ln in lines if ln.spec.factors is not None}


def read_factors(rows: list[FactorIn], reviewer: str | None, plan: Plan, records: dict[str, Record],
                 pos: Positions, path: str, errors: list[ScoringError]) -> list[FactorChoice]:
    lines = factor_lines(plan)
    out: list[FactorChoice] = []
    seen: set[tuple[str, str]] = set()

    def at(i: int, key: str) -> Location:
        return (pos.get(("factors", i, key, "<value>")) or pos.get(("factors", i, key)) or pos.get(("factors", i))
                or Location(path=path))

    def fail(i: int, key: str, msg: str, code: str, **kw: Any) -> None:
        errors.append(EvidenceError(msg, location=at(i, key), code=code, **kw))

    for i, f in enumerate(rows):
        pl = lines.get(f.line)
        if pl is None:
            fail(i, "line", f"规则里没有可以选定调整系数的行 '{f.line}'", "review.unknown-line",
                 suggestion=did_you_mean(f.line, lines),
                 hint=("写了 factors 的行：" + "、".join(lines)) if lines else "规则里没有哪一行写了 factors")
            continue
        factors = pl.spec.factors
        assert factors is not None
        rec = records.get(f.record)
        if rec is None:
            fail(i, "record", f"要调整的记录 '{f.record}' 不存在", "review.unknown-record",
                 suggestion=did_you_mean(f.record, records), hint="写这个单位某条记录的 id")
            continue
        if rec.type != pl.rtype:
            fail(i, "record", f"记录 '{f.record}' 是 {rec.type}，行 '{pl.id}' 只调整 {pl.rtype} 记录", "review.wrong-record")
            continue
        if f.factor not in factors.choices:
            fail(i, "factor", f"'{f.factor}' 不是行 '{pl.id}' 声明的调整系数", "review.unknown-factor",
                 suggestion=did_you_mean(f.factor, factors.choices), hint="可选：" + "、".join(factors.choices))
            continue
        if (pl.id, f.record) in seen:
            fail(i, "record", f"记录 '{f.record}' 在行 '{pl.id}' 上已经选定过调整系数", "review.decided-twice",
                 hint="同一条记录在一行上只选定一个系数；合并成一条并写明理由")
            continue
        seen.add((pl.id, f.record))
        out.append(FactorChoice(line=pl.id, record=f.record, factor=f.factor, reason=f.reason,
                                reviewer=f.reviewer or reviewer, at=f.at, source=pos.get(("factors", i)) or at(i, "line")))
    return out
