"""The same executor interface on dask.distributed: a small LocalCluster (two worker processes, loopback only)."""

from __future__ import annotations

from pathlib import Path

import pytest

import scoring
from bench import batch as gen

distributed = pytest.importorskip("distributed", reason="dask[distributed] is the optional extra 'dask'")

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules" / "2023" / "x-county-fulian.yaml"
EVIDENCE = ROOT / "evidence" / "2023"


@pytest.fixture(scope="module")
def client():
    # the dashboard on a free loopback port: the default 8787 may be taken by another cluster on the machine
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address="127.0.0.1:0") as cluster, distributed.Client(cluster) as c:
        yield c


def test_folder_and_batch_on_a_dask_cluster_equal_serial(client):
    b = scoring.load_rulebook(RULES)
    ex = client.get_executor()
    assert scoring.to_json(scoring.score_folder(b, EVIDENCE, executor=ex)) == scoring.to_json(
        scoring.score_folder(b, EVIDENCE))
    sets = [scoring.evidence_from_dict(d, b, name=d["unit"]["id"]) for d in gen.units(20, 30, seed=4)]
    assert scoring.to_json(scoring.score_many(b, sets, executor=ex)) == scoring.to_json(scoring.score_many(b, sets))
