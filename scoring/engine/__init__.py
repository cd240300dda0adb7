"""The scoring engine: a compiled plan and a unit's evidence in, a ScoreResult out."""

from ._batch import leaderboard, positions, score_folder, score_many, scored, unit_folders
from ._score import score

__all__ = ["leaderboard", "positions", "score", "score_folder", "score_many", "scored", "unit_folders"]
