"""The same input gives the same bytes across processes: different hash seeds, time zones, working directories
and locales (a test within one process shares all four, so it cannot see such a dependence)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from .conftest import EVIDENCE, ROOT, RULES

_SCRIPT = textwrap.dedent("""
    import json, sys
    from scoring.cli import app
    for argv in json.loads(sys.argv[1]):
        try:
            app(argv, prog_name="scoring", standalone_mode=False)
        except SystemExit as e:
            assert not e.code, (argv, e.code)
""")

COMMANDS = {
    "score.json": ["score", str(RULES), str(EVIDENCE / "y-zhen"), "-f", "json"],
    "rank.json": ["rank", str(RULES), str(EVIDENCE), "-f", "json"],
    "rank.csv": ["rank", str(RULES), str(EVIDENCE), "-f", "csv"],
    "rank.md": ["rank", str(RULES), str(EVIDENCE), "-f", "markdown"],
    "rank.xlsx": ["rank", str(RULES), str(EVIDENCE), "-f", "xlsx"],
    "check.json": ["check", str(RULES), "-f", "json"],
}
ENVIRONMENTS = [
    {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C.UTF-8", "cwd": "root"},
    {"PYTHONHASHSEED": "12345", "TZ": "Asia/Shanghai", "LC_ALL": "POSIX", "cwd": "tmp"},
    {"PYTHONHASHSEED": "random", "TZ": "America/Los_Angeles", "LANG": "zh_CN.UTF-8", "cwd": "evidence"},
]


def _run_all(env_spec: dict[str, str], out: Path, tmp: Path) -> dict[str, bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LANG", "LC_MESSAGES", "TZ", "PYTHONHASHSEED")}
    env |= {k: v for k, v in env_spec.items() if k != "cwd"}
    env["PYTHONPATH"] = str(ROOT)
    cwd = {"root": ROOT, "tmp": tmp, "evidence": EVIDENCE / "x-xiang"}[env_spec["cwd"]]
    batch = [[*argv, "-o", str(out / name)] for name, argv in COMMANDS.items()]
    subprocess.run([sys.executable, "-c", _SCRIPT, json.dumps(batch)], cwd=cwd, env=env, check=True,
                   capture_output=True, timeout=300)
    return {name: (out / name).read_bytes() for name in COMMANDS}


def test_outputs_are_identical_across_processes_and_environments(tmp_path: Path) -> None:
    runs = []
    for i, spec in enumerate(ENVIRONMENTS):
        out = tmp_path / f"out{i}"
        out.mkdir()
        runs.append(_run_all(spec, out, tmp_path))
    first = runs[0]
    assert all(first[name] for name in COMMANDS)
    for other in runs[1:]:
        for name in COMMANDS:
            assert other[name] == first[name], name
