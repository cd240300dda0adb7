"""Run the command line in-process (typer's CliRunner) with a fixed, Chinese, colourless environment."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scoring.cli import app

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules" / "2023" / "x-county-fulian.yaml"
EVIDENCE = ROOT / "evidence" / "2023"
UNITS = ("w-xiang", "x-xiang", "y-zhen", "z-zhen")


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes


def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "FORCE_COLOR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):
    """``run("rank", RULES, EVIDENCE)`` → exit code, stdout, stderr. Paths are given relative to the repo."""
    _env(monkeypatch)
    monkeypatch.chdir(ROOT)

    def _run(*args: object, env: dict[str, str] | None = None) -> Run:
        for k, v in (env or {}).items():
            monkeypatch.setenv(k, v)
        argv = [str(a.relative_to(ROOT)) if isinstance(a, Path) and a.is_relative_to(ROOT) else str(a)
                for a in args]
        r = CliRunner().invoke(app, argv, catch_exceptions=False)
        return Run(r.exit_code, r.stdout, r.stderr, r.stdout_bytes)

    return _run


@pytest.fixture
def root_copy(tmp_path: Path) -> Path:
    """A copy of evidence/2023 to break things in."""
    dest = tmp_path / "2023"
    shutil.copytree(EVIDENCE, dest)
    return dest
