"""HTML: one self-contained, printable page (Chinese) per run; inline CSS and SVG charts, no script, no network.

For one unit: a header (unit, rulebook, total / max, grade, vetoes), a bar chart of points against the maximum
per category, the category > item > criterion table with claimed and computed points and each deduction's
reason, and the evidence that was not counted. For a batch: a leaderboard, a chart comparing the units'
totals, then each unit on its own printed page. Every piece of text is escaped; the output is deterministic.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from ..i18n import get_language, gettext as _
from ..models.result import BatchResult, ScoreResult
from ._html_template import CSP, CSS, PAGE
from .view import (
    BoardLayout,
    BoardRow,
    SheetRow,
    batch_counts,
    board_layout,
    board_rows,
    failures,
    num,
    sheet_headers,
    sheet_rows,
    unit_summary,
)

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


def _reasons(row: SheetRow) -> str:
    items = []
    for x in row.reasons:
        pts = f"<b>{e(x.shown)}</b> " if x.points else ""
        items.append(f'<li class="{x.tone}">{pts}{e(x.text)}</li>')
    return f'<ul class="reasons">{"".join(items)}</ul>' if items else ""


def _sources(row: SheetRow) -> str:
    return "".join(f'<div class="ev">{e(x)}</div>' for x in row.sources)


def _row(row: SheetRow) -> str:
    over = row.claim == "over"
    cls = f"k-{row.kind} d{min(row.depth, 3)}" + (" lost" if row.lost else "") + (" over" if over else "")
    title = e(row.title) + (f'<span class="note">{e(_("（不适用）"))}</span>' if not row.applicable else "")
    claimed = e(row.claimed_text)
    if over:
        claimed += f'<span class="badge">{e(row.flag)}</span>'
    return (f'<tr class="{cls}" data-id="{e(row.id)}"><td class="no">{e(row.no)}</td>'
            f'<td class="title">{title}</td><td class="n">{e(row.max_text)}</td>'
            f'<td class="n claimed{" over" if over else ""}">{claimed}</td>'
            f'<td class="n points{" lost" if row.lost else ""}">{e(row.points_text)}</td>'
            f"<td>{_reasons(row)}</td><td>{_sources(row)}</td></tr>")


def _card(k: str, v: str, cls: str = "") -> str:
    return f'<div class="card {cls}"><div class="k">{e(k)}</div><div class="v">{v}</div></div>'


def unit_section(r: ScoreResult, index: int) -> str:
    summary = unit_summary(r)
    out = [f'<section class="unit" id="unit-{index}" data-unit="{e(r.unit.id)}">',
           f"<h2>{e(_('{unit} 考核得分').format(unit=r.unit.name))}</h2>",
           f'<p class="sub">{e(_("{title}（{year} 年度）").format(title=r.rulebook.title, year=r.rulebook.year))}</p>',
           '<div class="cards">',
           _card(_("总分"), f'<span class="total">{e(num(r.total))}</span> <small>/ {e(num(r.max_total))}</small>',
                 "total"),
           _card(_("等次"), e(r.grade or "—"))]
    if r.rank is not None:
        out.append(_card(_("名次"), e(_("第 {rank} 名").format(rank=r.rank))))
    if r.claimed_total is not None:
        gap = summary.over_claim
        extra = f" <small>{e(_('高于核定 {diff} 分').format(diff=num(gap)))}</small>" if gap is not None else ""
        out.append(_card(_("自评合计"), e(num(r.claimed_total)) + extra))
    out.append(_card(_("失分"), e(num(max(r.max_total - r.total, Decimal(0))))))
    out.append("</div>")
    if summary.unranked:
        out.append(f'<p class="alert">{e(_("不参与排名"))}</p>')
    out += [f'<p class="alert veto">{e(v.text)}</p>' for v in summary.vetoes]
    out += [f'<p class="note">{e(x.line)}</p>' for x in summary.entries]
    out += [f'<p class="outcome">{e(x)}</p>' for x in summary.outcomes]
    cats = [n for n in r.items if n.kind == "category" and n.applicable]
    if cats:
        out.append(f"<h3>{e(_('各部分得分'))}</h3>")
        rows = [(" ".join(p for p in (n.no, n.title) if p), n.shown, n.max_points, "", n.id) for n in cats]
        out.append(bar_chart(rows, max(n.max_points for n in cats), label=_("{unit}各部分得分").format(unit=r.unit.name),
                             kind="categories"))
    out.append(f"<h3>{e(_('评分明细'))}</h3>")
    h = sheet_headers()
    out.append('<table class="sheet"><colgroup><col style="width:5%"><col style="width:24%"><col style="width:6%">'
               '<col style="width:8%"><col style="width:6%"><col style="width:32%"><col style="width:19%"></colgroup>'
               f'<thead><tr><th>{e(h[0])}</th><th>{e(h[1])}</th><th class="n">{e(h[2])}</th>'
               f'<th class="n">{e(h[3])}</th><th class="n">{e(h[4])}</th><th>{e(h[5])}</th><th>{e(h[6])}</th></tr>'
               "</thead><tbody>")
    out += [_row(row) for row in sheet_rows(r)]
    claimed = e(num(r.claimed_total)) if r.claimed_total is not None else ""
    top = "".join(f'<li class="deduct">{e(x.line)}</li>' for x in summary.vetoes + summary.entries if x.points)
    # the totals close the table once: in <tbody>, not <tfoot>, which a browser repeats at the foot of every page
    out.append(f'<tr class="total"><td></td><td>{e(_("总分"))}</td><td class="n">{e(num(r.max_total))}</td>'
               f'<td class="n">{claimed}</td><td class="n">{e(num(r.total))}</td>'
               f'<td>{f"<ul class=reasons>{top}</ul>" if top else ""}</td><td></td></tr>')
    out.append(f'<tr class="grade"><td></td><td>{e(_("等次"))}</td><td colspan="5">{e(r.grade or "—")}</td></tr>')
    out.append("</tbody></table>")
    if summary.not_applicable:
        out.append(f'<p class="note">{e(summary.left_out)}</p>')
    if summary.excluded:
        out.append(f"<h3>{e(_('未计入的佐证材料（{n} 条）').format(n=len(summary.excluded)))}</h3>")
        out.append(f'<table class="excluded"><thead><tr><th>{e(_("记录"))}</th><th>{e(_("类型"))}</th>'
                   f'<th>{e(_("来源"))}</th><th>{e(_("原因"))}</th></tr></thead><tbody>')
        for x in summary.excluded:
            out.append(f"<tr><td>{e(x.id)}</td><td>{e(x.label)}</td>"
                       f'<td class="ev">{e(x.where)}</td><td>{e(x.reason)}</td></tr>')
        out.append("</tbody></table>")
    out.append("</section>")
    return "\n".join(out)


def _board_row(row: BoardRow, anchor: int | None, layout: BoardLayout) -> str:
    cells = []
    for key, text in zip(layout.keys, row.cells(layout), strict=True):
        if key == "name" and anchor is not None:
            cells.append(f'<td><a href="#unit-{anchor}">{e(text)}</a></td>')
        else:
            cls = {"rank": "n", "total": "n", "max": "n", "rate": "n", "unit_id": "id", "outcomes": "outcome"}.get(key)
            cells.append(f'<td class="{cls}">{e(text)}</td>' if cls else f"<td>{e(text)}</td>")
    cls = "failed vetoed" if row.failed else ("vetoed" if row.vetoes else "")
    return f'<tr class="{cls}" data-unit="{e(row.unit_id)}">' + "".join(cells) + "</tr>"


def _board(b: BatchResult) -> str:
    by_id = {r.unit.id: (i, r) for i, r in enumerate(b.results)}
    layout = board_layout(b)
    heads = "".join(f'<th{" class=n" if i in layout.numeric else ""}>{e(x)}</th>' for i, x in enumerate(layout.headers()))
    out = ['<section class="board">', f"<h1>{e(b.rulebook.title)}</h1>",
           f'<p class="sub">{e(_("{year} 年度").format(year=b.rulebook.year))}　{e(batch_counts(b))}</p>',
           f"<h3>{e(_('排名'))}</h3>", f'<table class="leaderboard"><thead><tr>{heads}</tr></thead><tbody>']
    out += [_board_row(row, by_id[row.unit_id][0] if row.unit_id in by_id and not row.failed else None, layout)
            for row in board_rows(b)]
    out.append("</tbody></table>")
    fails = failures(b)
    if fails:
        out.append(f'<section class="failures"><h3>{e(_("未能评分的单位（{n} 个）").format(n=len(fails)))}</h3>')
        for f in fails:
            out.append(f'<div class="failure" data-unit="{e(f.unit)}"><h4>'
                       f"{e(_('{unit}（{path}），{n} 个问题：').format(unit=f.unit, path=f.path, n=len(f.errors)))}</h4><ol>"
                       + "".join(f"<li>{e(x)}</li>" for x in f.errors) + "</ol></div>")
        out.append("</section>")
    if b.leaderboard:
        maxes = [r.max_total for r in b.results]
        scale = max([*maxes, *(s.total for s in b.leaderboard)])
        out.append(f"<h3>{e(_('总分对比'))}</h3>")
        out.append(bar_chart([(f"{s.rank}. {s.name}" if s.rank is not None else s.name, s.total,
                               by_id[s.unit_id][1].max_total if s.unit_id in by_id else scale,
                               "vetoed" if s.vetoed else ("excluded" if s.excluded_from_ranking else ""), s.unit_id)
                              for s in b.leaderboard], scale, label=_("各单位总分对比"), kind="units"))
    out.append("</section>")
    return "\n".join(out)


def _footer(r: ScoreResult | BatchResult) -> str:
    book = r.rulebook
    digest = f"，SHA-256 {e(book.digest[:16])}…" if book.digest else ""
    return (f"<footer>{e(_('规则文件：{path}').format(path=book.path or book.id))}{digest}。"
            f"{e(_('本报告由 scoring 根据评分结果生成。'))}</footer>")


def render_html(result: ScoreResult | BatchResult) -> str:
    """The whole report as one HTML document (a string), for one unit or for a batch."""
    if isinstance(result, BatchResult):
        body = [_board(result)] + [unit_section(r, i) for i, r in enumerate(result.results)]
        title = _("{title}：排名与评分明细").format(title=result.rulebook.title)
    else:
        body = [unit_section(result, 0)]
        title = f"{result.unit.name}：{result.rulebook.title}"
    body.append(_footer(result))
    lang = "en" if get_language() == "en" else "zh-CN"
    return PAGE.substitute(csp=e(CSP), title=e(title), css=CSS, body="\n".join(body), lang=lang)
