"""Shared fixtures: the bundled example, loaded once."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

import scoring

# compiled-rulebook cache entries of the command-line tests go to a temporary folder, never to the home folder
os.environ.setdefault("SCORING_CACHE_DIR", tempfile.mkdtemp(prefix="scoring-cache-"))

ROOT = Path(__file__).resolve().parent.parent
RULES_2023 = ROOT / "rules" / "2023" / "x-county-fulian.yaml"
EVIDENCE_2023 = ROOT / "evidence" / "2023"


@pytest.fixture(scope="session")
def book2023() -> scoring.Rulebook:
    return scoring.load_rulebook(RULES_2023)
