"""``scoring rank``: the leaderboard of the bundled 2023 townships, in every format, and broken units.

Expected by hand from the evidence sets (see each unit.yaml's header comment):
X乡 100 (优秀); W乡 95 but 一票否优 → one grade down, 良好; Y镇 62.3 (合格); Z镇 vetoed → 0 (不合格).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import scoring

from .conftest import EVIDENCE, RULES

VETO_W = "一票否优：发生涉妇女儿童重大舆情（一票否优）"  # only the top grade is lost
VETO_Z = "一票否决：辖区发生侵害妇女儿童权益恶性案件并造成恶劣影响"


def _cells(stdout: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip()[1:-1].split("│")] for line in stdout.splitlines() if line.startswith("│")]


def test_table_leaderboard(run) -> None:
    r = run("rank", RULES, EVIDENCE)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[0].strip() == "2023年度“干在实处走在前列”大比拼目标考核妇女儿童工作考评细则"
    assert _cells(r.stdout) == [
        ["1", "x-xiang", "X乡", "100", "100", "优秀", "", ""],
        ["2", "w-xiang", "W乡", "95", "100", "良好", VETO_W, ""],
        ["3", "y-zhen", "Y镇", "62.3", "100", "合格", "", ""],
        ["4", "z-zhen", "Z镇", "0", "100", "不合格", VETO_Z, ""],
    ]
    assert r.stdout.rstrip().endswith("共 4 个单位，4 个评分完成")
    assert "\x1b[" not in r.stdout  # NO_COLOR, and no progress bar outside a terminal
    assert r.stderr == ""


def test_markdown(run) -> None:
    r = run("rank", RULES, EVIDENCE, "--format", "markdown")
    assert r.exit_code == 0
    assert r.stdout == (
        "# 2023年度“干在实处走在前列”大比拼目标考核妇女儿童工作考评细则\n\n排名（参评单位 4 个）\n\n"
        "| 名次 | 编号 | 单位 | 总分 | 满分 | 等次 | 否决事项 | 备注 |\n|---:|---|---|---:|---:|---|---|---|\n"
        "| 1 | x-xiang | X乡 | 100 | 100 | 优秀 |  |  |\n"
        f"| 2 | w-xiang | W乡 | 95 | 100 | 良好 | {VETO_W} |  |\n"
        "| 3 | y-zhen | Y镇 | 62.3 | 100 | 合格 |  |  |\n"
        f"| 4 | z-zhen | Z镇 | 0 | 100 | 不合格 | {VETO_Z} |  |\n")


def test_csv_has_bom_and_crlf(run) -> None:
    r = run("rank", RULES, EVIDENCE, "-f", "csv")
    assert r.stdout_bytes.startswith(b"\xef\xbb\xbf")
    assert r.stdout_bytes.decode("utf-8-sig").split("\r\n") == [
        "名次,编号,单位,总分,满分,等次,否决事项,备注",
        "1,x-xiang,X乡,100,100,优秀,,", f"2,w-xiang,W乡,95,100,良好,{VETO_W},", "3,y-zhen,Y镇,62.3,100,合格,,",
        f"4,z-zhen,Z镇,0,100,不合格,{VETO_Z},", ""]


def test_json_is_the_batch_result(run) -> None:
    r = run("rank", RULES, EVIDENCE, "-f", "json")
    data = json.loads(r.stdout, parse_float=Decimal)
    assert [(s["unit_id"], s["rank"], s["total"], s["grade"], s["vetoed"]) for s in data["leaderboard"]] == [
        ("x-xiang", 1, Decimal("100.0"), "优秀", []), ("w-xiang", 2, Decimal("95.0"), "良好", ["major_opinion"]),
        ("y-zhen", 3, Decimal("62.3"), "合格", []), ("z-zhen", 4, Decimal("0.0"), "不合格", ["rights_case"])]
    assert data["errors"] == []


def test_output_file_is_written_and_same_bytes_each_run(run, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "rank.md"
    assert run("rank", RULES, EVIDENCE, "-f", "markdown", "-o", out).exit_code == 0
    first = out.read_bytes()
    assert run("rank", RULES, EVIDENCE, "-f", "markdown", "-o", out).exit_code == 0
    assert out.read_bytes() == first
    assert [p.name for p in out.parent.iterdir()] == ["rank.md"]  # no temporary file left behind


def _break_yaml(root: Path) -> None:
    (root / "y-zhen" / "activities.yaml").write_text("activity:\n  - {id: a, date: 2023-01-01\n", encoding="utf-8")


def _zero_households(root: Path) -> None:
    """Evidence that loads but cannot be scored: coverage = households_visited / households divides by 0."""
    unit = root / "w-xiang" / "unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("households: 1800", "households: 0"), encoding="utf-8")


def test_a_broken_unit_is_reported_and_the_others_ranked(run, root_copy: Path) -> None:
    _break_yaml(root_copy)
    r = run("rank", RULES, root_copy)
    assert r.exit_code == 1
    assert _cells(r.stdout)[:3] == [
        ["1", "x-xiang", "X乡", "100", "100", "优秀", "", ""],
        ["2", "w-xiang", "W乡", "95", "100", "良好", VETO_W, ""],
        ["3", "z-zhen", "Z镇", "0", "100", "不合格", VETO_Z, ""]]
    assert _cells(r.stdout)[3] == ["—", "y-zhen", "y-zhen", "", "", "", "", "未能评分：2 个问题，见“未能评分的单位”"]
    assert f"未能评分：y-zhen（{root_copy / 'y-zhen'}）" in r.stdout
    assert f"{root_copy / 'y-zhen' / 'activities.yaml'}:3:1: YAML 格式错误" in r.stdout
    # the reviewer's rejection now points at a record that is gone with the broken file
    assert f"{root_copy / 'y-zhen' / 'reviews.yaml'}:4:13: 要标记为不属实的记录 'yz-hd-02' 不存在" in r.stdout
    assert r.stdout.rstrip().endswith("共 4 个单位，3 个评分完成，1 个未能评分")


def test_a_unit_that_fails_to_score_does_not_stop_the_batch(root_copy: Path) -> None:
    """Library twin: score_folder turns an EvaluationError of one unit into a UnitError."""
    _zero_households(root_copy)
    book = scoring.load_rulebook(RULES)
    batch = scoring.score_folder(book, root_copy)
    assert [(s.unit_id, s.rank, s.total) for s in batch.leaderboard] == [
        ("x-xiang", 1, Decimal("100.0")), ("y-zhen", 2, Decimal("62.3")), ("z-zhen", 3, Decimal("0.0"))]
    [err] = batch.errors
    assert (err.unit, err.path) == ("w-xiang", str(root_copy / "w-xiang"))
    assert "households_visited / households" in err.errors[0]
    # score_many still raises: a caller who passes evidence sets wants to know at once
    sets = [scoring.load_evidence(root_copy / u, book) for u in ("w-xiang", "x-xiang")]
    with pytest.raises(scoring.EvaluationError):
        scoring.score_many(book, sets)


def test_unit_that_fails_to_score_through_the_cli(run, root_copy: Path) -> None:
    _zero_households(root_copy)
    r = run("rank", RULES, root_copy, "-f", "json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert [s["unit_id"] for s in data["leaderboard"]] == ["x-xiang", "y-zhen", "z-zhen"]
    assert [e["unit"] for e in data["errors"]] == ["w-xiang"]


@pytest.mark.parametrize("fmt", ["xlsx", "html"])
def test_rank_and_score_write_xlsx_and_html(run, tmp_path: Path, fmt: str) -> None:
    pytest.importorskip(f"scoring.render.{fmt}", reason=f"the {fmt} renderer is not in this tree yet")
    out = tmp_path / f"rank.{fmt}"
    r = run("rank", RULES, EVIDENCE, "-f", fmt, "-o", out)
    assert r.exit_code == 0, r.stderr
    assert r.stderr == f"已写入 {out}\n"
    data = out.read_bytes()
    if fmt == "xlsx":
        import io

        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data))
        cells = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
        assert {"X乡", "W乡", "Y镇", "Z镇", "62.3"} <= cells
    else:
        text = data.decode("utf-8")
        assert all(name in text for name in ("X乡", "W乡", "Y镇", "Z镇", "62.3"))
    assert run("score", RULES, EVIDENCE / "y-zhen", "-f", fmt, "-o", tmp_path / f"y.{fmt}").exit_code == 0


def test_xlsx_to_stdout_is_a_usage_error(run) -> None:
    pytest.importorskip("scoring.render.xlsx", reason="the xlsx renderer is not in this tree yet")
    r = run("rank", RULES, EVIDENCE, "-f", "xlsx")
    assert r.exit_code == 2
    assert r.stderr == "错误：这种格式是二进制文件，不能显示在屏幕上，请用 -o 指定文件名，例如 -o 评分表.xlsx\n"
