"""The leaderboard of the one view (``scoring.render.view``): its columns, its rows, the units not scored."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..i18n import gettext as _
from ..models.result import BatchResult, ScoreResult
from ..values import pct
from ._words import num, outcome_word, rewards_text, veto_label

__all__ = ["BoardLayout", "BoardRow", "Failure", "batch_counts", "board_headers", "board_layout", "board_rows",
           "failures"]


@dataclass
class BoardRow:
    rank: str
    unit_id: str
    name: str
    total: Decimal | None
    max_total: Decimal | None
    grade: str
    vetoes: list[str]
    notes: list[str]
    failed: bool = False
    rate: Decimal | None = None
    outcomes: list[str] = field(default_factory=list)

    @property
    def total_text(self) -> str:
        return num(self.total)

    @property
    def max_text(self) -> str:
        return num(self.max_total) if self.max_total is not None else ""

    @property
    def rate_text(self) -> str:
        return pct(self.rate) if self.rate is not None else ""

    @property
    def marks(self) -> list[str]:
        return self.vetoes + self.notes

    def cells(self, layout: BoardLayout, notes: list[str] | None = None, sep: str = "；") -> list[str]:
        """The row's texts in the layout's column order (``notes`` in place of the row's own, e.g. with errors)."""
        text = {"rank": self.rank, "unit_id": self.unit_id, "name": self.name,
                "total": self.total_text if self.total is not None else "", "max": self.max_text,
                "rate": self.rate_text, "grade": self.grade, "vetoes": sep.join(self.vetoes),
                "outcomes": sep.join(self.outcomes), "notes": sep.join(self.notes if notes is None else notes)}
        return [text[k] for k in layout.keys]


@dataclass(frozen=True)
class BoardLayout:
    """The leaderboard's columns: 得分率 when the rulebook ranks by it, 表彰与奖励 when it declares outcomes."""

    rate: bool = False
    outcomes: bool = False

    @property
    def keys(self) -> list[str]:
        return ["rank", "unit_id", "name", "total", "max", *(["rate"] if self.rate else []), "grade", "vetoes",
                *(["outcomes"] if self.outcomes else []), "notes"]

    def headers(self) -> list[str]:
        words = {"rank": _("名次"), "unit_id": _("编号"), "name": _("单位"), "total": _("总分"), "max": _("满分"),
                 "rate": _("得分率"), "grade": _("等次"), "vetoes": _("否决事项"), "outcomes": _("表彰与奖励"),
                 "notes": _("备注")}
        return [words[k] for k in self.keys]

    @property
    def numeric(self) -> set[int]:
        """The columns of numbers (right-aligned)."""
        return {i for i, k in enumerate(self.keys) if k in ("rank", "total", "max", "rate")}

    def index(self, key: str) -> int:
        return self.keys.index(key)


def board_layout(b: BatchResult | None) -> BoardLayout:
    if b is None:
        return BoardLayout()
    return BoardLayout(rate=b.ranked_by == "rate", outcomes=any(r.outcomes for r in b.results))


def board_headers(b: BatchResult | None = None) -> list[str]:
    return board_layout(b).headers()


def _board_outcomes(r: ScoreResult) -> list[str]:
    """A unit's outcomes on the leaderboard: commendations and flags by name, rewards summed per unit of money."""
    out = [f"{outcome_word(o.kind)}：{o.label}" for o in r.granted if o.kind != "reward"]
    if r.rewards:
        out.append(_("奖励 {amount}").format(amount=rewards_text(r.rewards)))
    return out


def board_rows(b: BatchResult) -> list[BoardRow]:
    """The leaderboard in rank order, then the units that could not be scored (no rank, no total)."""
    by_id = {r.unit.id: r for r in b.results}
    rows = []
    for s in b.leaderboard:
        r = by_id.get(s.unit_id)
        fired = {v.id: v for v in r.vetoes} if r else {}
        vetoes = [f"{veto_label(fired[v].effect)}：{fired[v].title}" if v in fired else v for v in s.vetoed]
        notes = [_("不参与排名")] if s.excluded_from_ranking else []
        rows.append(BoardRow(rank=str(s.rank) if s.rank is not None else "—", unit_id=s.unit_id, name=s.name,
                             total=s.total, max_total=r.max_total if r else None, grade=s.grade or "",
                             vetoes=vetoes, notes=notes, rate=s.rate, outcomes=_board_outcomes(r) if r else []))
    for e in b.errors:
        rows.append(BoardRow(rank="—", unit_id=e.unit, name=e.unit, total=None, max_total=None, grade="",
                             vetoes=[], notes=[_("未能评分：{n} 个问题，见“未能评分的单位”").format(n=len(e.errors))],
                             failed=True))
    return rows


@dataclass(frozen=True)
class Failure:
    """A unit that could not be scored, with every error as printed (file, place, problem, hint)."""

    unit: str
    path: str
    errors: list[str]


def failures(b: BatchResult) -> list[Failure]:
    return [Failure(e.unit, e.path, list(e.errors)) for e in b.errors]


def batch_counts(b: BatchResult) -> str:
    """``参评单位 5 个：4 个评分完成，1 个未能评分`` (the second part only when some failed)."""
    ok = len(b.results)
    text = _("参评单位 {n} 个").format(n=ok + len(b.errors))
    if b.errors:
        text += _("：{ok} 个评分完成，{bad} 个未能评分").format(ok=ok, bad=len(b.errors))
    rewards: dict[str, Decimal] = {}
    for r in b.results:
        for k, v in r.rewards.items():
            rewards[k] = rewards.get(k, Decimal(0)) + v
    if rewards:
        text += _("；奖励合计 {amount}").format(amount=rewards_text(rewards))
    return text
