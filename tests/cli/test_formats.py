"""Each command writes exactly the formats it can, refuses the others with a usage error in the chosen language,
and ``--lang en`` reaches every format; ``--version`` and ``-h``; failures said next to 已写入."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

import scoring

from .conftest import EVIDENCE, RULES

RULES_2024 = RULES.parents[1] / "2024" / "x-county-fulian.yaml"

ACCEPTS: dict[tuple[object, ...], tuple[str, ...]] = {
    ("score", RULES, EVIDENCE / "y-zhen"): ("table", "json", "markdown", "csv", "xlsx", "html"),
    ("rank", RULES, EVIDENCE): ("table", "json", "markdown", "csv", "xlsx", "html"),
    ("explain", RULES, EVIDENCE / "y-zhen", "visits"): ("table", "json"),
    ("check", RULES): ("table", "json", "markdown"),
    ("test", RULES): ("table", "json", "markdown"),
    ("diff", RULES, RULES_2024): ("table", "json", "markdown"),
    ("evidence", "check", RULES, EVIDENCE / "y-zhen"): ("table", "json"),
}


@pytest.mark.parametrize("cmd", list(ACCEPTS), ids=lambda c: " ".join(str(x) for x in c[:2]))
def test_each_command_refuses_what_it_cannot_write(run, cmd: tuple[object, ...]) -> None:
    allowed = ACCEPTS[cmd]
    for fmt in ("pdf", *(f for f in ("csv", "xlsx", "html") if f not in allowed)):
        r = run(*cmd, "-f", fmt)
        assert r.exit_code == 2, (cmd, fmt)
        name = " ".join(str(x) for x in cmd[:2]) if cmd[0] == "evidence" else str(cmd[0])
        assert r.stderr.splitlines()[1:] == [
            f"运行 scoring {name} --help 查看帮助。", "",
            f"错误：'--format' / '-f' 的值不对：这个命令不能写 '{fmt}' 格式，可以写：{'、'.join(allowed)}"]
        assert r.stderr.startswith(f"用法：scoring {name} [选项] ")


@pytest.mark.parametrize("cmd", [("check", RULES), ("test", RULES), ("diff", RULES, RULES_2024)], ids=str)
def test_check_test_and_diff_write_json_and_markdown(run, cmd: tuple[object, ...]) -> None:
    j = run(*cmd, "-f", "json")
    assert j.exit_code == 0, j.stderr
    json.loads(j.stdout)
    m = run(*cmd, "-f", "markdown")
    assert m.exit_code == 0 and m.stdout.startswith("# ")
    assert "|---" in m.stdout or "没有发现问题" in m.stdout


def test_a_file_name_the_command_cannot_write_is_refused(run, tmp_path: Path) -> None:
    out = tmp_path / "结果.xlsx"
    r = run("test", RULES, "-o", out)
    assert r.exit_code == 2 and not out.exists()
    assert r.stderr.splitlines()[-1] == "错误：'--output' / '-o' 的值不对：这个命令不能写 .xlsx 文件，可以写：table、json、markdown"
    md = tmp_path / "结果.md"
    assert run("test", RULES, "-o", md).exit_code == 0 and md.read_text(encoding="utf-8").startswith("# 测试用例")


def test_usage_errors_in_the_chosen_language(run) -> None:
    assert run("score", "--bogus").stderr.splitlines()[-1] == "错误：没有选项 --bogus"
    assert run("rank").stderr.splitlines()[-1] == "错误：缺少参数 rulebook"
    assert run("score", RULES, EVIDENCE / "y-zhen", "extra").stderr.splitlines()[-1] == "错误：多写了参数：extra"
    assert run("scroe").stderr.splitlines()[-1] == "错误：没有命令 scroe（您是不是想写 score？）"
    en = run("--lang", "en", "check", RULES, "-f", "csv")
    assert en.exit_code == 2
    assert en.stderr.splitlines() == [
        "Usage: scoring check [OPTIONS] {rulebook}", "Try 'scoring check --help' for help.", "",
        "Error: Invalid value for '--format' / '-f': this command cannot write 'csv'; it writes: table、json、markdown"]


def test_version_and_short_help(run) -> None:
    r = run("--version")
    assert r.exit_code == 0 and r.stdout == f"scoring {scoring.__version__}\n"
    assert run("-h").stdout == run("--help").stdout
    assert run("score", "-h").stdout == run("score", "--help").stdout
    assert run("evidence", "check", "-h").stdout.startswith("用法：scoring evidence check")


def test_english_reaches_the_xlsx_and_the_html(run, tmp_path: Path) -> None:
    xlsx, html = tmp_path / "rank.xlsx", tmp_path / "rank.html"
    assert run("--lang", "en", "rank", RULES, EVIDENCE, "-o", xlsx).exit_code == 0
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.read_bytes()))
    assert wb.sheetnames[0] == "Ranking"
    assert [c.value for c in wb["Ranking"][3]] == ["Rank", "ID", "Unit", "Total", "Maximum", "Grade", "Vetoes", "Notes"]
    assert [c.value for c in wb["Y镇"][3]] == ["No.", "Item", "Points", "Self-assessed", "Awarded",
                                             "Reasons for deductions", "Evidence"]
    assert wb["Y镇"]["A1"].value.endswith("(score sheet)")
    assert run("--lang", "en", "rank", RULES, EVIDENCE, "-o", html).exit_code == 0
    page = html.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "<th>Item</th>" in page and "Score sheet" in page
    assert "考核项目" not in page and "评分明细" not in page
    zh = tmp_path / "zh.html"
    assert run("rank", RULES, EVIDENCE, "-o", zh).exit_code == 0  # and back: Chinese by default
    assert '<html lang="zh-CN">' in zh.read_text(encoding="utf-8")


def test_failures_are_said_next_to_written(run, root_copy: Path, tmp_path: Path) -> None:
    (root_copy / "y-zhen" / "activities.yaml").write_text("activity:\n  - {id: a, date: 2023-01-01\n", encoding="utf-8")
    out = tmp_path / "排名.xlsx"
    r = run("rank", RULES, root_copy, "-o", out)
    assert r.exit_code == 1
    assert r.stderr.splitlines()[-1] == f"已写入 {out}（其中 1 个单位未能评分，错误见报告里的“未能评分的单位”）"
    ws = openpyxl.load_workbook(out)["排名"]
    texts = [ws.cell(row=i, column=1).value for i in range(1, ws.max_row + 1)]
    assert "未能评分的单位（1 个）：材料有错，改正后重新评分" in texts
    assert ws["A2"].value == "考核年度：2023　　参评单位 4 个：3 个评分完成，1 个未能评分"
