"""Rulebook test cases: the bundled ones pass; a wrong expectation fails with a clear report; coverage gaps are named."""

from __future__ import annotations

from pathlib import Path

import pytest

import scoring
from scoring.cycle import run_cases
from scoring.cycle.render import cases_text

from ..conftest import ROOT

FIX = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("year", ["2023", "2024"])
def test_bundled_cases_pass(year: str) -> None:
    report = run_cases(ROOT / "rules" / year / "x-county-fulian.tests.yaml")
    assert report.ok, cases_text(report)


def test_bundled_2023_cases_cover_everything() -> None:
    cov = run_cases(ROOT / "rules" / "2023").coverage
    assert [(c.untested, c.unreached) for c in cov] == [([], [])]


def test_a_rulebook_path_finds_its_cases() -> None:
    report = run_cases(ROOT / "rules" / "2023" / "x-county-fulian.yaml")
    assert len(report.cases) == 6


def test_wrong_expectation_is_reported() -> None:
    report = run_cases(FIX / "wrong.tests.yaml")
    assert not report.ok
    bad, good = report.cases
    assert (bad.passed, good.passed) == (False, True)
    assert [(f.what, f.expected, f.got) for f in bad.failures] == [("total", "22", "20"), ("coverage", "6", "4")]
    assert bad.failures[1].ledger == ["4 第 2 档：95% ≥ 90%，得 4 分"]
    text = cases_text(report)
    assert "失败  回访覆盖率 95% 误以为满分（" in text and "wrong.tests.yaml:4:5）" in text
    assert "      条目 coverage：期望 6，实际 4\n        4 第 2 档：95% ≥ 90%，得 4 分\n" in text
    assert "      总分：期望 22，实际 20\n" in text
    assert "共 2 个用例：1 个通过，1 个失败。" in text


def test_coverage_names_the_untested_items_and_branches() -> None:
    (cov,) = run_cases(FIX / "partial.tests.yaml").coverage
    untested = [b.node for b in cov.untested]
    # petitions and parent_school are asserted; every other item and sub-criterion is not
    assert "petitions" not in untested and "parent_school" not in untested
    assert untested == ["legal_aid_visits", "visits", "coverage", "legal_aid", "family_education", "talks",
                        "school_talk", "annual_plan", "publicity_training", "info_feedback", "implementation",
                        "plan_documents", "subscriptions", "summaries", "work_info"]
    unreached = {(b.node, b.branch) for b in cov.unreached}
    # X乡 reaches the top tier, full points, no deductions and no veto — the other branches are named
    assert {("coverage", "tier:1"), ("coverage", "tier:none"), ("petitions", "below"), ("petitions", "zero"),
            ("school_talk", "fail"), ("parent_school", "partial"), ("annual_plan", "met:0"),
            ("visits", "line:visits.d1:hit"), ("legal_aid", "line:legal_aid.d1:hit"),
            ("rights_case", "fired"), ("bonus", "line:honors:hit")} <= unreached
    assert not {("coverage", "tier:0"), ("school_talk", "pass"), ("parent_school", "full"), ("annual_plan", "met:3"),
                ("visits", "line:visits.d1:ok"), ("rights_case", "not_fired")} & unreached
    labels = {(b.node, b.label) for b in cov.unreached}
    assert ("legal_aid", "扣分：应当开展而未开展法律援助： …") in labels


def test_bad_case_file_is_located(tmp_path: Path) -> None:
    p = tmp_path / "x.tests.yaml"
    p.write_text(f"rulebook: {ROOT / 'rules' / '2023' / 'x-county-fulian.yaml'}\n"
                 "cases:\n  - name: 写错键\n    expct: {total: 1}\n", encoding="utf-8")
    with pytest.raises(scoring.ScoringError) as e:
        run_cases(p)
    assert f"{p}:" in str(e.value)
