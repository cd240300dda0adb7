"""The 反馈单 for each township: its lost points with reasons, records and what would recover them; the
self-assessment differences; a unit that could not be scored gets its errors. Values worked out by hand from
the Y镇 evidence (see evidence/2023/y-zhen/unit.yaml)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import scoring
from scoring.models import UnitError
from scoring.render.feedback import feedback_files, feedback_html, feedback_xlsx
from scoring.render.view import claim_gaps, feedback_rows

from ..conftest import EVIDENCE_2023
from ..render_html._dom import parse


@pytest.fixture(scope="module")
def batch(book2023: scoring.Rulebook) -> scoring.BatchResult:
    return scoring.score_folder(book2023, EVIDENCE_2023)


def _y(batch: scoring.BatchResult) -> scoring.ScoreResult:
    return next(r for r in batch.results if r.unit.id == "y-zhen")


def test_lost_points_reasons_and_recovery(batch: scoring.BatchResult) -> None:
    rows = {r.title: r for r in feedback_rows(_y(batch))}
    visits = rows["走访慰问活动不少于2次"]  # 2 required, 1 counted (yz-hd-02 rejected): −4 of 8
    assert (visits.lost, visits.points_text) == (Decimal(4), "4")
    assert visits.reasons == ["-4 走访慰问活动不足 2 次（实际 1 次），每少 1 扣 4 分，共扣 4 分"]
    assert visits.recover == ["再完成 1 次可挽回 4 分"]
    assert visits.sources == ["活动 1 件：activities.yaml 第 2 行"]
    school = rows["开展进校园宣讲"]  # no 进校园宣讲 at all: 0 of 4, and the sentence names the item, not the rule
    assert (school.lost, school.reasons, school.recover) == (
        Decimal(4), ["未达标：开展进校园宣讲，不得分，失 4 分"], ["做到“开展进校园宣讲”可得 4 分"])
    # an item with sub-criteria shows only its own deduction (the reviewer's −1); its sub-criteria follow
    parent = rows["开展困难妇女儿童法律援助及走访慰问"]
    assert parent.lost == Decimal(1) and parent.sources == ["核查意见 1 件：reviews.yaml 第 7 行"]
    assert rows["扣分项"].lost == Decimal(2)
    assert "加分项" not in rows and "宣讲会、座谈会不少于3次" not in rows  # bonuses and full marks: nothing lost
    # every point lost is on the sheet once: 100 − 62.3 = 37.7, less the bonus of 3 counted on top (+3 − 2 …)
    assert sum(r.lost for r in feedback_rows(_y(batch))) - Decimal(3) == Decimal(100) - _y(batch).total


def test_self_assessment_differences(batch: scoring.BatchResult) -> None:
    gaps = claim_gaps(_y(batch))
    assert [(g.no, g.claimed, g.points, g.gap) for g in gaps][:2] == [
        ("（一）", Decimal(10), Decimal(3), "+7"), ("（二）", Decimal(20), Decimal(8), "+12")]
    assert next(g for g in gaps if g.no == "（四）").note == "亲子阅读少开展1场"


def test_the_workbook_and_the_page(batch: scoring.BatchResult) -> None:
    r = _y(batch)
    ws = openpyxl.load_workbook(io.BytesIO(feedback_xlsx(r)))["反馈单"]
    assert ws["A1"].value == f"{r.rulebook.title}（反馈单）"
    assert [c.value for c in ws[3]] == ["序号", "考核项目", "分值", "核定分", "失分", "失分原因（依据的记录）", "怎样挽回", "佐证材料"]
    titles = [ws.cell(i, 2).value for i in range(4, 4 + len(feedback_rows(r)))]
    assert titles == [x.title for x in feedback_rows(r)]
    assert ws.print_title_rows is None and ws.page_setup.orientation == "landscape"  # see tests/print
    doc = parse(feedback_html(r))
    cells = [td.text() for td in doc.find("table", "feedback").find_all("tr")[1].find_all("td")]
    assert cells[:5] == ["（一）", "对12338热线交办、上级妇联信访交办，以及来信、来访办结率达100％", "10", "3", "7"]


def test_every_unit_gets_its_files_and_a_failed_unit_its_errors(batch: scoring.BatchResult, tmp_path: Path) -> None:
    bad = UnitError(unit="v-zhen", path="evidence/2023/v-zhen", errors=["unit.yaml:2:1: 缺少 name"])
    files = feedback_files(batch.model_copy(update={"errors": [bad]}))
    assert sorted(files) == sorted(f"{u}/反馈单.{x}" for u in ("W乡", "X乡", "Y镇", "Z镇", "v-zhen") for x in ("xlsx", "html"))
    page = parse(str(files["v-zhen/反馈单.html"]))
    assert [li.text() for li in page.find("ol", "errors").find_all("li")] == ["unit.yaml:2:1: 缺少 name"]
    data = files["X乡/反馈单.xlsx"]
    assert isinstance(data, bytes)
    x = openpyxl.load_workbook(io.BytesIO(data))["反馈单"]  # 100 points: nothing lost
    assert x["A4"].value == "各项都得了满分，没有失分。"


def test_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from scoring.cli import app

    monkeypatch.setenv("NO_COLOR", "1")
    out = tmp_path / "反馈单"
    r = CliRunner().invoke(app, ["feedback", str(EVIDENCE_2023.parent.parent / "rules" / "2023" / "x-county-fulian.yaml"),
                                 str(EVIDENCE_2023), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert r.stderr == f"已写入 4 个单位的反馈单：{out}\n"
    assert sorted(p.name for p in out.iterdir()) == ["W乡", "X乡", "Y镇", "Z镇"]
    assert sorted(p.name for p in (out / "Y镇").iterdir()) == ["反馈单.html", "反馈单.xlsx"]
