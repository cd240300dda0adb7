"""``scoring schema``: JSON Schemas that accept the bundled files and reject a typo."""

from __future__ import annotations

import json

import pytest

from scoring.compile.yaml import load_yaml_file

from .conftest import EVIDENCE, RULES

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed: the schemas are not validated")


def _plain(v):
    """YAML data as JSON would carry it (dates and Decimals as text, as an editor sees them)."""
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return json.loads(json.dumps(v, default=str))


def test_rulebook_schema_accepts_the_bundled_rulebook_and_rejects_a_typo(run) -> None:
    r = run("schema")
    assert r.exit_code == 0
    schema = json.loads(r.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "考评细则规则文件"
    assert {"categories", "evidence", "vetoes", "grades"} <= set(schema["properties"])
    data = _plain(load_yaml_file(RULES)[0])
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(data)) == []
    data["categories"][0]["items"][0]["point"] = 3
    messages = [e.message for top in validator.iter_errors(data) for e in _leaves(top)]
    assert "Additional properties are not allowed ('point' was unexpected)" in messages


def _leaves(e):
    """The innermost errors (anyOf nests them), which are what an editor underlines."""
    if not e.context:
        yield e
    for c in e.context:
        yield from _leaves(c)


@pytest.mark.parametrize("kind", ["evidence", "reviews"])
def test_evidence_schemas(run, kind: str) -> None:
    schema = json.loads(run("schema", kind).stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    if kind == "evidence":
        validator = jsonschema.Draft202012Validator(schema)
        assert list(validator.iter_errors(_plain(load_yaml_file(EVIDENCE / "y-zhen" / "unit.yaml")[0]))) == []


def test_records_schema_follows_the_rulebook(run) -> None:
    schema = json.loads(run("schema", "records", RULES).stdout)
    activity = schema["properties"]["activity"]["items"]
    assert activity["properties"]["kind"]["enum"] == ["慰问", "宣讲", "进校园宣讲", "亲子阅读", "宣传培训", "防艾培训",
                                                      "专题研究", "宣传教育"]
    assert activity["required"] == ["date", "kind", "title"]
    validator = jsonschema.Draft202012Validator(schema)
    data = _plain(load_yaml_file(EVIDENCE / "y-zhen" / "activities.yaml")[0])
    assert list(validator.iter_errors(data)) == []
    data["activity"][0]["kind"] = "尉问"
    assert [e.message for e in validator.iter_errors(data)] == [
        "'尉问' is not one of ['慰问', '宣讲', '进校园宣讲', '亲子阅读', '宣传培训', '防艾培训', '专题研究', '宣传教育']"]


def test_records_without_rulebook_is_a_clear_error(run) -> None:
    r = run("schema", "records")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == ["错误：records 的 Schema 要根据规则文件生成",
                                     "  提示：写上规则文件：scoring schema records 规则文件.yaml"]
