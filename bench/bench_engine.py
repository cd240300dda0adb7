"""Engine benchmark: a province-sized batch scored against the bundled 2023 rubric.

    python3 bench/bench_engine.py                 # 2,000 units × 200 records each
    python3 bench/bench_engine.py --units 200     # a quicker run

Generates the evidence in memory (deterministic, seeded), then measures separately:
checking the evidence (raw dicts → typed records), scoring every unit together
(``score_many``: ranking included), and the peak memory of the whole run.
Results go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import scoring  # noqa: E402

RULES = ROOT / "rules" / "2023" / "x-county-fulian.yaml"


def make_unit(book: scoring.Rulebook, i: int, n_records: int, rng: random.Random) -> dict[str, Any]:
    types = list(book.evidence)
    records: dict[str, list[dict[str, Any]]] = {t: [] for t in types}
    start = dt.date(2022, 11, 1)
    for j in range(n_records):
        t = types[j % len(types)]
        rec: dict[str, Any] = {"id": f"u{i}-{j}"}
        for name, f in book.evidence[t].fields.items():
            if f.type == "date":
                rec[name] = (start + dt.timedelta(days=rng.randrange(450))).isoformat()
            elif f.type == "enum":
                rec[name] = rng.choice(f.values or [""])
            elif f.type == "bool":
                rec[name] = rng.random() < 0.8
            elif f.type == "int":
                rec[name] = rng.randrange(0, 50)
            else:
                rec[name] = f"记录{j}"
        if t == "incident" and rng.random() < 0.97:
            rec["kind"] = "舆情事件"  # keep vetoes rare, as in life
        records[t].append(rec)
    households = rng.randrange(500, 5000)
    return {"unit": {"id": f"u{i:04d}", "name": f"单位{i}", "type": rng.choice(["乡", "镇"]),
                     "facts": {"households": households, "households_visited": rng.randrange(0, households + 1)},
                     "claims": {}},
            "records": records}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=2000)
    ap.add_argument("--records", type=int, default=200)
    ap.add_argument("--seed", type=int, default=2023)
    args = ap.parse_args()

    t0 = time.perf_counter()
    book = scoring.load_rulebook(RULES)
    t_load = time.perf_counter() - t0

    rng = random.Random(args.seed)
    raw = [make_unit(book, i, args.records, rng) for i in range(args.units)]

    gc.collect()
    t0 = time.perf_counter()
    sets = [scoring.evidence_from_dict(d, book, name=d["unit"]["id"]) for d in raw]
    t_check = time.perf_counter() - t0
    del raw

    t0 = time.perf_counter()
    batch = scoring.score_many(book, sets)
    t_score = time.perf_counter() - t0

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(batch.results)
    records = sum(len(s.records) for s in sets)
    entries = sum(len(x.ledger) for r in batch.results for x in r.items)
    print(f"units: {n}   records: {records}   ledger entries: {entries}")
    print(f"load + compile rulebook : {t_load * 1000:8.1f} ms")
    print(f"check evidence          : {t_check:8.2f} s   ({n / t_check:8.0f} units/s, "
          f"{t_check / records * 1e6:6.1f} µs/record)")
    print(f"score (score_many)      : {t_score:8.2f} s   ({n / t_score:8.0f} units/s, "
          f"{t_score / n * 1000:6.2f} ms/unit)")
    print(f"peak memory (max RSS)   : {peak_mb:8.0f} MB")
    top = batch.leaderboard[0]
    print(f"check: winner {top.unit_id} {top.total}; totals sum {sum(r.total for r in batch.results)}")


if __name__ == "__main__":
    main()
