"""Peak memory per phase: each phase runs in a fresh process, which reports its own peak RSS.

    .venv/bin/python bench/bench_memory.py                   # 2,000 units × 200 records
    .venv/bin/python bench/bench_memory.py --units 4000      # does it grow with the number of units?

Phases (the batch is generated one unit at a time, so the raw values are never all held):

* ``start``: the interpreter, ``import scoring`` and the compiled rulebook — the floor under every phase;
* ``check``: every unit's evidence checked and held (what ``score_many`` is given);
* ``score_many``: the same, then ``score_many`` (results and leaderboard held);
* ``stream``: ``scoring.engine.scored`` over the units as they are made (check, score, keep the total) —
  the machinery ``score_folder`` and ``rank -f json -o`` stream through;
* ``yardstick``: the hand-written scorer, one unit at a time, keeping only the totals.

    .venv/bin/python bench/bench_memory.py --units 20000 --phases start,stream   # unchanged at 20,000 units?
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PHASES = ("start", "check", "score_many", "stream", "yardstick")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_phase(phase: str, units: int, records: int) -> dict[str, Any]:
    import scoring
    from bench import batch, yardstick

    book = scoring.load_rulebook(batch.RULES)
    out: dict[str, Any] = {"phase": phase}
    gen = batch.units(units, records)
    if phase == "check":
        sets = [scoring.evidence_from_dict(d, book, name=d["unit"]["id"]) for d in gen]
        out["held"] = len(sets)
    elif phase == "score_many":
        res = scoring.score_many(book, [scoring.evidence_from_dict(d, book, name=d["unit"]["id"]) for d in gen])
        out["held"] = len(res.results)
    elif phase == "stream":
        from scoring.engine import scored

        stream = (scoring.evidence_from_dict(d, book, name=d["unit"]["id"]) for d in gen)
        totals = [r.total for _, r in scored(book, stream) if isinstance(r, scoring.ScoreResult)]
        out["held"] = len(totals)
    elif phase == "yardstick":
        totals = [yardstick.score_raw(d)["total"] for d in gen]
        out["held"] = len(totals)
    out["peak_mb"] = _peak_mb()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=2000)
    ap.add_argument("--records", type=int, default=200)
    ap.add_argument("--phases", default=",".join(PHASES), help="comma-separated, from: " + ", ".join(PHASES))
    ap.add_argument("--phase", help=argparse.SUPPRESS)  # internal: run one phase in this process
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(run_phase(args.phase, args.units, args.records)))
        return
    print(f"{args.units} units × {args.records} records; peak RSS of a fresh process per phase")
    base = None
    for phase in args.phases.split(","):
        proc = subprocess.run([sys.executable, __file__, "--units", str(args.units), "--records", str(args.records),
                               "--phase", phase], capture_output=True, text=True, check=True)
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        base = r["peak_mb"] if base is None else base
        print(f"{phase:<12}{r['peak_mb']:9.0f} MB   (+{r['peak_mb'] - base:.0f} MB over start)", flush=True)


if __name__ == "__main__":
    main()
