"""Workbench load benchmark: scoring one unit over HTTP, on the loopback interface only.

    python3 bench/bench_serve.py                    # 400 requests per case, at most 60 s per case
    python3 bench/bench_serve.py --requests 100     # a quicker run

Starts ``scoring serve`` on 127.0.0.1 and a free port over a copy of the bundled workspace, then sends a
bounded number of requests one after another on one kept-alive connection (stdlib ``http.client``), for two
cases: ``GET …/units/y-zhen/score`` (the unit read from the workspace; cached while its files are unchanged)
and ``POST …/score`` with the unit's evidence as JSON (read and checked on every request). It reports
requests per second and the p50/p99 latency, and as the yardstick the same work done in-process by hand
(``evidence_from_dict`` + ``score`` + ``to_json``), so the ratio shows what HTTP and the web stack add.
Stops the server at the end, whatever happens. Results go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import scoring  # noqa: E402

BOOK = "x-county-fulian"


def unit_json(book: scoring.Rulebook, folder: Path) -> dict[str, Any]:
    """The unit's evidence as the API takes it (the ``evidence_from_dict`` shape)."""
    ev = scoring.load_evidence(folder, book)
    from scoring.values import cell_text

    records: dict[str, list[dict[str, Any]]] = {}
    for r in ev.records:
        row = {k: cell_text(v) for k, v in r.values.items() if v is not None}
        records.setdefault(r.type, []).append({"id": r.id, **row})
    claims = {k: str(c.points) for k, c in ev.unit.claims.items()}
    facts = {k: str(v) for k, v in ev.unit.facts.items()}
    return {"unit": {"id": ev.unit.id, "name": ev.unit.name, "type": ev.unit.type, "facts": facts, "claims": claims},
            "records": records}


def timed(n: int, limit: float, call: Callable[[], None]) -> list[float]:
    out: list[float] = []
    stop = time.perf_counter() + limit
    for _ in range(n):
        t = time.perf_counter()
        call()
        out.append(time.perf_counter() - t)
        if time.perf_counter() > stop:
            break
    return out


def summary(name: str, times: list[float]) -> dict[str, Any]:
    qs = statistics.quantiles(times, n=100, method="inclusive")
    return {"case": name, "n": len(times), "rps": len(times) / sum(times), "p50_ms": qs[49] * 1000,
            "p99_ms": qs[98] * 1000}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--seconds", type=float, default=60.0, help="at most this long per case")
    args = ap.parse_args()
    book = scoring.load_rulebook(ROOT / "rules/2023" / f"{BOOK}.yaml")
    body = unit_json(book, ROOT / "evidence/2023/y-zhen")
    payload = json.dumps(body, ensure_ascii=False).encode("utf-8")

    def by_hand() -> None:
        scoring.to_json(scoring.score(book, scoring.evidence_from_dict(body, book, name="body")))

    with tempfile.TemporaryDirectory() as d:
        ws = Path(d)
        shutil.copytree(ROOT / "rules", ws / "rules")
        shutil.copytree(ROOT / "evidence", ws / "evidence")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        proc = subprocess.Popen([sys.executable, "-m", "scoring", "serve", str(ws), "--port", str(port)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit("scoring serve did not start") from None
                    time.sleep(0.2)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            base = f"/api/v1/rulebooks/2023/{BOOK}"

            def get() -> None:
                conn.request("GET", f"{base}/units/y-zhen/score")
                r = conn.getresponse()
                r.read()
                assert r.status == 200

            def post() -> None:
                conn.request("POST", f"{base}/score", body=payload, headers={"content-type": "application/json"})
                r = conn.getresponse()
                r.read()
                assert r.status == 200, r.status

            for call in (get, post, by_hand):  # warm up: compile, caches, connection
                for _ in range(5):
                    call()
            rows = [summary("GET unit from the workspace", timed(args.requests, args.seconds, get)),
                    summary("POST unit as JSON", timed(args.requests, args.seconds, post)),
                    summary("yardstick: the same in-process (JSON evidence)", timed(args.requests, args.seconds,
                                                                                  by_hand))]
            conn.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    hand = rows[2]["p50_ms"]
    print(f"{'case':<50} {'n':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'p50 / yardstick':>16}")
    for r in rows:
        print(f"{r['case']:<50} {r['n']:>5} {r['rps']:>8.1f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} "
              f"{r['p50_ms'] / hand:>16.2f}")


if __name__ == "__main__":
    main()
