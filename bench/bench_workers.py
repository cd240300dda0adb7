"""One worker process against N: the province batch split over a process pool.

    .venv/bin/python bench/bench_workers.py               # 2,000 units × 200 records, 1 and 2 workers
    .venv/bin/python bench/bench_workers.py --workers 4

Each worker loads the rulebook once (pool initializer), then makes, checks and scores the units of
its chunks and sends back only the totals. Wall time includes starting the pool. The same work in
the parent process, with no pool, is the serial reference.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import scoring  # noqa: E402
from bench import batch  # noqa: E402

_BOOK: scoring.Rulebook | None = None


def _init() -> None:
    global _BOOK
    _BOOK = scoring.load_rulebook(batch.RULES)


def _chunk(start: int, n: int, records: int) -> list[tuple[str, Decimal]]:
    if _BOOK is None:
        _init()
    assert _BOOK is not None
    out = []
    for d in batch.units(n, records, start=start):
        r = scoring.score(_BOOK, scoring.evidence_from_dict(d, _BOOK, name=d["unit"]["id"]))
        out.append((r.unit.id, r.total))
    return out


def run(workers: int, units: int, records: int, chunk: int) -> tuple[float, list[tuple[str, Decimal]]]:
    t0 = time.perf_counter()
    starts = range(0, units, chunk)
    if workers == 0:
        _init()
        out = [x for s in starts for x in _chunk(s, min(chunk, units - s), records)]
    else:
        with ProcessPoolExecutor(workers, initializer=_init) as pool:
            parts = pool.map(_chunk, starts, [min(chunk, units - s) for s in starts], [records] * len(starts))
            out = [x for p in parts for x in p]
    return time.perf_counter() - t0, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=2000)
    ap.add_argument("--records", type=int, default=200)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--chunk", type=int, default=50)
    args = ap.parse_args()
    t_serial, ref = run(0, args.units, args.records, args.chunk)
    t_one, one = run(1, args.units, args.records, args.chunk)
    t_n, many = run(args.workers, args.units, args.records, args.chunk)
    assert ref == one == many, "parallel totals differ from serial"
    print(f"{args.units} units × {args.records} records, chunks of {args.chunk}")
    print(f"serial (no pool)   {t_serial:7.2f} s")
    print(f"1 worker           {t_one:7.2f} s")
    print(f"{args.workers} workers          {t_n:7.2f} s   speed-up over 1 worker: {t_one / t_n:.2f}×")


if __name__ == "__main__":
    main()
