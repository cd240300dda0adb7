"""What scoring produces: plain data that explains every point.

Invariant (tested by property tests): the ``points`` of every ``LedgerEntry``
in a ``ScoreResult`` — in ``items[*].ledger`` and in the top-level ``ledger`` —
add up to ``total``. Each node's ``points`` is the sum of its own ledger and
its children's points.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from ..errors import ErrorInfo
from ..location import Location
from ..values import Frozen, Num
from .transfer import Transfer

__all__ = [
    "SCHEMA_VERSION",
    "BatchResult",
    "ClaimStatus",
    "Excluded",
    "ItemDisplay",
    "LedgerEntry",
    "NodeResult",
    "OutcomeResult",
    "ParamUse",
    "RulebookRef",
    "ScoreResult",
    "Standing",
    "UnitError",
    "UnitRef",
    "VetoResult",
]

SCHEMA_VERSION = "1.1"
"""The version of the result's JSON shape (``schema_version`` in every ScoreResult and BatchResult).

``major.minor``: a minor step only adds optional fields (old readers keep working); a major step changes or
removes one, and comes with a new HTTP API path (``/api/v2/``). ``scoring schema result`` prints the schema.

1.1 added ``ScoreResult.outcomes`` (non-point outcomes), ``Standing.outcomes``/``rewards``/``rate``/``max_total``
and ``BatchResult.ranked_by`` (and, from cross-unit evidence, ``passed_on``/``received``/``notes``); results
written as 1.0 read back with those empty."""

EntryKind = Literal["award", "deduct", "cap", "clamp", "bonus", "penalty", "veto", "round", "review"]
ClaimStatus = Literal["match", "over", "under", "missing"]


class ParamUse(Frozen):
    name: str
    value: str
    since: str
    reference: str | None = None


class LedgerEntry(Frozen):
    """One signed step in the score: an award, a deduction, a clamp (扣完为止), a cap, a veto, a rounding."""

    kind: EntryKind
    points: Num
    reason: str = Field(description="一句中文说明")
    values: dict[str, str] = Field(default_factory=dict, description="计算用到的数值")
    params: list[ParamUse] = Field(default_factory=list)
    rule: Location | None = None
    evidence: list[str] = Field(default_factory=list, description="证据记录 id")
    sources: list[Location] = Field(default_factory=list, description="证据记录的来源")
    types: list[str] = Field(default_factory=list, description="证据记录的类型（与 evidence 一一对应）")
    recover: str | None = Field(None, description="如何挽回失去的分数")
    reviewer: str | None = Field(None, description="核查人（kind 为 review 时）；这条核查意见的位置在 sources 第一项")
    branch: str | None = Field(None, description="得分方式走到的分支，如 tier:1、pass、fail（供测试覆盖率统计）")


class NodeResult(Frozen):
    """One category, item, sub-criterion, bonus or penalty section."""

    id: str
    title: str
    kind: Literal["category", "item", "criterion", "bonus", "penalty"]
    no: str | None = None
    parent: str | None = None
    depth: int = 0
    applicable: bool = True
    max_points: Num
    points: Num
    rounded: Num | None = Field(None, description="按 rounding.items 取整后的得分：显示和自评比较用（points 仍是精确值）")
    claimed: Num | None = None
    claim: ClaimStatus | None = None
    claim_reason: str | None = None
    claim_measure: str | None = None
    ledger: list[LedgerEntry] = Field(default_factory=list)
    text: str | None = None
    reference: str | None = None
    verified_by: str | None = None
    method: str | None = None
    rule: Location | None = None
    recover: list[str] = Field(default_factory=list)

    @property
    def lost(self) -> Decimal:
        return self.max_points - self.points

    @property
    def shown(self) -> Decimal:
        """The points as sheets show them: rounded as the rulebook declares for items, else exact."""
        return self.rounded if self.rounded is not None else self.points


class Excluded(Frozen):
    """A record that does not count, and why (D2, D3, D4)."""

    id: str
    type: str
    source: Location
    reason: str
    reviewer: str | None = None
    review: Location | None = Field(None, description="核查不属实时：reviews.yaml 里这条意见的位置")


class VetoResult(Frozen):
    id: str
    title: str
    effect: str
    fired: bool
    reason: str
    evidence: list[str] = Field(default_factory=list)
    rule: Location | None = None


class OutcomeResult(Frozen):
    """A non-point outcome (表彰、奖励、提请关注) and whether this unit gets it; it never changes points."""

    id: str
    kind: Literal["commendation", "reward", "flag"] = Field(description="commendation 表彰；reward 奖励；flag 提请关注")
    label: str = Field(description="名称")
    node: str | None = Field(None, description="所属的类别或条目 id；规则文件顶层的为空")
    node_title: str | None = None
    granted: bool = Field(description="这个单位是否得到")
    amount: Num | None = Field(None, description="奖励金额（kind 为 reward 且得到时），精确值")
    unit: str | None = Field(None, description="金额单位，如 元")
    reason: str = Field(description="一句中文说明")
    note: str | None = Field(None, description="规则文件里写的说明（reason）")
    values: dict[str, str] = Field(default_factory=dict, description="判断用到的数值：条件、得分 …")
    rule: Location | None = None
    evidence: list[str] = Field(default_factory=list, description="证据记录 id")
    sources: list[Location] = Field(default_factory=list, description="证据记录的来源")
    types: list[str] = Field(default_factory=list, description="证据记录的类型（与 evidence 一一对应）")


class ItemDisplay(Frozen):
    """How the rulebook shows items (its ``rounding.items``, the mode resolved): what every report uses for an
    item's points and the points of its ledger sentences. The result's numbers stay exact."""

    places: int = Field(ge=0, le=6, description="条目得分和账目分数显示时保留几位小数")
    mode: Literal["half_up", "half_even", "down", "up"] = Field(description="取整方式，half_up 即四舍五入")


class RulebookRef(Frozen):
    id: str
    title: str
    year: int
    path: str | None = None
    digest: str | None = Field(None, description="规则文件内容的 SHA-256，用于核对版本")
    labels: dict[str, str] = Field(default_factory=dict, description="证据类型的中文名称，如 petition → 信访件")
    period: tuple[str, str] | None = Field(None, description="考核期：起止日期（ISO）")
    item_rounding: ItemDisplay | None = Field(
        None, description="规则文件的 rounding.items：报告中条目得分和账目分数怎样显示；没写时显示精确值")


class UnitRef(Frozen):
    id: str
    name: str
    type: str | None = None
    path: str | None = None


class ScoreResult(Frozen):
    """One unit scored against one rulebook."""

    schema_version: str = Field(SCHEMA_VERSION, description="结果格式的版本（major.minor），见 scoring schema result")
    rulebook: RulebookRef
    unit: UnitRef
    total: Num
    raw_total: Num = Field(description="取整前的总分")
    max_total: Num
    grade: str | None = None
    rank: int | None = None
    excluded_from_ranking: bool = False
    claimed_total: Num | None = None
    ledger: list[LedgerEntry] = Field(default_factory=list, description="总分一级的记账：一票否决、取整")
    items: list[NodeResult] = Field(default_factory=list, description="按文件顺序的全部节点")
    vetoes: list[VetoResult] = Field(default_factory=list)
    excluded: list[Excluded] = Field(default_factory=list)
    counted: dict[str, int] = Field(default_factory=dict, description="每种证据计入的记录数")
    passed_on: list[Transfer] = Field(default_factory=list,
                                      description="跨单位佐证：本单位记录、计入单位是其他单位的记录（本单位不计）")
    received: list[Transfer] = Field(default_factory=list,
                                     description="跨单位佐证：其他单位记录、计入本单位的记录（只在整批评分时有）")
    notes: list[str] = Field(default_factory=list, description="关于这次评分的说明，例如单独评分时跨单位佐证没有计入")
    outcomes: list[OutcomeResult] = Field(default_factory=list, description="非分值结果：表彰、奖励、提请关注（不改变得分）")

    @property
    def granted(self) -> list[OutcomeResult]:
        """The outcomes this unit gets, in rule-file order."""
        return [o for o in self.outcomes if o.granted]

    @property
    def rewards(self) -> dict[str, Decimal]:
        """Reward amounts this unit gets, summed per unit of money (元 …), exact."""
        out: dict[str, Decimal] = {}
        for o in self.granted:
            if o.kind == "reward" and o.amount is not None:
                out[o.unit or "元"] = out.get(o.unit or "元", Decimal(0)) + o.amount
        return out

    @property
    def rate(self) -> Decimal | None:
        """得分率: total ÷ this unit's maximum (None when the maximum is 0)."""
        return self.total / self.max_total if self.max_total else None

    def item(self, node_id: str) -> NodeResult:
        for n in self.items:
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    @property
    def not_applicable(self) -> int:
        """How many nodes do not apply to this unit, counting a node with its descendants once."""
        off = {n.id for n in self.items if not n.applicable}
        return sum(1 for n in self.items if n.id in off and n.parent not in off)

    def ledger_sum(self) -> Decimal:
        return sum((e.points for n in self.items for e in n.ledger), Decimal(0)) + sum(
            (e.points for e in self.ledger), Decimal(0))


class Standing(Frozen):
    unit_id: str
    name: str
    total: Num
    grade: str | None = None
    rank: int | None = None
    vetoed: list[str] = Field(default_factory=list)
    excluded_from_ranking: bool = False
    max_total: Num | None = Field(None, description="该单位的满分")
    rate: Num | None = Field(None, description="得分率（总分 ÷ 满分），按 ranking.rate_places 取整后的显示值；排名用精确值")
    outcomes: list[str] = Field(default_factory=list, description="得到的非分值结果 id")
    rewards: dict[str, Num] = Field(default_factory=dict, description="奖励金额合计，按金额单位（元 …）")


class UnitError(Frozen):
    """A unit of a batch that could not be scored: its messages as text and as data (``details``)."""

    unit: str
    path: str
    errors: list[str]
    details: list[ErrorInfo] = Field(default_factory=list)


class BatchResult(Frozen):
    """Many units scored together: ranking clauses applied, a leaderboard."""

    schema_version: str = Field(SCHEMA_VERSION, description="结果格式的版本（major.minor），见 scoring schema batch")
    rulebook: RulebookRef
    results: list[ScoreResult]
    leaderboard: list[Standing]
    errors: list[UnitError] = Field(default_factory=list)
    warnings: list[ErrorInfo] = Field(default_factory=list, description="整批的警告，例如两个文件夹的单位名称相同")
    ranked_by: Literal["total", "rate"] = Field("total", description="total 按总分排名；rate 按得分率排名")
