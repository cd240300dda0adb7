"""A small rulebook to test one clause at a time: one category, the item under test, inline evidence."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from typing import Any

import scoring

BASE = """\
id: t
title: 测试细则
year: 2023
period: {start: 2023-01-01, end: 2023-12-31}
total: 100
rounding: {places: 2, mode: half_up}
unit_types: [乡, 镇]
facts:
  rate_now: {type: decimal, required: false, default: 0}
  base_rate: {type: decimal, required: false, default: 0}
  grade: {type: enum, values: [优, 良, 中, 差], required: false, default: 中}
  imported: {type: decimal, required: false, default: 0}
evidence:
  act:
    date: date
    fields:
      date: {type: date}
      kind: {type: enum, values: [宣讲, 培训, 慰问, 阅读, 事件]}
      n: {type: int, required: false, default: 0}
      reminded: {type: bool, default: false}
      repeat: {type: bool, default: false}
      solved: {type: bool, default: false}
      force_majeure: {type: bool, default: false}
      level: {type: enum, values: [镇, 县, 市, 省], default: 县}
      project: {type: text, default: 无}
  talent:
    date: date
    valid_years: 5
    fields:
      date: {type: date}
      name: {type: text}
categories:
  - id: c
    title: 类别
    points: {cat_points}
    items:
{items}
{extra}
"""


def rulebook_text(items: str, extra: str = "", cat_points: int | str = 100) -> str:
    return (BASE.replace("{items}", textwrap.indent(textwrap.dedent(items).strip("\n"), " " * 6))
            .replace("{extra}", textwrap.dedent(extra)).replace("{cat_points}", str(cat_points)))


def book(items: str, extra: str = "", cat_points: int | str = 100) -> scoring.Rulebook:
    return scoring.parse_rulebook(rulebook_text(items, extra, cat_points), "t.yaml")


def act(kind: str, date: str = "2023-05-01", **kw: Any) -> dict[str, Any]:
    return {"date": date, "kind": kind, **kw}


def evidence(b: scoring.Rulebook, acts: list[dict[str, Any]] | None = None, *, unit_type: str = "乡",
             facts: dict[str, Any] | None = None, talents: list[dict[str, Any]] | None = None,
             reviews: dict[str, Any] | None = None, claims: dict[str, Any] | None = None,
             uid: str = "u") -> scoring.EvidenceSet:
    data: dict[str, Any] = {
        "unit": {"id": uid, "name": uid, "type": unit_type, "facts": facts or {}, "claims": claims or {}},
        "records": {"act": [dict(a, id=a.get("id", f"a{i + 1}")) for i, a in enumerate(acts or [])],
                    "talent": [dict(t, id=t.get("id", f"t{i + 1}")) for i, t in enumerate(talents or [])]},
    }
    if reviews:
        data["reviews"] = reviews
    return scoring.evidence_from_dict(data, b)


def run(items: str, acts: list[dict[str, Any]] | None = None, extra: str = "", **kw: Any) -> scoring.ScoreResult:
    b = book(items, extra, kw.pop("cat_points", 100))
    r = scoring.score(b, evidence(b, acts, **kw))
    assert r.ledger_sum() == r.total, "the ledger must always sum to the total"
    return r


def pts(r: scoring.ScoreResult, node: str) -> Decimal:
    return r.item(node).points


def D(x: str | int) -> Decimal:
    return Decimal(str(x))
