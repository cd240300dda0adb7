"""The scoring engine: a compiled plan and a unit's evidence in, a ScoreResult out; ``explain`` for one item."""

from ..evidence import unit_folders  # kept here for callers of 0.1.0; its home is scoring.evidence.units
from ._batch import leaderboard, positions, score_folder, score_many, scored
from ._context import UnitRun  # what a clause kind's evaluation is handed (scoring.clauses)
from ._explain import EvidenceUse, Explanation, explain
from ._parallel import default_executor
from ._score import score
from ._stream import write_folder_json

__all__ = ["EvidenceUse", "Explanation", "UnitRun", "default_executor", "explain", "leaderboard", "positions", "score",
           "score_folder", "score_many", "scored", "unit_folders", "write_folder_json"]
