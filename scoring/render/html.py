"""HTML: one self-contained, printable page (Chinese) per run; inline CSS and SVG charts, no script, no network.

For one unit: a header (unit, rulebook, total / max, grade, vetoes), a bar chart of points against the maximum
per category, the category > item > criterion table with claimed and computed points and each deduction's
reason, and the evidence that was not counted. For a batch: a leaderboard, a chart comparing the units'
totals, then each unit on its own printed page. Every piece of text is escaped; the output is deterministic.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from ..models.result import BatchResult, NodeResult, ScoreResult, Standing
from ._html_template import CSP, CSS, PAGE
from ._sheet import is_reason, num

__all__ = ["render_html"]

_CHART_W, _LABEL_W, _VALUE_W, _ROW_H = 760, 230, 110, 30


def e(v: object) -> str:
    return escape(str(v), quote=True)


def _f(x: Decimal) -> str:
    """An SVG coordinate, two decimals at most."""
    return num(x.quantize(Decimal("0.01")))


def bar_chart(rows: list[tuple[str, Decimal, Decimal, str, str]], scale: Decimal, *, label: str, kind: str) -> str:
    """Horizontal bars: (label, value, max, css class, data-id) each; a grey track shows the max."""
    width = Decimal(_CHART_W - _LABEL_W - _VALUE_W)
    height = _ROW_H * len(rows) + 8
    out = [f'<svg class="chart chart-{e(kind)}" xmlns="http://www.w3.org/2000/svg" role="img" '
           f'aria-label="{e(label)}" width="{_CHART_W}" height="{height}" viewBox="0 0 {_CHART_W} {height}">',
           f"<title>{e(label)}</title>"]
    scale = scale if scale > 0 else Decimal(1)
    for i, (text, value, top, cls, ident) in enumerate(rows):
        y = 4 + i * _ROW_H
        short = text if len(text) <= 15 else text[:14] + "…"
        w = width * max(Decimal(0), min(value, scale)) / scale
        tw = width * max(Decimal(0), min(top, scale)) / scale
        out.append(f'<text x="{_LABEL_W - 8}" y="{y + 19}" text-anchor="end">{e(short)}<title>{e(text)}</title></text>')
        out.append(f'<rect class="track" x="{_LABEL_W}" y="{y + 4}" width="{_f(tw)}" height="{_ROW_H - 8}" rx="3"/>')
        out.append(f'<rect class="bar {e(cls)}" data-id="{e(ident)}" data-value="{e(num(value))}" x="{_LABEL_W}" '
                   f'y="{y + 4}" width="{_f(w)}" height="{_ROW_H - 8}" rx="3"><title>{e(text)}：{e(num(value))} / '
                   f"{e(num(top))}</title></rect>")
        out.append(f'<text class="val" x="{_CHART_W - _VALUE_W + 8}" y="{y + 19}">{e(num(value))}'
                   f'<tspan class="note"> / {e(num(top))}</tspan></text>')
    out.append("</svg>")
    return "\n".join(out)


def _reasons(node: NodeResult) -> str:
    items = []
    for x in node.ledger:
        if not is_reason(node, x):
            continue
        cls = "deduct" if x.points < 0 else ("bonus" if x.points > 0 and x.kind == "bonus" else "note")
        sign = "+" if x.points > 0 else ""
        pts = f"<b>{sign}{e(num(x.points))}</b> " if x.points else ""
        items.append(f'<li class="{cls}">{pts}{e(x.reason)}</li>')
    if node.claim == "over" and node.claim_reason:
        items.append(f'<li class="note">自评说明：{e(node.claim_reason)}</li>')
    return f'<ul class="reasons">{"".join(items)}</ul>' if items else ""


def _evidence(node: NodeResult, unit_path: str | None) -> str:
    seen: dict[str, str] = {}
    prefix = (unit_path or "").rstrip("/") + "/"
    for x in node.ledger:
        for i, rid in enumerate(x.evidence):
            if rid in seen:
                continue
            src = x.sources[i] if len(x.sources) == len(x.evidence) else None
            seen[rid] = f"{rid}（{_where(src.path, src.line, prefix)}）" if src is not None else rid
    return f'<span class="ev">{e("、".join(seen.values()))}</span>' if seen else ""


def _where(path: str | None, line: int | None, prefix: str) -> str:
    p = path or ""
    if prefix != "/" and p.startswith(prefix):
        p = p[len(prefix):]
    return f"{p}:{line}" if line is not None else p


def _row(node: NodeResult, unit_path: str | None) -> str:
    lost = node.kind != "bonus" and node.points < node.max_points
    over = node.claim == "over"
    cls = f"k-{node.kind} d{min(node.depth, 3)}" + (" lost" if lost else "") + (" over" if over else "")
    title = e(node.title) + ('<span class="note">（不适用）</span>' if not node.applicable else "")
    maxp = num(node.max_points) if node.kind not in ("bonus", "penalty") else (
        f"≤{num(node.max_points)}" if node.max_points else "")
    claimed = e(num(node.claimed)) if node.claimed is not None else ""
    if over:
        claimed += '<span class="badge">自评偏高</span>'
    return (f'<tr class="{cls}" data-id="{e(node.id)}"><td class="no">{e(node.no or "")}</td>'
            f'<td class="title">{title}</td><td class="n">{e(maxp)}</td>'
            f'<td class="n claimed{" over" if over else ""}">{claimed}</td>'
            f'<td class="n points{" lost" if lost else ""}">{e(num(node.shown))}</td>'
            f"<td>{_reasons(node)}</td><td>{_evidence(node, unit_path)}</td></tr>")


def _card(k: str, v: str, cls: str = "") -> str:
    return f'<div class="card {cls}"><div class="k">{e(k)}</div><div class="v">{v}</div></div>'


def unit_section(r: ScoreResult, index: int) -> str:
    out = [f'<section class="unit" id="unit-{index}" data-unit="{e(r.unit.id)}">',
           f"<h2>{e(r.unit.name)} 考核得分</h2>",
           f'<p class="sub">{e(r.rulebook.title)}（{e(r.rulebook.year)} 年度）</p>', '<div class="cards">',
           _card("总分", f'<span class="total">{e(num(r.total))}</span> <small>/ {e(num(r.max_total))}</small>',
                 "total"),
           _card("等次", e(r.grade or "—"))]
    if r.rank is not None:
        out.append(_card("名次", f"第 {e(r.rank)} 名"))
    if r.claimed_total is not None:
        gap = r.claimed_total - r.total
        extra = f" <small>高于核定 {e(num(gap))} 分</small>" if gap > 0 else ""
        out.append(_card("自评合计", e(num(r.claimed_total)) + extra))
    out.append(_card("失分", e(num(max(r.max_total - r.total, Decimal(0))))))
    out.append("</div>")
    if r.excluded_from_ranking:
        out.append('<p class="alert">不参与排名</p>')
    for v in r.vetoes:
        if v.fired:
            label = "一票否决" if v.effect == "zero_total" else "否决事项"
            out.append(f'<p class="alert veto">{label}：{e(v.reason)}</p>')
    for x in r.ledger:
        if x.kind != "veto" and x.points:
            out.append(f'<p class="note">{e(num(x.points))} {e(x.reason)}</p>')
    cats = [n for n in r.items if n.kind == "category" and n.applicable]
    if cats:
        out.append("<h3>各部分得分</h3>")
        rows = [(" ".join(p for p in (n.no, n.title) if p), n.points, n.max_points, "", n.id) for n in cats]
        out.append(bar_chart(rows, max(n.max_points for n in cats), label=f"{r.unit.name}各部分得分", kind="categories"))
    out.append("<h3>评分明细</h3>")
    out.append('<table class="sheet"><colgroup><col style="width:5%"><col style="width:24%"><col style="width:6%">'
               '<col style="width:8%"><col style="width:6%"><col style="width:32%"><col style="width:19%"></colgroup>'
               '<thead><tr><th>序号</th><th>考核项目</th><th class="n">分值</th>'
               '<th class="n">自评分</th><th class="n">核定分</th><th>扣分原因</th><th>佐证材料</th></tr></thead><tbody>')
    out += [_row(n, r.unit.path) for n in r.items if n.applicable]
    out.append("</tbody><tfoot>")
    claimed = e(num(r.claimed_total)) if r.claimed_total is not None else ""
    top = "".join(f'<li class="deduct">{e(x.reason)}</li>' for x in r.ledger if x.kind == "veto")
    out.append(f'<tr class="total"><td></td><td>总分</td><td class="n">{e(num(r.max_total))}</td>'
               f'<td class="n">{claimed}</td><td class="n">{e(num(r.total))}</td>'
               f'<td>{f"<ul class=reasons>{top}</ul>" if top else ""}</td><td></td></tr>')
    out.append(f'<tr class="grade"><td></td><td>等次</td><td colspan="5">{e(r.grade or "—")}</td></tr>')
    out.append("</tfoot></table>")
    if r.not_applicable:
        out.append(f'<p class="note">另有 {r.not_applicable} 项不适用本单位，未列出</p>')
    if r.excluded:
        prefix = (r.unit.path or "").rstrip("/") + "/"
        out.append(f"<h3>未计入的佐证材料（{len(r.excluded)} 条）</h3>")
        out.append('<table class="excluded"><thead><tr><th>记录</th><th>类型</th><th>来源</th><th>原因</th></tr>'
                   "</thead><tbody>")
        for ex in r.excluded:
            out.append(f"<tr><td>{e(ex.id)}</td><td>{e(ex.type)}</td>"
                       f'<td class="ev">{e(_where(ex.source.path, ex.source.line, prefix))}</td><td>{e(ex.reason)}</td></tr>')
        out.append("</tbody></table>")
    out.append("</section>")
    return "\n".join(out)


def _board(b: BatchResult) -> str:
    by_id = {r.unit.id: (i, r) for i, r in enumerate(b.results)}
    out = ['<section class="board">', f"<h1>{e(b.rulebook.title)}</h1>",
           f'<p class="sub">{e(b.rulebook.year)} 年度　参评单位 {len(b.results)} 个</p>', "<h3>排名</h3>",
           '<table class="leaderboard"><thead><tr><th class="n">名次</th><th>单位</th><th class="n">总分</th>'
           '<th class="n">满分</th><th>等次</th><th>一票否决</th><th>备注</th></tr></thead><tbody>']
    for s in b.leaderboard:
        i, r = by_id.get(s.unit_id, (None, None))
        titles = {v.id: v.title for v in r.vetoes} if r else {}
        vetoes = "；".join(titles.get(v, v) for v in s.vetoed)
        name = f'<a href="#unit-{i}">{e(s.name)}</a>' if i is not None else e(s.name)
        out.append(f'<tr class="{"vetoed" if s.vetoed else ""}" data-unit="{e(s.unit_id)}">'
                   f'<td class="n">{e(s.rank) if s.rank is not None else "—"}</td><td>{name}</td>'
                   f'<td class="n">{e(num(s.total))}</td><td class="n">{e(num(r.max_total)) if r else ""}</td>'
                   f"<td>{e(s.grade or '')}</td><td>{e(vetoes)}</td>"
                   f"<td>{'不参与排名' if s.excluded_from_ranking else ''}</td></tr>")
    for err in b.errors:
        out.append(f'<tr class="vetoed failed"><td class="n">—</td><td>{e(err.unit)}</td><td></td><td></td><td></td>'
                   f"<td>{e('；'.join(err.errors))}</td><td>评分失败，未参与排名</td></tr>")
    out.append("</tbody></table>")
    if b.leaderboard:
        maxes = [r.max_total for r in b.results]
        scale = max([*maxes, *(s.total for s in b.leaderboard)])
        out.append("<h3>总分对比</h3>")
        out.append(bar_chart([(_label(s), s.total, by_id[s.unit_id][1].max_total if s.unit_id in by_id else scale,
                               "vetoed" if s.vetoed else ("excluded" if s.excluded_from_ranking else ""), s.unit_id)
                              for s in b.leaderboard], scale, label="各单位总分对比", kind="units"))
    out.append("</section>")
    return "\n".join(out)


def _label(s: Standing) -> str:
    return f"{s.rank}. {s.name}" if s.rank is not None else s.name


def _footer(r: ScoreResult | BatchResult) -> str:
    book = r.rulebook
    digest = f"，SHA-256 {e(book.digest[:16])}…" if book.digest else ""
    return f"<footer>规则文件：{e(book.path or book.id)}{digest}。本报告由 scoring 根据评分结果生成。</footer>"


def render_html(result: ScoreResult | BatchResult) -> str:
    """The whole report as one HTML document (a string), for one unit or for a batch."""
    if isinstance(result, BatchResult):
        body = [_board(result)] + [unit_section(r, i) for i, r in enumerate(result.results)]
        title = f"{result.rulebook.title}：排名与评分明细"
    else:
        body = [unit_section(result, 0)]
        title = f"{result.unit.name}：{result.rulebook.title}"
    body.append(_footer(result))
    return PAGE.substitute(csp=e(CSP), title=e(title), css=CSS, body="\n".join(body))
