"""``scoring draft`` on the command line; the draft against ``scoring schema``; new-year, diff and test on it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

import scoring
from scoring.cli import app

from .test_roundtrip import BUNDLED, ROOT, _edit

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed: the schemas are not validated")
FIXTURE = Path(__file__).parent / "fixtures" / "selfcheck.txt"


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def _data(path: Path) -> Any:
    """YAML as an editor's JSON view has it: dates and numbers as JSON carries them."""
    return json.loads(json.dumps(YAML(typ="safe").load(path.read_text(encoding="utf-8")), default=str))


def test_draft_command_writes_the_rulebook_and_the_units_self_assessment(tmp_path: Path) -> None:
    out = tmp_path / "草稿.yaml"
    r = run("draft", str(FIXTURE), "-o", str(out))
    assert r.exit_code == 0, r.output
    assert "起草自 selfcheck.txt（自检自查报告）" in r.stdout and "自评分：W乡 共 4 项" in r.stdout
    unit = tmp_path / "草稿.unit.yaml"
    assert out.is_file() and unit.is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left behind
    validator = jsonschema.Draft202012Validator(json.loads(scoring.json_schema("rulebook")))
    assert list(validator.iter_errors(_data(out))) == []
    assert list(jsonschema.Draft202012Validator(json.loads(scoring.json_schema("evidence"))).iter_errors(
        _data(unit))) == []
    check = run("check", str(out))
    assert check.exit_code == 1 and check.output.count("评分规则还没有写") == 4


def test_draft_refuses_to_overwrite_its_document_and_reads_only(tmp_path: Path) -> None:
    doc = tmp_path / "细则.txt"
    doc.write_bytes(FIXTURE.read_bytes())
    before = doc.read_bytes()
    r = run("draft", str(doc), "-o", str(doc))
    # the command line's shared -o guard (#13) refuses an output that is one of the inputs, before drafting
    assert r.exit_code == 1 and "就是输入文件" in r.output and "不能覆盖" in r.output
    assert doc.read_bytes() == before
    r = run("draft", str(tmp_path / "没有.docx"), "-o", str(tmp_path / "a.yaml"))
    assert r.exit_code == 1 and "找不到这个文件" in r.output and "Traceback" not in r.output
    (tmp_path / "旧.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    r = run("draft", str(tmp_path / "旧.doc"), "-o", str(tmp_path / "a.yaml"))
    assert r.exit_code == 1 and "另存为 .docx" in r.output


def test_json_report(tmp_path: Path) -> None:
    r = run("draft", str(FIXTURE), "-o", str(tmp_path / "d.yaml"), "--unit", str(tmp_path / "u.yaml"), "--json")
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["shape"] == "selfcheck" and report["levels"] == [2, 4] and report["claims"] == 4
    assert [x["node"] for x in report["left"]] == ["c1_1", "c1_2", "c2_1", "c2_2"]
    assert (tmp_path / "u.yaml").is_file()


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ._docs import numbered_docx
    from .test_roundtrip import _document

    folder = tmp_path_factory.mktemp("cycle")
    doc = numbered_docx(folder / "细则.docx", _document(scoring.load_rulebook(BUNDLED)))
    assert run("draft", str(doc), "-o", str(folder / "draft.yaml")).exit_code == 0
    out = folder / "x-county-fulian.yaml"
    out.write_text(_edit((folder / "draft.yaml").read_text(encoding="utf-8")), encoding="utf-8")
    return out


def test_the_bundled_cases_pass_on_the_completed_draft(edited: Path) -> None:
    """The bundled rulebook's own test cases, worked by hand, hold for the drafted one."""
    cases = (ROOT / "rules" / "2023" / "x-county-fulian.tests.yaml").read_text(encoding="utf-8")
    cases = cases.replace("../../evidence/", str(ROOT / "evidence") + "/")
    edited.with_name("x-county-fulian.tests.yaml").write_text(cases, encoding="utf-8")
    r = run("test", str(edited))
    assert r.exit_code == 0, r.output


def test_new_year_and_diff_on_the_draft(edited: Path) -> None:
    nxt = edited.with_name("2024.yaml")
    r = run("new-year", str(edited), "--year", "2024", "-o", str(nxt))
    assert r.exit_code == 0, r.output
    book = scoring.load_rulebook(nxt)
    assert book.year == 2024 and str(book.period.end) == "2024-12-31"
    assert "# A6/A8 每低一个百分点扣分：「办结率每低1个百分点扣1分，低于90%不得分」" in nxt.read_text(encoding="utf-8")
    r = run("diff", str(BUNDLED), str(edited))
    assert r.exit_code == 0, r.output
    assert "petitions" in r.stdout or "对12338" in r.stdout


def test_a_draft_with_every_kind_of_rule_validates_against_the_schema(edited: Path) -> None:
    validator = jsonschema.Draft202012Validator(json.loads(scoring.json_schema("rulebook")))
    draft = _data(edited.with_name("draft.yaml"))
    assert {"facts", "evidence", "bonus", "penalties", "vetoes", "grades"} <= set(draft)
    assert list(validator.iter_errors(draft)) == []
