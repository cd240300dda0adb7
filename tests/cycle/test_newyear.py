"""new-year: only year, period, id and title change; comments, quotes and order stay."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

import scoring
from scoring.cycle import new_year, new_year_path, new_year_text

from ..conftest import RULES_2023


def test_only_the_intended_lines_change(tmp_path: Path) -> None:
    target = new_year(RULES_2023, 2024, tmp_path / "2024" / "x-county-fulian.yaml")
    before = RULES_2023.read_text(encoding="utf-8").splitlines()
    after = target.read_text(encoding="utf-8").splitlines()
    changed = [ln for ln in difflib.unified_diff(before, after, lineterm="", n=0)
               if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    assert changed == [
        "-id: x-county-fulian-2023",
        "-title: 2023年度“干在实处走在前列”大比拼目标考核妇女儿童工作考评细则",
        "+id: x-county-fulian-2024",
        "+title: 2024年度“干在实处走在前列”大比拼目标考核妇女儿童工作考评细则",
        "-year: 2023",
        "-period: {start: 2023-01-01, end: 2023-12-31}",
        "+year: 2024",
        "+period: {start: 2024-01-01, end: 2024-12-31}",
    ]
    book = scoring.load_rulebook(target)
    assert (book.year, str(book.period.start), str(book.period.end)) == (2024, "2024-01-01", "2024-12-31")
    # a dated parameter keeps its value: it carries its own effective date
    assert scoring.plan_of(book).params["reading_quota"].value == "4"


def test_comments_quotes_and_long_lines_survive() -> None:
    text = (
        "# 头部注释\n"
        "id: demo-2023   # 行尾注释\n"
        "title: '2023年度 测试'\n"
        "year: 2023\n"
        "period: {start: 2023-01-01, end: 2023-12-31}\n"
        "zeta: 1\n"
        "alpha: \"" + "很长的中文" * 40 + "\"\n"
    )
    out = new_year_text(text, 2024)
    assert out == text.replace("2023", "2024")


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(scoring.RulebookError) as e:
        new_year(RULES_2023, 2024, target)
    assert "目标文件已经存在，没有覆盖" in str(e.value) and "--force" in str(e.value)
    assert target.read_text(encoding="utf-8") == "keep me"
    new_year(RULES_2023, 2024, target, force=True)
    assert "year: 2024" in target.read_text(encoding="utf-8")


def test_default_path_replaces_the_year() -> None:
    assert new_year_path(Path("rules/2023/x-county-fulian.yaml"), 2024) == Path("rules/2024/x-county-fulian.yaml")
    assert new_year_path(Path("rules/fulian-2023.yaml"), 2024) == Path("rules/fulian-2024.yaml")
