"""The HTTP API's own request and response shapes; everything else it sends is the library's models.

A score is a :class:`scoring.ScoreResult`, a batch a :class:`scoring.BatchResult`, an explanation a
:class:`scoring.Explanation`, written as ``scoring.to_json`` writes them (exact decimal numbers). A request's
evidence is the shape :func:`scoring.evidence_from_dict` reads.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..errors import ErrorInfo
from ..models import SCHEMA_VERSION, RulebookRef

__all__ = ["BatchIn", "CheckOut", "ErrorDocument", "EvidenceIn", "RulebookEntry", "RulebookList"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EvidenceIn(_Strict):
    """One unit's evidence as plain data (what ``scoring.evidence_from_dict`` reads)."""

    unit: dict[str, Any] = Field(description="unit.yaml 的内容：id、name、type、facts、claims",
                                 examples=[{"id": "x-xiang", "name": "X乡", "type": "乡",
                                            "facts": {"households": 2000, "households_visited": 2000},
                                            "claims": {"petitions": 10}}])
    records: dict[str, list[dict[str, Any]]] = Field(
        default_factory=dict, description="证据类型 → 记录列表",
        examples=[{"activity": [{"id": "a1", "date": "2023-03-08", "kind": "慰问", "title": "三八慰问"}]}])
    reviews: dict[str, Any] | None = Field(None, description="reviews.yaml 的内容：rejected、deductions")


class BatchIn(_Strict):
    """Several units scored together (ranking clauses and the leaderboard need all of them)."""

    units: list[EvidenceIn] = Field(min_length=1)


class RulebookEntry(_Strict):
    year: int
    name: str = Field(description="规则文件名（不含 .yaml），用在 API 路径里")
    rulebook: RulebookRef | None = Field(None, description="规则文件读不进来时为空，见 errors")
    errors: int = Field(0, description="scoring check 报告的错误数")
    warnings: int = Field(0, description="scoring check 报告的警告数")


class RulebookList(_Strict):
    schema_version: str = SCHEMA_VERSION
    rulebooks: list[RulebookEntry]


class ErrorDocument(_Strict):
    """Every problem of a failed request, each located (the document ``--format json`` prints)."""

    ok: bool = False
    errors: list[ErrorInfo]


class CheckOut(_Strict):
    """``scoring check``: every problem of a rule file (errors and warnings); ``ok`` when no error."""

    schema_version: str = SCHEMA_VERSION
    ok: bool = Field(description="没有错误（可以有警告）")
    errors: list[ErrorInfo]
