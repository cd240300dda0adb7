"""Moved to ``scoring.clauses._tiertest`` (shared by the tiers clause and tiered lines); kept as a name here."""

from __future__ import annotations

from ..clauses._tiertest import need, shower, tier_test

__all__ = ["need", "shower", "tier_test"]
