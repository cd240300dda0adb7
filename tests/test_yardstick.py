"""The benchmark's yardstick (bench/yardstick.py) is the bundled rubric scored by hand; the engine must agree
with it exactly, unit by unit, on a small generated batch (the benchmark checks the whole province batch)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

import scoring
from bench import batch, yardstick


@pytest.fixture(scope="module")
def book() -> scoring.Rulebook:
    return scoring.load_rulebook(batch.RULES)


def _engine(book: scoring.Rulebook, raws: list[dict[str, Any]]) -> list[Any]:
    sets = [scoring.evidence_from_dict(d, book, name=d["unit"]["id"]) for d in raws]
    return [yardstick.exact(yardstick.project(r)) for r in scoring.score_many(book, sets).results]


def test_generator_matches_the_rulebook(book):
    # the batch and the yardstick describe the rubric's evidence by hand: they must not drift from the file
    assert list(batch.FIELDS) == list(book.evidence)
    for t, fields in batch.FIELDS.items():
        declared = book.evidence[t].fields
        assert [f[0] for f in fields] == list(declared)
        for name, ftype, values in fields:
            assert declared[name].type == ftype
            assert tuple(declared[name].values or ()) == values


def test_engine_equals_yardstick_on_a_generated_batch(book):
    raws = list(batch.units(40, 80, seed=11))
    mine = [yardstick.exact(yardstick.score_raw(d)) for d in raws]
    assert _engine(book, raws) == mine
    # the batch reaches the interesting branches, so the agreement means something
    kinds = {e[0] for r in mine for n in r["items"] for e in n[3]} | {e[0] for r in mine for e in r["ledger"]}
    assert {"award", "deduct", "clamp", "cap", "bonus", "penalty"} <= kinds
    assert any(r["excluded"] for r in mine)


def test_engine_equals_yardstick_on_edge_units(book):
    base = list(batch.units(7, 60, seed=3))
    edge = copy.deepcopy(base)
    for h in edge[0]["records"]["honor"]:
        h["project"] = "同一项目"  # 就高不重复: one award, the rest at 0
    edge[1]["records"]["petition"] = []  # rate(..., empty=1): nothing to close counts as 100%, and says so
    edge[2]["records"]["incident"][0].update(kind="侵权恶性案件", date="2023-05-01")  # the total is vetoed
    edge[3]["records"]["incident"][0].update(kind="重大舆情", date="2023-05-01")  # no top grade
    for rec in edge[4]["records"]["activity"]:
        rec.update(kind="亲子阅读", date="2023-06-01")  # full proportional points, other activities missing
    edge[5]["unit"]["facts"]["households_visited"] = edge[5]["unit"]["facts"]["households"]  # 全覆盖
    pet = dict(edge[6]["records"]["petition"][0], received_on="2023-03-01", closed=True)
    edge[6]["records"]["petition"] = [dict(pet, id=f"p{k}", closed=k > 0) for k in range(11)]  # 10/11: rounded
    edge[6]["records"]["incident"] = []  # nothing else takes the item's points away
    mine = [yardstick.exact(yardstick.score_raw(d)) for d in edge]
    assert mine[6]["ledger"][-1][0] == "round"
    assert _engine(book, edge) == mine
    assert mine[2]["total"] == ("D", "0.0") and mine[2]["ledger"][0][0] == "veto"
    assert any("就高不重复" in e[2] for n in mine[0]["items"] for e in n[3])


def test_a_wrong_yardstick_is_noticed(book):
    # the comparison is sharp: a one-character change of one sentence is a difference
    raws = list(batch.units(3, 40, seed=5))
    mine = [yardstick.exact(yardstick.score_raw(d)) for d in raws]
    mine[1]["items"][1][3][0][2] += "。"
    assert _engine(book, raws) != mine
