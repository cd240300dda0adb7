"""Every command has help text and is in docs/cli-reference.md, which is generated and kept up to date."""

from __future__ import annotations

import subprocess
import sys

import typer.core
import typer.main

from scoring.cli import app

from .conftest import ROOT

REFERENCE = ROOT / "docs" / "cli-reference.md"
TITLE = "scoring 命令行参考（自动生成，请勿手改）"
REGENERATE = [sys.executable, "-m", "typer", "scoring.cli", "utils", "docs", "--name", "scoring", "--title", TITLE]
"""How docs/cli-reference.md is made (add ``--output docs/cli-reference.md`` to write it)."""


def test_every_command_has_help_and_is_documented() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    text = REFERENCE.read_text(encoding="utf-8")
    assert group.commands
    for name, cmd in group.commands.items():
        assert cmd.help and cmd.help.strip(), f"command {name} has no help text"
        assert f"## `scoring {name}`" in text, f"command {name} is missing from docs/cli-reference.md"
        for p in cmd.params:
            assert getattr(p, "help", None), f"{name}: {p.name} has no help text"


def test_reference_is_up_to_date() -> None:
    out = subprocess.run(REGENERATE, capture_output=True, text=True, cwd=ROOT, check=True,
                         env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONPATH": str(ROOT)})
    assert out.stdout.rstrip("\n") == REFERENCE.read_text(encoding="utf-8").rstrip("\n"), (
        "docs/cli-reference.md is out of date; regenerate it with: "
        "python3 -m typer scoring.cli utils docs --name scoring "
        f"--title '{TITLE}' --output docs/cli-reference.md")


def test_user_guide_covers_every_command() -> None:
    guide = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in ("score", "rank", "explain", "check", "schema"):
        assert f"scoring {name}" in guide
        assert f"## scoring {name}" in guide
