"""The terminal view of a diff and its impact (rich; imported only by the command line)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..cycle.diff import RulebookDiff, show
from ..cycle.impact import Impact
from ..cycle.render import SECTIONS, signed

__all__ = ["diff_view", "impact_view"]


def diff_view(d: RulebookDiff) -> RenderableType:
    head = Text(f"{d.old.title}（{d.old.id}） → {d.new.title}（{d.new.id}）：" +
                (f"{len(d.changes)} 处改动" if d.changes else "没有改动"), style="bold")
    t = Table(show_lines=False, expand=False)
    for col in ("范围", "项目", "改动", "原规定", "新规定"):
        t.add_column(col, overflow="fold")
    names = dict(SECTIONS)
    for c in d.changes:
        what = c.id if c.where in ("header", "params") else f"{c.title}（{c.id}）"
        after = (c.after or "—") + (f"\n（{c.note}）" if c.note else "")
        t.add_row(names[c.where], what, c.label, Text(c.before or "—", style="red"), Text(after, style="green"))
    tot = Table(title="各类别分值")
    for col in ("类别", "原分值", "新分值"):
        tot.add_column(col, justify="right" if col != "类别" else "left")
    for r in d.totals:
        changed = r.before != r.after
        tot.add_row(r.title, show(r.before) if r.before is not None else "—",
                    Text(show(r.after) if r.after is not None else "—", style="bold yellow" if changed else ""))
    return Group(head, t, tot) if d.changes else Group(head, tot)


def impact_view(im: Impact) -> RenderableType:
    t = Table(title=f"对各单位的影响（按 {im.old.year} 年证据，日期顺延 {im.years} 年）")
    for col in ("单位", "原得分", "新得分", "变化", "名次", "等次", "得分变化的条目"):
        t.add_column(col, overflow="fold")
    for u in im.units:
        delta = Text(signed(u.delta), style="green" if u.delta > 0 else "red" if u.delta < 0 else "")
        items = "\n".join(f"{m.title}（{m.id}）{show(m.before) if m.before is not None else '—'} → "
                          f"{show(m.after) if m.after is not None else '—'}" for m in u.items)
        t.add_row(u.name, show(u.before), show(u.after), delta, f"{u.before_rank or '—'} → {u.after_rank or '—'}",
                  f"{u.before_grade or '—'} → {u.after_grade or '—'}", items)
    out: list[RenderableType] = [t]
    for e in im.errors:
        out.append(Text(f"{e.unit} 的证据有问题，未能评分：{'；'.join(e.errors)}", style="red"))
    return Group(*out)
