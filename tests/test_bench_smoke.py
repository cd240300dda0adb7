"""The benchmarks run from the README's venv with one command each (issue #9): each one, on a tiny batch, runs to
the end, and its own check (engine and yardstick agree, parallel runs equal the serial one) holds. Times are
printed, never asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("script, args, says", [
    ("bench_engine.py", ["--units", "4", "--records", "24", "--rounds", "1"], "engine == yardstick on every unit"),
    ("bench_folders.py", ["--units", "3", "--records", "24", "--rounds", "1"], "totals equal"),
    ("bench_workers.py", ["--units", "3", "--records", "16", "--workers", "2", "--no-dask"], "2 worker processes"),
])
def test_a_benchmark_runs_and_checks_itself(script: str, args: list[str], says: str) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert says in done.stdout
