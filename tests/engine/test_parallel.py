"""Batches on an executor give the same bytes as in this process; a unit that fails is reported, the rest scored."""

from __future__ import annotations

import pickle
import shutil
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest

import scoring
from bench import batch as gen
from scoring.engine import scored
from scoring.engine._parallel import default_executor

from ._rb import act, book, evidence

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules" / "2023" / "x-county-fulian.yaml"
EVIDENCE = ROOT / "evidence" / "2023"

RANKED = """
- id: x
  title: 工作排名
  points: 6
  value: count(act)
  rank: {points: [6, 4, 2]}
- id: y
  title: 人均
  points: 4
  value: count(act) / rate_now
  proportional: {target: 2}
"""


@pytest.fixture(scope="module")
def pool():
    with ProcessPoolExecutor(2) as ex:
        yield ex


def test_a_compiled_rulebook_survives_pickling():
    b = scoring.load_rulebook(RULES)
    again = pickle.loads(pickle.dumps(b))
    ev = scoring.load_evidence(EVIDENCE / "y-zhen", b)
    assert scoring.to_json(scoring.score(again, ev)) == scoring.to_json(scoring.score(b, ev))


def test_folder_on_processes_and_threads_is_byte_identical(pool):
    b = scoring.load_rulebook(RULES)
    serial = scoring.to_json(scoring.score_folder(b, EVIDENCE))
    assert scoring.to_json(scoring.score_folder(b, EVIDENCE, executor=pool)) == serial
    with ThreadPoolExecutor(3) as ex:
        assert scoring.to_json(scoring.score_folder(b, EVIDENCE, executor=ex)) == serial


def test_score_many_on_a_pool_equals_serial_on_a_generated_batch(pool):
    b = scoring.load_rulebook(RULES)
    sets = [scoring.evidence_from_dict(d, b, name=d["unit"]["id"]) for d in gen.units(30, 40, seed=9)]
    names: list[str] = []
    par = scoring.score_many(b, sets, executor=pool, progress=names.append)
    assert scoring.to_json(par) == scoring.to_json(scoring.score_many(b, sets))
    assert names == [s.unit.id for s in sets]  # progress in input order, once per unit


def _sets(b):
    # u1 cannot be scored (rate_now 0: a division by zero in y); the others rank among themselves
    return [evidence(b, [act("宣讲")] * n, uid=f"u{i}", facts={"rate_now": "0" if i == 1 else "1"})
            for i, n in enumerate((5, 9, 7, 9))]


def test_ranking_clauses_two_passes_and_a_failing_unit(pool):
    b = book(RANKED)
    sets = _sets(b)
    got = {i: r for i, r in scored(b, sets, executor=pool)}
    assert isinstance(got[1], scoring.EvaluationError)
    ok = {i: r for i, r in got.items() if isinstance(r, scoring.ScoreResult)}
    # positions among the three units that can be scored (u1's 9 does not count): 5, 7, 9 → 3rd, 2nd, 1st
    assert {i: r.item("x").points for i, r in ok.items()} == {0: Decimal(2), 2: Decimal(4), 3: Decimal(6)}
    assert "在 3 个单位中排第 3 名" in ok[0].item("x").ledger[0].reason
    serial = {i: r for i, r in scored(b, sets) if isinstance(r, scoring.ScoreResult)}
    assert [scoring.to_json(ok[i]) for i in ok] == [scoring.to_json(serial[i]) for i in ok]
    with pytest.raises(scoring.EvaluationError):  # score_many wants to know at once
        scoring.score_many(b, sets, executor=pool)


def test_a_failing_folder_is_reported_and_the_rest_scored(tmp_path, pool):
    root = tmp_path / "ev"
    shutil.copytree(EVIDENCE, root)
    (root / "y-zhen" / "activities.yaml").write_text("activity:\n  - date: [\n", encoding="utf-8")
    b = scoring.load_rulebook(RULES)
    par = scoring.score_folder(b, root, executor=pool)
    assert [e.unit for e in par.errors] == ["y-zhen"]
    assert sorted(s.unit_id for s in par.leaderboard) == ["w-xiang", "x-xiang", "z-zhen"]
    assert scoring.to_json(par) == scoring.to_json(scoring.score_folder(b, root))


def test_jobs_makes_its_own_pool():
    b = scoring.load_rulebook(RULES)
    assert scoring.to_json(scoring.score_folder(b, EVIDENCE, jobs=2)) == scoring.to_json(scoring.score_folder(b, EVIDENCE))
    with default_executor(1) as ex:
        assert ex.submit(sum, [1, 2]).result() == 3


def test_errors_cross_process_boundaries_whole():
    inner = scoring.EvidenceError("日期有误", location=scoring.Location(path="a.yaml", line=3), hint="写成 2023-05-01")
    group = scoring.ErrorGroup([inner, scoring.EvaluationError("除数为 0", rule_id="x")])
    again = pickle.loads(pickle.dumps(group))
    assert type(again) is scoring.ErrorGroup and str(again) == str(group)
    assert [type(e) for e in again.errors] == [scoring.EvidenceError, scoring.EvaluationError]
    assert again.errors[1].rule_id == "x"
