"""The yearly cycle with paper in mind: new-year carries the test cases with a review note; diff --evidence
warns when the evidence is of another year than the old rulebook's."""

from __future__ import annotations

import datetime as _dt
import shutil
from pathlib import Path

from ruamel.yaml import YAML

import scoring
from scoring.cycle import diff_rulebooks, impact
from scoring.cycle.newyear import new_year, new_year_cases

from ..conftest import EVIDENCE_2023, ROOT, RULES_2023

RULES_2024 = ROOT / "rules" / "2024" / "x-county-fulian.yaml"


def test_new_year_carries_the_cases_with_a_note(tmp_path: Path) -> None:
    src = tmp_path / "rules" / "2023"
    shutil.copytree(RULES_2023.parent, src)
    target = new_year(src / "x-county-fulian.yaml", 2024)
    cases, notes = new_year_cases(src / "x-county-fulian.yaml", 2024, target)
    assert cases == tmp_path / "rules" / "2024" / "x-county-fulian.tests.yaml"
    old = YAML(typ="safe").load((src / "x-county-fulian.tests.yaml").read_text(encoding="utf-8"))
    new = YAML(typ="safe").load(cases.read_text(encoding="utf-8"))
    assert new["rulebook"] == "x-county-fulian.yaml"
    assert [c["name"] for c in new["cases"]] == [c["name"] for c in old["cases"]]
    # a record written in a case moves by one year, whatever else it says stays
    partial_old = next(c for c in old["cases"] if c.get("records"))
    partial_new = next(c for c in new["cases"] if c["name"] == partial_old["name"])
    first_old = next(iter(partial_old["records"].values()))[0]
    first_new = next(iter(partial_new["records"].values()))[0]
    assert {k: (v.replace(year=v.year + 1) if isinstance(v, _dt.date) else v) for k, v in first_old.items()} == first_new
    folders = [c["name"] for c in old["cases"] if c.get("evidence")]
    assert notes[0].startswith(f"由 scoring new-year 从 x-county-fulian.tests.yaml（2023 年）复制，共 {len(old['cases'])} 个用例")
    assert notes[-1].startswith(f"{len(folders)} 个用例引用证据文件夹（{'、'.join(folders)}），读的仍是 2023 年的材料")
    assert cases.read_text(encoding="utf-8").startswith("# " + notes[0])


def test_new_year_command_says_what_to_review(tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from scoring.cli import app

    src = tmp_path / "rules" / "2023"
    shutil.copytree(RULES_2023.parent, src)
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["new-year", "rules/2023/x-county-fulian.yaml", "--year", "2024"])
    assert r.exit_code == 0, r.stderr
    assert "已复制测试用例 rules/2024/x-county-fulian.tests.yaml，要复核：\n  · 由 scoring new-year 从" in r.stdout
    assert (tmp_path / "rules" / "2024" / "x-county-fulian.tests.yaml").exists()


def test_diff_warns_when_the_evidence_is_of_another_year(tmp_path: Path) -> None:
    old, new = scoring.load_rulebook(RULES_2023), scoring.load_rulebook(RULES_2024)
    assert diff_rulebooks(old, new) is not None
    assert impact(old, new, EVIDENCE_2023).warnings == []  # 2023 evidence for the 2023 → 2024 comparison
    root = tmp_path / "2023"
    shutil.copytree(EVIDENCE_2023 / "x-xiang", root / "x-xiang")
    im = impact(new, old, root)  # the wrong way round: 2023 evidence judged against 2024's period
    x = next(r for r in scoring.score_folder(new, root).results)
    outside = [e for e in x.excluded if "不在考核期" in e.reason]
    total = len(x.excluded) + sum(x.counted.values())
    assert im.warnings == [f"X乡：{total} 条记录中有 {len(outside)} 条的日期不在 2024 年的考核期（2024-01-01 至 2024-12-31）内，"
                           "没有计分。--evidence 要写 2024 年（旧细则那一年）的证据文件夹；这份证据是不是另一年的？"]


def test_new_year_keeps_the_countys_own_header_comment(tmp_path: Path) -> None:
    """The copied tests file opens with the review note, then the county's own comment lines exactly as they were
    (the note is added, nothing of theirs replaced); the cases still read."""
    src = tmp_path / "rules" / "2023"
    shutil.copytree(RULES_2023.parent, src)
    original = (src / "x-county-fulian.tests.yaml").read_text(encoding="utf-8")
    header = original[:original.index("\nrulebook:")]
    assert header.startswith("# 2023 年度考评细则的测试用例") and header.count("\n") >= 3
    target = new_year(src / "x-county-fulian.yaml", 2024)
    cases, notes = new_year_cases(src / "x-county-fulian.yaml", 2024, target)
    text = cases.read_text(encoding="utf-8")
    note = "".join(f"# {n}\n" for n in notes)
    assert text.startswith(note + "#\n" + header + "\nrulebook: x-county-fulian.yaml\n")
    assert text.count(header) == 1
    assert [c["name"] for c in YAML(typ="safe").load(text)["cases"]] == \
        [c["name"] for c in YAML(typ="safe").load(original)["cases"]]
