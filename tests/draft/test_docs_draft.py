"""docs/draft.md's worked example is real: the document drafts to the report shown, the error shown, and after
the edits the page describes, 甲乡 scores the 39 points worked out there."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

import scoring
from scoring.cli import app

from .test_roundtrip import ROOT

PAGE = (ROOT / "docs" / "draft.md").read_text(encoding="utf-8")


def _block_after(heading: str, n: int = 0) -> str:
    rest = PAGE[PAGE.index(heading):]
    blocks: list[str] = re.findall(r"```(?:yaml)?\n(.*?)```", rest, flags=re.S)
    return blocks[n]


@pytest.fixture()
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "细则.txt").write_text(_block_after("### 细则原文"), encoding="utf-8")
    return tmp_path


def test_the_report_and_the_error_on_the_page(example: Path) -> None:
    r = CliRunner().invoke(app, ["draft", "细则.txt", "-o", "细则2023.yaml"])
    assert r.exit_code == 0, r.output
    assert r.stdout == _block_after("报告：")
    r = CliRunner().invoke(app, ["check", "细则2023.yaml"])
    assert r.exit_code == 1
    shown = _block_after("这时运行").strip()
    assert shown.splitlines()[0] in r.output and shown.splitlines()[1] in r.output


def test_after_the_edits_jia_xiang_scores_39(example: Path) -> None:
    assert CliRunner().invoke(app, ["draft", "细则.txt", "-o", "细则2023.yaml"]).exit_code == 0
    text = (example / "细则2023.yaml").read_text(encoding="utf-8")
    declarations = _block_after("1. **给证据改名**")
    text = text[: text.index("facts:")] + re.sub(r"(?m)^   ", "", declarations) + text[text.index("categories:"):]
    for old, new in (("when: c1_1_ok", "when: election_done"),
                     ("actual: count(c1_2_rec)", "actual: 'count(activity, kind == \"专题研究\")'"),
                     ("value: count(c2_1_rec)", 'value: count(activity, kind == "宣传活动")'),
                     ("per_record: c2_2_rec", "per_record: report"), ("per_record: bonus1_rec", "per_record: honor")):
        assert old in text
        text = text.replace(old, new)
    text = re.sub(r"(?m)^        todo:.*\n          - 工作有特色的由考核组综合评定\n", "", text)
    (example / "细则2023.yaml").write_text(text, encoding="utf-8")
    assert scoring.check_rulebook(example / "细则2023.yaml") == []
    unit = example / "甲乡"
    unit.mkdir()
    (unit / "unit.yaml").write_text(_block_after("### 给一个乡评分"), encoding="utf-8")
    (unit / "活动.yaml").write_text(_block_after("### 给一个乡评分", 1), encoding="utf-8")
    book = scoring.load_rulebook(example / "细则2023.yaml")
    result = scoring.score(book, scoring.load_evidence(unit, book))
    assert result.total == Decimal("39") and "总分 39 / 50" in PAGE  # 8 + (12 − 4) + 12 + (10 − 1) + 2
