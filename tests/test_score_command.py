"""`scoring score` as issue 2 specifies it: readable table, JSON whose ledgers sum to the total, exit 1 on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from .conftest import EVIDENCE_2023, ROOT, RULES_2023


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_COLOR="1", COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "scoring", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)


def _ledger_sum(doc: object) -> Decimal:
    total = Decimal(0)
    if isinstance(doc, dict):
        for k, v in doc.items():
            if k == "ledger":
                total += sum((Decimal(str(e["points"])) for e in v), Decimal(0))
            else:
                total += _ledger_sum(v)
    elif isinstance(doc, list):
        total += sum((_ledger_sum(x) for x in doc), Decimal(0))
    return total


def test_json_has_the_promised_fields_and_ledgers_sum_to_total() -> None:
    p = _run("score", str(RULES_2023), str(EVIDENCE_2023 / "y-zhen"), "--format", "json")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout, parse_float=Decimal)
    assert (doc["total"], doc["max_total"]) == (Decimal("62.3"), 100)
    item = next(i for i in doc["items"] if i["id"] == "info_feedback")
    assert (item["title"], item["max_points"], item["points"], item["claimed"]) == (
        "落实《X县妇女儿童工作委员会工作规则》中的信息反馈制度", 20, 19, 20)
    late = [e for e in item["ledger"] if e["points"] < 0]
    assert [(e["points"], e["evidence"]) for e in late] == [(-1, ["yz-sb-04"])]
    assert "逾期报送" in late[0]["reason"]
    assert _ledger_sum(doc) == doc["total"]


def test_table_shows_items_claims_and_deductions() -> None:
    p = _run("score", str(RULES_2023), str(EVIDENCE_2023 / "y-zhen"))
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert "总分 62.3 / 100" in out and "等次：合格" in out
    assert "自评偏高" in out
    assert "应当开展而未开展法律援助" in out


def test_bad_rule_file_exits_1_with_located_message_and_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(RULES_2023.read_text(encoding="utf-8").replace("points: 10\n", "points: 十\n", 1), encoding="utf-8")
    p = _run("score", str(bad), str(EVIDENCE_2023 / "x-xiang"))
    assert p.returncode == 1
    assert "Traceback" not in p.stderr
    assert f"{bad}:" in p.stderr and "'十' 不是数字" in p.stderr
    p = _run("--debug", "score", str(bad), str(EVIDENCE_2023 / "x-xiang"))
    assert p.returncode == 1 and "Traceback" in p.stderr
