"""The outline → a rulebook (ruamel.yaml maps, with comments), the report, and a self-check's unit.yaml."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ._context import Ctx, Decls, Found, cn_numbers
from ._outline import DNode, Outline, norm, split_sentences
from ._patterns import Pattern
from ._recognise import Hit, recognise
from ._report import DraftReport, LeftSentence, PointsCheck, RuleSentence

__all__ = ["Built", "build"]

_TOTAL = re.compile(r"(?:总分|满分|共计|合计|总计)\s*(?:为)?\s*(\d+(?:\.\d+)?)\s*分")

_FLOW_KEYS = {"linear", "proportional", "shortfall", "amount_by", "discretionary", "period", "rounding"}
_NODE_ORDER = ["id", "no", "title", "note", "points", "text", "verified_by", "method", "value", "when", "tiers",
               "proportional", "linear", "grade_points", "count_met", "deductions", "max_deduction", "floor",
               "discretionary", "todo", "items", "criteria"]


def flow(data: dict[str, Any]) -> CommentedMap:
    m = CommentedMap()
    for k, v in data.items():
        m[k] = flow(v) if isinstance(v, dict) else v
    m.fa.set_flow_style()
    return m


def _block(data: dict[str, Any]) -> CommentedMap:
    m = CommentedMap()
    for k, v in data.items():
        if isinstance(v, dict):
            m[k] = flow(v) if k in _FLOW_KEYS or k in ("map",) else _block(v)
        elif isinstance(v, list):
            m[k] = CommentedSeq(flow(x) if isinstance(x, dict) else x for x in v)
        else:
            m[k] = v
    return m


def _label(p: Pattern) -> str:
    return f"{p.clause} {p.name}"


def _same(a: str, b: str) -> bool:
    return norm(a).strip(" 。.,，;；:：") == norm(b).strip(" 。.,，;；:：")


def _in_title(sentence: str, title: str) -> bool:
    return norm(sentence).strip(" 。.,，;；:：") in norm(title)


@dataclass
class Built:
    rulebook: CommentedMap
    unit: CommentedMap | None
    report: DraftReport


@dataclass
class _State:
    year: int
    decls: Decls = field(default_factory=Decls)
    rules: list[RuleSentence] = field(default_factory=list)
    left: list[LeftSentence] = field(default_factory=list)
    outside: list[LeftSentence] = field(default_factory=list)
    points: list[PointsCheck] = field(default_factory=list)
    bonus: list[CommentedMap] = field(default_factory=list)
    penalties: list[CommentedMap] = field(default_factory=list)
    caps: dict[str, Decimal] = field(default_factory=dict)
    todo: dict[str, list[str]] = field(default_factory=dict)
    vetoes: list[CommentedMap] = field(default_factory=list)
    grades: list[dict[str, Any]] | None = None
    claims: dict[str, Decimal] = field(default_factory=dict)
    titles: dict[str, list[str]] = field(default_factory=dict)

    def ctx(self, nid: str, title: str, points: Decimal | None, text: str, section: str,
            sentences: list[str]) -> Ctx:
        return Ctx(nid, title, points, cn_numbers(text), self.year, section, self.decls, sentences)

    def rule(self, node: str, hit: Hit, where: str) -> None:
        self.rules.append(RuleSentence(node=node, sentence=hit.sentence, where=where,
                                       patterns=list(dict.fromkeys(_label(p) for p, _ in hit.found))))

    def outside_kind(self, f: Found, p: Pattern, sentence: str, where: str) -> bool:
        """Bonus, penalty, veto, grade and cap fragments go to the rulebook's own sections."""
        comment = f"{_label(p)}：「{sentence}」"
        if f.kind in ("bonus", "penalty"):
            target = self.bonus if f.kind == "bonus" else self.penalties
            key = "bonus" if f.kind == "bonus" else "penalty"
            line = _block({"id": f"{key}{len(target) + 1}", "title": sentence, **f.data, "reason": sentence})
            line.yaml_add_eol_comment(comment, "id")
            target.append(line)
        elif f.kind == "veto":
            vid = f"veto{len(self.vetoes) + 1}"
            event = Ctx("veto", "一票否决事项", None, "", self.year, "veto", self.decls).rec(name="veto_event", kind=[vid])
            v = CommentedMap([("id", vid), ("title", f.data["title"]), ("when", f'exists({event}, kind == "{vid}")'),
                              ("effect", f.data["effect"] or "zero_total")])
            v.yaml_add_eol_comment(comment, "id")
            self.vetoes.append(v)
        elif f.kind == "grades":
            if self.grades is None:
                self.grades = f.data
        else:
            return False
        return True


def _walk(nodes: list[DNode], depth: int = 0) -> Iterator[tuple[int, DNode]]:
    for n in nodes:
        yield depth, n
        yield from _walk(n.children, depth + 1)


def _node(st: _State, dn: DNode, nid: str, depth: int) -> CommentedMap:
    kids = [_node(st, c, f"{nid}_{i}", depth + 1) for i, c in enumerate(dn.children, start=1)]
    out: dict[str, Any] = {"id": nid}
    comments: dict[str, str] = {}
    if dn.no:
        out["no"] = dn.no
    out["title"] = dn.title
    st.titles.setdefault(dn.title, []).append(nid)
    kid_sum = sum((k["points"] for k in kids), Decimal(0)) if kids else None
    todo: list[str] = []
    if dn.points is not None:
        out["points"] = dn.points
    elif kid_sum is not None:
        out["points"] = kid_sum
        comments["points"] = "原文没有写本项分值，按下一层合计"
    else:
        out["points"] = Decimal(0)
        todo.append("（原文没有写本项分值）")
    st.points.append(PointsCheck(node=nid, title=dn.title, points=dn.points, children=kid_sum, where=dn.where))
    if dn.text and not _same(dn.text, dn.title):
        out["text"] = dn.text
    if dn.verified_by:
        out["verified_by"] = dn.verified_by
    if dn.method:
        out["method"] = dn.method
    if dn.self_points is not None and not kids:
        st.claims[nid] = dn.self_points
    ctx = st.ctx(nid, dn.title, dn.points, dn.text, "item", dn.sentences)
    lines: list[CommentedMap] = []
    earned = False
    hits = [recognise(s, ctx) for s in dn.sentences]
    covered = {c for h in hits for _, f in h.rules for c in f.covers}
    # the title restated is not a rule left unwritten, unless it is all the item says
    skip_title = bool(kids) or any(h.rules for h in hits) or any(not _in_title(x, dn.title) for x in dn.sentences)
    for s, hit in zip(dn.sentences, hits, strict=True):
        if s in covered:  # one of the standards a count_met counts
            st.rules.append(RuleSentence(node=nid, sentence=s, where=dn.where, patterns=["A3 按符合的项数得分（所列标准）"]))
            continue
        if not hit.rules:
            if not (_in_title(s, dn.title) and skip_title):
                todo.append(s)
                st.left.append(LeftSentence(node=nid, sentence=s, where=dn.where,
                                            why="只认出扣完为止等附加说明" if hit.found else "没有认出的句式"))
            continue
        clash = [p for p, f in hit.rules if f.kind == "earn" and (earned or kids)]
        if clash:
            todo.append(s)
            st.left.append(LeftSentence(node=nid, sentence=s, where=dn.where, why=(
                "本项由子项相加，不能再有自己的得分方式" if kids else "本项已有一种得分方式") + f"（{_label(clash[0])}）"))
            continue
        for p, f in hit.found:
            comment = f"{_label(p)}：「{s}」"
            if f.kind == "earn":
                earned = True
                out.update(f.data)
                method = next(k for k in f.data if k not in ("value", "floor"))
                comments[method] = comment
            elif f.kind == "deduct":
                line = _block({**f.data, "reason": s.replace("{", "（").replace("}", "）")})
                line.yaml_add_eol_comment(comment, next(iter(line)))
                lines.append(line)
            elif f.kind == "node":
                out.update(f.data)
                if "discretionary" in f.data:  # the assessor sees the rubric's own words
                    out["discretionary"] = {**f.data["discretionary"], "reason": s}
                comments[next(iter(f.data))] = comment
            elif f.kind == "note":
                comments.setdefault("deductions", f"{_label(p)}：「{s}」")
            else:
                st.outside_kind(f, p, s, dn.where)
        if hit.partial:
            todo.append(s)
            st.left.append(LeftSentence(node=nid, sentence=s, where=dn.where, why="部分已写成规则，其余部分没有认出"))
        else:
            st.rule(nid, hit, dn.where)
    if not kids and not earned and not lines and "discretionary" not in out and not todo:
        todo.append(dn.title)
        st.left.append(LeftSentence(node=nid, sentence=dn.title, where=dn.where, why="原文没有评分说明"))
    if lines:
        out["deductions"] = lines
    if todo:
        out["todo"] = todo
        comments["todo"] = "评分规则待写：scoring check 会报错，写好规则后删去 todo"
    if kids:
        out["items" if depth == 0 else "criteria"] = kids
    m = CommentedMap()
    for key in _NODE_ORDER:
        if key in out:
            v = out[key]
            if isinstance(v, dict):
                v = flow(v) if key in _FLOW_KEYS or key == "grade_points" else _block(v)
            elif isinstance(v, list) and key == "tiers":
                v = CommentedSeq(flow(x) for x in v)
            elif isinstance(v, list):
                v = CommentedSeq(v)
            m[key] = v
    for key, text in comments.items():
        if key in m:
            m.yaml_add_eol_comment(text, key)
    return m


def _section(st: _State, dn: DNode, key: str) -> None:
    """A 加分项 / 扣分项 / 一票否决 / 等次 heading: every sentence under it through the patterns."""
    section = {"bonus": "bonus", "penalty": "penalty", "veto": "veto", "grades": "grades"}[dn.kind]
    heading_effect = None
    for _, f in recognise(dn.title, st.ctx("veto", dn.title, None, dn.title, "veto", [])).found:
        if f.kind == "veto":
            heading_effect = f.data["effect"]
    if dn.cap is not None and section in ("bonus", "penalty"):
        st.caps[section] = dn.cap
    sentences = [(s, dn.where) for s in dn.sentences if not _same(s, dn.title)]
    for _, c in _walk(dn.children):  # a table row's 评分标准, or a numbered line's whole text
        sentences += [(s, c.where) for s in (c.sentences or split_sentences(c.text))]
    for k, (s, where) in enumerate(sentences, start=1):
        ctx = st.ctx(f"{key}{k}", f"{dn.title}第{k}条", None, s, section, [])
        hit = recognise(s, ctx)
        added = False
        caps: list[Decimal] = []
        line_kinds: list[str] = []
        for p, f in hit.found:
            if f.kind == "veto" and f.data["effect"] is None:
                f.data["effect"] = heading_effect
            if f.kind == "cap":
                caps.append(f.data)
                added = True
            elif st.outside_kind(f, p, s, where):
                added = True
                line_kinds.append(f.kind)
        if caps and section in ("bonus", "penalty"):
            lines = [k for k in line_kinds if k in ("bonus", "penalty")]
            if lines:  # 每…加1分，最多加3分: the line's own cap
                (st.bonus if lines[-1] == "bonus" else st.penalties)[-1]["cap"] = caps[0]
            else:  # 加分累计不超过5分: the section's
                st.caps[section] = caps[0]
        if added and not hit.partial:
            st.rule({"bonus": "bonus", "penalty": "penalties", "veto": "vetoes", "grades": "grades"}[section], hit, where)
        elif section in ("bonus", "penalty"):
            st.todo.setdefault("bonus" if section == "bonus" else "penalties", []).append(s)
            st.left.append(LeftSentence(node="bonus" if section == "bonus" else "penalties", sentence=s, where=where,
                                        why="部分已写成规则，其余部分没有认出" if added else "没有认出的句式"))
        else:
            st.outside.append(LeftSentence(node=section, sentence=s, where=where, why="没有认出的句式"))


def _meta(outline: Outline) -> dict[str, Any]:
    texts = [outline.title or ""] + [t for t, _ in outline.preamble]
    joined = norm("\n".join(texts))
    year_m = re.search(r"(20\d{2})\s*年", joined)
    meta: dict[str, Any] = {"year": int(year_m.group(1)) if year_m else _dt.date.today().year}
    ref = re.search(r"([^\s,，。、根据按照]{2,16}?)?(《关于印发(.+?)的通知》)", "\n".join(texts))
    if ref:
        meta["title"] = ref.group(3)
        meta["reference"] = ((ref.group(1) or "") + ref.group(2)).strip()
        if ref.group(1):
            meta["issuer"] = ref.group(1)
    else:
        meta["title"] = outline.title or "考评细则（草稿）"
        iss = re.match(r"^([^\d《“\s]{2,12}?(?:妇联|委员会|人民政府|办公室|局|委|办))", outline.title or "")
        if iss:
            meta["issuer"] = iss.group(1)
    total = _TOTAL.search(joined)
    meta["total"] = Decimal(total.group(1)) if total else outline.total
    if outline.selfcheck:
        unit = re.match(r"^(.+?(?:乡|镇|街道|社区|村))", outline.title or "")
        meta["unit"] = unit.group(1) if unit else None
    return meta


def build(outline: Outline, source: str, shape: str) -> Built:
    meta = _meta(outline)
    st = _State(year=meta["year"])
    cats: list[CommentedMap] = []
    for root in outline.roots:
        if root.kind == "node":
            cats.append(_node(st, root, f"c{len(cats) + 1}", 0))
        else:
            _section(st, root, {"bonus": "bonus", "penalty": "penalty", "veto": "veto", "grades": "grade"}[root.kind])
    for text, where in outline.preamble:
        for s in split_sentences(text):
            hit = recognise(s, st.ctx("other", s[:20], None, s, "other", []))
            if any(st.outside_kind(f, p, s, where) for p, f in hit.found):
                st.rule("preamble", hit, where)
            elif meta["total"] is not None and _TOTAL.search(norm(s)):
                st.rules.append(RuleSentence(node="total", sentence=s, where=where, patterns=["总分"]))
            else:
                st.outside.append(LeftSentence(node="preamble", sentence=s, where=where, why="前言或说明"))
    for dropped in outline.dropped:  # no points: not rubric items, but a 一票否决 or 等次 may stand here
        found, rest = False, []
        for _, n in _walk([dropped]):
            for s in n.sentences or split_sentences(n.text):
                hit = recognise(s, st.ctx("other", s, None, s, "other", []))
                if any(st.outside_kind(f, p, s, n.where) for p, f in hit.found):
                    st.rule("other", hit, n.where)
                    found = True
                else:
                    rest.append(LeftSentence(node="-", sentence=s, where=n.where, why="没有分值的部分里没有认出的句式"))
        if found:
            st.outside += rest
        else:
            st.outside.append(LeftSentence(node="-", sentence=(dropped.no or "") + dropped.title, where=dropped.where,
                                           why="这一部分没有分值，不是考核内容，未写入规则"))
    total_of_cats = sum((c["points"] for c in cats), Decimal(0))
    unit_name = meta.get("unit")
    unit_type = next((t for t in ("乡", "镇", "街道", "社区", "村") if unit_name and unit_name.endswith(t)), None)
    book = CommentedMap()
    book["id"] = f"draft-{st.year}"
    book["title"] = meta["title"]
    if "issuer" in meta:
        book["issuer"] = meta["issuer"]
    book["year"] = st.year
    book["period"] = flow({"start": _dt.date(st.year, 1, 1), "end": _dt.date(st.year, 12, 31)})
    book["total"] = meta["total"] if meta["total"] is not None else total_of_cats
    book["rounding"] = flow({"places": 1, "mode": "half_up"})
    if "reference" in meta:
        book["reference"] = meta["reference"]
    book["note"] = f"由 scoring draft 从 {source} 起草；证据类型和字段名是草稿，请改名；标 todo 的条目要写好规则后才能评分。"
    if unit_type in ("乡", "镇"):
        book["unit_types"] = CommentedSeq(["乡", "镇"])
    elif unit_type:
        book["unit_types"] = CommentedSeq([unit_type])
    book["facts"] = CommentedMap()
    book["evidence"] = CommentedMap()
    book["categories"] = CommentedSeq(cats)
    for key, lines, sec in (("bonus", st.bonus, "bonus"), ("penalties", st.penalties, "penalty")):
        if lines or st.todo.get(key):
            sec_map = CommentedMap([("title", "加分项" if key == "bonus" else "扣分项")])
            if sec in st.caps:
                sec_map["cap"] = st.caps[sec]
            if lines:
                sec_map["lines"] = CommentedSeq(lines)
            if st.todo.get(key):
                sec_map["todo"] = CommentedSeq(st.todo[key])
                sec_map.yaml_add_eol_comment("评分规则待写：scoring check 会报错，写好规则后删去 todo", "todo")
            book[key] = sec_map
    if st.vetoes:
        book["vetoes"] = CommentedSeq(st.vetoes)
    if st.grades:
        book["grades"] = CommentedSeq(flow(g) for g in st.grades)
    _declare(book, st.decls)
    unit = None
    if outline.selfcheck and st.claims:
        unit = CommentedMap([("id", unit_name or "unit"), ("name", unit_name or "（请填写单位名称）")])
        if unit_type:
            unit["type"] = unit_type
        unit["claims"] = CommentedMap(st.claims)
        unit.yaml_set_start_comment(f"{unit_name or '单位'}的自评分，由 scoring draft 从 {source} 整理")
    levels: list[int] = []
    for depth, _ in _walk([r for r in outline.roots if r.kind == "node"]):
        levels += [0] * (depth + 1 - len(levels))
        levels[depth] += 1
    report = DraftReport(
        source=source, shape=shape, levels=levels, points=st.points, total=meta["total"],
        total_of_categories=total_of_cats, rules=st.rules, left=st.left, outside=st.outside,
        duplicated_titles=[ids for ids in st.titles.values() if len(ids) > 1], unit=unit_name if unit else None,
        claims=len(st.claims) if unit else 0)
    return Built(book, unit, report)


def _names(data: Any) -> set[str]:
    out: set[str] = set()
    if isinstance(data, dict):
        for v in data.values():
            out |= _names(v)
    elif isinstance(data, list):
        for v in data:
            out |= _names(v)
    elif isinstance(data, str):
        out |= set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", data))
    return out


def _declare(book: CommentedMap, decls: Decls) -> None:
    """Declare the draft names the rules use (and only those), marked for the editor to rename."""
    used = _names({k: v for k, v in book.items() if k not in ("facts", "evidence")})
    facts = {k: v for k, v in decls.facts.items() if k in used}
    types = {k: v for k, v in decls.evidence.items() if k in used}
    book["facts"] = CommentedMap((k, flow(v)) for k, v in facts.items())
    ev = CommentedMap()
    for name, spec in types.items():
        ev[name] = CommentedMap([("label", spec["label"]), ("date", spec["date"]),
                                 ("fields", CommentedMap((f, flow(s)) for f, s in spec["fields"].items()))])
    book["evidence"] = ev
    if facts:
        book.yaml_add_eol_comment("草稿：每个单位在 unit.yaml 里填报的数据，名称由 scoring draft 拟定，请改名", "facts")
    if types:
        book.yaml_add_eol_comment("草稿：证据类型和字段名由 scoring draft 拟定，请改成贴切的名字（规则里的引用一起改）",
                                  "evidence")
