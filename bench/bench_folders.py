"""End to end from unit folders: what a province run of ``rank`` / ``score_folder`` does, against the yardstick.

    .venv/bin/python bench/bench_folders.py                 # 500 unit folders × 200 records, 3 interleaved rounds
    .venv/bin/python bench/bench_folders.py --units 100

The province batch (``bench/batch.py``) is written once as unit folders (``unit.json`` + ``records.json``, as
another system would export them). Each round times, interleaved, in this process:

* the yardstick: ``json.load`` both files of every folder, check and score by hand (``bench/yardstick.py``),
  keep the total;
* the engine: ``scoring.engine.scored`` over the folders (read with a position for every value, checked,
  scored with the full ledger), keep the total.

Totals are asserted equal first. The best round of each is reported, wall and CPU, with the ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import scoring  # noqa: E402
from bench import batch, yardstick  # noqa: E402
from bench.bench_workers import write_folders  # noqa: E402
from scoring.engine import scored  # noqa: E402


def yard(folders: list[Path]) -> list[Any]:
    out = []
    for f in folders:
        unit = json.loads((f / "unit.json").read_text(encoding="utf-8"))
        records = json.loads((f / "records.json").read_text(encoding="utf-8"))
        out.append(yardstick.score_raw({"unit": unit, "records": records})["total"])
    return out


def engine(book: scoring.Rulebook, folders: list[Path]) -> list[Any]:
    return [r.total for _, r in scored(book, folders, isolate=False) if isinstance(r, scoring.ScoreResult)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=500)
    ap.add_argument("--records", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    book = scoring.load_rulebook(batch.RULES)
    with tempfile.TemporaryDirectory(prefix="bench-folders-") as tmp:
        root = Path(tmp)
        write_folders(root, args.units, args.records)
        folders = sorted(p for p in root.iterdir() if p.is_dir())
        assert yard(folders) == engine(book, folders), "engine and yardstick totals differ"
        print(f"{len(folders)} unit folders × {args.records} records (unit.json + records.json); totals equal")
        best: dict[str, tuple[float, float]] = {}
        for _ in range(args.rounds):
            for name in ("yardstick", "engine"):
                w, c = time.perf_counter(), time.process_time()
                if name == "yardstick":
                    yard(folders)
                else:
                    engine(book, folders)
                w, c = time.perf_counter() - w, time.process_time() - c
                if name not in best or w < best[name][0]:
                    best[name] = (w, c)
    (yw, yc), (ew, ec) = best["yardstick"], best["engine"]
    per = len(folders)
    print(f"\n{'best of ' + str(args.rounds):<14}{'wall s':>9}{'CPU s':>9}{'ms/unit':>9}")
    for name, (w, c) in best.items():
        print(f"{name:<14}{w:9.2f}{c:9.2f}{w / per * 1000:9.2f}")
    print(f"\nengine / yardstick, folders end to end: {ew / yw:.2f}× wall, {ec / yc:.2f}× CPU")


if __name__ == "__main__":
    main()
