"""Rough edges found by walking through the tool as county staff, each pinned by a test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import scoring
from scoring.compile.yaml import load_yaml_text
from scoring.intake import check_folder

from .conftest import EVIDENCE_2023, ROOT, RULES_2023


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_COLOR="1", COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "scoring", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=120)


def test_output_format_follows_the_file_name(tmp_path: Path) -> None:
    p = _run("score", str(RULES_2023), str(EVIDENCE_2023 / "y-zhen"), "-o", str(tmp_path / "评分表.xlsx"))
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "评分表.xlsx").read_bytes()[:2] == b"PK"  # a real workbook, not a text table


def test_rank_refuses_a_single_units_folder() -> None:
    p = _run("rank", str(RULES_2023), str(EVIDENCE_2023 / "y-zhen"))
    assert p.returncode == 1
    assert "是一个单位的证据文件夹" in p.stderr and "scoring score" in p.stderr


def test_rank_reports_a_folder_without_unit_details(tmp_path: Path, book2023: scoring.Rulebook) -> None:
    root = tmp_path / "units"
    shutil.copytree(EVIDENCE_2023 / "x-xiang", root / "x-xiang")
    (root / "v-zhen").mkdir()
    shutil.copy(EVIDENCE_2023 / "x-xiang" / "activities.yaml", root / "v-zhen")
    batch = scoring.score_folder(book2023, root)
    assert [s.unit_id for s in batch.leaderboard] == ["x-xiang"]
    assert [e.unit for e in batch.errors] == ["v-zhen"]  # reported, not silently left out


def test_self_assessment_above_the_maximum(tmp_path: Path, book2023: scoring.Rulebook) -> None:
    unit = tmp_path / "y"
    shutil.copytree(EVIDENCE_2023 / "y-zhen", unit)
    text = (unit / "unit.yaml").read_text(encoding="utf-8").replace("  implementation: 8", "  implementation: 15")
    (unit / "unit.yaml").write_text(text, encoding="utf-8")
    report = check_folder(unit, book2023)  # the submission check says so, located
    assert [str(e).splitlines()[0] for e in report.errors] == [
        f"{unit / 'unit.yaml'}:16:19: 'implementation' 的自评分 15 不在 0 到 10 分之间"
        "（制定落实“两规”实施文件；完成报刊订阅；按时上报材料和信息）"]
    r = scoring.score(book2023, scoring.load_evidence(unit, book2023))  # scoring still runs and flags it
    assert r.item("implementation").claim == "over"


@pytest.mark.parametrize(("text", "line"), [("a: 1\nb 2\nc: 3\n", 2), ("a:\n  b: 1\n  c 2\n  d: 3\n", 3)])
def test_a_missing_colon_is_reported_on_its_own_line(text: str, line: int) -> None:
    with pytest.raises(scoring.YamlError) as info:
        load_yaml_text(text, "f.yaml")
    assert info.value.location is not None and info.value.location.line == line
    assert "缺少冒号" in info.value.message


def test_arguments_in_the_wrong_order_are_explained() -> None:
    p = _run("score", str(EVIDENCE_2023 / "y-zhen"), str(RULES_2023))
    assert p.returncode == 1 and "参数的顺序是否写反了" in p.stderr and "Traceback" not in p.stderr
