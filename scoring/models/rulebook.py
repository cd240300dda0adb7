"""The rulebook: one year's 考评细则 as data.

These models are exactly the YAML a county writes (docs/rule-language.md),
validated strictly. Expressions stay text here; the loader checks and compiles
them once into the plan the engine runs (``scoring._plan``).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PrivateAttr, model_validator

from ._common import Frozen, Num, parse_date

__all__ = [
    "Adjust",
    "AmountBy",
    "CountMet",
    "Criterion",
    "Discretionary",
    "EvidenceType",
    "FieldSpec",
    "GradeBand",
    "Line",
    "Linear",
    "Node",
    "Param",
    "ParamValue",
    "Period",
    "Proportional",
    "Rank",
    "Ranking",
    "Rounding",
    "Rulebook",
    "Scaled",
    "Section",
    "Shortfall",
    "Tier",
    "Veto",
]

Date = Annotated[_dt.date, BeforeValidator(parse_date)]
Expr = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int | Decimal) and not isinstance(v, bool) else v)]
"""An expression (docs/expressions.md). A bare number is accepted as a constant expression."""
NumOrExpr = Num | Expr
Id = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[^\s.]+$")]


class Rounding(Frozen):
    places: int = Field(1, ge=0, le=6, description="保留几位小数")
    mode: Literal["half_up", "half_even", "down", "up"] = Field("half_up", description="half_up 即四舍五入")


class Period(Frozen):
    start: Date = Field(description="考核期开始日期")
    end: Date = Field(description="考核期结束日期")

    @model_validator(mode="after")
    def _order(self) -> Period:
        if self.start > self.end:
            raise ValueError("考核期的开始日期晚于结束日期")
        return self


class FieldSpec(Frozen):
    """A typed field of an evidence type, or a unit fact."""

    type: Literal["text", "int", "decimal", "date", "bool", "enum", "list"] = Field(
        description="text 文本, int 整数, decimal 小数, date 日期, bool 是/否, enum 可选值, list 文本列表")
    label: str | None = Field(None, description="中文名称，用作表格列标题")
    values: list[str] | None = Field(None, description="enum 的可选值")
    required: bool = Field(True, description="是否必填")
    default: str | int | Decimal | bool | None = Field(None, description="留空时的默认值")
    min: Num | None = Field(None, description="数值下限")
    max: Num | None = Field(None, description="数值上限")
    description: str | None = None

    @model_validator(mode="after")
    def _enum(self) -> FieldSpec:
        if self.type == "enum" and not self.values:
            raise ValueError("enum 类型的字段要用 values 列出可选值")
        if self.type != "enum" and self.values:
            raise ValueError("只有 enum 类型的字段才能写 values")
        return self


class EvidenceType(Frozen):
    """A kind of record a unit may submit (活动、信访件、表彰 …)."""

    label: str | None = Field(None, description="中文名称")
    description: str | None = None
    date: str | None = Field(None, description="哪个字段是记录的日期；有日期的记录只在考核期内才计分")
    valid_years: int | None = Field(None, ge=1, le=50,
                                    description="有效期（年）：日期在考核期结束前这么多年内的记录都有效")
    fields: dict[str, FieldSpec] = Field(description="字段：名称 → 类型")


class ParamValue(Frozen):
    value: Num | str
    reference: str | None = None


class Param(Frozen):
    """A dated value (openfisca style): the latest start on or before the period's end applies."""

    label: str | None = None
    reference: str | None = None
    values: dict[Date, ParamValue | Num] = Field(description="生效日期 → 数值")


class Adjust(Frozen):
    """Escalation (B7) or mitigation (B8) of a per-record amount."""

    when: Expr = Field(description="对每条记录判断的条件")
    times: Num | None = Field(None, description="乘以（2 为加倍，0.5 为减半，0 为剔除）")
    add: Num | None = Field(None, description="再加上")
    reason: str | None = None

    @model_validator(mode="after")
    def _one(self) -> Adjust:
        if (self.times is None) == (self.add is None):
            raise ValueError("adjust 要写 times 或 add 中的一个")
        return self


class AmountBy(Frozen):
    """Amount chosen by a field of the record, e.g. by level 县级/市级/省级 (B9, C1)."""

    field: str
    map: dict[str, Num]


class Shortfall(Frozen):
    required: NumOrExpr = Field(description="要求的次数")
    actual: Expr = Field(description="实际次数的表达式")


class Line(Frozen):
    """A deduction, bonus or penalty line: how much, how often, with what adjustments."""

    id: Id | None = None
    title: str | None = None
    per_record: str | None = Field(None, description="逐条记录计算：证据类型")
    where: Expr | None = Field(None, description="per_record 的筛选条件")
    shortfall: Shortfall | None = Field(None, description="每少一次：(要求 − 实际) × amount")
    count: Expr | None = Field(None, description="次数表达式：次数 × amount")
    when: Expr | None = Field(None, description="条件成立时计一次 amount")
    amount: NumOrExpr | None = Field(None, description="每次的分值（per_record 时可以是逐条记录的表达式）")
    amount_by: AmountBy | None = None
    adjust: list[Adjust] = Field(default_factory=list)
    highest_per: str | None = Field(None, description="同一取值只取最高的一条（就高不重复），写字段名")
    cap: Num | None = Field(None, ge=0, description="本行最多计多少分")
    reason: str | None = Field(None, description="说明，可用 {n} {amount} {required} {actual} {record}")
    recover: str | None = Field(None, description="如何挽回这部分分数的说明")

    @model_validator(mode="after")
    def _shape(self) -> Line:
        modes = [m for m in ("per_record", "shortfall", "count", "when") if getattr(self, m) is not None]
        if len(modes) != 1:
            raise ValueError("每一行要写且只写 per_record、shortfall、count、when 中的一个" +
                             (f"（这里写了 {'、'.join(modes)}）" if modes else ""))
        if (self.amount is None) == (self.amount_by is None):
            raise ValueError("要写 amount 或 amount_by 中的一个")
        if self.where is not None and self.per_record is None:
            raise ValueError("where 只能和 per_record 一起用")
        if (self.adjust or self.highest_per or self.amount_by) and self.per_record is None:
            raise ValueError("adjust、highest_per、amount_by 只能和 per_record 一起用")
        return self


class Tier(Frozen):
    """One tier of a tiered item (A4): first match wins."""

    when: Expr | None = None
    min: Num | None = Field(None, description="value ≥ min")
    above: Num | None = Field(None, description="value > above")
    points: Num
    label: str | None = None

    @model_validator(mode="after")
    def _one(self) -> Tier:
        if sum(x is not None for x in (self.when, self.min, self.above)) > 1:
            raise ValueError("每一档写 when、min、above 中的一个（都不写表示“其余情况”）")
        return self


class Proportional(Frozen):
    target: NumOrExpr = Field(description="目标值：value ≥ target 得满分，否则按比例")


class Linear(Frozen):
    """Per step below (or above) a target, with a cut-off (A6, A8)."""

    target: NumOrExpr
    step: Num = Field(Decimal(1), gt=0, description="每差多少算一档，例如 0.01 即 1 个百分点")
    deduct: Num = Field(gt=0, description="每档扣多少分")
    zero_at: NumOrExpr | None = Field(None, description="低于（或高于）这个值不得分")
    direction: Literal["below", "above"] = Field("below", description="below：低于目标扣分；above：高于目标扣分")


class Criterion(Frozen):
    label: str
    when: Expr


class CountMet(Frozen):
    """Points by the number of criteria met (A3)."""

    of: list[Criterion] = Field(min_length=1)
    points: dict[int, Num] | None = Field(None, description="符合几项 → 得几分")
    per: Num | None = Field(None, description="每符合一项得几分")

    @model_validator(mode="after")
    def _one(self) -> CountMet:
        if (self.points is None) == (self.per is None):
            raise ValueError("count_met 要写 points 或 per 中的一个")
        return self


class Rank(Frozen):
    """Points by rank among all units scored together (A9)."""

    order: Literal["desc", "asc"] = Field("desc", description="desc：值越大名次越前")
    points: list[Num] = Field(min_length=1, description="第 1、2、3 … 名的得分")
    otherwise: Num = Decimal(0)


class Scaled(Frozen):
    """An imported score scaled into this item (A11)."""

    out_of: Num = Field(gt=0, description="原分数的满分")


class Discretionary(Frozen):
    """A reviewer's deduction within a range (B6), entered in the unit's reviews file."""

    min: Num = Field(ge=0)
    max: Num = Field(gt=0)
    reason: str | None = None


class Node(Frozen):
    """A category, an item or a sub-criterion."""

    id: Id
    title: str
    no: str | None = Field(None, description="序号，如 （一）")
    text: str | None = Field(None, description="细则原文")
    reference: str | None = None
    verified_by: str | None = Field(None, description="考核单位")
    method: str | None = Field(None, description="考核方式，如 查阅台账、电话抽查")
    note: str | None = None
    points: Num | dict[str, Num] = Field(description="分值；按单位类型不同时写成 {类型: 分值}")
    applies_to: list[str] | None = Field(None, description="只适用于这些单位类型")
    # how the points are earned: at most one of these (none: full points, less deductions)
    value: NumOrExpr | None = Field(None, description="被考核的数值（档次、比例、线性、等级、排名、折算用）")
    when: Expr | None = Field(None, description="达标条件：成立得满分，否则不得分")
    tiers: list[Tier] | None = None
    proportional: Proportional | None = None
    linear: Linear | None = None
    grade_points: dict[str, Num] | None = Field(None, description="等级 → 分值，如 {优: 10, 良: 5}")
    count_met: CountMet | None = None
    rank: Rank | None = None
    scaled: Scaled | None = None
    items: list[Node] | None = Field(None, description="类别下的条目")
    criteria: list[Node] | None = Field(None, description="条目下的子项")
    deductions: list[Line] = Field(default_factory=list)
    max_deduction: Num | None = Field(None, ge=0, description="本项最多扣多少分")
    floor: Num = Field(Decimal(0), description="最低分；倒扣时写负数，如 -2")
    discretionary: Discretionary | None = None
    todo: list[str] | None = Field(
        None, description="评分规则尚未写成的细则原文（scoring draft 标出）；写好规则后删去。有 todo 的条目不能评分")

    @property
    def children(self) -> list[Node]:
        return list(self.items or self.criteria or [])

    @property
    def methods(self) -> list[str]:
        names = ("when", "tiers", "proportional", "linear", "grade_points", "count_met", "rank", "scaled")
        return [m for m in names if getattr(self, m) is not None] + (["items"] if self.items else []) + (
            ["criteria"] if self.criteria else [])


class Section(Frozen):
    """Bonus lines (加分项) or penalty lines outside the items (扣分项)."""

    title: str | None = None
    cap: Num | None = Field(None, ge=0, description="合计最多多少分")
    lines: list[Line] = Field(default_factory=list)
    todo: list[str] | None = Field(
        None, description="尚未写成规则的细则原文（scoring draft 标出）；写好规则后删去。有 todo 时不能评分")

    @model_validator(mode="after")
    def _some(self) -> Section:
        if not self.lines and not self.todo:
            raise ValueError("加分项、扣分项至少要写一行 lines")
        return self


class Veto(Frozen):
    """一票否决 and its declared effect (C4)."""

    id: Id
    title: str
    when: Expr
    effect: Literal["zero_total", "zero_category", "no_top_grade", "exclude_from_ranking"] = Field(
        description="zero_total 总分为0；zero_category 某类别为0；no_top_grade 一票否优；exclude_from_ranking 不参与排名")
    category: str | None = Field(None, description="effect 为 zero_category 时的类别 id")
    reference: str | None = None

    @model_validator(mode="after")
    def _cat(self) -> Veto:
        if (self.effect == "zero_category") != (self.category is not None):
            raise ValueError("effect: zero_category 时要写 category，其他情况不写")
        return self


class GradeBand(Frozen):
    min: Num
    grade: str


class Ranking(Frozen):
    ties: Literal["equal", "dense"] = Field("equal", description="equal：并列同名次，下一名跳过（1,1,3）；dense：1,1,2")


class Rulebook(Frozen):
    """One year's rubric."""

    id: Id
    title: str
    issuer: str | None = Field(None, description="发布单位")
    year: int = Field(ge=1900, le=2200)
    period: Period
    total: Num = Field(description="满分（不含加分）")
    rounding: Rounding = Rounding()
    reference: str | None = None
    note: str | None = None
    unit_types: list[str] | None = Field(None, description="单位类型，如 [乡, 镇]")
    facts: dict[str, FieldSpec] = Field(default_factory=dict, description="每个单位填报的基本数据")
    evidence: dict[str, EvidenceType] = Field(default_factory=dict)
    params: dict[str, Param] = Field(default_factory=dict)
    categories: list[Node] = Field(min_length=1)
    bonus: Section | None = None
    penalties: Section | None = None
    vetoes: list[Veto] = Field(default_factory=list)
    grades: list[GradeBand] = Field(default_factory=list)
    ranking: Ranking = Ranking()
    _plan: Any = PrivateAttr(default=None)  # the compiled plan, attached by the loader
