"""The scoring engine: a compiled plan and a unit's evidence in, a ScoreResult out."""

from ._batch import leaderboard, positions, score_folder, score_many, scored, unit_folders
from ._score import score
from ._stream import write_folder_json

__all__ = ["leaderboard", "positions", "score", "score_folder", "score_many", "scored", "unit_folders",
           "write_folder_json"]
