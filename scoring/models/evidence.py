"""A unit's evidence: who it is, what it claims, and its records."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, model_validator

from ..location import Location
from ..values import Frozen, Num

__all__ = ["Claim", "EvidenceSet", "FactorChoice", "Record", "Rejection", "Review", "Unit"]


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
    charged_to: str | None = Field(None, description="计入单位（跨单位佐证）：单位编号或名称；只有规则文件里写了 "
                                                     "charged_to: true 的证据类型才能填")


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
    """A reviewer's discretionary amount on an item (B6, 8.4): a deduction (``deduct``) or a bonus (``add``), for
    one of the item's ranges (``range``), optionally about one record (``record``; required for a per-record range)."""

    item: str = Field(min_length=1)
    deduct: Annotated[Num, Field(ge=0)] | None = None
    add: Annotated[Num, Field(ge=0)] | None = None
    reason: str
    reviewer: str | None = None
    range: str | None = Field(None, description="酌情范围的 id；条目只有一个范围时可以不写")
    record: str | None = Field(None, description="这笔酌情扣分（加分）针对的记录 id；按记录酌定的范围必须写")
    at: str | None = Field(None, description="核查时间（ISO 8601）")
    judged: dict[str, str] | None = None
    source: Location | None = None

    @model_validator(mode="after")
    def _one(self) -> Review:
        if (self.deduct is None) == (self.add is None):
            raise ValueError("酌情扣分写 deduct，酌情加分写 add，只写一个")
        return self

    @property
    def amount(self) -> Decimal:
        v = self.deduct if self.deduct is not None else self.add
        assert v is not None  # the validator requires one of the two
        return v

    @property
    def bonus(self) -> bool:
        return self.add is not None


class FactorChoice(Frozen):
    """A reviewer's choice of an adjustment factor for one record on one line (``factors:`` in reviews.yaml), among
    the factors the line declares (``Line.factors``); checked when the evidence is read."""

    line: str = Field(min_length=1, description="扣分（加分）行的 id")
    record: str = Field(min_length=1, description="记录 id")
    factor: str = Field(min_length=1, description="选定的系数名称，如 减半")
    reason: str
    reviewer: str | None = None
    at: str | None = Field(None, description="核查时间（ISO 8601）")
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
    factors: list[FactorChoice] = Field(default_factory=list, description="考核组选定的调整系数")
    path: str | None = None
