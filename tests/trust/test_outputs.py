"""Outputs cannot harm inputs: -o refuses inputs and evidence folders; the atomic write survives failing and
killed writers, keeps permissions and follows links as documented (scoring/_io.py)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import scoring
from scoring.files import TMP_SUFFIX, write_atomic

from .conftest import ROOT, RULES


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mode, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def inputs(tmp_path: Path, root_copy: Path) -> tuple[Path, Path]:
    book = tmp_path / "rules.yaml"
    book.write_bytes(RULES.read_bytes())
    return book, root_copy


@pytest.mark.parametrize(("command", "target", "code"), [
    ("score", "book", "output.is-input"),
    ("score", "unit.yaml", "output.inside-evidence"),
    ("score", "new.json", "output.inside-evidence"),
    ("rank", "book", "output.is-input"),
    ("rank", "new.json", "output.inside-evidence"),
    ("check", "book", "output.is-input"),
    ("template", "book", "output.is-input"),
    ("explain", "unit.yaml", "output.inside-evidence"),
])
def test_o_refuses_inputs_and_evidence_folders(run, inputs: tuple[Path, Path], command: str, target: str,
                                               code: str) -> None:
    book, root = inputs
    unit = root / "x-xiang"
    out = book if target == "book" else unit / target
    table: dict[str, list[object]] = {"score": [book, unit], "rank": [book, root], "check": [book], "template": [book],
            "explain": [book, unit, "visits"]}
    args = table[command]
    before = _snapshot(book.parent)
    extra = ["-f", "json"] if command != "template" else []
    r = run(command, *args, "-o", out, *extra)
    assert r.exit_code == 1
    if extra:
        import json

        [e] = json.loads(r.stdout)["errors"]
        assert (e["code"], e["file"]) == (code, str(out))
    else:
        assert str(out) in r.stderr and "不能覆盖" in r.stderr
    assert _snapshot(book.parent) == before  # nothing changed, nothing created


def test_o_through_a_link_to_an_input_is_refused(run, inputs: tuple[Path, Path]) -> None:
    book, root = inputs
    link = book.parent / "result.json"
    link.symlink_to(book)
    r = run("score", book, root / "x-xiang", "-o", link)
    assert r.exit_code == 1 and "就是输入文件" in r.stderr
    assert book.read_bytes() == RULES.read_bytes() and link.is_symlink()


def test_new_year_never_overwrites_last_years_file(tmp_path: Path) -> None:
    from scoring.cycle import new_year

    src = tmp_path / "x-2023.yaml"
    src.write_bytes(RULES.read_bytes())
    with pytest.raises(scoring.ScoringError) as info:
        new_year(src, 2024, src, force=True)
    assert info.value.code == "output.is-input" and src.read_bytes() == RULES.read_bytes()


def test_permissions_are_kept_and_new_files_follow_the_umask(tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    out.write_text("old")
    out.chmod(0o640)
    write_atomic(out, "new")
    assert (out.read_text(), stat.S_IMODE(out.stat().st_mode)) == ("new", 0o640)
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "b.json", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "b.json").stat().st_mode) == 0o640


def test_a_link_at_the_output_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    dangling = tmp_path / "gone.json"
    dangling.symlink_to(tmp_path / "nowhere" / "x.json")
    with pytest.raises(scoring.ScoringError) as info:
        write_atomic(dangling, "x")
    assert info.value.code == "output.dangling-link"
    assert not (tmp_path / "nowhere").exists()


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "a.json"
    out.write_text("old")

    def broken(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError):
        write_atomic(out, "new" * 1000)
    assert out.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


_WRITER = """
import os, sys, time
import scoring.files as io
def stall(fd):  # the data is written; the writer now hangs before the rename
    open(sys.argv[2], "w").close()
    time.sleep(60)
os.fsync = stall
io.write_atomic(sys.argv[1], "new" * 100000)
"""


def _start_writer(tmp_path: Path, out: Path) -> subprocess.Popen[bytes]:
    ready = tmp_path / "ready"
    p = subprocess.Popen([sys.executable, "-c", textwrap.dedent(_WRITER), str(out), str(ready)], cwd=ROOT)
    for _ in range(600):  # a guard, not a timing assertion: the writer signals when it is inside the write
        if ready.exists():
            return p
        time.sleep(0.05)
    p.kill()
    raise AssertionError("the writer never reached the write")


def _temps(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(TMP_SUFFIX)]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_terminated_writer_removes_its_temporary(tmp_path: Path, sig: signal.Signals) -> None:
    out = tmp_path / "out" / "a.json"
    out.parent.mkdir()
    out.write_text("old")
    p = _start_writer(tmp_path, out)
    assert len(_temps(out.parent)) == 1
    p.send_signal(sig)
    assert p.wait(timeout=60) != 0
    assert out.read_text() == "old" and _temps(out.parent) == []


def test_a_killed_writers_temporary_is_removed_by_the_next_write(tmp_path: Path) -> None:
    out = tmp_path / "out" / "a.json"
    out.parent.mkdir()
    out.write_text("old")
    p = _start_writer(tmp_path, out)
    p.kill()
    p.wait(timeout=60)
    [left] = _temps(out.parent)
    assert out.read_text() == "old"
    write_atomic(out, "new")
    assert out.read_text() == "new" and _temps(out.parent) == []
