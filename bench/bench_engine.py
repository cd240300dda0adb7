"""Engine benchmark: the province batch, engine against the hand-written yardstick, in one process.

    .venv/bin/python bench/bench_engine.py                # 2,000 units × 200 records, 3 interleaved rounds
    .venv/bin/python bench/bench_engine.py --units 200    # a quicker run

The batch (``bench/batch.py``) is generated once, as raw values. Each round times, interleaved:

* the yardstick (``bench/yardstick.py``): check the raw values and score every unit by hand;
* the engine: ``evidence_from_dict`` for every unit (checking), then ``score_many`` (scoring + ranking);
* both end to end as a stream: each unit checked and scored in turn, only its total kept
  (the engine through ``scoring.engine.scored``, the batch machinery ``score_folder`` uses).

Before timing, every unit's engine result is asserted equal to the yardstick's (every node's points, every
ledger entry's kind, points as exact text, sentence, values, evidence, hint and branch; exclusions,
vetoes, totals, grade). The best round of each is reported, with the ratios engine / yardstick, and the
share of each engine phase spent in the cyclic garbage collector. Results go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import scoring  # noqa: E402
from bench import batch, yardstick  # noqa: E402
from scoring.engine import scored  # noqa: E402


class GcClock:
    """Wall time spent inside the cyclic collector (via ``gc.callbacks``)."""

    def __init__(self) -> None:
        self.total = 0.0
        self._t = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._t = time.perf_counter()
        else:
            self.total += time.perf_counter() - self._t

    def __enter__(self) -> GcClock:
        self.total = 0.0
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


CPU: dict[str, float] = {}
"""Per benchmark row, the best CPU time of this process (``time.process_time``): on a shared machine other
processes stretch wall time, much less the CPU time a computation needs, so both are reported."""


def timed(fn: Callable[..., Any], *args: Any, name: str = "") -> tuple[float, float, Any]:
    """(seconds, seconds in the collector, result) of ``fn(*args)``; its CPU time is kept in ``CPU[name]``."""
    gc.collect()
    with GcClock() as clock:
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn(*args)
        t, c = time.perf_counter() - t0, time.process_time() - c0
    if name and (name not in CPU or c < CPU[name]):
        CPU[name] = c
    return t, clock.total, out


def assert_equal(book: scoring.Rulebook, raw: list[dict[str, Any]]) -> int:
    """Every unit: engine == yardstick. Returns the number of ledger entries compared."""
    sets = [scoring.evidence_from_dict(d, book, name=d["unit"]["id"]) for d in raw]
    res = scoring.score_many(book, sets)
    entries = 0
    for d, r in zip(raw, res.results, strict=True):
        mine = yardstick.exact(yardstick.score_raw(d))
        theirs = yardstick.exact(yardstick.project(r))
        if mine != theirs:
            raise SystemExit(f"engine and yardstick differ on unit {d['unit']['id']}")
        entries += sum(len(n.ledger) for n in r.items) + len(r.ledger)
    return entries


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=2000)
    ap.add_argument("--records", type=int, default=200)
    ap.add_argument("--seed", type=int, default=2023)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    t0 = time.perf_counter()
    book = scoring.load_rulebook(batch.RULES)
    t_load = time.perf_counter() - t0
    raw = list(batch.units(args.units, args.records, args.seed))
    n_records = sum(len(rs) for d in raw for rs in d["records"].values())

    entries = assert_equal(book, raw)
    print(f"units: {len(raw)}   records: {n_records}   ledger entries: {entries}   "
          f"engine == yardstick on every unit")
    print(f"load + compile rulebook: {t_load * 1000:.0f} ms")

    best: dict[str, tuple[float, float]] = {}

    def keep(name: str, t: float, g: float) -> None:
        if name not in best or t < best[name][0]:
            best[name] = (t, g)

    def y_check(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [yardstick.check(d) for d in raw]

    def y_score(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [yardstick.score(u) for u in units]

    def e_check(raw: list[dict[str, Any]]) -> list[scoring.EvidenceSet]:
        return [scoring.evidence_from_dict(d, book, name=d["unit"]["id"]) for d in raw]

    def e_stream(raw: list[dict[str, Any]]) -> list[Any]:
        # end to end as a stream: check and score unit by unit, keep each result's total
        sets = (scoring.evidence_from_dict(d, book, name=d["unit"]["id"]) for d in raw)
        return [r.total for _, r in scored(book, sets, isolate=False) if isinstance(r, scoring.ScoreResult)]

    def y_stream(raw: list[dict[str, Any]]) -> list[Any]:
        return [yardstick.score_raw(d)["total"] for d in raw]

    from scoring import collector

    for _ in range(args.rounds):
        t, g, _ = timed(y_stream, raw, name="yardstick stream")
        keep("yardstick stream", t, g)
        t, g, _ = timed(e_stream, raw, name="engine stream")
        keep("engine stream", t, g)
        collector.MANAGE_GC = False  # the same, with the collector left as Python sets it
        t, g, _ = timed(e_stream, raw, name="engine stream, GC as is")
        keep("engine stream, GC as is", t, g)
        collector.MANAGE_GC = True
        t, g, checked = timed(y_check, raw, name="yardstick check")
        keep("yardstick check", t, g)
        t, g, _ = timed(y_score, checked, name="yardstick score")
        keep("yardstick score", t, g)
        checked = _ = None
        t, g, sets = timed(e_check, raw, name="engine check")
        keep("engine check", t, g)
        t, g, _ = timed(scoring.score_many, book, sets, name="engine score")
        keep("engine score", t, g)
        sets = _ = None

    print(f"\n{'best of ' + str(args.rounds):<26}{'seconds':>9}{'in GC':>8}{'µs/record':>11}{'CPU s':>8}")
    for name, (t, g) in best.items():
        print(f"{name:<26}{t:9.2f}{g / t:8.0%}{t / n_records * 1e6:11.2f}{CPU[name]:8.2f}")
    yc, ys = best["yardstick check"][0], best["yardstick score"][0]
    ec, es = best["engine check"][0], best["engine score"][0]
    print(f"\nengine / yardstick   checking: {ec / yc:5.2f}×   scoring: {es / ys:5.2f}×   "
          f"end to end: {(ec + es) / (yc + ys):5.2f}×   "
          f"end to end, streamed: {best['engine stream'][0] / best['yardstick stream'][0]:5.2f}×")
    c = CPU
    print(f"in CPU time          checking: {c['engine check'] / c['yardstick check']:5.2f}×   "
          f"scoring: {c['engine score'] / c['yardstick score']:5.2f}×   "
          f"end to end: {(c['engine check'] + c['engine score']) / (c['yardstick check'] + c['yardstick score']):5.2f}×   "
          f"end to end, streamed: {c['engine stream'] / c['yardstick stream']:5.2f}×")
    print(f"managing the collector: streamed end to end takes "
          f"{best['engine stream'][0] / best['engine stream, GC as is'][0]:.2f}× the time with it left as is")


if __name__ == "__main__":
    main()
