"""The rulebook: one year's 考评细则 as data.

These models are exactly the YAML a county writes (docs/rule-language.md),
validated strictly. Expressions stay text here; the loader checks and compiles
them once into the plan the engine runs (``scoring.compile.plan``).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, PrivateAttr, model_validator

from ..periods import EVERY
from ..placeholders import TemplateError, parse_template
from ..values import Frozen, Num, parse_date
from .pertype import PerType, TNonNeg, TNum, TPositive

__all__ = [
    "Adjust",
    "AmountBy",
    "CountMet",
    "Criterion",
    "Discretionary",
    "ItemRounding",
    "EvidenceType",
    "Factors",
    "FieldSpec",
    "GradeBand",
    "Line",
    "LineTier",
    "Linear",
    "Node",
    "Outcome",
    "Param",
    "ParamValue",
    "PerPeriod",
    "PerType",
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
    "TierTest",
    "Veto",
]

Date = Annotated[_dt.date, BeforeValidator(parse_date)]
Expr = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int | Decimal) and not isinstance(v, bool) else v)]
"""An expression (docs/expressions.md). A bare number is accepted as a constant expression."""
NumOrExpr = Num | Expr
TNumOrExpr = Num | PerType | Expr
"""A number, a number per unit type, or an expression."""
Id = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[^\s.]+$")]


def _not_bool(v: Any) -> Any:
    if isinstance(v, bool):
        raise ValueError("映射的键不能是 是/否（YAML 把 yes、no、true、false 读成是/否；当文字用请加引号）")
    return v


MapKey = Annotated[str | int | Decimal, BeforeValidator(_not_bool)]
"""A key of ``amount_by.map`` or ``grade_points``: text, or a number (checked against the field's type at load,
``scoring.clauses._keys``)."""



def _reason(text: str) -> str:
    try:
        parse_template(text)
    except TemplateError as e:
        raise TemplateError(f"reason 里的占位符写法不对：{e}", e.offset) from None  # located at the brace
    return text


Reason = Annotated[str, AfterValidator(_reason)]
"""A ``reason:`` text in the placeholder language of :mod:`scoring.placeholders`, checked at load."""

RoundingMode = Literal["half_up", "half_even", "down", "up"]
Steps = Literal["prorated", "whole"]
"""How a gap is counted in steps: ``prorated`` (a part step counts its part) or ``whole`` (only whole steps count)."""
_STEPS = "whole：只计整步，不足一步的部分不计（每降低 5 个百分点扣 1 分）；prorated：不足一步按比例（默认）"


class ItemRounding(Frozen):
    """How items are shown and claims compared (the total is still summed from exact parts)."""

    places: int = Field(ge=0, le=6, description="条目得分保留几位小数")
    mode: RoundingMode | None = Field(None, description="不写时和总分相同")


class Rounding(Frozen):
    places: int = Field(1, ge=0, le=6, description="保留几位小数")
    mode: RoundingMode = Field("half_up", description="half_up 即四舍五入")
    items: ItemRounding | None = Field(None, description="条目的显示和自评比较按几位小数；不写时显示精确值")


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
    charged_to: bool = Field(False, description="跨单位佐证：这类记录可以写“计入单位”（单位编号或名称），"
                                                "整批评分时计入那个单位，而不是记录它的单位")
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
    times: TNum | None = Field(None, description="乘以（2 为加倍，0.5 为减半，0 为剔除）")
    add: TNum | None = Field(None, description="再加上")
    reason: str | None = None

    @model_validator(mode="after")
    def _one(self) -> Adjust:
        if (self.times is None) == (self.add is None):
            raise ValueError("adjust 要写 times 或 add 中的一个")
        return self


class Factors(Frozen):
    """Adjustment factors chosen per record from a declared set (减半、免扣、加倍 …): by the reviewer in reviews.yaml
    (``factors:``), or named by a field of the record. Applied after ``adjust`` (docs/rule-language.md, F5)."""

    choices: dict[str, TNonNeg] = Field(min_length=1, description="可选的系数：名称 → 乘数，如 {减半: 0.5, 免扣: 0, 加倍: 2}")
    field: str | None = Field(None, description="记录里写系数名称的字段（留空为不调整）；考核组在 reviews.yaml 里选定的优先")
    reason: str | None = Field(None, description="细则原文的说明")


class AmountBy(Frozen):
    """Amount chosen by a field of the record, e.g. by level 县级/市级/省级 (B9, C1)."""

    field: str = Field(description="按记录的哪个字段取值")
    map: dict[MapKey, TNum] = Field(description="字段的值 → 分值；数字字段的键写数字，如 {1: 10, 2: 5}")


Every = Annotated[Literal["month", "quarter", "half"],
                  BeforeValidator(lambda v: EVERY.get(v.strip(), v) if isinstance(v, str) else v)]
"""month / quarter / half, or in Chinese 月、季度、半年 (``scoring.periods.EVERY``)."""


class PerPeriod(Frozen):
    """Records counted per calendar period (每月不少于 2 次, 每季度一次): each period of the assessment is met or short."""

    records: str = Field(description="证据类型（要声明 date:，按这个日期分期）")
    where: Expr | None = Field(None, description="对每条记录判断的条件：只数符合的记录")
    every: Every = Field(description="按什么分期：month（月）、quarter（季度）、half（半年），也可以写 月、季度、半年")
    at_least: TNumOrExpr = Field(Decimal(1), description="每期至少几次（不写为 1）")
    per: TNum | None = Field(None, description="作为得分方式时：每个达到的期得几分；不写时按达到的期数比例得分")


class Shortfall(Frozen):
    required: TNumOrExpr = Field(description="要求的次数")
    actual: Expr = Field(description="实际次数的表达式")
    step: TPositive = Field(Decimal(1), description="每少多少算一次，如 5% 即每 5 个百分点")
    steps: Steps = Field("prorated", description=_STEPS)


class Line(Frozen):
    """A deduction, bonus or penalty line: how much, how often, with what adjustments."""

    id: Id | None = None
    title: str | None = None
    per_record: str | None = Field(None, description="逐条记录计算：证据类型")
    where: Expr | None = Field(None, description="per_record 的筛选条件")
    shortfall: Shortfall | None = Field(None, description="每少一次：(要求 − 实际) × amount")
    per_period: PerPeriod | None = Field(
        None, description="按期计数：扣分行每个不足的期计一次 amount（每缺一个月扣 1 分），加分行每个达到的期计一次")
    count: Expr | None = Field(None, description="次数表达式：次数 × amount")
    when: Expr | None = Field(None, description="条件成立时计一次 amount")
    value: NumOrExpr | None = Field(None, description="分档（tiers）时被考核的数值")
    tiers: list[LineTier] | None = Field(None, description="分档扣分（加分）：从上往下第一个符合的档次")
    amount: TNumOrExpr | None = Field(None, description="每次的分值（per_record 时可以是逐条记录的表达式）")
    amount_by: AmountBy | None = None
    adjust: list[Adjust] = Field(default_factory=list)
    factors: Factors | None = Field(None, description="考核组（或记录）从中选定的调整系数；要给这一行写 id")
    highest_per: str | None = Field(None, description="同一取值只取最高的一条（就高不重复），写字段名")
    cap: TNonNeg | None = Field(None, description="本行最多计多少分")
    reason: Reason | None = Field(None, description="说明，可用 {n} {amount} {required} {actual} {record}")
    recover: str | None = Field(None, description="如何挽回这部分分数的说明")

    @model_validator(mode="after")
    def _shape(self) -> Line:
        modes = [m for m in ("per_record", "shortfall", "count", "when", "tiers", "per_period")
                 if getattr(self, m) is not None]
        if len(modes) != 1:
            raise ValueError("每一行要写且只写 per_record、shortfall、count、when、tiers、per_period 中的一个" +
                             (f"（这里写了 {'、'.join(modes)}）" if modes else ""))
        if self.tiers is not None:
            if self.amount is not None or self.amount_by is not None:
                raise ValueError("分档（tiers）的行在每一档写 amount，不再写整行的 amount")
            if not self.tiers:
                raise ValueError("tiers 至少要有一档")
        elif (self.amount is None) == (self.amount_by is None):
            raise ValueError("要写 amount 或 amount_by 中的一个")
        if self.value is not None and self.tiers is None:
            raise ValueError("value 只能和 tiers 一起用")
        if self.where is not None and self.per_record is None:
            raise ValueError("where 只能和 per_record 一起用")
        if (self.adjust or self.highest_per or self.amount_by or self.factors) and self.per_record is None:
            raise ValueError("adjust、factors、highest_per、amount_by 只能和 per_record 一起用")
        return self


class TierTest(Frozen):
    when: Expr | None = None
    min: TNum | None = Field(None, description="value ≥ min（不低于）")
    above: TNum | None = Field(None, description="value > above（高于）")
    below: TNum | None = Field(None, description="value < below（低于）")
    max: TNum | None = Field(None, description="value ≤ max（不高于）")
    label: str | None = None

    @model_validator(mode="after")
    def _one(self) -> TierTest:
        if sum(x is not None for x in (self.when, self.min, self.above, self.below, self.max)) > 1:
            raise ValueError("每一档写 when、min、above、below、max 中的一个（都不写表示“其余情况”）")
        return self

    @property
    def threshold(self) -> bool:
        return any(x is not None for x in (self.min, self.above, self.below, self.max))


class Tier(TierTest):
    """One tier of a tiered item (A4): first match wins."""

    points: TNum


class LineTier(TierTest):
    """One tier of a tiered deduction or bonus line (8.3): first match wins."""

    amount: TNum = Field(description="这一档扣（或加）多少分")


class Proportional(Frozen):
    target: TNumOrExpr = Field(description="目标值：value ≥ target 得满分，否则按比例")


class Linear(Frozen):
    """Per step below (or above) a target, with a cut-off (A6, A8)."""

    target: TNumOrExpr
    step: TPositive = Field(Decimal(1), description="每差多少算一档，例如 0.01 即 1 个百分点")
    deduct: TPositive = Field(description="每档扣多少分")
    zero_at: TNumOrExpr | None = Field(None, description="低于（或高于）这个值不得分")
    direction: Literal["below", "above"] = Field("below", description="below：低于目标扣分；above：高于目标扣分")
    steps: Steps = Field("prorated", description=_STEPS)


class Criterion(Frozen):
    label: str
    when: Expr


class CountMet(Frozen):
    """Points by the number of criteria met (A3)."""

    of: list[Criterion] = Field(min_length=1)
    points: dict[int, TNum] | None = Field(None, description="符合几项 → 得几分")
    per: TNum | None = Field(None, description="每符合一项得几分")

    @model_validator(mode="after")
    def _one(self) -> CountMet:
        if (self.points is None) == (self.per is None):
            raise ValueError("count_met 要写 points 或 per 中的一个")
        return self


class Rank(Frozen):
    """Points by rank among all units scored together (A9)."""

    order: Literal["desc", "asc"] = Field("desc", description="desc：值越大名次越前")
    points: list[TNum] = Field(min_length=1, description="第 1、2、3 … 名的得分")
    otherwise: TNum = Decimal(0)


class Scaled(Frozen):
    """An imported score scaled into this item (A11)."""

    out_of: TPositive = Field(description="原分数的满分")


class Discretionary(Frozen):
    """A reviewer's deduction or bonus within a range (B6, 8.4), entered in the unit's reviews file: once for the
    item, or once per matching record (``per_record``)."""

    id: Id | None = Field(None, description="范围的编号；一个条目有几个范围时必须写")
    kind: Literal["deduct", "bonus"] = Field("deduct", description="deduct 酌情扣分；bonus 酌情加分")
    min: TNonNeg = Field(description="每次最少")
    max: TPositive = Field(description="每次最多；不按记录时也是几次合计的上限")
    per_record: str | None = Field(None, description="按记录酌定：证据类型")
    where: Expr | None = Field(None, description="per_record 的筛选条件")
    reason: str | None = None

    @model_validator(mode="after")
    def _where(self) -> Discretionary:
        if self.where is not None and self.per_record is None:
            raise ValueError("where 只能和 per_record 一起用")
        return self


OutcomeKind = Literal["commendation", "reward", "flag"]
OUTCOME_WORDS: dict[str, str] = {"commendation": "表彰", "reward": "奖励", "flag": "提请关注"}
"""What each kind of non-point outcome is called on paper."""


class Outcome(Frozen):
    """A non-point outcome (表彰、奖励金额、提请关注): granted when its condition holds; it never changes points."""

    id: Id
    kind: OutcomeKind = Field(description="commendation 表彰；reward 奖励（写 amount 和 unit）；flag 提请领导关注")
    label: str = Field(min_length=1, description="名称，如 无信访村、平安建设奖励、提请县委关注")
    when: Expr = Field(description="条件；可以用 points（本项或总分的得分）、max_points、grade（等次，仅规则文件顶层）")
    amount: TNumOrExpr | None = Field(None, description="奖励金额（kind: reward 时必写），精确数值或表达式")
    unit: str | None = Field(None, description="金额的单位，如 元、万元（kind: reward 时不写为 元）")
    reason: str | None = Field(None, description="说明，显示在结果和报告里")
    reference: str | None = None

    @model_validator(mode="after")
    def _amount(self) -> Outcome:
        if self.kind == "reward" and self.amount is None:
            raise ValueError("kind: reward（奖励）要写 amount（奖励金额），例如 amount: 5000、unit: 元")
        if self.kind != "reward" and (self.amount is not None or self.unit is not None):
            raise ValueError(f"只有 kind: reward（奖励）才写 amount 和 unit；{OUTCOME_WORDS[self.kind]}不带金额")
        return self

    @property
    def word(self) -> str:
        return OUTCOME_WORDS[self.kind]

    @property
    def money_unit(self) -> str | None:
        return (self.unit or "元") if self.kind == "reward" else None


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
    points: TNum = Field(description="分值；按单位类型不同时写成 {类型: 分值}")
    applies_to: list[str] | None = Field(None, description="只适用于这些单位类型（下级都随之不适用）")
    applies_when: Expr | None = Field(None, description="按单位数据判断是否适用，如 grain_area（下级都随之不适用）")
    # how the points are earned: at most one of these (none: full points, less deductions)
    value: NumOrExpr | None = Field(None, description="被考核的数值（档次、比例、线性、等级、排名、折算用）")
    full_marks: bool = Field(False, description="true：满分，只按扣分扣减（未发现问题的得满分）")
    base: TNum | None = Field(None, description="基础分：先加 bonuses、再减 deductions，最后按分值封顶")
    when: Expr | None = Field(None, description="达标条件：成立得满分，否则不得分")
    tiers: list[Tier] | None = None
    proportional: Proportional | None = None
    linear: Linear | None = None
    grade_points: dict[MapKey, TNum] | None = Field(
        None, description="等级（或数值）→ 分值，如 {优: 10, 良: 5} 或名次 {1: 10, 2: 5, 3: 3}")
    count_met: CountMet | None = None
    rank: Rank | None = None
    scaled: Scaled | None = None
    per_period: PerPeriod | None = Field(
        None, description="按期计数得分：每月（季度、半年）至少几次，按达到的期数得分")
    items: list[Node] | None = Field(None, description="类别下的条目")
    criteria: list[Node] | None = Field(None, description="条目下的子项")
    deductions: list[Line] = Field(default_factory=list)
    bonuses: list[Line] = Field(default_factory=list, description="条目内加分：加分后本项仍不超过分值")
    max_deduction: TNonNeg | None = Field(None, description="本项最多扣多少分")
    floor: TNum = Field(Decimal(0), description="最低分；倒扣时写负数，如 -2")
    discretionary: Discretionary | list[Discretionary] | None = Field(
        None, description="考核组酌情扣分（加分）的范围：一个，或几个的列表")
    outcomes: list[Outcome] = Field(default_factory=list,
                                    description="非分值结果：表彰、奖励金额、提请关注（不改变得分）")
    todo: list[str] | None = Field(
        None, description="评分规则尚未写成的细则原文（scoring draft 标出）；写好规则后删去。有 todo 的条目不能评分")

    @property
    def ranges(self) -> list[Discretionary]:
        d = self.discretionary
        return [] if d is None else (d if isinstance(d, list) else [d])

    @property
    def children(self) -> list[Node]:
        return list(self.items or self.criteria or [])

    @property
    def methods(self) -> list[str]:
        """The ways of earning written here (the registered clause kinds, ``scoring.clauses``), then items/criteria."""
        from ..clauses import REGISTRY  # the clauses import these models: looked up when asked

        return REGISTRY.methods(self)


class Section(Frozen):
    """Bonus lines (加分项) or penalty lines outside the items (扣分项)."""

    title: str | None = None
    cap: TNonNeg | None = Field(None, description="合计最多多少分")
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
    min: TNum
    grade: str


class Ranking(Frozen):
    ties: Literal["equal", "dense"] = Field("equal", description="equal：并列同名次，下一名跳过（1,1,3）；dense：1,1,2")
    by: Literal["total", "rate"] = Field(
        "total", description="total：按总分排名；rate：按得分率（总分 ÷ 该单位满分）排名，各单位满分不同时用")
    rate_places: int = Field(2, ge=0, le=6, description="得分率显示为百分数时保留几位小数（排名用精确值）")


class Rulebook(Frozen):
    """One year's rubric."""

    id: Id
    title: str
    issuer: str | None = Field(None, description="发布单位")
    year: int = Field(ge=1900, le=2200)
    period: Period
    total: TNum = Field(description="满分（不含加分）；按单位类型不同时写成 {类型: 分值}")
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
    outcomes: list[Outcome] = Field(default_factory=list,
                                    description="按总分、等次或证据给出的非分值结果：表彰、奖励金额、提请关注")
    _compiled: Any = PrivateAttr(default=None)
    """The plan compiled from exactly this object (``scoring.plan_of``): a cache, trusted only while
    ``_compiled.rulebook is self``, so a ``model_copy`` with other rounding or grades is compiled afresh."""
