"""The score sheet and the ranking sheet as printed: LibreOffice renders the xlsx to PDF, Chromium prints the
HTML report; on every page no text is drawn over other text, every item title and every unit can be read,
and the units that could not be scored are on paper with their errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import scoring
from scoring.models import UnitError
from scoring.render.html import render_html
from scoring.render.xlsx import render_xlsx

from ..conftest import EVIDENCE_2023
from ._pdf import chromium_pdf, column_text, contains, flat, office_pdf, overlaps, pdfplumber

# a failed unit as `rank` reports one: several located errors, long enough to wrap on paper
BROKEN = UnitError(unit="v-zhen", path="evidence/2023/v-zhen", errors=[
    "evidence/2023/v-zhen/unit.yaml:2:1: 缺少必填的键 'name'（单位名称）\n  怎样改：在 unit.yaml 里写上 name: V镇",
    "evidence/2023/v-zhen/材料.xlsx/活动/第4行/日期（B）列: 日期 '2023-13-01' 不对：没有 13 月\n"
    "  怎样改：写成 2023-12-01 这样的日期，或 2023/12/1、2023年12月1日",
])


@pytest.fixture(scope="module")
def batch(book2023: scoring.Rulebook) -> scoring.BatchResult:
    """Two units (W乡 with a veto and a bonus, Y镇 with the longest reasons) and a failed one: every item, every
    kind of row, in as few pages as it takes (reading a PDF costs about a second a page)."""
    b = scoring.score_folder(book2023, EVIDENCE_2023)
    keep = {"w-xiang", "y-zhen"}
    return b.model_copy(update={"errors": [BROKEN], "results": [r for r in b.results if r.unit.id in keep],
                                "leaderboard": [s for s in b.leaderboard if s.unit_id in keep]})


def _titles(batch: scoring.BatchResult) -> set[str]:
    return {n.title for r in batch.results for n in r.items if n.kind not in ("bonus", "penalty") or n.ledger}


def _pages(pdf_path: Path, batch: scoring.BatchResult, *, left: str, right: str) -> tuple[str, list[str]]:
    """Checks that no page has overlapping words; returns the item-title column of all pages, and each page's text."""
    column, texts = [], []
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) >= 1 + len(batch.results)
        for no, page in enumerate(pdf.pages, start=1):
            assert overlaps(page) == [], f"page {no}: text drawn over text"
            column.append(column_text(page, left, right))
            texts.append(flat(page.extract_text() or ""))
    return "".join(column), texts


def test_the_xlsx_score_and_ranking_sheets_print(batch: scoring.BatchResult, tmp_path: Path) -> None:
    xlsx = tmp_path / "排名.xlsx"
    xlsx.write_bytes(render_xlsx(batch))
    column, pages = _pages(office_pdf(xlsx, tmp_path), batch, left="序号", right="分值")
    for title in _titles(batch):
        assert contains(column, title), title
    for page_text in pages:  # the rulebook's title and the page number on every page
        assert flat(batch.rulebook.title) in page_text
        assert flat("页，共") in page_text
    first, everything = pages[0], "".join(pages)
    for r in batch.results:
        assert r.unit.name in first  # the ranking sheet
        assert flat(f"被考核单位：{r.unit.name}") in everything
    assert flat("参评单位3个：2个评分完成，1个未能评分") in first
    assert flat("未能评分的单位（1个）") in first and "没有13月" in first and "v-zhen" in first
    assert everything.count("考核人员签字") == len(batch.results) and "审核人" in first


def test_the_html_report_prints(batch: scoring.BatchResult, tmp_path: Path) -> None:
    html = tmp_path / "报告.html"
    html.write_text(render_html(batch), encoding="utf-8")
    column, pages = _pages(chromium_pdf(html, tmp_path), batch, left="序号", right="分值")
    for title in _titles(batch):
        assert contains(column, title), title
    everything = "".join(pages)
    assert flat("未能评分的单位（1个）") in pages[0] and "没有13月" in pages[0]
    for r in batch.results:  # 总分 and 等次 close each unit's table once, not at the foot of every page
        assert sum(flat(f"总分{r.max_total:f}") in p for p in pages) >= 1
    # one 等次 card and one 等次 row per unit, and the board's header
    assert len(re.findall("(?<!最高)等次", everything)) == len(batch.results) * 2 + 1


def test_the_feedback_sheet_prints_its_title_once(batch: scoring.BatchResult, tmp_path: Path) -> None:
    """Y镇's 反馈单 on paper: page 1 has the title block and the table of lost points; the self-assessment table
    starts page 2 under its own column titles, with no repeated title block or the first table's column titles
    over it (which used to stand above columns that were not theirs). The page header names the rulebook and
    the unit on every page."""
    from scoring.render.feedback import feedback_xlsx

    y = next(r for r in batch.results if r.unit.id == "y-zhen")
    xlsx = tmp_path / "反馈单.xlsx"
    xlsx.write_bytes(feedback_xlsx(y))
    with pdfplumber.open(office_pdf(xlsx, tmp_path)) as pdf:
        pages = [flat(p.extract_text() or "") for p in pdf.pages]
        assert all(overlaps(p) == [] for p in pdf.pages)
    assert len(pages) == 2
    title = flat(f"{y.rulebook.title}（反馈单）")
    assert flat("被考核单位：Y镇") in pages[0] and flat("失分原因（依据的记录）") in pages[0]
    assert flat("被考核单位") not in pages[1] and flat("失分原因") not in pages[1]
    assert pages[1].count("序号") == 1 and flat("自评与核定不一致的项目（7项）") in pages[1]
    for page in pages:
        assert title in page and "Y镇" in page and flat("页，共2页") in page


def test_the_feedback_page_prints_with_its_headings_on_their_tables(batch: scoring.BatchResult, tmp_path: Path) -> None:
    """Y镇's 反馈单 page printed by Chromium: no text over text, and each section heading is on the page where its
    table begins (a heading alone at the foot of a page is what a careless print looks like)."""
    from scoring.render.feedback import feedback_html

    y = next(r for r in batch.results if r.unit.id == "y-zhen")
    html = tmp_path / "反馈单.html"
    html.write_text(feedback_html(y), encoding="utf-8")
    with pdfplumber.open(chromium_pdf(html, tmp_path)) as pdf:
        assert all(overlaps(p) == [] for p in pdf.pages)
        pages = [flat(p.extract_text() or "") for p in pdf.pages]
    for heading, first_row in ((flat("失分项目（15项）"), "对12338"), (flat("未计入的佐证材料（2条）"), "yz-hd-02")):
        page = next(p for p in pages if heading in p)
        assert first_row in page, heading
