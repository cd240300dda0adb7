"""What users expect of any command: exit codes, no tracebacks, --debug, NO_COLOR, inputs untouched,
atomic and deterministic outputs, and a library that never loads rich or typer."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from .conftest import EVIDENCE, ROOT, RULES


def _hashes(*roots: Path) -> dict[str, str]:
    files = [p for r in roots for p in ([r] if r.is_file() else sorted(r.rglob("*"))) if p.is_file()]
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


SHELLS = ("rich", "typer", "fastapi", "jinja2", "uvicorn", "starlette", "dask", "distributed")
"""What the command line, the web workbench and the province-scale runner bring; the library needs none of them."""


def test_import_scoring_loads_neither_rich_nor_typer() -> None:
    code = "import scoring, sys; assert 'rich' not in sys.modules and 'typer' not in sys.modules, sorted(sys.modules)"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_the_library_loads_no_shell() -> None:
    """``import scoring``, then scoring, ranking, explaining, JSON and the file renderers: no CLI, web or dask module."""
    code = (
        "import sys, scoring\n"
        f"shells = {SHELLS!r}\n"
        "def loaded(): return sorted(m for m in sys.modules if m.split('.')[0] in shells)\n"
        "assert loaded() == [], loaded()\n"
        f"book = scoring.load_rulebook({str(RULES)!r})\n"
        f"ev = scoring.load_evidence({str(EVIDENCE / 'y-zhen')!r}, book)\n"
        "r = scoring.score(book, ev)\n"
        f"scoring.score_folder(book, {str(EVIDENCE)!r})\n"
        "scoring.explain(r, book, ev, 'visits'); scoring.to_json(r)\n"
        "from scoring.render import get_renderer\n"
        "for f in ('json', 'markdown', 'csv', 'html'): get_renderer(f)(r)\n"
        "import scoring.cycle, scoring.intake, scoring.evidence\n"
        "assert loaded() == [], loaded()\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_inputs_are_never_modified(run, tmp_path: Path) -> None:
    before = _hashes(RULES, EVIDENCE)
    for args in (("score", RULES, EVIDENCE / "y-zhen"), ("rank", RULES, EVIDENCE, "-f", "csv", "-o", tmp_path / "r.csv"),
                 ("explain", RULES, EVIDENCE / "y-zhen", "visits"), ("check", RULES),
                 ("score", RULES, EVIDENCE / "y-zhen", "-f", "markdown", "-o", tmp_path / "y.md")):
        assert run(*args).exit_code == 0
    assert _hashes(RULES, EVIDENCE) == before


def test_usage_error_is_exit_2(run) -> None:
    assert run("rank", RULES).exit_code == 2  # missing argument
    assert run("score", RULES, EVIDENCE / "x-xiang", "--format", "pdf").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_user_error_is_exit_1_without_traceback_and_debug_shows_one(run) -> None:
    r = run("score", "tests/rulebooks/bad/unknown_function.yaml", EVIDENCE / "x-xiang")
    assert r.exit_code == 1
    assert r.stderr.startswith("错误：tests/rulebooks/bad/unknown_function.yaml:21:15: 未知的函数 'cnt'\n")
    assert "Traceback" not in r.stderr
    r = run("--debug", "score", "tests/rulebooks/bad/unknown_function.yaml", EVIDENCE / "x-xiang")
    assert r.exit_code == 1
    assert "Traceback (most recent call last)" in r.stderr
    assert "UnknownNameError" in r.stderr


def test_no_color_means_no_escape_codes(run) -> None:
    r = run("score", RULES, EVIDENCE / "y-zhen", env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert "\x1b[" not in r.stdout


def test_markdown_and_csv_of_one_unit_by_hand(run) -> None:
    """Y镇 visits: 8 − 1 × 4 = 4, claimed 8 (over); subscriptions 6 of 10 copies: 3 × 0.6 = 1.8."""
    md = run("score", RULES, EVIDENCE / "y-zhen", "-f", "markdown").stdout.splitlines()
    assert md[0] == "# Y镇（y-zhen）"
    assert md[4] == "| 序号 | 考核项目 | 分值 | 自评分 | 核定分 | 扣分原因 | 佐证材料 |"
    # the one 慰问 counted is yz-hd-01 on line 2 (yz-hd-02 on line 3 was rejected by the reviewer)
    assert ("|  | \u3000\u3000走访慰问活动不少于2次 | 8 |  | **4** | "
            "-4 走访慰问活动不足 2 次（实际 1 次），每少 1 扣 4 分，共扣 4 分 | 活动 1 件：activities.yaml 第 2 行 |") in md
    assert ("|  | \u3000\u3000完成报刊杂志订阅任务 | 3 |  | **1.8** | 完成 6/10，按比例得 1.8 分（失 1.2 分） | "
            "报刊订阅 1 件：subscriptions.yaml 第 2 行 |") in md
    assert "**总分 62.3 / 100    等次：合格    自评合计 93（高于核定 30.7 分）**" in md
    csv = run("score", RULES, EVIDENCE / "y-zhen", "-f", "csv").stdout_bytes
    assert csv.startswith(b"\xef\xbb\xbf")
    rows = csv.decode("utf-8-sig").split("\r\n")
    assert rows[0] == "序号,编号,考核项目,分值,自评分,核定分,扣分原因,佐证材料,层级,自评比较"
    assert (",subscriptions,完成报刊杂志订阅任务,3,,1.8,完成 6/10，按比例得 1.8 分（失 1.2 分）,"
            "报刊订阅 1 件：subscriptions.yaml 第 2 行,2,") in rows


def test_same_input_same_bytes(run, tmp_path: Path) -> None:
    for fmt in ("table", "json", "markdown", "csv"):
        a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        assert run("score", RULES, EVIDENCE / "y-zhen", "-f", fmt, "-o", a).exit_code == 0
        assert run("score", RULES, EVIDENCE / "y-zhen", "-f", fmt, "-o", b).exit_code == 0
        assert a.read_bytes() == b.read_bytes(), fmt
    assert "\x1b[" not in (tmp_path / "a.table").read_text(encoding="utf-8")
