"""Markdown: the score sheet or the leaderboard as a GitHub-style table, for pasting into documents."""

from __future__ import annotations

from typing import Any

from ..i18n import gettext as _
from ..models.result import BatchResult, ScoreResult
from ._sheet import board_headers, board_rows, sheet_headers, sheet_rows, summary_lines

__all__ = ["render_markdown"]


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    out = ["| " + " | ".join(_cell(h) for h in headers) + " |",
           "|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|"]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def _score(r: ScoreResult) -> list[str]:
    out = [f"# {r.unit.name}（{r.unit.id}）", "", r.rulebook.title, ""]
    rows = []
    for row in sheet_rows(r):
        title = "\u3000" * row.depth + (f"**{row.title}**" if row.depth == 0 else row.title)
        if not row.applicable:
            title += _("（不适用）")
        claimed = row.claimed
        if row.claim == "over":
            claimed += " " + _("⚠自评偏高")
        elif row.claim == "under":
            claimed += " " + _("自评偏低")
        points = f"**{row.points}**" if row.lost else row.points
        rows.append([row.no, title, row.max_points, claimed, points, "；".join(row.reasons)])
    out += _table(sheet_headers(), rows, {2, 3, 4})
    out.append("")
    lines = summary_lines(r)
    out.append(f"**{lines[0].strip()}**")
    out += [f"- {line.strip()}" if not line.startswith("  ") else f"  - {line.strip()}" for line in lines[1:]]
    return out


def _board(b: BatchResult) -> list[str]:
    out = [f"# {b.rulebook.title}", "", _("排名（{n} 个单位）").format(n=len(b.leaderboard) + len(b.errors)), ""]
    rows = [[row.rank, row.unit_id, row.name, row.total, row.grade, "；".join(row.marks)] for row in board_rows(b)]
    out += _table(board_headers(), rows, {0, 3})
    for e in b.errors:
        out += ["", "## " + _("未能评分：{unit}").format(unit=e.unit), "", "```"] + [x for x in e.errors] + ["```"]
    return out


def render_markdown(result: Any) -> str:
    """A ``ScoreResult`` (one unit) or a ``BatchResult`` (a ranking) as Markdown."""
    if isinstance(result, BatchResult):
        return "\n".join(_board(result)) + "\n"
    if isinstance(result, ScoreResult):
        return "\n".join(_score(result)) + "\n"
    raise TypeError(f"cannot render {type(result).__name__} as markdown")
