"""Errors as data: every error has a documented stable code, and ``--format json`` prints the error document."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

import scoring
from scoring.errors import ErrorGroup, ErrorInfo, EvidenceError, error_document, flatten
from scoring.location import Location

from .conftest import EVIDENCE, ROOT, RULES

DOC = ROOT / "docs" / "errors.md"
FIELDS = ["code", "severity", "message", "hint", "suggestion", "file", "line", "column", "sheet", "row",
          "column_name", "rule_id", "where"]


def _documented() -> set[str]:
    table = DOC.read_text(encoding="utf-8").split("## Codes", 1)[1]
    return set(re.findall(r"^\| `([a-z][a-z.-]*)` \|", table, re.M))


def _codes_in_source() -> set[str]:
    """Every code the package can give: class defaults (``code = "…"``) and ``code="…"`` at raise sites."""
    found: set[str] = set()
    for path in (ROOT / "scoring").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.keyword) and node.arg == "code" and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str)):
                found.add(node.value.value)
            if (isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(getattr(node, "value", None), ast.Constant)
                    and any(isinstance(t, ast.Name) and t.id == "code"
                            for t in (node.targets if isinstance(node, ast.Assign) else [node.target]))):
                found.add(node.value.value)  # type: ignore[union-attr]
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and re.fullmatch(r"file\.[a-z-]+", node.value)):  # the errno -> code table of os_error
                found.add(node.value)
    return found


def test_every_code_is_documented_and_every_documented_code_exists() -> None:
    used, documented = _codes_in_source(), _documented()
    assert "internal" in used and "rulebook.schema" in used  # the scan itself works
    assert used - documented == set(), "codes missing from docs/errors.md"
    assert documented - used == set(), "docs/errors.md lists codes nothing gives"


def test_every_error_class_has_its_own_code() -> None:
    classes = [getattr(scoring, n) for n in scoring.__all__ if isinstance(getattr(scoring, n), type)
               and issubclass(getattr(scoring, n), scoring.ScoringError)]
    codes = [c.code for c in classes]
    assert len(classes) >= 12 and len(set(codes)) == len(codes)


def test_info_is_built_from_the_fields() -> None:
    e = EvidenceError("日期写错了", location=Location(path="a.xlsx", sheet="活动", row=7, column="日期"),
                      hint="写成 2023-03-08", suggestion=None, rule_id="visits", code="evidence")
    assert e.info() == ErrorInfo(code="evidence", message="日期写错了", hint="写成 2023-03-08", file="a.xlsx",
                                 sheet="活动", row=7, column_name="日期", rule_id="visits",
                                 where="a.xlsx/活动/第7行/日期列")
    y = scoring.YamlError("坏了", location=Location(path="r.yaml", line=3, col=5))
    assert (y.info().line, y.info().column, y.info().code) == (3, 5, "rulebook.yaml")


def test_document_opens_groups_and_counts_only_errors() -> None:
    w = scoring.ScoringError("注意", severity="warning")
    assert error_document([w]) == {"ok": True, "errors": [ErrorInfo(code="input", severity="warning",
                                                                    message="注意").model_dump()]}
    g = ErrorGroup([scoring.SchemaError("a"), ErrorGroup([scoring.EvaluationError("b")])])
    assert [e.message for e in flatten(g)] == ["a", "b"]
    doc = error_document(g, extra=1)
    assert doc["ok"] is False and [e["code"] for e in doc["errors"]] == ["rulebook.schema", "evaluation"]
    assert list(doc) == ["ok", "errors", "extra"]
    assert all(list(e) == FIELDS for e in doc["errors"])


@pytest.mark.parametrize("command", ["score", "explain", "rank", "check", "diff"])
def test_missing_rulebook_gives_the_document(run, command: str) -> None:
    table: dict[str, list[object]] = {"score": ["nope.yaml", EVIDENCE / "x-xiang"], "explain": ["nope.yaml", EVIDENCE / "x-xiang", "visits"],
            "rank": ["nope.yaml", EVIDENCE], "check": ["nope.yaml"], "diff": ["nope.yaml", RULES]}
    args = table[command]
    r = run(command, *args, "--format", "json")
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    assert doc["ok"] is False
    [e] = doc["errors"]
    assert (e["code"], e["file"], e["severity"]) == ("file.not-found", "nope.yaml", "error")
    assert "找不到" in e["message"]


def test_evidence_check_json_lists_files_and_located_errors(run, root_copy: Path) -> None:
    acts = root_copy / "x-xiang" / "activities.yaml"
    lines = acts.read_text(encoding="utf-8").splitlines()
    n = next(i for i, t in enumerate(lines) if "hd-03" in t)
    lines[n] = lines[n].replace("2023-03-20", "2023-13-45")
    acts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run("evidence", "check", RULES, root_copy / "x-xiang", "--format", "json")
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    assert doc["ok"] is False
    assert [(e["file"], e["line"]) for e in doc["errors"]] == [(str(acts), n + 1)]
    assert doc["errors"][0]["column"] == lines[n].index("2023-13-45") + 1
    assert {f["path"] for f in doc["files"]} >= {str(acts)}


def test_evidence_check_json_when_clean(run) -> None:
    r = run("evidence", "check", RULES, EVIDENCE / "x-xiang", "-f", "json")
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    assert doc["ok"] is True and doc["errors"] == []
    expected = sum(1 for f in (EVIDENCE / "x-xiang").glob("*.yaml") if f.name != "unit.yaml"
                   for line in f.read_text(encoding="utf-8").splitlines() if line.startswith("  - "))
    assert sum(f["records"] for f in doc["files"]) == expected


def test_rank_json_details_of_a_broken_unit(run, root_copy: Path) -> None:
    (root_copy / "y-zhen" / "activities.yaml").write_text("activity:\n  - {id: a, date: [\n", encoding="utf-8")
    r = run("rank", RULES, root_copy, "-f", "json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    [unit] = data["errors"]
    assert unit["unit"] == "y-zhen"
    assert {d["code"] for d in unit["details"]} >= {"evidence.yaml"}
    assert len(unit["details"]) == len(unit["errors"])


def test_an_internal_fault_is_not_a_traceback(run, monkeypatch: pytest.MonkeyPatch) -> None:
    import scoring

    def broken(*_a: object, **_k: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(scoring, "score", broken)  # what `scoring score` calls (imported when the command runs)
    r = run("score", RULES, EVIDENCE / "x-xiang", "-f", "json")
    assert r.exit_code == 3
    [e] = json.loads(r.stdout)["errors"]
    assert e["code"] == "internal" and "ValueError: boom" in e["message"] and "--debug" in e["hint"]
    r = run("score", RULES, EVIDENCE / "x-xiang")
    assert r.exit_code == 3 and "Traceback" not in r.stderr + r.stdout and "内部错误" in r.stderr
