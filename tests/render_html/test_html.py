"""The HTML report's structure, parsed with the stdlib html.parser and checked against the result."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

import scoring
from scoring.render.html import render_html

from ..conftest import EVIDENCE_2023
from ._dom import parse


@pytest.fixture(scope="module")
def batch(book2023: scoring.Rulebook) -> scoring.BatchResult:
    return scoring.score_folder(book2023, EVIDENCE_2023)


def unit(batch: scoring.BatchResult, unit_id: str) -> scoring.ScoreResult:
    return next(r for r in batch.results if r.unit.id == unit_id)


def num(v: Decimal) -> str:
    return str(v.quantize(Decimal(1))) if v == v.to_integral_value() else format(v.normalize(), "f")


def test_unit_page(batch):
    r = unit(batch, "y-zhen")
    doc = parse(render_html(r))
    assert doc.find("title").text() == f"Y镇：{r.rulebook.title}"
    (section,) = doc.find_all("section", "unit")
    assert section.find("h2").text() == "Y镇 考核得分"
    assert section.find("span", "total").text() == "62.3"
    cards = {c.find("div", "k").text(): c.find("div", "v").text() for c in section.find_all("div", "card")}
    assert cards == {"总分": "62.3 / 100", "等次": "合格", "名次": "第 3 名", "自评合计": "93 高于核定 30.7 分",
                     "失分": "37.7"}
    # every node is a row, in document order, with its numbers
    rows = [tr for tr in section.find("table", "sheet").find("tbody").find_all("tr") if "data-id" in tr.attrs]
    shown = [n for n in r.items if n.kind not in ("bonus", "penalty") or n.ledger]  # empty sections: no row
    assert [tr.attrs["data-id"] for tr in rows] == [n.id for n in shown]
    for tr, node in zip(rows, shown, strict=True):
        cells = [td.text() for td in tr.find_all("td")]
        assert cells[0] == (node.no or "")
        assert cells[1] == node.title
        assert cells[4] == num(node.points)
        if node.claimed is not None:
            assert cells[3].startswith(num(node.claimed))
        for x in node.ledger:
            if x.points < 0:
                assert x.reason in cells[5]
    # 信访: −5 and −2 from 10, claimed 10: flagged, reasons red (class deduct)
    tr = section.find("tr", data_id="petitions")
    assert "over" in tr.classes and "lost" in tr.classes
    assert tr.find("span", "badge").text() == "自评偏高"
    assert [li.text() for li in tr.find_all("li", "deduct")][0].startswith("-5 95% 低于目标 100%")
    assert tr.find("td", "points").text() == "3" and "lost" in tr.find("td", "points").classes
    assert "over" not in section.find("tr", data_id="publicity_training").classes  # 6 claimed, 6 given
    # the totals close the table once, in its body: a <tfoot> would be repeated at the foot of every printed page
    assert section.find_all("tfoot") == []
    foot = [td.text() for td in section.find("tbody").find("tr", "total").find_all("td")]
    assert foot[1:5] == ["总分", "100", "93", "62.3"]
    assert tr.find_all("td")[6].text() == "信访件 20 件：petitions.yaml 第 3–22 行负面事件 1 件：incidents.yaml 第 3 行"
    excluded = section.find("table", "excluded").find("tbody").find_all("tr")
    assert [tr.find("td").text() for tr in excluded] == [x.id for x in r.excluded] == ["yz-hd-02", "yz-hd-06"]
    assert [tr.find_all("td")[1].text() for tr in excluded] == ["活动", "活动"]  # the type's label, not 'activity'
    assert "activities.yaml:7" in excluded[1].text() and "不在考核期" in excluded[1].text()


def test_category_chart_has_one_bar_per_category(batch):
    r = unit(batch, "y-zhen")
    svg = parse(render_html(r)).find("svg", "chart-categories")
    bars = svg.find_all("rect", "bar")
    cats = [n for n in r.items if n.kind == "category"]
    assert [b.attrs["data-id"] for b in bars] == [n.id for n in cats] == ["sanfa", "liangge"]
    # by hand: the bar area is 760 − 230 − 110 = 420 wide, scaled to the largest category maximum (50)
    assert [b.attrs["width"] for b in bars] == ["205.8", "309.12"]  # 24.5/50·420, 36.8/50·420
    assert [t.attrs["width"] for t in svg.find_all("rect", "track")] == ["420", "420"]
    assert [b.attrs["data-value"] for b in bars] == ["24.5", "36.8"]


def test_batch_page(batch):
    doc = parse(render_html(batch))
    board = doc.find("table", "leaderboard").find("tbody").find_all("tr")
    assert [tr.attrs["data-unit"] for tr in board] == [s.unit_id for s in batch.leaderboard]
    cells = [[td.text() for td in tr.find_all("td")] for tr in board]
    assert [c[:6] for c in cells] == [["1", "x-xiang", "X乡", "100", "100", "优秀"],
                                      ["2", "w-xiang", "W乡", "95", "100", "良好"],
                                      ["3", "y-zhen", "Y镇", "62.3", "100", "合格"],
                                      ["4", "z-zhen", "Z镇", "0", "100", "不合格"]]
    assert cells[3][6] == "一票否决：辖区发生侵害妇女儿童权益恶性案件并造成恶劣影响"
    assert [("vetoed" in tr.classes) for tr in board] == [False, True, False, True]
    svg = doc.find("svg", "chart-units")
    bars = svg.find_all("rect", "bar")
    assert [b.attrs["data-id"] for b in bars] == ["x-xiang", "w-xiang", "y-zhen", "z-zhen"]
    assert [b.attrs["width"] for b in bars] == ["420", "399", "261.66", "0"]  # total/100·420
    assert ["vetoed" in b.classes for b in bars] == [False, True, False, True]
    sections = doc.find_all("section", "unit")
    assert [s.attrs["data-unit"] for s in sections] == [r.unit.id for r in batch.results]
    # the leaderboard links to each unit's section
    for tr in board:
        target = tr.find("a").attrs["href"]
        assert doc.find("section", id=target[1:]).attrs["data-unit"] == tr.attrs["data-unit"]
    z = doc.find("section", data_unit="z-zhen")
    assert z.find("p", "veto").text() == "一票否决：辖区发生侵害妇女儿童权益恶性案件并造成恶劣影响：触发，总分计 0 分"
    assert len(z.find("svg", "chart-categories").find_all("rect", "bar")) == 2
    w = doc.find("section", data_unit="w-xiang")  # 一票否优 lowers the grade, it does not zero the total
    assert w.find("p", "veto").text() == "一票否优：发生涉妇女儿童重大舆情（一票否优）：触发，不得评为最高等次"


def test_failed_units_and_excluded_units_are_marked(batch):
    board = [*batch.leaderboard[:2], batch.leaderboard[2].model_copy(update={"rank": None, "excluded_from_ranking": True})]
    failed = scoring.models.UnitError(unit="坏镇", path="evidence/2023/bad", errors=["unit.yaml:3:1: 缺少 name"])
    doc = parse(render_html(batch.model_copy(update={"leaderboard": board, "errors": [failed]})))
    rows = doc.find("table", "leaderboard").find("tbody").find_all("tr")
    assert [td.text() for td in rows[2].find_all("td")][0] == "—"
    assert [td.text() for td in rows[2].find_all("td")][7] == "不参与排名"
    assert [td.text() for td in rows[3].find_all("td")][1:] == ["坏镇", "坏镇", "", "", "", "",
                                                                "未能评分：1 个问题，见“未能评分的单位”"]
    # the header counts it, and its errors are on the page in a section of their own
    assert doc.find("section", "board").find("p", "sub").text() == "2023 年度　参评单位 5 个：4 个评分完成，1 个未能评分"
    failure = doc.find("section", "failures")
    assert failure.find("h3").text() == "未能评分的单位（1 个）"
    assert failure.find("h4").text() == "坏镇（evidence/2023/bad），1 个问题："
    assert [li.text() for li in failure.find_all("li")] == ["unit.yaml:3:1: 缺少 name"]
    assert "excluded" in doc.find("svg", "chart-units").find_all("rect", "bar")[2].classes


def test_all_text_is_escaped(batch):
    r = unit(batch, "x-xiang")
    evil = '<script>alert("x")</script>&amp;'
    r = r.model_copy(update={"unit": r.unit.model_copy(update={"name": evil})})
    out = render_html(r)
    assert "<script" not in out and "alert(&quot;x&quot;)" in out and "&amp;amp;" in out
    assert parse(out).find("h2").text() == f"{evil} 考核得分"


def test_self_contained_and_deterministic(batch):
    out = render_html(batch)
    assert out == render_html(batch)
    # no reference leaves the page: the only URL is the SVG namespace; links are in-page anchors
    assert set(re.findall(r"https?://[^\s\"'<>]+", out)) == {"http://www.w3.org/2000/svg"}
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', out))
    assert " src=" not in out and "<script" not in out and "<link" not in out
    assert "Content-Security-Policy" in out
    assert "@media print" in out and "break-before: page" in out
