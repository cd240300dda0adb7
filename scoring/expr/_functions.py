"""The registered functions: the only calls an expression can make.

Each entry gives the parameter kinds the checker enforces at load, the run-time
implementation, and the one-line doc and example used in docs/expressions.md
(a test checks that every function here is documented there).

Parameter kinds:

``records``  the name of an evidence type (aggregates only, first argument)
``pred``     a condition evaluated on each record of that type (yes/no)
``rnum``     a number computed from each record
``rord``     a number or a date computed from each record
``rany``     any value computed from each record
``num`` / ``date`` / ``ord`` / ``any`` / ``sized``   ordinary values
A trailing ``?`` marks an optional parameter; ``*`` repeats the last kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import _calendar as cal, _runtime as rt

__all__ = ["FUNCTIONS", "PERIODIC", "FunctionSpec"]


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    params: tuple[str, ...]
    impl: Callable[..., Any]
    result: str  # "number" | "bool" | "date" | "same" (type of the first value argument)
    doc: str
    example: str
    keywords: tuple[str, ...] = field(default=())

    @property
    def aggregate(self) -> bool:
        return bool(self.params) and self.params[0] == "records"

    @property
    def signature(self) -> str:
        names = {
            "records": "证据类型", "pred": "条件", "rnum": "数值表达式", "rord": "数值或日期表达式",
            "rany": "表达式", "num": "数值", "date": "日期", "ord": "数值或日期", "any": "值",
            "sized": "列表或文本", "text": "文本", "every": "期间",
        }
        parts = []
        for p in self.params:
            opt = p.endswith("?")
            star = p.endswith("*")
            base = names[p.rstrip("?*")]
            parts.append(f"[{base}]" if opt else (f"{base}, ..." if star else base))
        parts += [f"{k}=默认值" for k in self.keywords]
        return f"{self.name}({', '.join(parts)})"


def _spec(*args: Any, **kw: Any) -> tuple[str, FunctionSpec]:
    s = FunctionSpec(*args, **kw)
    return s.name, s


FUNCTIONS: dict[str, FunctionSpec] = dict(
    [
        # aggregates over the unit's records of one evidence type
        _spec("count", ("records", "pred?"), rt.agg_count, "number",
              "符合条件的记录条数", 'count(activity, kind == "亲子阅读")'),
        _spec("exists", ("records", "pred?"), rt.agg_exists, "bool",
              "是否至少有一条符合条件的记录", 'exists(document, kind == "年度工作计划")'),
        _spec("sum", ("records", "rnum", "pred?"), rt.agg_sum, "number",
              "符合条件的记录的某个数值之和", "sum(subscription, copies)"),
        _spec("avg", ("records", "rnum", "pred?"), rt.agg_avg, "number",
              "平均值；没有记录时用 empty= 给出的值，否则报错", "avg(training, attendees, empty=0)",
              keywords=("empty",)),
        _spec("min_of", ("records", "rord", "pred?"), rt.agg_min_of, "same",
              "最小值（数值或日期）", "min_of(report, submitted_on, empty=date(\"2023-12-31\"))",
              keywords=("empty",)),
        _spec("max_of", ("records", "rord", "pred?"), rt.agg_max_of, "same",
              "最大值（数值或日期）", "max_of(activity, participants, empty=0)", keywords=("empty",)),
        _spec("distinct", ("records", "rany", "pred?"), rt.agg_distinct, "number",
              "不同取值的个数", "distinct(activity, kind)"),
        _spec("periods_met", ("records", "every", "num", "pred?"), rt.agg_periods_met, "number",
              "考核期里有几个月（季度、半年）符合条件的记录不少于给定次数；第二个参数写 \"月\"、\"季度\" 或 \"半年\"",
              'periods_met(activity, "月", 2, kind == "宣讲")'),
        _spec("periods_short", ("records", "every", "num", "pred?"), rt.agg_periods_short, "number",
              "考核期里有几个月（季度、半年）符合条件的记录少于给定次数",
              'periods_short(activity, "季度", 1, kind == "专题研究")'),
        _spec("rate", ("records", "pred", "pred?"), rt.agg_rate, "number",
              "比率 = 满足第一个条件的记录数 ÷ 满足第二个条件（缺省为全部）的记录数，0 到 1 之间",
              "rate(petition, closed, empty=1)", keywords=("empty",)),
        # plain values
        _spec("min", ("ord", "ord*"), rt.f_min, "same", "几个值中最小的", "min(households_visited, households)"),
        _spec("max", ("ord", "ord*"), rt.f_max, "same", "几个值中最大的", "max(0, 3 - count(activity))"),
        _spec("abs", ("num",), rt.f_abs, "number", "绝对值", "abs(rate_change)"),
        _spec("round", ("num", "num?"), rt.f_round, "number", "四舍五入到指定小数位（缺省为整数）", "round(x, 1)"),
        _spec("floor", ("num",), rt.f_floor, "number", "向下取整", "floor(participants / 10)"),
        _spec("ceil", ("num",), rt.f_ceil, "number", "向上取整", "ceil(participants / 10)"),
        _spec("date", ("text",), lambda s: s, "date",
              "日期常量，格式 YYYY-MM-DD", 'submitted_on <= date("2023-07-10")'),
        _spec("days", ("date", "date"), rt.f_days, "number",
              "两个日期相差的天数（后者减前者）", "days(due, submitted_on) > 0"),
        _spec("year", ("date",), rt.f_year, "number", "日期的年份", "year(date) == 2023"),
        _spec("month", ("date",), rt.f_month, "number", "日期的月份", "month(date) <= 6"),
        # calendar (scoring/expr/_calendar.py)
        _spec("quarter", ("date",), cal.quarter, "number", "日期所在的季度（1–4）", "quarter(date) == 2"),
        _spec("add_months", ("date", "num"), cal.add_months, "date",
              "几个月之后（月数为负时是之前）的同一天；那个月没有这一天时取月末：1月31日加1个月是2月28日（闰年29日）",
              "closed_on <= add_months(received_on, 3)"),
        _spec("months_between", ("date", "date"), cal.months_between, "number",
              "从前一个日期到后一个日期的整月数（不足一个月的不算；后者早于前者时为负数）",
              "months_between(received_on, closed_on) < 3"),
        _spec("end_of_month", ("date",), cal.end_of_month, "date", "这个月的最后一天",
              "submitted_on <= end_of_month(due)"),
        _spec("workdays", ("date", "date"), cal.workdays, "number",
              "前一个日期之后、到后一个日期（含）为止的工作日数：只扣除周六、周日，不知道法定节假日和调休",
              "workdays(received_on, replied_on) <= 5"),
        _spec("date_of", ("num", "num", "num"), cal.date_of, "date",
              "由年、月、日组成的日期（都要是整数；没有这一天时报错）", "submitted_on <= date_of(year, 7, 10)"),
        _spec("coalesce", ("any", "any"), rt.f_coalesce, "same",
              "第一个值为空时用第二个值", "coalesce(participants, 0)"),
        _spec("is_blank", ("any",), rt.f_is_blank, "bool", "值是否为空", "is_blank(closed_on)"),
        _spec("len", ("sized",), rt.f_len, "number", "列表的元素个数或文本的字数", "len(tags) >= 2"),
    ]
)

PERIODIC = frozenset({"periods_met", "periods_short"})
"""Aggregates counted per period of the assessment: the checker notes the date field and the period for them."""
