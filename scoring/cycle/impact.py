"""Impact of a rule change: every unit scored under the old and the new rulebook.

The evidence is last year's. To ask "what would the same work score under the
new rules", each record's dates are moved forward by the difference in years
between the rulebooks (2023-05-01 → 2024-05-01), so records inside the old
period are inside the new one, and dated parameters take their new values.
Items are matched through the diff's id map, so a renamed item is one row.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import Field

from ..engine import score_many
from ..errors import ErrorGroup, ScoringError
from ..evidence import load_evidence, unit_folders
from ..evidence.units import unique_units
from ..models.evidence import EvidenceSet
from ..models.result import BatchResult, ScoreResult, UnitError
from ..models.rulebook import Rulebook
from ..values import Frozen, Num, shift_year
from .diff import Side, diff_rulebooks

__all__ = ["Impact", "ItemMove", "UnitImpact", "impact", "shift_years"]

ZERO = Decimal(0)


class ItemMove(Frozen):
    id: str = Field(description="新规则中的 id（删除的条目为原 id）")
    title: str
    before: Num | None = None
    after: Num | None = None

    @property
    def delta(self) -> Decimal:
        return (self.after or ZERO) - (self.before or ZERO)


class UnitImpact(Frozen):
    unit_id: str
    name: str
    before: Num
    after: Num
    before_rank: int | None = None
    after_rank: int | None = None
    before_grade: str | None = None
    after_grade: str | None = None
    vetoes_before: list[str] = Field(default_factory=list)
    vetoes_after: list[str] = Field(default_factory=list)
    items: list[ItemMove] = Field(default_factory=list, description="得分有变化的条目（和子项）")

    @property
    def delta(self) -> Decimal:
        return self.after - self.before


class Impact(Frozen):
    old: Side
    new: Side
    years: int = Field(description="证据日期顺延的年数")
    units: list[UnitImpact] = Field(default_factory=list)
    errors: list[UnitError] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list, description="证据的日期不在旧细则考核期内等提醒")


def shift_years(ev: EvidenceSet, years: int) -> EvidenceSet:
    """The same evidence, every date moved by ``years`` (29 February → 28 February)."""
    if not years:
        return ev

    def move(v: Any) -> Any:
        if isinstance(v, _dt.date) and not isinstance(v, _dt.datetime):
            return shift_year(v, years)
        return v

    recs = [r.model_copy(update={"values": {k: move(v) for k, v in r.values.items()}}) for r in ev.records]
    return ev.model_copy(update={"records": recs})


def _batch(book: Rulebook, folders: list[Path], years: int) -> BatchResult:
    sets, errors, found = [], [], []
    for f in folders:
        try:
            sets.append(shift_years(load_evidence(f, book), years))
            found.append((f, sets[-1].unit.id, sets[-1].unit.name))
        except ScoringError as e:
            errs = e.errors if isinstance(e, ErrorGroup) else [e]
            errors.append(UnitError(unit=f.name, path=str(f), errors=[str(x) for x in errs]))
    refused = [p for p in unique_units(found) if p.severity == "error"]
    if refused:
        raise refused[0]
    return score_many(book, sets).model_copy(update={"errors": errors})


def impact(old: Rulebook, new: Rulebook, root: str | Path) -> Impact:
    """Score every unit folder under ``root`` (the same folders ``scoring rank`` scores, see
    ``scoring.evidence.unit_folders``) with both rulebooks and line the results up."""
    folders = unit_folders(root)
    years = new.year - old.year
    a, b = _batch(old, folders, 0), _batch(new, folders, years)
    id_map = diff_rulebooks(old, new).id_map
    after = {r.unit.id: r for r in b.results}
    units = []
    for ra in a.results:
        rb = after.get(ra.unit.id)
        if rb is not None:
            units.append(_unit(ra, rb, id_map))
    errors = {e.unit: e for e in a.errors + b.errors}
    return Impact(old=Side(id=old.id, title=old.title, year=old.year),
                  new=Side(id=new.id, title=new.title, year=new.year), years=years, units=units,
                  errors=list(errors.values()), warnings=period_warnings(a, old))


def period_warnings(a: BatchResult, old: Rulebook) -> list[str]:
    """A warning for each unit most of whose dated records fall outside the old rulebook's period: evidence of
    the wrong year would make every unit look like it failed, and the comparison would say nothing."""
    out = []
    for r in a.results:
        outside = [x for x in r.excluded if "不在考核期" in x.reason or "不在有效期" in x.reason]
        total = len(outside) + sum(r.counted.values())
        if outside and len(outside) * 2 >= total:
            out.append(f"{r.unit.name}：{total} 条记录中有 {len(outside)} 条的日期不在 {old.year} 年的考核期"
                       f"（{old.period.start} 至 {old.period.end}）内，没有计分。--evidence 要写 {old.year} 年"
                       f"（旧细则那一年）的证据文件夹；这份证据是不是另一年的？")
    return out


def _unit(a: ScoreResult, b: ScoreResult, id_map: dict[str, str]) -> UnitImpact:
    bn = {n.id: n for n in b.items if n.kind in ("item", "criterion", "bonus", "penalty")}
    seen = set()
    moves = []
    for n in a.items:
        if n.kind not in ("item", "criterion", "bonus", "penalty"):
            continue
        nid = id_map.get(n.id, n.id)
        m = bn.get(nid)
        seen.add(nid)
        after = m.points if m is not None else None
        if after != n.points:
            moves.append(ItemMove(id=nid, title=(m or n).title, before=n.points, after=after))
    moves += [ItemMove(id=i, title=m.title, after=m.points) for i, m in bn.items() if i not in seen and m.points]
    return UnitImpact(unit_id=a.unit.id, name=a.unit.name, before=a.total, after=b.total, before_rank=a.rank,
                      after_rank=b.rank, before_grade=a.grade, after_grade=b.grade,
                      vetoes_before=[v.id for v in a.vetoes if v.fired], vetoes_after=[v.id for v in b.vetoes if v.fired],
                      items=moves)
