"""The scoring engine: a compiled plan and a unit's evidence in, a ScoreResult out; ``explain`` for one item.

Each name is imported from its module when first used (PEP 562), so ``from scoring.engine import score``
does not import the batch, parallel and streaming machinery that one unit does not need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..evidence import unit_folders  # kept here for callers of 0.1.0; its home is scoring.evidence.units
    from ._batch import leaderboard, positions, score_folder, score_many, scored
    from ._context import UnitRun  # what a clause kind's evaluation is handed (scoring.clauses)
    from ._explain import EvidenceUse, Explanation, explain
    from ._parallel import default_executor
    from ._score import score
    from ._stream import write_folder_json

__all__ = ["EvidenceUse", "Explanation", "UnitRun", "default_executor", "explain", "leaderboard", "positions", "score",
           "score_folder", "score_many", "scored", "unit_folders", "write_folder_json"]

_WHERE = {
    "unit_folders": "..evidence",
    **dict.fromkeys(("leaderboard", "positions", "score_folder", "score_many", "scored"), "._batch"),
    "UnitRun": "._context",
    **dict.fromkeys(("EvidenceUse", "Explanation", "explain"), "._explain"),
    "default_executor": "._parallel",
    "score": "._score",
    "write_folder_json": "._stream",
}
"""Where each public name lives."""


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    obj = getattr(importlib.import_module(where, __name__), name)
    globals()[name] = obj
    return obj


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
