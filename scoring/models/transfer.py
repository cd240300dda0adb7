"""Cross-unit evidence (跨单位佐证, #15 item 10): a record one unit recorded that the rubric charges to another.

An evidence type that declares ``charged_to: true`` lets each of its records name the unit it is charged to
(the ``charged_to`` key of a record file, the 计入单位 column of a sheet), by unit id or unit name. In a batch
(``rank``, ``score_folder``, ``score_many``) the record leaves the recording unit and is scored in the charged
one; both results say so (``Transfer``). A unit scored alone gets a ``Share`` that keeps its passed-on records
out and says that records charged to it by others are only seen in a batch.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..location import Location
from ..values import Frozen
from .evidence import Record, Rejection, Review

__all__ = ["Share", "Transfer", "TransferOutcome"]

TransferOutcome = Literal["passed", "duplicate", "unknown-unit", "ambiguous", "alone"]
"""``passed``: scored in the charged unit; ``duplicate``: the charged unit already has a record with the same
content, so it counts once; ``unknown-unit``: no unit of the batch has that id or name; ``ambiguous``: the name
belongs to several units; ``alone``: the recording unit was scored by itself, so the charged unit is not there."""


class Transfer(Frozen):
    """One record whose 计入单位 is another unit, and what became of it (the same object in both results)."""

    record: str = Field(description="记录在记录单位里的编号")
    type: str = Field(description="证据类型")
    source: Location = Field(description="记录的位置：记录单位的文件、工作表、行")
    values: dict[str, str] = Field(default_factory=dict, description="记录填写的内容（文字）")
    from_unit: str = Field(description="记录单位的编号")
    from_name: str = Field(description="记录单位的名称")
    charged_to: str = Field(description="“计入单位”一栏写的内容")
    to_unit: str | None = Field(None, description="计入单位的编号（找到时）")
    to_name: str | None = Field(None, description="计入单位的名称（找到时）")
    received_as: str | None = Field(None, description="在计入单位里的记录编号：<编号>@<记录单位编号>")
    outcome: TransferOutcome
    reason: str = Field(description="一句中文说明：这条记录计入了哪里，或者为什么没有计入")


class Share(Frozen):
    """What attribution gives one unit before it is scored: its records that go elsewhere (not counted here) and
    the records other units charge to it (ids ``<id>@<recording unit>``, sources where they were recorded), with
    the rejections and per-record discretionary amounts a reviewer wrote about them in the recording unit's
    reviews.yaml."""

    batch: bool = Field(description="整批评分（True）还是单独为一个单位评分")
    passed_on: list[Transfer] = Field(default_factory=list)
    received: list[Transfer] = Field(default_factory=list)
    records: list[Record] = Field(default_factory=list, description="计入本单位的记录（received 中 passed 的）")
    rejections: list[Rejection] = Field(default_factory=list, description="随记录一起转来的核查不属实意见")
    reviews: list[Review] = Field(default_factory=list, description="随记录一起转来的、针对这条记录的酌情扣分（加分）")
