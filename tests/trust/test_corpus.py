"""Done-when of #13: every bad input in the corpus gets exit 1 and a located Chinese message from check, score,
evidence check and rank, without a traceback, inside the time and memory guards, and nothing is changed or
created among the inputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .corpus import ROOT, Case, build


def _snapshot(base: Path) -> dict[str, tuple[str, int, int, int]]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(base):
        for n in dirnames + filenames:
            p = Path(dirpath) / n
            st = p.lstat()
            import hashlib

            digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() and not p.is_symlink() else (
                os.readlink(p) if p.is_symlink() else "")
            out[str(p.relative_to(base))] = (digest, st.st_mode, st.st_mtime_ns, st.st_size)
    return out


def _argv(c: Case) -> list[list[str]]:
    unit, book, root = str(c.unit), str(c.rulebook), str(c.root)
    cmds = [["score", book, unit], ["evidence", "check", book, unit], ["rank", book, root]]
    if c.kind == "rulebook":
        cmds.insert(0, ["check", book])
    return cmds


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Case], dict[str, list[dict[str, Any]]], bool]:
    base = tmp_path_factory.mktemp("corpus")
    cases = build(base / "cases")
    before = _snapshot(base / "cases")
    spec = base / "cases.json"
    spec.write_text(json.dumps([{"name": c.name, "argv": _argv(c)} for c in cases], ensure_ascii=False),
                    encoding="utf-8")
    out = base / "out.json"
    env = {**os.environ, "LANG": "C.UTF-8", "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("LC_ALL", None)
    subprocess.run([sys.executable, "-m", "tests.trust.run_corpus", str(spec), str(out)], cwd=ROOT, env=env,
                   check=True, timeout=600)  # a guard for the whole run; each command has its own 5 s guard
    results = {r["name"]: r["runs"] for r in json.loads(out.read_text(encoding="utf-8"))}
    return cases, results, _snapshot(base / "cases") == before


CASES = build.__globals__["_rule_cases"]()  # names only, for the parametrisation
NAMES = [f"rule-{c[0]}" for c in CASES] + [f"evidence-{c[0]}" for c in build.__globals__["_evidence_cases"]()]


@pytest.mark.parametrize("name", NAMES)
def test_every_command_refuses_the_case_with_a_located_message(corpus: Any, name: str) -> None:
    cases, results, _ = corpus
    case = next(c for c in cases if c.name == name)
    for run in results[name]:
        what = " ".join(run["argv"][:2])
        text = run["stdout"] + run["stderr"]
        assert run["guard"] == "", f"{what}: stopped by the {run['guard']} guard"
        assert "Traceback" not in text, f"{what}: traceback\n{text[-2000:]}"
        assert run["exit"] == 1, f"{what}: exit {run['exit']}\n{text[-1500:]}"
        assert case.where in text, f"{what}: message does not name {case.where!r}\n{text[:1500]}"
        if case.words:
            assert case.words in text, f"{what}: message does not say {case.words!r}\n{text[:1500]}"
        if run["argv"][0] == "rank" and case.kind == "evidence":
            assert "ok-xiang" in text or "X乡" in text, f"rank: the good unit was not ranked\n{text[:1500]}"


def test_no_input_was_changed_and_nothing_was_created(corpus: Any) -> None:
    assert corpus[2]
