"""The HTTP API: every endpoint against the library (an independent route), exact numbers, the error
documents with their status codes, the token, and the OpenAPI document stored in docs/."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import scoring
from scoring.models import SCHEMA_VERSION
from scoring.serve import create_app, openapi_text

from .conftest import BOOK, ROOT

jsonschema = pytest.importorskip("jsonschema")

API = f"/api/v1/rulebooks/2023/{BOOK}"


def _exact(resp):
    return json.loads(resp.text, parse_float=Decimal)


def _library(workspace: Path, unit: str) -> scoring.ScoreResult:
    book = scoring.load_rulebook(workspace / "rules/2023" / f"{BOOK}.yaml")
    return scoring.score(book, scoring.load_evidence(workspace / "evidence/2023" / unit, book))


def test_list_rulebooks(ro_client: TestClient, ro_workspace: Path):
    r = ro_client.get("/api/v1/rulebooks")
    assert r.status_code == 200
    doc = r.json()
    assert doc["schema_version"] == SCHEMA_VERSION
    assert [(b["year"], b["name"]) for b in doc["rulebooks"]] == [(2023, BOOK), (2024, BOOK)]
    first = doc["rulebooks"][0]
    assert first["errors"] == 0
    assert first["rulebook"]["path"] == f"rules/2023/{BOOK}.yaml"
    import hashlib

    assert first["rulebook"]["digest"] == hashlib.sha256((ro_workspace / first["rulebook"]["path"]).read_bytes()).hexdigest()


def test_check_lists_warnings_and_errors(client: TestClient, workspace: Path):
    ok = client.get(f"{API}/check").json()
    assert ok["ok"] is True
    assert len(ok["errors"]) == len(scoring.check_rulebook(workspace / f"rules/2023/{BOOK}.yaml"))
    bad = workspace / "rules/2023/broken.yaml"
    bad.write_text("id: broken\ntitle: 坏的\nyear: 2023\nperiod: {start: 2023-01-01, end: 2023-12-31}\n"
                   "total: 10\ncategories:\n  - id: a\n    title: 甲\n    points: 10\n    pointz: 3\n", encoding="utf-8")
    doc = client.get("/api/v1/rulebooks/2023/broken/check").json()
    assert doc["ok"] is False
    e = doc["errors"][0]
    assert e["line"] == 10 and e["file"].endswith("broken.yaml") and "pointz" in e["message"]
    assert e["suggestion"] == "points"
    listed = {b["name"]: b for b in client.get("/api/v1/rulebooks").json()["rulebooks"]}
    assert listed["broken"]["errors"] >= 1 and listed["broken"]["rulebook"] is None


def test_score_workspace_unit_is_what_the_library_gives(ro_client: TestClient, ro_workspace: Path):
    r = ro_client.get(f"{API}/units/y-zhen/score")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.text == scoring.to_json(_library(ro_workspace, "y-zhen"))
    doc = _exact(r)
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["total"] == Decimal("62.3")  # a JSON number, exact
    jsonschema.validate(json.loads(r.text), json.loads(scoring.json_schema("result")))


def test_score_json_evidence_keeps_decimals_exact(ro_client: TestClient, ro_workspace: Path):
    ev = {"unit": {"id": "q", "name": "Q乡", "type": "乡", "facts": {"households": 3, "households_visited": 2},
                   "claims": {"petitions": 9.75}},
          "records": {"activity": [{"id": "a1", "date": "2023-03-08", "kind": "慰问", "title": "三八慰问"}]}}
    r = ro_client.post(f"{API}/score", json=ev)
    assert r.status_code == 200, r.text
    book = scoring.load_rulebook(ro_workspace / f"rules/2023/{BOOK}.yaml")
    expected = scoring.score(book, scoring.evidence_from_dict(ev, book, name="body"))
    assert r.text == scoring.to_json(expected)
    doc = _exact(r)
    assert doc["claimed_total"] == Decimal("9.75")
    # 2 of 3 households: the coverage value is the exact fraction, not a float's
    cov = next(n for n in doc["items"] if n["id"] == "coverage")
    assert cov["points"] == expected.item("coverage").points


def test_batch_json_ranks_the_units(ro_client: TestClient):
    unit = {"type": "乡", "facts": {"households": 10, "households_visited": 10}}
    body = {"units": [{"unit": {"id": "a", "name": "甲", **unit}},
                      {"unit": {"id": "b", "name": "乙", **unit},
                       "records": {"activity": [{"date": "2023-03-08", "kind": "慰问", "title": "慰问"},
                                                {"date": "2023-06-01", "kind": "慰问", "title": "慰问"}]}}]}
    r = ro_client.post(f"{API}/batch", json=body)
    assert r.status_code == 200, r.text
    doc = _exact(r)
    assert doc["schema_version"] == SCHEMA_VERSION
    board = doc["leaderboard"]
    assert [s["unit_id"] for s in board] == ["b", "a"]
    # the two visits are worth the whole 8-point item that 甲 loses (每少1次扣4分, 2 missing)
    assert board[0]["total"] - board[1]["total"] == Decimal(8)


def test_batch_workspace_is_rank(ro_client: TestClient, ro_workspace: Path):
    r = ro_client.get(f"{API}/batch")
    book = scoring.load_rulebook(ro_workspace / f"rules/2023/{BOOK}.yaml")
    assert r.text == scoring.to_json(scoring.score_folder(book, ro_workspace / "evidence/2023"))
    assert [s["name"] for s in r.json()["leaderboard"]] == ["X乡", "W乡", "Y镇", "Z镇"]


def test_explain_workspace_and_json(ro_client: TestClient, ro_workspace: Path):
    r = ro_client.get(f"{API}/units/y-zhen/explain/legal_aid_visits")
    assert r.status_code == 200
    doc = _exact(r)
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["item"]["points"] == Decimal(8) and doc["item"]["max_points"] == Decimal(20)
    assert {u["id"] for u in doc["excluded"]} == {"yz-hd-02", "yz-hd-06"}
    ev = {"unit": {"id": "q", "name": "Q乡", "type": "乡", "facts": {"households": 1, "households_visited": 1}}}
    r = ro_client.post(f"{API}/explain/visits", json=ev)
    assert r.status_code == 200
    assert _exact(r)["item"]["points"] == Decimal(0)  # no visit at all: 8 − 2×4


def test_bad_evidence_is_a_located_422(ro_client: TestClient):
    ev = {"unit": {"id": "q", "name": "Q", "type": "乡", "facts": {"households": 1, "households_visited": 1}},
          "records": {"activity": [{"date": "2023-02-30", "kind": "慰问", "title": "x"}], "activty": []}}
    r = ro_client.post(f"{API}/score", json=ev)
    assert r.status_code == 422
    doc = r.json()
    assert doc["ok"] is False
    by_file = {e["file"]: e for e in doc["errors"]}
    assert by_file["body#records.activty"]["suggestion"] == "activity"
    assert "2023-02-30" in by_file["body#records.activity[0]"]["message"]
    assert all(e["code"] and e["message"] for e in doc["errors"])


@pytest.mark.parametrize("body, where", [
    (b'{"unit": {"id": "q",}', "body:1:21"),
    (b"", "body"),
    (b'{"unit": {}, "recordz": {}}', "body#recordz"),
    (b'[1, 2]', "body#"),
    (b"\xff\xfe", "body"),
])
def test_malformed_bodies(ro_client: TestClient, body: bytes, where: str):
    r = ro_client.post(f"{API}/score", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert any(e["where"] == where for e in r.json()["errors"]), r.json()


@pytest.mark.parametrize("url", [
    "/api/v1/rulebooks/2025/x/check", f"/api/v1/rulebooks/2023/{BOOK}x/check", "/api/v1/rulebooks/20x3/a/check",
    f"{API}/units/nobody/score", f"{API}/units/y-zhen/explain/nothing", "/api/v1/elsewhere",
    f"{API}/units/..%2F..%2F..%2Fetc/score", "/api/v1/rulebooks/2023/..%2F..%2Fpyproject/check",
    f"{API}/units/%2E%2E/score",
])
def test_unknown_things_are_404_documents(ro_client: TestClient, url: str):
    r = ro_client.get(url)
    assert r.status_code == 404, (url, r.text)
    doc = r.json()
    assert doc["ok"] is False and doc["errors"][0]["message"]


def test_explain_unknown_item_suggests(ro_client: TestClient):
    r = ro_client.get(f"{API}/units/y-zhen/explain/visit")
    assert r.status_code in (404, 422)
    assert r.json()["errors"][0]["suggestion"] == "visits"


def test_token(workspace: Path):
    with TestClient(create_app(workspace, token="s3cret")) as c:
        assert c.get("/api/v1/rulebooks").status_code == 401
        assert c.get("/api/v1/rulebooks", headers={"Authorization": "Bearer wrong"}).status_code == 401
        doc = c.get("/api/v1/rulebooks", headers={"Authorization": "Bearer wrong"}).json()
        assert doc["errors"][0]["code"] == "serve.unauthorized"
        assert c.get("/api/v1/rulebooks", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_openapi_is_served_and_stored_in_docs(ro_client: TestClient):
    served = ro_client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    paths = served.json()["paths"]
    assert set(paths) == {"/api/v1/rulebooks", "/api/v1/rulebooks/{year}/{name}/check",
                          "/api/v1/rulebooks/{year}/{name}/score", "/api/v1/rulebooks/{year}/{name}/batch",
                          "/api/v1/rulebooks/{year}/{name}/explain/{item}",
                          "/api/v1/rulebooks/{year}/{name}/units/{unit}/score",
                          "/api/v1/rulebooks/{year}/{name}/units/{unit}/explain/{item}"}
    stored = (ROOT / "docs" / "openapi.json").read_text(encoding="utf-8")
    current = openapi_text(ro_client.app)  # type: ignore[arg-type]
    assert stored == current, "docs/openapi.json is out of date: python -m scoring.serve.openapi > docs/openapi.json"
    schemas = served.json()["components"]["schemas"]
    assert {"ScoreResult", "BatchResult", "Explanation", "EvidenceIn", "BatchIn", "ErrorDocument"} <= set(schemas)


def test_result_schema_command(tmp_path: Path):
    from typer.testing import CliRunner

    from scoring.cli import app

    r = CliRunner().invoke(app, ["schema", "result"], catch_exceptions=False)
    assert r.exit_code == 0
    schema = json.loads(r.stdout)
    assert "schema_version" in schema["properties"] and schema["title"].startswith("评分结果")
    book = scoring.load_rulebook(ROOT / "rules/2023" / f"{BOOK}.yaml")
    batch = scoring.score_folder(book, ROOT / "evidence/2023")
    jsonschema.validate(json.loads(scoring.to_json(batch.results[0])), schema)
    jsonschema.validate(json.loads(scoring.to_json(batch)), json.loads(scoring.json_schema("batch")))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"total": 1}, schema)
