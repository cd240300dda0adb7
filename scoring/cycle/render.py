"""Plain renderings of a diff and its impact: Markdown (the notice that goes with the new rubric) and JSON.

No rich here (the terminal view is ``scoring.cli._diff_view``, used by the command line).
"""

from __future__ import annotations

from decimal import Decimal

from ..jsonio import to_json
from .casetest import CaseReport
from .diff import Change, RulebookDiff, show
from .impact import Impact

__all__ = ["SECTIONS", "cases_markdown", "cases_text", "diff_json", "diff_markdown", "impact_markdown", "signed"]

SECTIONS = (("header", "基本信息"), ("params", "参数"), ("items", "考核条目"), ("vetoes", "一票否决"),
            ("bonus", "加分项"), ("penalties", "扣分项"))


def signed(d: Decimal) -> str:
    return ("+" if d > 0 else "") + show(d) if d else "0"


def _cell(text: str | None) -> str:
    return (text or "—").replace("|", "\\|").replace("\n", " ")


def _what(c: Change) -> str:
    return c.id if c.where in ("header", "params") else f"{c.title}（{c.id}）"


def diff_markdown(d: RulebookDiff) -> str:
    lines = [f"# 《{d.new.title}》修订说明", "",
             f"与《{d.old.title}》相比，共有 {len(d.changes)} 处改动。" if d.changes else
             f"与《{d.old.title}》相比，没有改动。", ""]
    n = 0
    for key, name in SECTIONS:
        rows = [c for c in d.changes if c.where == key]
        if not rows:
            continue
        n += 1
        lines += [f"## {'一二三四五六七'[n - 1]}、{name}", "", "| 项目 | 改动 | 原规定 | 新规定 | 说明 |", "|---|---|---|---|---|"]
        lines += [f"| {_cell(_what(c))} | {_cell(c.label)} | {_cell(c.before)} | {_cell(c.after)} | {_cell(c.note)} |"
                  for c in rows]
        lines.append("")
    lines += [f"## {'一二三四五六七'[n]}、各类别分值", "", "| 类别 | 原分值 | 新分值 |", "|---|---:|---:|"]
    for t in d.totals:
        lines.append(f"| {_cell(t.title)} | {show(t.before) if t.before is not None else '—'} | "
                     f"{show(t.after) if t.after is not None else '—'} |")
    return "\n".join(lines) + "\n"


def impact_markdown(im: Impact) -> str:
    lines = [f"## 对各单位的影响（按 {im.old.year} 年证据，日期顺延 {im.years} 年）", "",
             "| 单位 | 原得分 | 新得分 | 变化 | 原名次 | 新名次 | 原等次 | 新等次 | 得分变化的条目 |",
             "|---|---:|---:|---:|---:|---:|---|---|---|"]
    for u in im.units:
        items = "；".join(f"{m.title}（{m.id}）{show(m.before) if m.before is not None else '—'} → "
                         f"{show(m.after) if m.after is not None else '—'}" for m in u.items)
        lines.append(f"| {u.name} | {show(u.before)} | {show(u.after)} | {signed(u.delta)} | {u.before_rank or '—'} | "
                     f"{u.after_rank or '—'} | {u.before_grade or '—'} | {u.after_grade or '—'} | {_cell(items)} |")
    for e in im.errors:
        lines.append(f"\n{e.unit} 的证据有问题，未能评分：{'；'.join(e.errors)}")
    lines += [f"\n**警告**：{w}" for w in im.warnings]
    return "\n".join(lines) + "\n"


def diff_json(d: RulebookDiff, im: Impact | None = None) -> str:
    if im is None:
        return to_json(d)
    from ..jsonio import dumps_exact

    return dumps_exact({"diff": d.model_dump(mode="python"), "impact": im.model_dump(mode="python")}) + "\n"


def cases_markdown(report: CaseReport) -> str:
    """``scoring test -f markdown``: a table of the cases, each failure with expected and actual, then coverage."""
    n, bad = len(report.cases), len(report.failed)
    out = ["# 测试用例", "", f"共 {n} 个用例：{n - bad} 个通过，{bad} 个失败。", "", "| 结果 | 用例 | 位置 | 说明 |",
           "|---|---|---|---|"]
    for c in report.cases:
        notes = ([f"评分出错：{c.error}"] if c.error else []) + [
            f"{ {'total': '总分', 'grade': '等次', 'vetoes': '一票否决'}.get(f.what, f'条目 {f.what}') }："
            f"期望 {f.expected}，实际 {f.got}" for f in c.failures]
        out.append(f"| {'通过' if c.passed else '**失败**'} | {_cell(c.name)} | {_cell(str(c.location))} | "
                   f"{_cell('；'.join(notes)) if notes else ''} |")
    for cov in report.coverage:
        out += ["", f"## 覆盖率（{cov.rulebook}）", ""]
        if not cov.untested and not cov.unreached:
            out.append("每个条目都有期望得分，每个分支都有用例走到。")
        out += [f"- 没有用例写出期望得分：{b.title}（{b.node}）" for b in cov.untested]
        out += [f"- 没有用例走到的分支：{b.node} {b.label}" for b in cov.unreached]
    return "\n".join(out) + "\n"


def cases_text(report: CaseReport) -> str:
    """What ``scoring test`` prints: each case, the failures with expected vs got and the ledger, then coverage."""
    out: list[str] = []
    for c in report.cases:
        out.append(f"{'通过' if c.passed else '失败'}  {c.name}（{c.location}）")
        if c.error:
            out += ["      评分出错：" + ln for ln in c.error.splitlines()]
        for f in c.failures:
            what = {"total": "总分", "grade": "等次", "vetoes": "一票否决"}.get(f.what, f"条目 {f.what}")
            out.append(f"      {what}：期望 {f.expected}，实际 {f.got}")
            out += [f"        {ln}" for ln in f.ledger]
    n, bad = len(report.cases), len(report.failed)
    out.append(f"\n共 {n} 个用例：{n - bad} 个通过，{bad} 个失败。")
    for cov in report.coverage:
        if not cov.untested and not cov.unreached:
            out.append(f"覆盖率（{cov.rulebook}）：每个条目都有期望得分，每个分支都有用例走到。")
            continue
        out.append(f"覆盖率（{cov.rulebook}）：")
        if cov.untested:
            out.append(f"  没有用例写出期望得分的条目（{len(cov.untested)} 个）：")
            out += [f"    {b.node}  {b.title}" for b in cov.untested]
        if cov.unreached:
            out.append(f"  没有用例走到的分支（{len(cov.unreached)} 个）：")
            out += [f"    {b.node}  {b.label}" for b in cov.unreached]
    return "\n".join(out) + "\n"
