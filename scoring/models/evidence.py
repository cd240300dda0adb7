"""A unit's evidence: who it is, what it claims, and its records."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ..location import Location
from ._common import Frozen, Num

__all__ = ["Claim", "EvidenceSet", "Record", "Rejection", "Review", "Unit"]


class Record(Frozen):
    """One piece of evidence (an activity, a petition, an honour …) with where it came from.

    ``values`` holds one entry per field of its type: Decimal, str, date, bool,
    a tuple of str, or None when blank.
    """

    id: str
    type: str
    values: dict[str, Any]
    source: Location
    rejected: str | None = Field(None, description="核查不属实等原因；有值则不计分")
    attachments: list[str] = Field(default_factory=list)


class Claim(Frozen):
    """A unit's self-assessed points for one item (自评分), with its explanation when short."""

    points: Num
    reason: str | None = Field(None, description="失分原因")
    measure: str | None = Field(None, description="整改措施")


class Rejection(Frozen):
    record: str
    reason: str
    reviewer: str | None = None


class Review(Frozen):
    """A reviewer's discretionary deduction on an item (B6)."""

    item: str
    deduct: Num
    reason: str
    reviewer: str | None = None


class Unit(Frozen):
    id: str
    name: str
    type: str | None = None
    facts: dict[str, Any] = Field(default_factory=dict)
    claims: dict[str, Claim] = Field(default_factory=dict)
    source: Location | None = None


class EvidenceSet(Frozen):
    """Everything one unit submitted, checked against a rulebook's evidence types."""

    unit: Unit
    records: list[Record] = Field(default_factory=list)
    rejections: list[Rejection] = Field(default_factory=list)
    reviews: list[Review] = Field(default_factory=list)
    path: str | None = None
