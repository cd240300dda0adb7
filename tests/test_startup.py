"""What ``import scoring`` loads: not the command line, not the web stack, not the cluster engine, not a pool."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HEAVY = ("rich", "typer", "fastapi", "jinja2", "uvicorn", "dask", "distributed", "concurrent.futures.process",
         "multiprocessing")


def test_import_scoring_loads_none_of_the_heavy_parts() -> None:
    code = ("import scoring, sys; heavy = " + repr(HEAVY)
            + "; print(sorted(m for m in heavy if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_scoring_a_batch_loads_no_pool_until_asked() -> None:
    code = (f"import scoring, sys; b = scoring.load_rulebook({str(ROOT / 'rules/2023/x-county-fulian.yaml')!r}); "
            f"scoring.score_folder(b, {str(ROOT / 'evidence/2023')!r}); "
            "print('multiprocessing' in sys.modules, 'dask' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
