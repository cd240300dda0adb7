"""The ``scoring`` command: a thin shell over the public API.

Each command parses its arguments, calls ``scoring.*``, picks a renderer and
turns a ``ScoringError`` into exit code 1 with the located message. Commands
live one module each in this package and register themselves on ``app``; each
imports the library it runs inside its function, so ``scoring --help`` (which
registers every command) loads none of it.

Exit codes: 0 ok; 1 the input has a problem (rule file, evidence) or a check found errors;
2 the command was used wrongly (unknown option, missing argument).
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the command modules, imported when their command runs (load_commands)
    from . import (  # noqa: F401
        _check,
        _diff,
        _draft,
        _evidence,
        _explain,
        _feedback,
        _newyear,
        _rank,
        _schema,
        _score,
        _serve,
        _template,
        _test,
    )

__all__ = ["COMMANDS", "app", "load_commands", "main"]

COMMANDS = {"score": "_score", "template": "_template", "evidence": "_evidence", "rank": "_rank",
            "explain": "_explain", "check": "_check", "schema": "_schema", "new-year": "_newyear", "diff": "_diff",
            "test": "_test", "serve": "_serve", "draft": "_draft", "feedback": "_feedback"}
"""Each command and the module that registers it on ``app`` when imported, in the order ``--help`` lists them."""


def load_commands(names: list[str] | None = None) -> None:
    """Register the commands ``names`` (all of them when None) by importing their modules."""
    for name in COMMANDS if names is None else names:
        importlib.import_module(f".{COMMANDS[name]}", __name__)


def __getattr__(name: str) -> Any:
    if name == "app":  # ``from scoring.cli import app``: the whole command line, every command registered
        load_commands()
        from ._common import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | {"app"})


def _command_in(args: list[str]) -> str | None:
    """The command a command line names (after the global options), when it is one of ours."""
    skip = False
    for a in args:
        if skip:
            skip = False
        elif a == "--lang":
            skip = True
        elif not a.startswith("-"):
            return a if a in COMMANDS else None
    return None


def main() -> None:
    """Entry point of the ``scoring`` console script."""
    if os.environ.get("NO_COLOR") is not None:
        os.environ.setdefault("TERM", "dumb")
    command = _command_in(sys.argv[1:])
    load_commands([command] if command else None)  # `scoring score …` imports the score command only
    from ._common import app

    try:
        app(prog_name="scoring")
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.exit(130)

