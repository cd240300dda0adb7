"""Markdown: the score sheet or the leaderboard as a GitHub-style table, for pasting into documents."""

from __future__ import annotations

from typing import Any

from ..i18n import gettext as _
from ..models.result import BatchResult, ScoreResult
from .view import batch_counts, board_layout, board_rows, failures, sheet_headers, sheet_rows, unit_summary

__all__ = ["problems_markdown", "render_markdown"]


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
        title = "\u3000" * row.depth + (f"**{row.label}**" if row.depth == 0 else row.label)
        claimed = row.claimed_text + (f" ⚠{row.flag}" if row.claim == "over" else f" {row.flag}" if row.flag else "")
        points = f"**{row.points_text}**" if row.lost else row.points_text
        rows.append([row.no, title, row.max_text, claimed, points, "；".join(row.reason_lines),
                     "；".join(row.sources)])
    out += _table(sheet_headers(), rows, {2, 3, 4})
    out.append("")
    lines = unit_summary(r).lines()
    out.append(f"**{lines[0].strip()}**")
    out += [f"- {line.strip()}" if not line.startswith("  ") else f"  - {line.strip()}" for line in lines[1:]]
    return out


def _board(b: BatchResult) -> list[str]:
    out = [f"# {b.rulebook.title}", "", _("排名（{counts}）").format(counts=batch_counts(b)), ""]
    layout = board_layout(b)
    out += _table(layout.headers(), [row.cells(layout) for row in board_rows(b)], layout.numeric)
    fails = failures(b)
    if fails:
        out += ["", "## " + _("未能评分的单位（{n} 个）").format(n=len(fails))]
    for f in fails:
        out += ["", "### " + _("{unit}（{path}），{n} 个问题：").format(unit=f.unit, path=f.path, n=len(f.errors)), "",
                *(f"{i}. {_cell(e)}" for i, e in enumerate(f.errors, start=1))]
    return out


def problems_markdown(problems: list[Any], path: str) -> str:
    """``scoring check``'s problems as a Markdown table (where, error or warning, what, how to fix)."""
    errors = sum(p.severity != "warning" for p in problems)
    out = ["# " + _("规则文件检查：{path}").format(path=path), ""]
    if not problems:
        return "\n".join(out + [_("{path}：没有发现问题。").format(path=path)]) + "\n"
    out += [_("{path}：{errors} 个错误，{warnings} 个警告。").format(path=path, errors=errors,
                                                              warnings=len(problems) - errors), ""]
    rows = []
    for p in problems:
        info = p.info()
        fix = "；".join(x for x in ((_("您是不是想写 {name}").format(name=info.suggestion) if info.suggestion else ""),
                                   info.hint or "") if x)
        rows.append([info.where or "", _("警告") if p.severity == "warning" else _("错误"), info.message, fix])
    out += _table([_("位置"), _("级别"), _("问题"), _("怎样改")], rows, set())
    return "\n".join(out) + "\n"


def render_markdown(result: Any) -> str:
    """A ``ScoreResult`` (one unit) or a ``BatchResult`` (a ranking) as Markdown."""
    if isinstance(result, BatchResult):
        return "\n".join(_board(result)) + "\n"
    if isinstance(result, ScoreResult):
        return "\n".join(_score(result)) + "\n"
    raise TypeError(f"cannot render {type(result).__name__} as markdown")
