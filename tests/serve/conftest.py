"""A workspace to serve (a copy of the repository's rules/ and evidence/), and clients over it.

``client``: one app per test module (the rulebook compiled once), with the evidence restored from the
repository and a fresh audit log before each test, and the reviewer 张三 signed in. ``ro_client``: for tests
that only read.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import scoring
from scoring.serve import Limits, create_app
from scoring.serve._audit import AuditLog

ROOT = Path(__file__).resolve().parents[2]
BOOK = "x-county-fulian"
REVIEWER = "%E5%BC%A0%E4%B8%89"  # 张三, as the session form stores it


@functools.cache
def book2023() -> scoring.Rulebook:
    """The 2023 rulebook, compiled once for the tests' own scoring (where it is read from does not matter)."""
    return scoring.load_rulebook(ROOT / "rules/2023" / f"{BOOK}.yaml")


def _copy(dest: Path) -> Path:
    dest.mkdir()
    shutil.copytree(ROOT / "rules", dest / "rules")
    shutil.copytree(ROOT / "evidence", dest / "evidence")
    return dest


@pytest.fixture(scope="module")
def _served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, TestClient]]:
    ws = _copy(tmp_path_factory.mktemp("rw") / "ws")
    with TestClient(create_app(ws, limits=Limits(max_body=2 * 1024 * 1024, max_files=3))) as c:
        yield ws, c


@pytest.fixture
def workspace(_served: tuple[Path, TestClient]) -> Path:
    return _served[0]


@pytest.fixture
def client(_served: tuple[Path, TestClient], tmp_path: Path) -> TestClient:
    ws, c = _served
    _restore(ws / "evidence", ROOT / "evidence")
    for extra in (ws / "rules").rglob("*"):
        if extra.is_file() and not (ROOT / extra.relative_to(ws)).exists():
            extra.unlink()
    c.app.state.audit = AuditLog(tmp_path / "audit.sqlite")  # type: ignore[attr-defined]
    c.cookies.clear()
    c.cookies.set("reviewer", REVIEWER)
    return c


def _same(a: Path, b: Path) -> bool:
    files = sorted(p.relative_to(a) for p in a.rglob("*"))
    return files == sorted(p.relative_to(b) for p in b.rglob("*")) and all(
        (a / f).is_dir() or (a / f).read_bytes() == (b / f).read_bytes() for f in files)


def _restore(evidence: Path, original: Path) -> None:
    """Put back the unit folders a test changed (the others keep their files, and the workbench its cache)."""
    for folder in list(evidence.glob("*/*")):
        if not (original / folder.relative_to(evidence)).is_dir():
            shutil.rmtree(folder)
    for folder in original.glob("*/*"):
        mine = evidence / folder.relative_to(original)
        if not (mine.is_dir() and _same(mine, folder)):
            shutil.rmtree(mine, ignore_errors=True)
            shutil.copytree(folder, mine)


@pytest.fixture(scope="module")
def ro_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy(tmp_path_factory.mktemp("ro") / "ws")


@pytest.fixture(scope="module")
def ro_client(ro_workspace: Path) -> Iterator[TestClient]:
    with TestClient(create_app(ro_workspace)) as c:
        yield c


def audit(c: TestClient) -> AuditLog:
    """The audit log of the app behind a client."""
    log: AuditLog = c.app.state.audit  # type: ignore[attr-defined]
    return log
