"""The rubric's tree from a document: numbering (一、 （一） 1. （1） ①), point values, the original text.

Levels are not fixed: a style met for the first time goes one level deeper, a style met again closes
the levels under it (as Word's outline does), so a document that starts at （一） works too. Point
values are read in the forms that occur: （10分）, （分值：10分）, 分值：10分, 共 N 分, a trailing 10 分,
and a self-check report's （分值：10分，自评分：10分）. Tables are read by their header (考核项目 | 分值 |
评分标准 | 考核方式 …), a cell merged downwards belonging to every row it covers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from ._read import Block, Paragraph, Table

__all__ = ["DNode", "Outline", "norm", "parse_blocks", "points_in", "split_sentences"]

N = r"(\d+(?:\.\d+)?)"
_STYLES = [
    ("part", re.compile(r"^第[一二三四五六七八九十]+(?:部分|章|节)[、.:：\s]*")),
    ("cn", re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]\s*")),
    ("pcn", re.compile(r"^[（(][一二三四五六七八九十]{1,3}[)）]\s*")),
    ("num", re.compile(r"^\d{1,2}(?:[、．]|\.(?!\d))\s*")),
    ("pnum", re.compile(r"^[（(]\d{1,2}[)）]\s*")),
    ("circ", re.compile(r"^[①-⑳]\s*")),
]
_SELF = re.compile(r"[(]\s*分值:?\s*" + N + r"\s*分\s*[,;、]\s*自评(?:得)?分?:?\s*" + N + r"\s*分\s*[)]")
_PAREN = re.compile(r"[(]\s*(?:分值:?\s*|共\s*|计\s*|满分\s*)?" + N + r"\s*分\s*[)]")
_LABEL = re.compile(r"分值\s*[:为]\s*" + N + r"\s*分?")
_TOTAL = re.compile(r"(?:本项|本类|本部分|共|合计|满分|总分)\s*(?:为|计)?\s*" + N + r"\s*分")
_TRAIL = re.compile(r"(?<![扣加得减计每各倒])\s" + N + r"\s*分\s*$")
_CAP = re.compile(r"(?:最多|最高|不超过|累计不超过|上限|封顶)\s*(?:加|扣)?\s*" + N + r"\s*分")
_SENT = re.compile(r"[。；;！!？?\n]+")
_TITLE_END = re.compile(r"[。；;：:]")


def norm(text: str) -> str:
    """Full-width forms folded (（１０分） → (10分), ％ → %), so the patterns see one spelling."""
    return unicodedata.normalize("NFKC", text).replace("－", "-").replace("—", "-").replace("–", "-")


def split_sentences(text: str) -> list[str]:
    return [s.strip(" ，,、") for s in _SENT.split(text) if s.strip(" ，,、")]


def points_in(text: str) -> tuple[Decimal | None, Decimal | None, tuple[int, int] | None]:
    """(points, self-assessed points, span of the marker in ``norm(text)``)."""
    n = norm(text)
    for rx in (_SELF, _PAREN, _LABEL):
        m = rx.search(n)
        if m:
            return Decimal(m.group(1)), (Decimal(m.group(2)) if rx is _SELF else None), m.span()
    m = _TRAIL.search(n) or _TOTAL.search(n)
    if m:
        return Decimal(m.group(1)), None, m.span()
    return None, None, None


@dataclass
class DNode:
    title: str
    where: str
    no: str | None = None
    points: Decimal | None = None
    self_points: Decimal | None = None
    text: str = ""
    sentences: list[str] = field(default_factory=list)
    narrative: list[str] = field(default_factory=list)
    method: str | None = None
    verified_by: str | None = None
    cap: Decimal | None = None
    kind: str = "node"  # node | bonus | penalty | veto | grades | other
    style: str = ""
    children: list[DNode] = field(default_factory=list)

    def walk(self) -> list[DNode]:
        return [self] + [d for c in self.children for d in c.walk()]

    def add_text(self, text: str) -> None:
        self.text = f"{self.text}\n{text}" if self.text else text
        self.sentences += split_sentences(text)


@dataclass
class Outline:
    title: str | None = None
    preamble: list[tuple[str, str]] = field(default_factory=list)
    roots: list[DNode] = field(default_factory=list)
    selfcheck: bool = False
    total: Decimal | None = None
    """A table's 合计 row."""
    dropped: list[DNode] = field(default_factory=list)
    """Top-level sections without any point value (a report's 存在问题, 下步工作计划 …): not rubric."""


def _numbering(text: str) -> tuple[str, str, str] | None:
    for style, rx in _STYLES:
        m = rx.match(text)
        if m and len(text) > m.end():
            return style, text[: m.end()].strip(), text[m.end():].strip()
    return None


def _cut(original: str, normalised: str, start: int, end: int) -> tuple[str, str]:
    """The original text before and after a span found in its normalised form."""
    src = original if len(original) == len(normalised) else normalised
    return src[:start], src[end:]


def _head(rest: str, where: str) -> DNode:
    """A numbered line (without its number): title, points, text, sentences."""
    points, self_points, span = points_in(rest)
    node = DNode(title="", where=where, points=points, self_points=self_points)
    if span is not None:
        before, after = _cut(rest, norm(rest), *span)
    else:
        before, after = rest, ""
    stripped = before.strip(" 。.,，;；:：")
    if self_points is not None:  # a self-check report: what follows the marker is the unit's narrative
        node.title = stripped
        node.text = stripped
        node.sentences = split_sentences(stripped)
        if after.strip():
            node.narrative.append(after.strip())
        return node
    if span is not None and stripped and "。" not in stripped:
        first = stripped  # the title is all that stands before its points: 制定…文件；完成报刊订阅（10分）
    else:
        first = _TITLE_END.split(stripped, maxsplit=1)[0].strip(" ，,")
    node.title = first or (split_sentences(after) or [rest])[0]
    node.text = rest
    node.sentences = split_sentences(before + after)
    return node


def _kind(title: str) -> str:
    t = norm(title)
    if "否决" in t or "一票否" in t:
        return "veto"
    if "加分" in t:
        return "bonus"
    if re.search(r"扣分项|减分项|扣分事项|倒扣", t):
        return "penalty"
    if re.search(r"等次|等级评定|评定等级", t):
        return "grades"
    return "node"


def _paragraphs(paras: list[Paragraph], out: Outline) -> None:
    stack: list[tuple[str, DNode]] = []
    for par in paras:
        num = _numbering(par.text)
        if num is None:
            if stack:
                node = stack[-1][1]
                if out.selfcheck and node.self_points is not None:
                    node.narrative.append(par.text)
                else:
                    node.add_text(par.text)
            elif out.title is None:
                out.title = par.text
            else:
                out.preamble.append((par.text, par.where))
            continue
        style, no, rest = num
        node = _head(rest, par.where)
        node.no, node.style = no, style
        if node.self_points is not None:
            out.selfcheck = True
        styles = [s for s, _ in stack]
        if style in styles:
            del stack[styles.index(style):]
        if stack:
            stack[-1][1].children.append(node)
        else:
            out.roots.append(node)
        stack.append((style, node))


_HEADERS = {
    "level": re.compile(r"类别|项目|指标|内容|名称"),
    "points": re.compile(r"分值|分数|标准分|满分"),
    "standard": re.compile(r"评分|计分|扣分|标准|细则|要求|办法"),
    "method": re.compile(r"考核方式|考核方法|考核办法|核查方式|佐证|依据"),
    "verified_by": re.compile(r"考核单位|责任单位|牵头单位|考核部门|责任部门|考核科室"),
    "self": re.compile(r"自评"),
    "no": re.compile(r"^序号$|^编号$"),
}


def _columns(row: list[str]) -> dict[int, str] | None:
    cols: dict[int, str] = {}
    for i, cell in enumerate(row):
        c = norm(cell).replace(" ", "")
        if not c:
            continue
        for key in ("self", "no", "verified_by", "method", "points", "standard", "level"):
            if _HEADERS[key].search(c) and not (key == "standard" and "自评" in c):
                cols[i] = key
                break
    kinds = set(cols.values())
    if "level" in kinds and ("points" in kinds or "standard" in kinds):
        return cols
    return None


def _cell_points(cell: str) -> Decimal | None:
    """A 分值 / 自评分 cell: ``10``, ``10分``, ``（10分）``."""
    m = re.match(r"^\s*" + N + r"\s*分?\s*$", norm(cell))
    return Decimal(m.group(1)) if m else points_in(cell)[0]


def _table(table: Table, out: Outline) -> None:
    header_at, cols = None, None
    for r, row in enumerate(table.rows[:6]):
        cols = _columns(row)
        if cols is not None:
            header_at = r
            break
    if cols is None or header_at is None:  # a layout table: its rows are paragraphs
        _paragraphs([Paragraph(" ".join(c for c in row if c), w) for row, w in zip(table.rows, table.wheres, strict=True)
                     if any(row)], out)
        return
    for r in range(header_at):  # a sheet's own title rows above the header
        text = " ".join(c for c in table.rows[r] if c)
        if text and out.title is None:
            out.title = text
        elif text:
            out.preamble.append((text, table.wheres[r]))
    levels = sorted(i for i, k in cols.items() if k == "level")
    point_cols = sorted(i for i, k in cols.items() if k == "points")
    by_key: dict[tuple[str, ...], DNode] = {}
    last: list[str] = [""] * len(levels)
    for r in range(header_at + 1, len(table.rows)):
        row = table.rows[r] + [""] * (len(table.rows[header_at]) - len(table.rows[r]))
        where = table.wheres[r]
        values = [row[i] for i in levels]
        if re.match(r"^(合计|总计|总分)", norm(values[0] or " ".join(row)).replace(" ", "")):
            sums = [p for i in point_cols if row[i] and (p := _cell_points(row[i])) is not None]
            out.total = sums[0] if sums else out.total
            continue
        if re.match(r"^小计", norm(values[0] or " ".join(row)).replace(" ", "")):
            continue
        if not any(values) and not any(row[i] for i, k in cols.items() if k == "standard"):
            continue
        path: list[str] = []
        for d, v in enumerate(values):
            if not v:  # a cell left empty under a merged one (or a continuation row): the row above's value
                inherit = not any(values) or any(values[e] for e in range(d + 1, len(values)))
                v = last[d] if inherit else ""
            if not v:
                break
            path.append(v)
        last = path + [""] * (len(levels) - len(path))
        if not path:
            continue
        parent: DNode | None = None
        for d, v in enumerate(path):
            key = tuple(path[: d + 1])
            node = by_key.get(key)
            if node is None:
                num = _numbering(v)
                no, rest = (num[1], num[2]) if num else (None, v)
                node = _head(rest, where)
                node.no = no
                node.sentences = []
                node.text = rest
                pts = [i for i in point_cols if i > levels[d] and (d + 1 == len(levels) or i < levels[d + 1])]
                for i in pts:
                    if row[i] and (p := _cell_points(row[i])) is not None:
                        node.points = p
                by_key[key] = node
                (parent.children if parent else out.roots).append(node)
            parent = node
        leaf = by_key[tuple(path)]
        for i, k in cols.items():
            cell = row[i]
            if not cell:
                continue
            if k == "standard" and (r, i) not in table.merged_down:
                leaf.sentences += split_sentences(cell)
                leaf.text = f"{leaf.text}\n{cell}" if leaf.text else cell
            elif k == "self" and (p := _cell_points(cell)) is not None:
                leaf.self_points = p
                out.selfcheck = True
            elif k in ("method", "verified_by") and getattr(leaf, k) is None:
                setattr(leaf, k, cell)
        if point_cols and leaf.points is None:
            for i in point_cols:
                if row[i] and (p := _cell_points(row[i])) is not None:
                    leaf.points = p


def parse_blocks(blocks: list[Block]) -> Outline:
    out = Outline()
    pending: list[Paragraph] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            pending.append(b)
            continue
        _paragraphs(pending, out)
        pending = []
        _table(b, out)
    _paragraphs(pending, out)
    for root in out.roots:
        root.kind = _kind(root.title)
        if root.kind != "node":
            m = _CAP.search(norm(root.text))
            root.cap = Decimal(m.group(1)) if m else None
            root.points = None
    kept = []
    for root in out.roots:
        if root.kind == "node" and all(n.points is None for n in root.walk()):
            out.dropped.append(root)
        else:
            kept.append(root)
    out.roots = kept
    return out
