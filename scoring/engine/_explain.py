"""Everything about one item of one unit's result, as plain data (``scoring explain``'s twin).

    >>> ex = scoring.explain(result, book, ev, "visits")
    >>> ex.item.points, [e.reason for _, e in ex.entries], [r.id for r in ex.counted]
"""

from __future__ import annotations

from pydantic import Field

from ..compile.plan import PNode, plan_of
from ..errors import UnknownNameError, did_you_mean
from ..location import Location
from ..models.evidence import EvidenceSet, Record
from ..models.result import (
    SCHEMA_VERSION,
    LedgerEntry,
    NodeResult,
    OutcomeResult,
    RulebookRef,
    ScoreResult,
    UnitRef,
)
from ..models.rulebook import Rulebook
from ..values import Frozen, Num, cell_text

__all__ = ["EvidenceUse", "Explanation", "explain"]


class EvidenceUse(Frozen):
    """An evidence record as the explanation shows it: where it is, its values, and whether it counted."""

    id: str
    type: str
    label: str | None = None
    source: Location
    values: dict[str, str] = Field(default_factory=dict)
    counted: bool = True
    reason: str | None = Field(None, description="未计入的原因")
    recorded_by: str | None = Field(None, description="跨单位佐证：记录它的单位（名称和编号），本单位的记录为空")


class Explanation(Frozen):
    """One item: its rule, the values computed, its ledger, the evidence behind it, how to recover points."""

    schema_version: str = Field(SCHEMA_VERSION, description="结果格式的版本（major.minor）")
    rulebook: RulebookRef
    unit: UnitRef
    item: NodeResult
    path: list[str] = Field(default_factory=list, description="上级类别、条目的标题")
    children: list[NodeResult] = Field(default_factory=list, description="下一层子项")
    entries: list[tuple[str, LedgerEntry]] = Field(default_factory=list, description="(节点 id, 记账) 本项和子项的全部记账")
    reads: list[str] = Field(default_factory=list, description="本项读取的证据类型")
    counted: list[EvidenceUse] = Field(default_factory=list)
    excluded: list[EvidenceUse] = Field(default_factory=list)
    recover: list[str] = Field(default_factory=list)
    not_applicable: int = Field(0, description="下一层中不适用于该单位、未列出的子项数")
    outcomes: list[OutcomeResult] = Field(default_factory=list, description="本项和子项的非分值结果（表彰、奖励、提请关注）")
    claim_gap: Num | None = Field(None, description="自评分 − 核定分（核定分按 rounding.items 显示的值）；没有自评时为空")


def _use(rec: Record, book: Rulebook, reason: str | None = None) -> EvidenceUse:
    spec = book.evidence.get(rec.type)
    return EvidenceUse(id=rec.id, type=rec.type, label=spec.label if spec else None, source=rec.source,
                       values={k: cell_text(v) for k, v in rec.values.items() if v is not None},
                       counted=reason is None, reason=reason)


def _reads(pn: PNode) -> list[str]:
    types: list[str] = []
    for n in pn.walk():
        for e in n.expressions():
            types += sorted(e.record_types) + ([e.record] if e.record else [])
        for ln in n.lines:
            types += [ln.rtype] if ln.rtype else []
            for e in ln.exprs():
                types += sorted(e.record_types)
    return list(dict.fromkeys(types))


def explain(result: ScoreResult, rulebook: Rulebook, evidence: EvidenceSet, item_id: str) -> Explanation:
    """Gather the explanation of ``item_id`` (a category, item or sub-criterion id, or ``bonus``/``penalties``).

    Raises ``UnknownNameError`` (with a did-you-mean) for an id the result does not have.
    """
    nodes = {n.id: n for n in result.items}
    if item_id not in nodes:
        raise UnknownNameError(
            f"没有 id 为 '{item_id}' 的考核项目", name=item_id,
            location=Location(path=result.rulebook.path) if result.rulebook.path else None,
            suggestion=did_you_mean(item_id, nodes),
            hint="用 scoring score 的 --format json 查看各项目的 id，或在规则文件里查找 id:")
    node = nodes[item_id]
    path: list[str] = []
    parent = node.parent
    while parent is not None and parent in nodes:
        path.insert(0, nodes[parent].title)
        parent = nodes[parent].parent
    below = [n for n in _descendants(result, item_id) if n.applicable]
    entries = [(n.id, e) for n in [node] + below for e in n.ledger]
    plan = plan_of(rulebook).for_type(result.unit.type)
    reads = _reads(plan.by_id[item_id]) if item_id in plan.by_id else sorted(
        {r.type for _, e in entries for i in e.evidence for r in evidence.records if r.id == i})
    by_id = {r.id: r for r in evidence.records}
    used = list(dict.fromkeys(i for _, e in entries for i in e.evidence))
    excluded = [x for x in result.excluded if x.type in reads]
    recover = list(dict.fromkeys(x for n in [node] + below for x in n.recover))
    got = {t.received_as: t for t in result.received if t.received_as}  # records other units charged to this one

    def use(i: str, reason: str | None = None) -> EvidenceUse | None:
        if i in got:
            t = got[i]
            spec = rulebook.evidence.get(t.type)
            return EvidenceUse(id=i, type=t.type, label=spec.label if spec else None, source=t.source, values=t.values,
                               counted=reason is None, reason=reason, recorded_by=f"{t.from_name}（{t.from_unit}）")
        return _use(by_id[i], rulebook, reason) if i in by_id else None

    return Explanation(
        rulebook=result.rulebook, unit=result.unit, item=node, path=path,
        children=[n for n in result.items if n.parent == item_id and n.applicable], entries=entries, reads=reads,
        not_applicable=sum(1 for n in result.items if n.parent == item_id and not n.applicable),
        counted=[x for x in (use(i) for i in used) if x is not None],
        excluded=[use(x.id, x.reason) or EvidenceUse(
            id=x.id, type=x.type, source=x.source, counted=False, reason=x.reason) for x in excluded],
        recover=recover, outcomes=[o for o in result.outcomes if o.node in {item_id, *(n.id for n in below)}],
        claim_gap=node.claimed - node.shown if node.claimed is not None else None)


def _descendants(result: ScoreResult, item_id: str) -> list[NodeResult]:
    out: list[NodeResult] = []
    parents = {item_id}
    for n in result.items:  # file order: a child always comes after its parent
        if n.parent in parents:
            out.append(n)
            parents.add(n.id)
    return out
