"""What ``scoring draft`` found, as plain data, and the same in Chinese text for the terminal."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["DraftReport", "LeftSentence", "PointsCheck", "RuleSentence", "format_report"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def decimal_text(x: Decimal) -> str:
    text = format(x.normalize(), "f")
    return text


class RuleSentence(Frozen):
    node: str = Field(description="条目 id（加分项、扣分项、一票否决、等次用 bonus、penalties、vetoes、grades）")
    sentence: str
    patterns: list[str] = Field(description="识别出的条款，如 B2 每少一次扣分")
    where: str


class LeftSentence(Frozen):
    node: str
    sentence: str
    where: str
    why: str = Field(description="为什么没有写成规则")


class PointsCheck(Frozen):
    node: str
    title: str
    points: Decimal | None
    children: Decimal | None = Field(description="下一层合计；没有下一层时为空")
    where: str

    @property
    def adds_up(self) -> bool:
        return self.children is None or self.points is None or self.points == self.children


class DraftReport(Frozen):
    source: str
    shape: str = Field(description="numbered 编号段落；table 表格；selfcheck 自检自查报告")
    levels: list[int] = Field(description="每一层的节点数：类别、条目、子项 …")
    points: list[PointsCheck]
    total: Decimal | None = Field(description="文件写明的总分")
    total_of_categories: Decimal
    rules: list[RuleSentence]
    left: list[LeftSentence]
    outside: list[LeftSentence] = Field(description="不属于任何条目、也没有写成规则的文字（前言、说明、没有分值的段落）")
    duplicated_titles: list[list[str]] = Field(description="标题相同的条目 id")
    unit: str | None = Field(None, description="自检报告的单位名称（写入 unit.yaml）")
    claims: int = 0

    @property
    def slips(self) -> list[PointsCheck]:
        return [p for p in self.points if not p.adds_up]


def _n(x: Decimal | None) -> str:
    return "（未写）" if x is None else decimal_text(x)


def format_report(r: DraftReport) -> str:
    names = ["类别", "条目", "子项", "第4层", "第5层", "第6层"]
    shape = {"numbered": "编号段落", "table": "表格", "selfcheck": "自检自查报告"}.get(r.shape, r.shape)
    out = [f"起草自 {r.source}（{shape}）",
           "找到：" + "，".join(f"{names[min(i, 5)]} {n} 个" for i, n in enumerate(r.levels))]
    total_line = f"各类别合计 {_n(r.total_of_categories)} 分"
    if r.total is not None:
        total_line += f"，文件写明总分 {_n(r.total)} 分" + ("" if r.total == r.total_of_categories else "：不一致，请核对")
    out.append(total_line)
    out.append("分值核对：" + ("各层分值都能对上" if not r.slips else f"{len(r.slips)} 处对不上"))
    for p in r.slips:
        out.append(f"  {p.where}：{p.node}「{p.title}」写明 {_n(p.points)} 分，下一层合计 {_n(p.children)} 分")
    out.append(f"写成规则的句子：{len(r.rules)} 句")
    for s in r.rules:
        out.append(f"  {s.node}：「{s.sentence}」→ {'、'.join(s.patterns)}")
    out.append(f"留给编辑的句子（规则文件里标为 todo，scoring check 会报错，直到写好）：{len(r.left)} 句")
    for x in r.left:
        out.append(f"  {x.where}：{x.node}：「{x.sentence}」（{x.why}）")
    if r.outside:
        out.append(f"不属于任何条目的文字（没有写入规则，请看一遍是否有评分内容）：{len(r.outside)} 段")
        for x in r.outside:
            out.append(f"  {x.where}：「{x.sentence}」（{x.why}）")
    if r.duplicated_titles:
        out.append("标题相同的条目（原文可能有笔误）：")
        for ids in r.duplicated_titles:
            out.append("  " + "、".join(ids))
    if r.unit is not None:
        out.append(f"自评分：{r.unit} 共 {r.claims} 项")
    return "\n".join(out) + "\n"
