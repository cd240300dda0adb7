"""``scoring serve`` as a command, and the seam to the rest: ``import scoring`` never loads the web stack,
the command without the ``serve`` extra says in Chinese how to install it, and the workspace compiles a
rulebook once and again only when its file changes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from scoring.serve._workspace import NotFound, Workspace

from .conftest import BOOK, ROOT

WEB = ("fastapi", "starlette", "uvicorn", "jinja2", "multipart", "python_multipart")


def test_import_scoring_and_its_cli_load_no_web_stack():
    code = ("import sys, scoring, scoring.cli; "
            f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {WEB!r}); assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_serve_without_the_extra_says_how_to_install_it(tmp_path: Path):
    # a stand-in for an installation without the extra: importing fastapi fails as it would there
    (tmp_path / "sitecustomize.py").write_text(
        "import sys\nclass _No:\n    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'fastapi':\n            raise ModuleNotFoundError(\"No module named 'fastapi'\", name='fastapi')\n"
        "sys.meta_path.insert(0, _No())\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "LANG": "C.UTF-8", "NO_COLOR": "1"}
    r = subprocess.run([sys.executable, "-m", "scoring", "serve", str(ROOT)], env=env, capture_output=True,
                       text=True, timeout=60, check=False)
    assert r.returncode == 1
    assert "评分工作台需要另外安装网页组件（缺少 fastapi）" in r.stderr
    assert "pip install 'scoring[serve]'" in r.stderr and "Traceback" not in r.stderr


def test_a_rulebook_is_compiled_once_and_again_when_it_changes(tmp_path: Path):
    (tmp_path / "rules/2023").mkdir(parents=True)
    path = tmp_path / "rules/2023" / f"{BOOK}.yaml"
    path.write_bytes((ROOT / "rules/2023" / f"{BOOK}.yaml").read_bytes())
    ws = Workspace(tmp_path)
    rf = ws.rulebook_file(2023)
    first = ws.rulebook(rf)
    assert ws.rulebook(rf) is first  # not compiled again
    text = path.read_text(encoding="utf-8")
    time.sleep(0.01)
    path.write_text(text.replace("total: 100", "total: 100  # 满分", 1).replace(
        first.title, first.title + "（修订）", 1), encoding="utf-8")
    again = ws.rulebook(rf)
    assert again is not first and again.title == first.title + "（修订）"
    assert ws.rulebook(rf) is again


def test_a_rulebook_that_extends_another_follows_its_parent(tmp_path: Path):
    (tmp_path / "rules/2023").mkdir(parents=True)
    (tmp_path / "rules/2024").mkdir(parents=True)
    parent = tmp_path / "rules/2023" / f"{BOOK}.yaml"
    parent.write_bytes((ROOT / "rules/2023" / f"{BOOK}.yaml").read_bytes())
    (tmp_path / "rules/2024/child.yaml").write_text(f"extends: ../2023/{BOOK}.yaml\ntitle: 子规则\n", encoding="utf-8")
    ws = Workspace(tmp_path)
    child = ws.rulebook(ws.rulebook_file(2024, "child"))
    old = child.categories[0].title
    parent.write_text(parent.read_text(encoding="utf-8").replace(f"title: {old}", f"title: {old}（新）", 1),
                      encoding="utf-8")
    assert ws.rulebook(ws.rulebook_file(2024, "child")).categories[0].title == f"{old}（新）"


@pytest.mark.parametrize("year, unit", [("2023", ".."), ("2023", "../2024"), ("../x", "y"), ("2023", ".workbench"),
                                        ("2023", "x/../../..")])
def test_workspace_lookups_never_leave_it(tmp_path: Path, year: str, unit: str):
    (tmp_path / "evidence/2023/a").mkdir(parents=True)
    ws = Workspace(tmp_path)
    with pytest.raises(NotFound):
        ws.unit_dir(year, unit)


def test_a_link_out_of_the_workspace_is_not_a_unit(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "ws/evidence/2023").mkdir(parents=True)
    (tmp_path / "ws/evidence/2023/link").symlink_to(outside)
    ws = Workspace(tmp_path / "ws")
    assert ws.units(2023) == []
    with pytest.raises(NotFound):
        ws.unit_dir(2023, "link")
    with pytest.raises(NotFound):
        ws.unit_dir(2023, "link", new=True)  # a new unit cannot be created through it either


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("ab.-_/\\~%:乡 \x00\n") + ["..", "%2e", "%2F"]), max_size=8).map("".join))
def test_any_name_from_a_request_stays_in_the_year(name: str):
    """Whatever a request names as a unit, the folder it may create is a child of evidence/<year>/, or it is refused."""
    import tempfile

    from scoring.serve._workspace import BadName

    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "evidence/2023/a").mkdir(parents=True)
        ws = Workspace(d)
        try:
            folder = ws.unit_dir(2023, name, new=True)
        except (BadName, NotFound):
            return
        assert folder.parent == ws.evidence_root(2023).resolve()
        assert folder.name == name and not name.startswith(".") and "/" not in name and "\\" not in name
