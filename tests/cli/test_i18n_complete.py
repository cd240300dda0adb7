"""Every help text of every command and option has an English translation in the catalogue."""

from __future__ import annotations

from typing import Any

import typer

from scoring.cli import app
from scoring.i18n import LOCALE_DIR, read_po


def _helps(cmd: Any) -> list[str]:
    out = [cmd.help] + [getattr(p, "help", None) for p in cmd.params]
    for sub in getattr(cmd, "commands", {}).values():
        out += _helps(sub)
    return [h for h in out if h]


def test_every_help_text_is_translated() -> None:
    catalogue = read_po((LOCALE_DIR / "en" / "LC_MESSAGES" / "scoring.po").read_text(encoding="utf-8"))
    cmd = typer.main.get_command(app)
    for text in _helps(cmd):
        # an earlier test in this process may have switched the help texts to English already
        assert text in catalogue or text in catalogue.values(), f"no English for: {text!r}"
