"""The 反馈单 a county sends each township: what was lost, why and on which record, what would recover it,
and where the self-assessment differs from the awarded points. One workbook and one HTML page per unit.

``feedback_files(batch)`` gives every file of the feedback folder, relative path → content, so the command
line (``scoring feedback``) or a web page can write or serve them; a unit that could not be scored gets a
反馈单 listing its errors, so that it learns what to correct. Plain data in, text or bytes out.
"""

from __future__ import annotations

import io
from datetime import datetime
from html import escape

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ..i18n import gettext as _
from ..models.result import BatchResult, ScoreResult
from ._html_template import CSP, CSS, PAGE
from .view import Failure, claim_gaps, failures, feedback_rows, num, outcome_lines, unit_summary
from .xlsx import (
    _CENTER,
    _HEAD_FILL,
    _SIZE,
    RED,
    _cell,
    _deterministic,
    _fit,
    _font,
    _lines,
    _setup,
    _signatures,
)

__all__ = ["feedback_files", "feedback_html", "feedback_xlsx"]

_WIDTHS = (7, 30, 7, 7, 7, 46, 32, 28)
_GAP_WIDTHS = (7, 30, 7, 7, 7, 46, 32, 28)


def _headers() -> list[str]:
    return [_("序号"), _("考核项目"), _("分值"), _("核定分"), _("失分"), _("失分原因（依据的记录）"), _("怎样挽回"),
            _("佐证材料")]


def _subtitle(r: ScoreResult) -> str:
    s = unit_summary(r)
    text = _("被考核单位：{unit}　　核定总分：{total} / {max}　　等次：{grade}").format(
        unit=r.unit.name, total=num(s.total), max=num(s.max_total), grade=s.grade or "—")
    if r.rank is not None:
        text += "　　" + _("名次：第 {rank} 名").format(rank=r.rank)
    return text


def _section(ws: Worksheet, row: int, heads: list[str], widths: tuple[int, ...]) -> int:
    row += 2
    for j, h in enumerate(heads, start=1):
        _cell(ws, row, j, h, align=_CENTER, font=_font(11, bold=True, name="黑体"), fill=_HEAD_FILL)
    _fit(ws, row, widths, {j: (h, 11, 0) for j, h in enumerate(heads, start=1)}, 20)
    return row


def feedback_xlsx(r: ScoreResult) -> bytes:
    """One unit's 反馈单 as an .xlsx file, printable like the score sheet."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("反馈单")
    title = _("{title}（反馈单）").format(title=r.rulebook.title)
    # Printed, no rows repeat: the page header gives the title and the unit on every page, and the rows under the
    # title belong to the first table only (repeated above the later tables they would head columns not theirs).
    _setup(ws, _WIDTHS, title, _subtitle(r), _headers(), r.unit.name, repeat=False)
    row = 3
    rows = feedback_rows(r)
    for fr in rows:
        row += 1
        values: list[str | float | int | None] = [fr.no, fr.title, fr.max_text, fr.points_text, fr.lost_text,
                                                  "\n".join(fr.reasons), "\n".join(fr.recover), "\n".join(fr.sources)]
        for j, v in enumerate(values, start=1):
            center = j in (1, 3, 4, 5)
            _cell(ws, row, j, v, align=_CENTER if center else Alignment(wrap_text=True, vertical="center"),
                  font=_font(_SIZE if j < 6 else 10, color=RED if j == 5 else None))
        _fit(ws, row, _WIDTHS, {2: (fr.title, _SIZE, 0), 6: ("\n".join(fr.reasons), 10, 0),
                                7: ("\n".join(fr.recover), 10, 0), 8: ("\n".join(fr.sources), 10, 0)})
    if not rows:
        row = _lines(ws, row, _WIDTHS, [_("各项都得了满分，没有失分。")])
    gaps = claim_gaps(r)
    if gaps and rows:  # the self-assessment table starts a page of its own, its heading never left at a foot
        ws.row_breaks.append(Break(id=row))
    if gaps:
        row = _lines(ws, row + 1, _WIDTHS, [_("自评与核定不一致的项目（{n} 项）").format(n=len(gaps))], size=11, bold=True)
        heads = [_("序号"), _("考核项目"), _("自评分"), _("核定分"), _("相差"), _("自评说明")]
        row = _section(ws, row - 1, heads, _GAP_WIDTHS)
        for g in gaps:
            row += 1
            for j, v in enumerate([g.no, g.title, num(g.claimed), num(g.points), g.gap, g.note], start=1):
                _cell(ws, row, j, v, align=_CENTER if j in (1, 3, 4, 5) else Alignment(wrap_text=True, vertical="center"))
            _fit(ws, row, _GAP_WIDTHS, {2: (g.title, _SIZE, 0), 6: (g.note, _SIZE, 0)})
    outcomes = outcome_lines(r)
    if outcomes:  # non-point outcomes this unit gets (they do not change its points)
        row = _lines(ws, row + 1, _WIDTHS, [_("表彰、奖励与提请关注（{n} 项）").format(n=len(r.granted))], size=11,
                     bold=True)
        row = _lines(ws, row, _WIDTHS, outcomes, size=10)
    excluded = unit_summary(r).excluded
    if excluded:
        row = _lines(ws, row + 1, _WIDTHS, [_("未计入的佐证材料（{n} 条）").format(n=len(excluded))], size=11, bold=True)
        row = _lines(ws, row, _WIDTHS, [f"{x.label} {x.id}（{x.where}）：{x.reason}" for x in excluded], size=10)
    _signatures(ws, row, _WIDTHS, [_("反馈单位（盖章）：") + "　" * 20 + _("日期：　　　　年　　月　　日")])
    return _save(wb, r.rulebook.year, r.rulebook.title)


def _failure_xlsx(f: Failure, b: BatchResult) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("反馈单")
    _setup(ws, _WIDTHS, _("{title}（反馈单）").format(title=b.rulebook.title),
           _("被考核单位：{unit}　　未能评分：材料有 {n} 个问题").format(unit=f.unit, n=len(f.errors)), [], f.unit,
           repeat=False)
    row = _lines(ws, 3, _WIDTHS, [_("材料有错，没能评分。请改正下列问题后重新报送：")], size=11, bold=True, color=RED)
    row = _lines(ws, row, _WIDTHS, [f"{i}. {e}" for i, e in enumerate(f.errors, start=1)], size=10)
    _signatures(ws, row, _WIDTHS, [_("反馈单位（盖章）：") + "　" * 20 + _("日期：　　　　年　　月　　日")])
    return _save(wb, b.rulebook.year, b.rulebook.title)


def _save(wb: Workbook, year: int, title: str) -> bytes:
    when = datetime(year, 12, 31)
    wb.properties.created = wb.properties.modified = when
    wb.properties.creator = wb.properties.lastModifiedBy = "scoring"
    wb.properties.title = title
    buf = io.BytesIO()
    wb.save(buf)
    return _deterministic(buf.getvalue(), when)


def e(v: object) -> str:
    return escape(str(v), quote=True)


def _table(heads: list[str], rows: list[list[str]], cls: str, widths: tuple[int, ...] = ()) -> str:
    """A table; with ``widths`` (the xlsx column widths) its columns keep those proportions, so that on paper
    the numbers take little room and the reasons much (equal columns wrapped every reason into a tall row)."""
    head = "".join(f"<th>{e(h)}</th>" for h in heads)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    cols = ""
    if widths:
        total = sum(widths[:len(heads)])
        cols = "<colgroup>" + "".join(f'<col style="width:{w * 100 / total:.1f}%">' for w in widths[:len(heads)]) \
            + "</colgroup>"
    return f'<table class="{cls}">{cols}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _lines_html(lines: list[str]) -> str:
    return "".join(f"<div>{e(x)}</div>" for x in lines)


def feedback_html(r: ScoreResult) -> str:
    """One unit's 反馈单 as a self-contained HTML page."""
    out = [f"<h1>{e(_('{title}（反馈单）').format(title=r.rulebook.title))}</h1>", f'<p class="sub">{e(_subtitle(r))}</p>']
    rows = feedback_rows(r)
    out.append(f"<h3>{e(_('失分项目（{n} 项）').format(n=len(rows)))}</h3>")
    if rows:
        out.append(_table(_headers(), [[e(x.no), e(x.title), e(x.max_text), e(x.points_text),
                                        f'<b class="lost">{e(x.lost_text)}</b>', _lines_html(x.reasons),
                                        _lines_html(x.recover), f'<span class="ev">{_lines_html(x.sources)}</span>']
                                       for x in rows], "sheet feedback", _WIDTHS))
    else:
        out.append(f"<p>{e(_('各项都得了满分，没有失分。'))}</p>")
    gaps = claim_gaps(r)
    if gaps:
        out.append(f"<h3>{e(_('自评与核定不一致的项目（{n} 项）').format(n=len(gaps)))}</h3>")
        out.append(_table([_("序号"), _("考核项目"), _("自评分"), _("核定分"), _("相差"), _("自评说明")],
                          [[e(g.no), e(g.title), e(num(g.claimed)), e(num(g.points)), e(g.gap), e(g.note)]
                           for g in gaps], "sheet gaps", (7, 30, 7, 7, 7, 74)))
    outcomes = outcome_lines(r)
    if outcomes:
        out.append(f"<h3>{e(_('表彰、奖励与提请关注（{n} 项）').format(n=len(r.granted)))}</h3>")
        out.append('<ul class="outcomes">' + "".join(f'<li class="outcome">{e(x)}</li>' for x in outcomes) + "</ul>")
    excluded = unit_summary(r).excluded
    if excluded:
        out.append(f"<h3>{e(_('未计入的佐证材料（{n} 条）').format(n=len(excluded)))}</h3>")
        out.append(_table([_("记录"), _("类型"), _("来源"), _("原因")],
                          [[e(x.id), e(x.label), f'<span class="ev">{e(x.where)}</span>', e(x.reason)]
                           for x in excluded], "excluded"))
    return _page(_("{unit}：{title}（反馈单）").format(unit=r.unit.name, title=r.rulebook.title), out)


def _failure_html(f: Failure, b: BatchResult) -> str:
    out = [f"<h1>{e(_('{title}（反馈单）').format(title=b.rulebook.title))}</h1>",
           f'<p class="alert">{e(_("{unit}：材料有错，没能评分。请改正下列问题后重新报送：").format(unit=f.unit))}</p>',
           '<ol class="errors">' + "".join(f"<li>{e(x)}</li>" for x in f.errors) + "</ol>"]
    return _page(_("{unit}：{title}（反馈单）").format(unit=f.unit, title=b.rulebook.title), out)


def _page(title: str, body: list[str]) -> str:
    from ..i18n import get_language

    css = CSS + "\nol.errors li { white-space: pre-wrap; margin-bottom: 6px; }\nb.lost { color: var(--red); }\n"
    return PAGE.substitute(csp=e(CSP), title=e(title), css=css, body="\n".join(body),
                           lang="en" if get_language() == "en" else "zh-CN")


def feedback_files(b: BatchResult) -> dict[str, str | bytes]:
    """Every file of the feedback folder: ``<unit name>/反馈单.xlsx`` and ``.html`` for each unit, scored or not."""
    from .xlsx import sheet_names

    out: dict[str, str | bytes] = {}
    fails = failures(b)
    names = sheet_names([r.unit.name for r in b.results] + [f.unit for f in fails])
    base = _("反馈单")
    for name, r in zip(names, b.results, strict=False):
        out[f"{name}/{base}.xlsx"] = feedback_xlsx(r)
        out[f"{name}/{base}.html"] = feedback_html(r)
    for name, f in zip(names[len(b.results):], fails, strict=True):
        out[f"{name}/{base}.xlsx"] = _failure_xlsx(f, b)
        out[f"{name}/{base}.html"] = _failure_html(f, b)
    return out

