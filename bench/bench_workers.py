"""One worker process against N, and a dask LocalCluster: ``score_folder`` on the province batch.

    .venv/bin/python bench/bench_workers.py                  # 2,000 unit folders × 200 records
    .venv/bin/python bench/bench_workers.py --units 400 --no-dask

The batch is written once as unit folders (unit.json + records.json) in a temporary directory; then
``score_folder`` reads, checks and scores them: in this process, on a process pool of 1 and of N workers
(``jobs=``), and on a dask LocalCluster of N single-threaded worker processes (``executor=client.get_executor()``).
Wall time includes starting each pool or cluster. Every run's JSON must equal the serial run's.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import scoring  # noqa: E402
from bench import batch  # noqa: E402


def write_folders(root: Path, units: int, records: int) -> None:
    for d in batch.units(units, records):
        f = root / d["unit"]["id"]
        f.mkdir(parents=True)
        (f / "unit.json").write_text(json.dumps(d["unit"], ensure_ascii=False), encoding="utf-8")
        (f / "records.json").write_text(json.dumps(d["records"], ensure_ascii=False), encoding="utf-8")


def timed(fn: Any) -> tuple[float, str]:
    t0 = time.perf_counter()
    out = fn()
    t = time.perf_counter() - t0
    return t, scoring.to_json(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=2000)
    ap.add_argument("--records", type=int, default=200)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()
    book = scoring.load_rulebook(batch.RULES)
    with tempfile.TemporaryDirectory(prefix="bench-workers-") as tmp:
        root = Path(tmp)
        write_folders(root, args.units, args.records)
        print(f"{args.units} unit folders × {args.records} records, {os.cpu_count()} cores")
        t_serial, ref = timed(lambda: scoring.score_folder(book, root))
        print(f"in this process      {t_serial:8.2f} s")
        t_one, out = timed(lambda: on_pool(book, root, 1))
        assert out == ref, "1 worker differs from serial"
        print(f"1 worker process     {t_one:8.2f} s")
        t_n, out = timed(lambda: on_pool(book, root, args.workers))
        assert out == ref, "N workers differ from serial"
        print(f"{args.workers} worker processes   {t_n:8.2f} s   {t_one / t_n:.2f}× one worker")
        if not args.no_dask:
            from distributed import Client, LocalCluster

            t0 = time.perf_counter()
            with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,  # type: ignore[no-untyped-call]
                              host="127.0.0.1", dashboard_address="127.0.0.1:0") as cluster, \
                    Client(cluster) as client:  # type: ignore[no-untyped-call]
                t_start = time.perf_counter() - t0
                t_dask, out = timed(lambda: scoring.score_folder(book, root, executor=client.get_executor()))
            assert out == ref, "dask differs from serial"
            print(f"dask, {args.workers} workers      {t_dask:8.2f} s   (+{t_start:.1f} s to start the cluster)   "
                  f"{t_dask / t_n:.2f}× the process pool")


def on_pool(book: scoring.Rulebook, root: Path, n: int) -> scoring.BatchResult:
    """``score_folder`` on a fresh pool of ``n`` processes (its start-up and shut-down are timed too)."""
    from scoring.engine import default_executor

    with default_executor(n) as pool:
        return scoring.score_folder(book, root, executor=pool)


if __name__ == "__main__":
    main()
