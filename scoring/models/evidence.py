"""A unit's evidence: who it is, what it claims, and its records."""

from __future__ import annotations

from typing import Annotated, Any

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
    """A reviewer's finding that a record is not true (核查不属实): the record is excluded, with this reason.

    ``judged`` is the record as the reviewer saw it (field → text, see
    :func:`scoring.evidence.reviewing.record_snapshot`); when given and the record has changed since,
    the review is reported instead of applied. ``source`` is the entry in ``reviews.yaml``.
    """

    record: str = Field(min_length=1)
    reason: str
    reviewer: str | None = None
    at: str | None = Field(None, description="核查时间（ISO 8601）")
    judged: dict[str, str] | None = None
    source: Location | None = None


class Review(Frozen):
    """A reviewer's discretionary deduction on an item (B6), optionally about one record."""

    item: str = Field(min_length=1)
    deduct: Annotated[Num, Field(ge=0)]
    reason: str
    reviewer: str | None = None
    record: str | None = Field(None, description="这笔扣分针对的记录 id（可不写）")
    at: str | None = Field(None, description="核查时间（ISO 8601）")
    judged: dict[str, str] | None = None
    source: Location | None = None


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
