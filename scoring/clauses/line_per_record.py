"""B1–B5, B7–B9 逐条扣分: one entry per record of a type (``per_record:`` with ``where``, ``amount_by``,
``adjust``, ``highest_per``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..errors import SchemaError, UnknownNameError, did_you_mean
from ..expr import BOOL, CompiledExpression, RecordTypeInfo, Scope
from ..models.evidence import Record
from ..models.rulebook import Adjust, Line
from ._adjust import Adjusted, adjust_record, unused_choices
from ._amount import amount, fill
from ._keys import KeyedMap, key_text, keyed_map
from .base import ZERO, At, Compiling, LineKind, describe, fmt

if TYPE_CHECKING:
    from ..compile.plan import PLine
    from ..engine import UnitRun
    from ..models.result import LedgerEntry

__all__ = ["PER_RECORD", "PerRecordSlots"]

_ONE = Decimal(1)


@dataclass
class PerRecordSlots:
    where: CompiledExpression | None = None
    adjust: list[tuple[CompiledExpression, Adjust]] = field(default_factory=list)
    amount_map: KeyedMap | None = None
    """``amount_by.map`` with its keys checked against the field's type (``clauses._keys``)."""


class PerRecord(LineKind[PerRecordSlots]):
    key = "per_record"
    fields = ("per_record", "where", "amount_by", "adjust", "factors", "highest_per")
    labels = {"per_record": "逐条记录", "where": "筛选条件", "amount_by": "按字段定分值", "adjust": "加倍/减免",
              "factors": "调整系数", "highest_per": "就高不重复"}

    def record(self, c: Compiling, spec: Line, at: At, scope: Scope, pl: PLine) -> tuple[bool, RecordTypeInfo | None]:
        assert spec.per_record is not None
        rec = scope.record_types.get(spec.per_record)
        if rec is None:
            c.err(UnknownNameError, f"未知的证据类型 '{spec.per_record}'", at + ("per_record",),
                  suggestion=did_you_mean(spec.per_record, scope.record_types),
                  hint="已声明的证据类型：" + "、".join(scope.record_types))
            return False, None
        pl.rtype = spec.per_record
        slots = PerRecordSlots()
        pl.slots = slots
        if spec.where is not None:
            slots.where = c.expr(spec.where, at + ("where",), BOOL, scope, rec)
        for i, adj in enumerate(spec.adjust):
            if e := c.expr(adj.when, at + ("adjust", i, "when"), BOOL, scope, rec):
                slots.adjust.append((e, adj))
        for fname, key in ((spec.highest_per, "highest_per"), (spec.amount_by.field if spec.amount_by else None,
                                                                  "amount_by")):
            if fname is not None and fname not in rec.fields:
                c.err(UnknownNameError, f"证据类型 '{rec.name}' 没有字段 '{fname}'", at + (key,),
                      suggestion=did_you_mean(fname, rec.fields), hint="字段：" + "、".join(rec.fields))
        if spec.amount_by and spec.amount_by.field in rec.fields:
            by = spec.amount_by
            slots.amount_map = keyed_map(c, by.map, at + ("amount_by", "map"), rec.fields[by.field].type,
                                         c.declared(rec.name, by.field), "amount_by.map", f"字段 {by.field}")
        if spec.factors is not None:
            _check_factors(c, spec, at, rec)
        return True, rec

    def compile(self, c: Compiling, spec: Line, at: At, scope: Scope, pl: PLine) -> PerRecordSlots | None:
        slots = pl.slots
        return slots if isinstance(slots, PerRecordSlots) else None

    def expressions(self, pl: PLine) -> list[CompiledExpression]:
        s = pl.slots if isinstance(pl.slots, PerRecordSlots) else PerRecordSlots()
        return [e for e in (s.where, pl.amount) if e] + [e for e, _ in s.adjust]

    def entries(self, u: UnitRun, pl: PLine, sign: Decimal, word: str) -> list[LedgerEntry]:
        spec = pl.spec
        slots = self.slots(pl)
        hits: list[tuple[Record, Decimal, list[str]]] = []
        chosen: dict[str, Adjusted] = {}
        assert pl.rtype is not None
        for rec in u.counted[pl.rtype]:
            if slots.where is not None and not u.eval(slots.where, rec):
                continue
            amt = amount(u, pl, rec, slots.amount_map)
            notes = []
            if spec.amount_by is not None and slots.amount_map and not slots.amount_map.has(v := rec.values.get(
                    spec.amount_by.field)):
                notes.append(f"{spec.amount_by.field} 为 {'（空）' if v is None or v == '' else key_text(v)}，"
                             f"amount_by 没有单独列出，按 default 计 {fmt(amt)} 分")
            adj = adjust_record(u, pl, rec, amt, slots.adjust)  # the documented order (clauses/_adjust)
            if adj.note:
                notes.append(adj.note)
            hits.append((rec, adj.amount, notes))
            chosen[rec.id] = adj
        unused_choices(u, pl, set(chosen))
        dropped: set[str] = set()
        if spec.highest_per is not None:
            best: dict[Any, tuple[Record, Decimal, list[str]]] = {}
            for h in hits:
                k = h[0].values.get(spec.highest_per)
                if k is None or k == "":
                    k = ("<blank>", h[0].id)  # records without a project are not "the same project"
                if k not in best or h[1] > best[k][1]:
                    best[k] = h
            keep = {id(v[0]) for v in best.values()}
            dropped = {h[0].id for h in hits if id(h[0]) not in keep}
        out = []
        template = spec.reason or spec.title or ""
        shows_record = "{record}" in template
        for rec, amt, notes in hits:
            desc = describe(rec)
            reason = fill(template, "", record=desc, amount=amt, n=_ONE)
            if not shows_record:
                reason = f"{reason}：{desc}" if reason else desc
            if rec.id in dropped:
                assert spec.highest_per is not None  # records are only dropped under highest_per
                fspec = u.plan.rulebook.evidence[pl.rtype].fields[spec.highest_per]
                out.append(u.entry(pl.kind, ZERO, f"{reason}：同一{fspec.label or spec.highest_per}就高不重复，不再{word}分",
                                   pl.loc, evidence=[rec.id]))
                continue
            extra = f"（{'；'.join(notes)}）" if notes else ""
            adj = chosen[rec.id]
            e = u.entry(pl.kind, sign * amt, f"{reason}，{word} {fmt(amt)} 分{extra}", pl.loc,
                        values={"分值": amt, **({"系数": adj.factor} if adj.factor else {})}, evidence=[rec.id],
                        exprs=(slots.where, pl.amount),
                        recover=(spec.recover or f"整改或核实记录 {rec.id}") if pl.kind != "bonus" and amt else None,
                        branch=f"line:{pl.id}:factor:{adj.factor}" if adj.factor else None)
            if adj.choice is not None:  # who chose it, and where: the reviews.yaml entry first among the sources
                ch = adj.choice
                e = e.model_copy(update={"reviewer": ch.reviewer,
                                         "sources": ([ch.source] if ch.source else []) + e.sources})
            out.append(e)
        return out

    def branches(self, pl: PLine, word: str, label: str) -> list[tuple[str, str]]:
        f = pl.spec.factors
        return super().branches(pl, word, label) + (
            [(f"line:{pl.id}:factor:{n}", f"调整系数“{n}”：{label}") for n in f.choices] if f is not None else [])



def _check_factors(c: Compiling, spec: Line, at: At, rec: RecordTypeInfo) -> None:
    """A line with ``factors`` has an ``id`` (reviews.yaml names it); a ``field`` naming the factor is text or an
    enum whose every value is a declared factor."""
    f = spec.factors
    assert f is not None
    if spec.id is None:
        c.err(SchemaError, "写了 factors（调整系数）的行要写 id", at + ("factors",),
              hint="考核组在 reviews.yaml 的 factors 下用 line: 这一行的 id 指明是哪一行，例如 id: opinion_events")
    if f.field is None:
        return
    if f.field not in rec.fields:
        c.err(UnknownNameError, f"证据类型 '{rec.name}' 没有字段 '{f.field}'", at + ("factors", "field"),
              suggestion=did_you_mean(f.field, rec.fields), hint="字段：" + "、".join(rec.fields))
        return
    t = rec.fields[f.field].type
    if t.kind != "text":
        c.err(SchemaError, f"factors.field 要是文本或可选值字段（'{f.field}' 是{t}）", at + ("factors", "field"),
              hint="这个字段里写系数的名称，如 减半")
        return
    stray = [v for v in t.choices or () if v not in f.choices]
    if stray:
        c.err(SchemaError, f"字段 '{f.field}' 的可选值 {'、'.join(stray)} 不是声明的调整系数", at + ("factors", "field"),
              suggestion=did_you_mean(stray[0], f.choices), hint="factors.choices 里有：" + "、".join(f.choices))


PER_RECORD = PerRecord()
