"""Shared fixtures: the bundled example, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

import scoring

ROOT = Path(__file__).resolve().parent.parent
RULES_2023 = ROOT / "rules" / "2023" / "x-county-fulian.yaml"
EVIDENCE_2023 = ROOT / "evidence" / "2023"


@pytest.fixture(scope="session")
def book2023() -> scoring.Rulebook:
    return scoring.load_rulebook(RULES_2023)
