"""One view of a result, computed once, that every renderer lays out: terminal, Markdown, CSV, HTML, XLSX.

Whatever a person reads about a result is decided here, so the formats agree: the rows of the score sheet
(number, title, indentation, points, the self-assessment flag), each reason with its signed points, the
evidence a row used grouped by type and file (``信访件 20 件：petitions.yaml 第 3–22 行``), the vetoes with
the right word (一票否决 / 一票否优), the records not counted, and for a batch the ranking and the units that
could not be scored (the leaderboard in ``_board.py``, the words for numbers and outcomes in ``_words.py``, both
re-exported here). Headers and labels are translated (``scoring.i18n``); reasons from the ledger are data
and stay Chinese. Plain data in, plain data out; no renderer imports the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from ..i18n import gettext as _
from ..location import Location
from ..models.result import ItemDisplay, LedgerEntry, NodeResult, ScoreResult
from ._board import (
    BoardLayout,
    BoardRow,
    Failure,
    batch_counts,
    board_headers,
    board_layout,
    board_rows,
    failures,
)
from ._words import (
    item_shown,
    num,
    outcome_line,
    outcome_lines,
    outcome_word,
    rewards_text,
    signed,
    veto_label,
)

__all__ = ["BoardLayout", "BoardRow", "ClaimGap", "Excluded", "Failure", "FeedbackRow", "claim_gaps", "feedback_rows",
           "Reason", "SheetRow", "UnitSummary", "batch_counts", "board_headers", "board_layout", "board_rows",
           "failures", "is_reason", "item_shown", "num", "outcome_line", "outcome_lines", "outcome_word", "claim_sentence", "ranges", "rewards_text", "sheet_headers",
           "sheet_rows", "signed", "sources", "unit_summary", "veto_label", "where"]

Tone = Literal["deduct", "bonus", "note", "claim"]


def is_reason(node: NodeResult, e: LedgerEntry) -> bool:
    """Entries that explain lost (or added, or capped) points, as opposed to ordinary awards."""
    if node.kind in ("bonus", "penalty"):
        return True
    if e.kind == "award":  # a partial award explains the points it did not give (第 2 档 …, 完成 3/4 …)
        return e.points < node.max_points and node.points < node.max_points
    return e.points < 0 or e.kind in ("clamp", "cap", "veto")


@dataclass(frozen=True)
class Reason:
    """One line of 扣分原因: signed points (none for an award, which states its own) and the sentence."""

    points: Decimal | None
    text: str
    tone: Tone
    display: ItemDisplay | None = None

    @property
    def shown(self) -> str:
        """The signed points as printed: rounded as the rulebook shows items (``item_shown``); '' for none."""
        return signed(item_shown(self.points, self.display)) if self.points else ""

    @property
    def line(self) -> str:
        return f"{self.shown} {self.text}" if self.points else self.text


def reasons(node: NodeResult, display: ItemDisplay | None = None) -> list[Reason]:
    out = []
    for e in node.ledger:
        if not is_reason(node, e):
            continue
        tone: Tone = "deduct" if e.points < 0 else ("bonus" if e.points > 0 and e.kind != "award" else "note")
        out.append(Reason(e.points if e.points and e.kind != "award" else None, e.reason, tone, display))
    claim = claim_sentence(node)
    if claim:
        out.append(Reason(None, claim, "claim"))
    if node.claim == "over" and node.claim_reason:
        out.append(Reason(None, _("自评说明：{reason}").format(reason=node.claim_reason), "note"))
    return out


def claim_sentence(node: NodeResult) -> str:
    """``自评 9 分，核定 7 分，自评偏高 2 分`` (or 自评偏低) for an item whose self-assessment differs; else nothing.
    The awarded points are those shown (``rounding.items``), as the claim was compared with them."""
    if node.claimed is None or node.claim not in ("over", "under"):
        return ""
    word = _("自评偏高") if node.claim == "over" else _("自评偏低")
    return _("自评 {claimed} 分，核定 {points} 分，{word} {diff} 分").format(
        claimed=num(node.claimed), points=num(node.shown), word=word, diff=num(abs(node.claimed - node.shown)))


def where(src: Location, unit_path: str | None) -> str:
    """A record's source, short: the file relative to the unit's folder, and its line (or sheet/row)."""
    path = src.path or ""
    base = (unit_path or "").rstrip("/")
    if base and path.startswith(base + "/"):
        path = path[len(base) + 1:]
    if src.line is not None:
        return f"{path}:{src.line}"
    if src.sheet:
        return f"{path}/{src.sheet}" + (" " + _("第 {n} 行").format(n=src.row) if src.row is not None else "")
    return path


def ranges(numbers: list[int], most: int = 8) -> str:
    """3, 4, 5, 9 → ``3–5、9``; more than ``most`` pieces end in ``…``."""
    pieces: list[str] = []
    ns = sorted(set(numbers))
    i = 0
    while i < len(ns):
        j = i
        while j + 1 < len(ns) and ns[j + 1] == ns[j] + 1:
            j += 1
        pieces.append(str(ns[i]) if i == j else f"{ns[i]}–{ns[j]}")
        i = j + 1
    return "、".join(pieces[:most]) + ("、…" if len(pieces) > most else "")


def sources(entries: list[LedgerEntry], labels: dict[str, str], unit_path: str | None) -> list[str]:
    """The records these entries used, once each, grouped by type and file: ``信访件 20 件：petitions.yaml 第 3–22 行``.

    Types are named by their label; a record whose type or place is not known is named by its id."""
    groups: dict[tuple[str, str], list[int]] = {}
    seen: set[str] = set()
    loose: list[str] = []
    for e in entries:
        srcs = e.sources
        if e.kind == "review" and len(srcs) == len(e.evidence) + 1:  # a reviewer's entry: its reviews.yaml first
            review = srcs[0]
            number = review.line if review.line is not None else review.row
            if number is not None:
                file = where(review.model_copy(update={"line": None, "row": None}), unit_path)
                groups.setdefault((_("核查意见"), file), []).append(number)
            srcs = srcs[1:]
        paired = len(srcs) == len(e.evidence)
        for i, rid in enumerate(e.evidence):
            if rid in seen:
                continue
            seen.add(rid)
            src = srcs[i] if paired else None
            kind = e.types[i] if len(e.types) == len(e.evidence) else ""
            number = (src.line if src.line is not None else src.row) if src is not None else None
            if src is None or number is None:
                loose.append(rid)
                continue
            file = where(src.model_copy(update={"line": None, "row": None}), unit_path)
            groups.setdefault((labels.get(kind, kind) or _("记录"), file), []).append(number)
    out = []
    for (label, file), numbers in groups.items():
        out.append(_("{label} {n} 件：{file} 第 {rows} 行").format(label=label, n=len(numbers), file=file,
                                                                rows=ranges(numbers)))
    if loose:
        out.append(_("记录 {ids}").format(ids="、".join(loose)))
    return out


@dataclass
class SheetRow:
    """One row of the score sheet: a category, item, sub-criterion, bonus or penalty section."""

    id: str
    no: str
    title: str
    depth: int
    kind: str
    max_points: Decimal | None
    max_text: str
    claimed: Decimal | None
    points: Decimal
    reasons: list[Reason] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    recover: list[str] = field(default_factory=list)
    claim: str | None = None
    lost: bool = False
    applicable: bool = True

    @property
    def label(self) -> str:
        """The title as printed: with （不适用） when the item does not apply to this unit."""
        return self.title + ("" if self.applicable else _("（不适用）"))

    @property
    def claimed_text(self) -> str:
        return num(self.claimed) if self.claimed is not None else ""

    @property
    def points_text(self) -> str:
        return num(self.points)

    @property
    def flag(self) -> str:
        """The self-assessment flag beside 自评分: 自评偏高 / 自评偏低, or nothing."""
        return {"over": _("自评偏高"), "under": _("自评偏低")}.get(self.claim or "", "")

    @property
    def reason_lines(self) -> list[str]:
        return [x.line for x in self.reasons]


def sheet_headers() -> list[str]:
    return [_("序号"), _("考核项目"), _("分值"), _("自评分"), _("核定分"), _("扣分原因"), _("佐证材料")]


def sheet_rows(r: ScoreResult) -> list[SheetRow]:
    """Categories, items and sub-criteria in file order, then bonus/penalty sections that have entries."""
    labels = r.rulebook.labels
    display = r.rulebook.item_rounding
    rows = []
    for node in r.items:
        section = node.kind in ("bonus", "penalty")
        if section and not node.ledger:
            continue
        if not node.applicable:
            continue  # left out; the summary gives their number
        maxp = None if section else node.max_points
        max_text = num(node.max_points) if not section else (f"≤{num(node.max_points)}" if node.max_points else "")
        rows.append(SheetRow(
            id=node.id, no=node.no or "", title=node.title, depth=node.depth, kind=node.kind, max_points=maxp,
            max_text=max_text, claimed=node.claimed, points=node.shown,
            reasons=reasons(node, display) if node.depth > 0 or section else [],
            sources=sources(node.ledger, labels, r.unit.path), recover=list(node.recover), claim=node.claim,
            lost=not section and node.points < node.max_points, applicable=node.applicable))
    return rows


@dataclass(frozen=True)
class Excluded:
    """A record not counted, in words: its type's label, where it is, why."""

    id: str
    label: str
    where: str
    reason: str


@dataclass
class UnitSummary:
    """What goes under the sheet: total, grade, self-assessment, vetoes, total-level entries, exclusions."""

    total: Decimal
    max_total: Decimal
    grade: str
    claimed: Decimal | None
    vetoes: list[Reason]
    entries: list[Reason]
    excluded: list[Excluded]
    unranked: bool
    not_applicable: int = 0
    outcomes: list[str] = field(default_factory=list)

    @property
    def over_claim(self) -> Decimal | None:
        return self.claimed - self.total if self.claimed is not None and self.claimed > self.total else None

    def head(self) -> str:
        line = _("总分 {total} / {max}").format(total=num(self.total), max=num(self.max_total))
        if self.grade:
            line += "    " + _("等次：{grade}").format(grade=self.grade)
        if self.claimed is not None:
            line += "    " + _("自评合计 {claimed}").format(claimed=num(self.claimed))
            if self.over_claim is not None:
                line += _("（高于核定 {diff} 分）").format(diff=num(self.over_claim))
        return line

    @property
    def left_out(self) -> str:
        return _("另有 {n} 项不适用本单位，未列出").format(n=self.not_applicable) if self.not_applicable else ""

    def lines(self) -> list[str]:
        """The head line, then one line per veto, total-level entry and excluded record (indented)."""
        out = [self.head()]
        if self.not_applicable:
            out.append(self.left_out)
        out += [*(x.line for x in self.vetoes), *(x.line for x in self.entries), *self.outcomes]
        if self.unranked:
            out.append(_("不参与排名"))
        if self.excluded:
            out.append(_("未计入的证据 {n} 条：").format(n=len(self.excluded)))
            out += [f"  {x.label} {x.id}（{x.where}）：{x.reason}" for x in self.excluded]
        return out


def unit_summary(r: ScoreResult) -> UnitSummary:
    display = r.rulebook.item_rounding
    vetoes = []
    for v in r.vetoes:
        if v.fired:
            pts = sum((e.points for e in r.ledger if e.kind == "veto" and v.title in e.reason), Decimal(0))
            vetoes.append(Reason(pts or None, f"{veto_label(v.effect)}：{v.reason}", "deduct", display))
    # the rounding of the total states both numbers in its sentence (总分 ≈7.7778 … 为 7.8): no signed amount
    entries = [Reason(e.points if e.points and e.kind != "round" else None, e.reason,
                      "deduct" if e.points < 0 else "note", display)
               for e in r.ledger if e.kind not in ("veto", "round") or (e.kind == "round" and e.points)]
    entries += [Reason(None, note, "note") for note in r.notes]  # e.g. cross-unit records in a unit scored alone
    excluded = [Excluded(x.id, r.rulebook.labels.get(x.type, x.type), where(x.source, r.unit.path), x.reason)
                for x in r.excluded]
    return UnitSummary(r.total, r.max_total, r.grade or "", r.claimed_total, vetoes, entries, excluded,
                       r.excluded_from_ranking, r.not_applicable, outcome_lines(r))


@dataclass
class FeedbackRow:
    """One item a township lost points on: what, how many, why (with the records), what would recover them."""

    no: str
    title: str
    max_text: str
    points_text: str
    lost: Decimal
    reasons: list[str]
    sources: list[str]
    recover: list[str]
    display: ItemDisplay | None = None

    @property
    def lost_text(self) -> str:
        """The points lost, shown as the rulebook shows items."""
        return num(item_shown(self.lost, self.display))


@dataclass
class ClaimGap:
    """An item whose self-assessment differs from the awarded points."""

    no: str
    title: str
    claimed: Decimal
    points: Decimal
    note: str

    @property
    def gap(self) -> str:
        return signed(self.claimed - self.points)


def feedback_rows(r: ScoreResult) -> list[FeedbackRow]:
    """Every row below full points, in sheet order: an item with sub-criteria only for its own deductions (its
    sub-criteria follow with theirs), and the penalty section."""
    out = []
    parents = {n.parent for n in r.items if n.parent}
    nodes = {n.id: n for n in r.items}
    for row in sheet_rows(r):
        node = nodes[row.id]
        if node.kind == "bonus":
            continue
        if node.kind == "penalty":
            lost = -node.points
        elif node.id in parents:
            lost = -sum((e.points for e in node.ledger if e.points < 0), Decimal(0))
        else:
            lost = node.max_points - node.points
        if lost <= 0:
            continue
        out.append(FeedbackRow(row.no, row.label, row.max_text, row.points_text, lost,
                               [x.line for x in row.reasons if x.tone not in ("bonus", "claim")], row.sources,
                               row.recover, r.rulebook.item_rounding))
    return out


def claim_gaps(r: ScoreResult) -> list[ClaimGap]:
    """Items whose self-assessment differs from the points as shown (what the claim is compared with)."""
    return [ClaimGap(n.no or "", n.title, n.claimed, n.shown, n.claim_reason or "")
            for n in r.items if n.claimed is not None and n.claim in ("over", "under") and n.applicable]
