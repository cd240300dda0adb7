"""new-year, diff and test through the command line (typer's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from scoring.cli import app

from ..conftest import EVIDENCE_2023, ROOT, RULES_2023

RULES_2024 = ROOT / "rules" / "2024" / "x-county-fulian.yaml"
FIX = Path(__file__).parent / "fixtures"


def run(*args: str | Path) -> tuple[int, str]:
    r = CliRunner().invoke(app, [str(a) for a in args], env={"NO_COLOR": "1", "COLUMNS": "200"})
    return r.exit_code, r.output


def test_new_year_writes_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "2024.yaml"
    code, text = run("new-year", RULES_2023, "--year", "2024", "--output", out)
    assert code == 0, text
    assert f"已生成 {out}（2024年度“干在实处走在前列”大比拼目标考核妇女儿童工作考评细则，考核期 2024-01-01 至 2024-12-31）" in text
    assert "# 重要说明（重建）" in out.read_text(encoding="utf-8")
    code, text = run("new-year", RULES_2023, "--year", "2024", "--output", out)
    assert code == 1 and "目标文件已经存在，没有覆盖" in text and "--force" in text
    code, _ = run("new-year", RULES_2023, "--year", "2024", "--output", out, "--force")
    assert code == 0


def test_diff_table_and_impact() -> None:
    code, text = run("diff", RULES_2023, RULES_2024, "--evidence", EVIDENCE_2023)
    assert code == 0, text
    assert "13 处改动" in text
    for fragment in ("reading_quota", "4（2023-01-01 起）", "5（2024-01-01 起）", "provincial_criticism", "新增一票否决",
                     "各类别分值", "对各单位的影响（按 2023 年证据，日期顺延 1 年）", "Y镇", "62.3", "-0.3"):
        assert fragment in text, fragment


def test_diff_markdown_and_json() -> None:
    code, md = run("diff", RULES_2023, RULES_2024, "--format", "markdown", "--evidence", EVIDENCE_2023)
    assert code == 0
    assert md.startswith("# 《2024年度")
    assert "| Y镇 | 62.3 | 62 | -0.3 | 3 | 3 | 合格 | 合格 |" in md
    code, js = run("diff", RULES_2023, RULES_2024, "--format", "json")
    data = json.loads(js)
    assert [c["kind"] for c in data["changes"]].count("meta") == 4
    assert data["totals"][-1] == {"id": "total", "title": "满分", "before": 100, "after": 100}


def test_test_command_passes_and_fails() -> None:
    code, text = run("test", ROOT / "rules" / "2023")
    assert code == 0, text
    assert "共 6 个用例：6 个通过，0 个失败。" in text
    assert "每个条目都有期望得分，每个分支都有用例走到。" in text
    code, text = run("test", FIX / "wrong.tests.yaml")
    assert code == 1
    assert "条目 coverage：期望 6，实际 4" in text and "第 2 档：95% ≥ 90%，得 4 分" in text


def test_missing_case_file_is_explained(tmp_path: Path) -> None:
    p = tmp_path / "r.yaml"
    p.write_text("id: x\n", encoding="utf-8")
    code, text = run("test", p)
    assert code == 1 and "找不到测试用例文件" in text and ".tests.yaml" in text
