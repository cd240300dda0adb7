"""The ``scoring`` command: a thin shell over the public API.

Each command parses its arguments, calls ``scoring.*``, picks a renderer and
turns a ``ScoringError`` into exit code 1 with the located message. Commands
live one module each in this package and register themselves on ``app``.

Exit codes: 0 ok; 1 the input has a problem (rule file, evidence) or a check found errors;
2 the command was used wrongly (unknown option, missing argument).
"""

from __future__ import annotations

import os
import sys

from ._common import app

# command modules register on `app` when imported
from . import _score  # noqa: E402,F401  isort: skip
from . import _template  # noqa: E402,F401  isort: skip
from . import _evidence  # noqa: E402,F401  isort: skip
from . import _rank, _explain, _check, _schema  # noqa: E402,F401  isort: skip
from . import _newyear  # noqa: E402,F401  isort: skip
from . import _diff  # noqa: E402,F401  isort: skip
from . import _test  # noqa: E402,F401  isort: skip
from . import _serve  # noqa: E402,F401  isort: skip
from . import _draft  # noqa: E402,F401  isort: skip
from . import _feedback  # noqa: E402,F401  isort: skip

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``scoring`` console script."""
    if os.environ.get("NO_COLOR") is not None:
        os.environ.setdefault("TERM", "dumb")
    try:
        app(prog_name="scoring")
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.exit(130)

