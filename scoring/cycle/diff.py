"""Semantic diff of two rulebooks: what changed in meaning, not in text.

Nodes (categories, items, sub-criteria) are matched by id, then — among the
unmatched — by title similarity (difflib), so an item whose id was changed is
reported as renamed, not as removed-and-added. Each matched pair is compared
field by field: title, parent, points, every scoring field (shown before → after
in the rule language), its deduction lines and its wording. Parameters are
compared by their effective value in each rulebook's period; vetoes and bonus
and penalty lines by id.
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field

from ..clauses import REGISTRY
from ..clauses.outcome import LABELS as OUTCOME_LABELS
from ..compile.plan import plan_of
from ..models.rulebook import Line, Node, Rulebook, Section, Veto
from ..values import Frozen, Num, decimal_text

__all__ = ["Change", "ChangeKind", "RulebookDiff", "Side", "TotalRow", "diff_rulebooks", "show"]

ChangeKind = Literal[
    "meta", "param", "added", "removed", "renamed", "id_changed", "moved", "points", "rule", "wording",
    "deduction_added", "deduction_removed", "deduction_changed",
    "veto_added", "veto_removed", "veto_changed", "line_added", "line_removed", "line_changed", "section",
]
KIND_LABELS: dict[str, str] = {
    "meta": "基本信息", "param": "参数", "added": "新增", "removed": "删除", "renamed": "更名",
    "id_changed": "id 变更", "moved": "调整归属", "points": "分值调整", "rule": "得分规则调整", "wording": "文字修改",
    "deduction_added": "新增扣分规定", "deduction_removed": "删除扣分规定", "deduction_changed": "扣分规定调整",
    "veto_added": "新增一票否决", "veto_removed": "删除一票否决", "veto_changed": "一票否决调整",
    "line_added": "新增加扣分行", "line_removed": "删除加扣分行", "line_changed": "加扣分行调整", "section": "加扣分合计",
}
FIELD_LABELS: dict[str, str] = {
    "id": "id", "title": "标题", "issuer": "发布单位", "year": "年度", "period": "考核期", "total": "满分",
    "rounding": "取整", "reference": "依据", "note": "备注", "unit_types": "单位类型", "grades": "等次",
    "ranking": "排名", "facts": "单位数据", "evidence": "证据类型", "points": "分值", "applies_to": "适用单位",
    "value": "考核数值",
    "max_deduction": "扣分上限", "floor": "最低分", "no": "序号", "text": "细则原文",
    "verified_by": "考核单位", "method": "考核方式", "parent": "所属", "cap": "上限", "effect": "效果",
    "category": "类别", "amount": "每次分值", "reason": "说明", "recover": "挽回说明", "lines": "各行",
    "applies_when": "适用条件", "bonuses": "条目内加分", "discretionary": "酌情扣分（加分）",  # structural fields
    **OUTCOME_LABELS,  # non-point outcomes (scoring.clauses.outcome), on a node and at the top level
    **REGISTRY.labels(),  # every clause kind names its own fields (scoring.clauses)
}
_META = ("id", "title", "issuer", "year", "period", "total", "rounding", "reference", "note", "unit_types",
         "grades", "ranking", "outcomes")
_WORDING = ("no", "text", "reference", "verified_by", "method", "note")
SIMILAR = 0.6
"""Titles at least this similar (difflib ratio) match an unmatched old node to an unmatched new one."""


class Change(Frozen):
    """One difference, in words a county editor recognises."""

    kind: ChangeKind
    where: Literal["header", "params", "items", "vetoes", "bonus", "penalties"]
    id: str = Field(description="新文件里的 id（删除时为原 id）")
    title: str
    field: str | None = Field(None, description="改动的键，如 points、tiers")
    before: str | None = Field(None, description="原规定（规则语言）")
    after: str | None = Field(None, description="新规定（规则语言）")
    note: str | None = None

    @property
    def label(self) -> str:
        base = KIND_LABELS[self.kind]
        return f"{base}：{field_label(self.field)}" if self.field and self.kind in (
            "meta", "rule", "wording", "deduction_changed", "veto_changed", "line_changed", "section") else base


class TotalRow(Frozen):
    id: str
    title: str
    before: Num | None = None
    after: Num | None = None


class Side(Frozen):
    id: str
    title: str
    year: int


class RulebookDiff(Frozen):
    """Every change from ``old`` to ``new``, and the points per category before and after."""

    old: Side
    new: Side
    changes: list[Change] = Field(default_factory=list)
    totals: list[TotalRow] = Field(default_factory=list, description="各类别分值，最后一行是满分")
    id_map: dict[str, str] = Field(default_factory=dict, description="原 id → 新 id（匹配上的节点）")

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]


# -- showing values in the rule language ------------------------------------------------------------------

def _plain(v: Any) -> Any:
    if isinstance(v, BaseModel):
        return {k: _plain(x) for k, x in v.model_dump(mode="python", exclude_defaults=True).items()}
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def show(v: Any) -> str:
    """A value as YAML flow text: ``[{min: 4, points: 10}, …]``, numbers exact, expressions as written."""
    v = _plain(v)
    if v is None:
        return "（无）"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return decimal_text(v)
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {show(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(show(x) for x in v) + "]"
    return str(v)


def _same(a: Any, b: Any) -> bool:
    return bool(_plain(a) == _plain(b))


# -- the diff -----------------------------------------------------------------------------------------------

def diff_rulebooks(old: Rulebook, new: Rulebook) -> RulebookDiff:
    """Compare two rulebooks by meaning. Plain data; render with ``scoring.cycle.render``."""
    out: list[Change] = []
    for f in _META:
        a, b = getattr(old, f), getattr(new, f)
        if not _same(a, b):
            out.append(Change(kind="meta", where="header", id=new.id, title=new.title, field=f, before=show(a),
                              after=show(b)))
    for f in ("facts", "evidence"):
        out += _named(getattr(old, f), getattr(new, f), f, new)
    out += _params(old, new)
    nodes, id_map = _nodes(old, new)
    out += nodes
    out += _vetoes(old.vetoes, new.vetoes)
    out += _section("bonus", old.bonus, new.bonus)
    out += _section("penalties", old.penalties, new.penalties)
    return RulebookDiff(old=Side(id=old.id, title=old.title, year=old.year),
                        new=Side(id=new.id, title=new.title, year=new.year),
                        changes=out, totals=_totals(old, new, id_map), id_map=id_map)


def _named(a: dict[str, Any], b: dict[str, Any], field: str, new: Rulebook) -> list[Change]:
    out = []
    for name in list(a) + [n for n in b if n not in a]:
        x, y = a.get(name), b.get(name)
        if not _same(x, y):
            out.append(Change(kind="meta", where="header", id=name, title=getattr(y or x, "label", None) or name,
                              field=field, before=None if x is None else show(x), after=None if y is None else show(y)))
    return out


def _params(old: Rulebook, new: Rulebook) -> list[Change]:
    pa, pb = plan_of(old).params, plan_of(new).params
    users: dict[str, list[str]] = {}
    plan = plan_of(new)
    for n in plan.nodes():
        exprs = n.expressions() + [e for ln in n.lines for e in ln.exprs()]
        for name in sorted({x for e in exprs for x in e.names if x in pb}):
            users.setdefault(name, []).append(n.id)
    out = []
    for name in list(pa) + [n for n in pb if n not in pa]:
        a, b = pa.get(name), pb.get(name)
        if a is not None and b is not None and a.value == b.value:
            continue
        param = new.params.get(name) or old.params[name]
        out.append(Change(kind="param", where="params", id=name, title=param.label or name, field="value",
                          before=None if a is None else f"{a.value}（{a.since} 起）",
                          after=None if b is None else f"{b.value}（{b.since} 起）",
                          note=("用于 " + "、".join(users[name])) if users.get(name) else None))
    return out


def _flat(book: Rulebook) -> dict[str, tuple[Node, str | None]]:
    out: dict[str, tuple[Node, str | None]] = {}

    def walk(n: Node, parent: str | None) -> None:
        out[n.id] = (n, parent)
        for c in n.children:
            walk(c, n.id)

    for c in book.categories:
        walk(c, None)
    return out


def _match(old_titles: dict[str, str], new_titles: dict[str, str]) -> dict[str, str]:
    """Old id → new id: same id first, then the most similar title among the rest."""
    m = {i: i for i in old_titles if i in new_titles}
    free = [j for j in new_titles if j not in m.values()]
    pairs = sorted(((difflib.SequenceMatcher(None, old_titles[i], new_titles[j]).ratio(), i, j)
                    for i in old_titles if i not in m for j in free), reverse=True)
    for r, i, j in pairs:
        if r >= SIMILAR and i not in m and j not in m.values():
            m[i] = j
    return m


def _nodes(old: Rulebook, new: Rulebook) -> tuple[list[Change], dict[str, str]]:
    fa, fb = _flat(old), _flat(new)
    id_map = _match({k: v[0].title for k, v in fa.items()}, {k: v[0].title for k, v in fb.items()})
    back = {v: k for k, v in id_map.items()}
    out: list[Change] = []
    for nid, (b, parent) in fb.items():
        C = _maker("items", nid, b.title)
        if nid not in back:
            out.append(C("added", None, None, f"{show(b.points)} 分" + (f"，属于 {parent}" if parent else ""),
                         note=_summary(b)))
            continue
        oid = back[nid]
        a, oparent = fa[oid]
        if oid != nid:
            out.append(C("id_changed", "id", oid, nid))
        if a.title != b.title:
            out.append(C("renamed", "title", a.title, b.title))
        if (id_map.get(oparent) if oparent else None) != parent:
            out.append(C("moved", "parent", str(oparent), str(parent)))
        for f in REGISTRY.scoring_fields():
            x, y = getattr(a, f, None), getattr(b, f, None)  # a clause kind's field may be on some nodes only
            if not _same(x, y):
                out.append(C("points" if f == "points" else "rule", f, show(x), show(y)))
        out += _lines(a.deductions, b.deductions, "items", nid, b.title, "deduction")
        for f in _WORDING:
            x, y = getattr(a, f), getattr(b, f)
            if x != y:
                out.append(C("wording", f, show(x), show(y)))
    for oid, (a, oparent) in fa.items():
        if oid not in id_map:
            out.append(Change(kind="removed", where="items", id=oid, title=a.title,
                              before=f"{show(a.points)} 分" + (f"，属于 {oparent}" if oparent else "")))
    return out, id_map


def field_label(name: str) -> str:
    """A rule-file key as ``scoring diff`` names it: the owning clause kind's label, else the structural one."""
    return REGISTRY.labels().get(name) or FIELD_LABELS.get(name, name)


def _summary(n: Node) -> str:
    m = REGISTRY.methods(n)
    return "得分方式：" + "、".join(field_label(x) for x in m) if m else "达标得满分，再按扣分规定扣分"


def _maker(where: Any, ident: str, title: str) -> Any:
    def C(kind: str, field: str | None, before: str | None, after: str | None, note: str | None = None) -> Change:
        return Change(kind=kind, where=where, id=ident, title=title, field=field,
                      before=before, after=after, note=note)
    return C


def _line_key(ln: Line, i: int) -> str:
    return ln.id or f"#{i + 1}"


def _lines(a: list[Line], b: list[Line], where: str, ident: str, title: str, prefix: str) -> list[Change]:
    ka = {_line_key(x, i): x for i, x in enumerate(a)}
    kb = {_line_key(x, i): x for i, x in enumerate(b)}
    out = []
    for k, y in kb.items():
        x = ka.get(k)
        lid, ltitle = (ident, title) if prefix == "deduction" else (y.id or k, y.title or k)
        C = _maker(where, lid, ltitle)
        if x is None:
            out.append(C(f"{prefix}_added", k, None, show(y)))
            continue
        for f in type(y).model_fields:
            if not _same(getattr(x, f), getattr(y, f)):
                out.append(C(f"{prefix}_changed", f, show(getattr(x, f)), show(getattr(y, f)),
                             note=f"第 {list(kb).index(k) + 1} 条" if prefix == "deduction" else None))
    for k, x in ka.items():
        if k not in kb:
            lid, ltitle = (ident, title) if prefix == "deduction" else (x.id or k, x.title or k)
            out.append(_maker(where, lid, ltitle)(f"{prefix}_removed", k, show(x), None))
    return out


def _vetoes(a: list[Veto], b: list[Veto]) -> list[Change]:
    m = _match({v.id: v.title for v in a}, {v.id: v.title for v in b})
    back = {v: k for k, v in m.items()}
    ka = {v.id: v for v in a}
    out = []
    for y in b:
        C = _maker("vetoes", y.id, y.title)
        if y.id not in back:
            out.append(C("veto_added", None, None, show(y)))
            continue
        x = ka[back[y.id]]
        for f in Veto.model_fields:
            if not _same(getattr(x, f), getattr(y, f)):
                out.append(C("veto_changed", f, show(getattr(x, f)), show(getattr(y, f))))
    for x in a:
        if x.id not in m:
            out.append(Change(kind="veto_removed", where="vetoes", id=x.id, title=x.title, before=show(x)))
    return out


def _section(key: Literal["bonus", "penalties"], a: Section | None, b: Section | None) -> list[Change]:
    sec = b or a
    title = sec.title if sec is not None else key
    out = []
    for f in ("title", "cap"):
        x, y = getattr(a, f, None), getattr(b, f, None)
        if not _same(x, y):
            out.append(Change(kind="section", where=key, id=key, title=title or key, field=f, before=show(x),
                              after=show(y)))
    out += _lines(a.lines if a else [], b.lines if b else [], key, key, title or key, "line")
    return out


def _totals(old: Rulebook, new: Rulebook, id_map: dict[str, str]) -> list[TotalRow]:
    def pts(n: Node) -> Decimal | None:
        return n.points if isinstance(n.points, Decimal) else None

    rows = []
    ob = {c.id: c for c in old.categories}
    back = {v: k for k, v in id_map.items()}
    for c in new.categories:
        o = ob.get(back.get(c.id, ""))
        rows.append(TotalRow(id=c.id, title=c.title, before=pts(o) if o else None, after=pts(c)))
    for c in old.categories:
        if c.id not in id_map:
            rows.append(TotalRow(id=c.id, title=c.title, before=pts(c)))
    rows.append(TotalRow(id="total", title="满分", before=old.total, after=new.total))
    return rows
