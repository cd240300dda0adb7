"""What a phrase pattern sees and produces: the node it is in, draft names, fragments of rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ._outline import norm

__all__ = ["Ctx", "Decls", "Found", "cn_numbers", "dec", "pct"]

_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_RUN = re.compile(r"([一二两三四五六七八九十]{1,3})(?=(?:个|次|场|项|条|名|人|起|例|份|篇|期|件|户|家|天|种|批|处|宗|分))")


def _cn_value(run: str) -> int | None:
    if "十" in run:
        head, _, tail = run.partition("十")
        tens = _CN.get(head, 1) if head else 1
        ones = _CN.get(tail, 0) if tail else 0
        return tens * 10 + ones if (not head or head in _CN) and (not tail or tail in _CN) else None
    return _CN.get(run) if len(run) == 1 else None


def cn_numbers(text: str) -> str:
    """``norm`` plus Chinese numerals before a measure word as digits (每少一次 → 每少1次), same length kept
    where possible is not needed: patterns only read the normalised text."""

    def sub(m: re.Match[str]) -> str:
        v = _cn_value(m.group(1))
        return str(v) if v is not None else m.group(1)

    return _CN_RUN.sub(sub, norm(text)).replace("−", "-")


def dec(text: str) -> Decimal:
    return Decimal(text)


def pct(text: str) -> str:
    """A percentage as the rule language writes it: ``95%``."""
    return f"{Decimal(text).normalize():f}%"


@dataclass
class Decls:
    """Draft evidence types and unit facts the recognised rules need, for the editor to rename."""

    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Ctx:
    nid: str
    title: str
    points: Decimal | None
    text: str
    year: int
    section: str  # item | bonus | penalty | veto | grades | other
    decls: Decls
    sentences: list[str] = field(default_factory=list)

    def rec(self, *, level: list[str] | None = None, project: bool = False, due: bool = False,
            kind: list[str] | None = None, name: str | None = None) -> str:
        """The node's draft evidence type, declared with the fields asked for."""
        rname = name or f"{self.nid}_rec"
        spec = self.decls.evidence.setdefault(rname, {
            "label": f"{self.title}（草稿，请改名）", "date": "date",
            "fields": {"date": {"type": "date", "label": "日期"}}})
        fields = spec["fields"]
        if level:
            old = fields.get("level", {}).get("values", [])
            fields["level"] = {"type": "enum", "values": old + [x for x in level if x not in old], "label": "级别"}
        if project:
            fields["project"] = {"type": "text", "label": "项目"}
        if due:
            fields["due"] = {"type": "date", "label": "截止日期"}
        if kind:
            old = fields.get("kind", {}).get("values", [])
            fields["kind"] = {"type": "enum", "values": old + [x for x in kind if x not in old], "label": "类别"}
            fields.setdefault("summary", {"type": "text", "label": "概况", "required": False})
        return rname

    def fact(self, suffix: str, type_: str, label: str, values: list[str] | None = None) -> str:
        name = f"{self.nid}_{suffix}"
        spec: dict[str, Any] = {"type": type_, "label": label}
        if values:
            spec["values"] = values
        self.decls.facts[name] = spec
        return name


@dataclass
class Found:
    """One recognised phrase: where it stands in the sentence and the rule fragment it makes."""

    span: tuple[int, int]
    kind: str  # earn | deduct | node | note | bonus | penalty | cap | veto | grades
    data: Any
    covers: list[str] = field(default_factory=list)
    """Other sentences of the node this fragment used up (the criteria listed before a count_met)."""
