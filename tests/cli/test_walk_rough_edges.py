"""Rough edges found by walking the docs as a county or township user: each test is what that user should see."""

from __future__ import annotations

from pathlib import Path

from .conftest import EVIDENCE, ROOT, RULES

BOOK = """\
id: walk-case
title: 测试细则
year: 2023
period: {start: 2023-01-01, end: 2023-12-31}
total: 10
unit_types: [乡，镇]
evidence:
  activity:
    date: date
    fields:
      date: {type: date}
      kind: {type: enum, values: [慰问、宣讲]}
categories:
  - id: work
    title: 工作
    points: 10
    items:
      - id: visits
        title: 走访慰问
        points: 10
        when: count(activity) >= 2
"""


def test_check_warns_of_a_chinese_comma_inside_a_yaml_list(tmp_path: Path, run) -> None:
    # [乡，镇] is one unit type called "乡，镇" to YAML; a township of type 乡 would then be refused with a puzzle.
    path = tmp_path / "book.yaml"
    path.write_text(BOOK, encoding="utf-8")
    r = run("check", path)
    out = r.stdout
    assert f"{path}:6:14: 警告：可选值 '乡，镇' 里有中文的“，”" in out
    assert "被读成了 1 个值，而不是 2 个" in out
    assert "例如 [乡, 镇]" in out
    assert f"{path}:12:35: 警告：可选值 '慰问、宣讲' 里有中文的“、”" in out
    assert "例如 [慰问, 宣讲]" in out
    assert "0 个错误，2 个警告" in out


def test_check_is_quiet_about_plain_lists(tmp_path: Path, run) -> None:
    path = tmp_path / "book.yaml"
    path.write_text(BOOK.replace("[乡，镇]", "[乡, 镇]").replace("[慰问、宣讲]", "[慰问, 宣讲]"), encoding="utf-8")
    r = run("check", path)
    assert "警告" not in r.stdout, r.stdout
    assert r.exit_code == 0


def test_a_bad_self_score_does_not_hide_the_units_other_problems(root_copy: Path, run) -> None:
    # A clerk writes 20分 as a self-score and 2900户 as a fact: both are reported in one run, not one per run.
    unit = root_copy / "x-xiang" / "unit.yaml"
    text = unit.read_text(encoding="utf-8")
    text = text.replace("households_visited: 2900", "households_visited: 2900户")
    text = text.replace("legal_aid_visits: 20", "legal_aid_visits: 20分")
    unit.write_text(text, encoding="utf-8")
    r = run("evidence", "check", RULES, root_copy / "x-xiang")
    assert r.exit_code == 1
    assert "'2900户' 不是数字" in r.stderr
    assert "'20分' 不是数字" in r.stderr
    assert "共 2 个问题" in r.stderr


def test_the_tutorials_y_zhen_excerpt_is_what_the_command_prints(run) -> None:
    # docs/tutorial.md §2 shows an excerpt of `scoring score … y-zhen`; a reader compares it line by line.
    doc = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
    excerpt = doc.split("结果节选：\n\n```\n", 1)[1].split("```", 1)[0]
    r = run("score", RULES, EVIDENCE / "y-zhen", env={"COLUMNS": "120"})
    printed = {line.rstrip() for line in r.stdout.splitlines()}
    shown = [line.rstrip() for line in excerpt.splitlines() if line.strip() not in ("", "…")]
    assert len(shown) >= 8
    assert [line for line in shown if line not in printed] == []


def test_feedback_can_be_written_again_into_the_same_folder(tmp_path: Path, run) -> None:
    # docs/county-check-guide.md §8: `scoring feedback … -o 反馈单`. Run again after a fix, it must not say
    # "输出路径 '反馈单' 是一个文件夹 … 在 -o 后面写文件名".
    out = tmp_path / "反馈单"
    first = run("feedback", RULES, EVIDENCE, "-o", out)
    assert first.exit_code == 0, first.stderr
    sheet = out / "Y镇" / "反馈单.xlsx"
    sheet.write_bytes(b"stale")
    again = run("feedback", RULES, EVIDENCE, "-o", out)
    assert again.exit_code == 0, again.stderr
    assert "是一个文件夹" not in again.stderr
    assert sheet.read_bytes().startswith(b"PK")  # a real workbook again, not the stale bytes


def test_feedback_into_a_file_says_it_wants_a_folder(tmp_path: Path, run) -> None:
    target = tmp_path / "反馈单.xlsx"
    target.write_bytes(b"")
    r = run("feedback", RULES, EVIDENCE, "-o", target)
    assert r.exit_code == 1
    assert "是一个文件，不是文件夹" in r.stderr
    assert "例如 -o 反馈单" in r.stderr
    assert target.read_bytes() == b""


def test_feedback_still_refuses_to_write_into_the_evidence_it_reads(root_copy: Path, run) -> None:
    before = sorted(p.name for p in root_copy.iterdir())
    r = run("feedback", RULES, root_copy, "-o", root_copy)
    assert r.exit_code == 1
    assert "在正在读取的证据文件夹" in r.stderr
    assert sorted(p.name for p in root_copy.iterdir()) == before
