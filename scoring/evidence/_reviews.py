"""A unit's reviews.yaml: records the reviewer rejected (D4) and discretionary amounts (B6, 8.4), each checked.

Every discretionary amount names its item and, when the item has several ranges, the range; a per-record range also
names the record. The amount must lie in its range (for the unit's type), a range not per record may not add up
beyond its maximum, a per-record range takes one decision per record, a bonus range is entered under ``bonuses``
(``add:``) and a deduction range under ``deductions`` (``deduct:``). Problems are located in reviews.yaml.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field, ValidationError

from .. import _schema_errors
from .._loader import plan_of
from .._plan import PRange, fixed
from .._yaml import Positions
from ..errors import EvidenceError, ScoringError, did_you_mean
from ..models._common import Frozen, Num, decimal_text
from ..models.evidence import Record, Rejection, Review
from ..models.rulebook import Rulebook

__all__ = ["ReviewFile", "read_reviews"]


class _RejectIn(Frozen):
    record: str
    reason: str


class _DeductIn(Frozen):
    item: str
    deduct: Num
    reason: str
    range: str | None = None
    record: str | None = None


class _AddIn(Frozen):
    item: str
    add: Num
    reason: str
    range: str | None = None
    record: str | None = None


class ReviewFile(Frozen):
    reviewer: str | None = None
    rejected: list[_RejectIn] = Field(default_factory=list)
    deductions: list[_DeductIn] = Field(default_factory=list)
    bonuses: list[_AddIn] = Field(default_factory=list)


def read_reviews(data: Any, pos: Positions, path: str | None, rulebook: Rulebook, unit_type: str | None,
                 records: list[Record], errors: list[ScoringError]) -> tuple[list[Rejection], list[Review]]:
    if data is None or path is None:
        return [], []
    try:
        rf = ReviewFile.model_validate(data)
    except ValidationError as e:
        errors += _schema_errors.translate(e, data, pos, path, [ReviewFile, _RejectIn, _DeductIn, _AddIn],
                                           EvidenceError)
        return [], []
    ids = {r.id for r in records}
    rejections = []
    for i, r in enumerate(rf.rejected):
        if r.record not in ids:
            errors.append(EvidenceError(f"要标记为不属实的记录 '{r.record}' 不存在",
                                        location=pos.get(("rejected", i, "record", "<value>")),
                                        suggestion=did_you_mean(r.record, ids),
                                        hint="写这个单位某条记录的 id（记录文件里的 id，或自动编号如 activities-3）"))
        rejections.append(Rejection(record=r.record, reason=r.reason, reviewer=rf.reviewer))
    checker = _Checker(rulebook, unit_type, {r.id: r for r in records}, pos, errors)
    reviews: list[Review] = []
    entries: list[tuple[str, int, _DeductIn | _AddIn]] = [("deductions", i, d) for i, d in enumerate(rf.deductions)]
    entries += [("bonuses", i, b) for i, b in enumerate(rf.bonuses)]
    for key, i, d in entries:
        amount = d.deduct if isinstance(d, _DeductIn) else d.add
        rng = checker.check(key, i, d.item, d.range, d.record, amount)
        if rng is not None:
            reviews.append(Review(item=d.item, reason=d.reason, reviewer=rf.reviewer, range=rng.id, record=d.record,
                                  **({"deduct": amount} if key == "deductions" else {"add": amount})))
    return rejections, reviews


class _Checker:
    def __init__(self, rulebook: Rulebook, unit_type: str | None, records: dict[str, Record], pos: Positions,
                 errors: list[ScoringError]) -> None:
        self.plan = plan_of(rulebook).for_type(unit_type)
        self.records = records
        self.pos = pos
        self.errors = errors
        self.so_far: dict[str, Decimal] = {}
        self.decided: set[tuple[str, str]] = set()

    def fail(self, msg: str, at: tuple[Any, ...], **kw: Any) -> None:
        loc = self.pos.get(at + ("<value>",)) or self.pos.get(at) or self.pos.get(at[:2])
        self.errors.append(EvidenceError(msg, location=loc, **kw))

    def check(self, key: str, i: int, item: str, range_id: str | None, record: str | None,
              amount: Decimal) -> PRange | None:
        """The range this entry is for, or None (with the problem recorded)."""
        word = "加" if key == "bonuses" else "扣"
        node = self.plan.by_id.get(item)
        if node is None:
            self.fail(f"酌情{word}分的条目 '{item}' 不存在", (key, i, "item"), suggestion=did_you_mean(item, self.plan.by_id))
            return None
        if not node.ranges:
            self.fail(f"条目 '{item}' 的细则没有酌情扣分或加分（discretionary）", (key, i, "item"),
                      hint="只有规则里写了 discretionary 的条目才能酌情扣分或加分")
            return None
        names = [r.id for r in node.ranges]
        if range_id is None:
            if len(node.ranges) > 1:
                self.fail(f"条目 '{item}' 有 {len(names)} 个酌情范围，要用 range 写明是哪一个", (key, i, "item"),
                          hint="可选：" + "、".join(names))
                return None
            rng = node.ranges[0]
        else:
            found = [r for r in node.ranges if r.id == range_id]
            if not found:
                self.fail(f"条目 '{item}' 没有酌情范围 '{range_id}'", (key, i, "range"),
                          suggestion=did_you_mean(range_id, names), hint="可选：" + "、".join(names))
                return None
            rng = found[0]
        if rng.bonus != (key == "bonuses"):
            right, field = ("bonuses", "add") if rng.bonus else ("deductions", "deduct")
            what = "酌情加分" if rng.bonus else "酌情扣分"
            self.fail(f"酌情范围 '{rng.id}' 是{what}，要写在 {right} 下（用 {field}:）", (key, i, "item"))
            return None
        lo, hi = fixed(rng.spec.min), fixed(rng.spec.max)
        span = f"{decimal_text(lo)}–{decimal_text(hi)}"
        if not lo <= amount <= hi:
            self.fail(f"酌情{word}分 {decimal_text(amount)} 超出细则允许的范围 {span}",
                      (key, i, "deduct" if key == "deductions" else "add"),
                      hint=f"{word}分要在 {decimal_text(lo)} 到 {decimal_text(hi)} 之间")
            return None
        if rng.rtype is None:
            if record is not None:
                self.fail(f"酌情范围 '{rng.id}' 不按记录酌定，不写 record", (key, i, "record"))
                return None
            total = self.so_far.get(rng.id, Decimal(0)) + amount
            if total > hi:
                self.fail(f"条目 '{item}' 的酌情{word}分合计 {decimal_text(total)} 超出细则允许的上限 {decimal_text(hi)}",
                          (key, i, "deduct" if key == "deductions" else "add"),
                          hint=f"同一个范围的酌情{word}分合计不超过 {decimal_text(hi)} 分；合并成一条并写明全部理由")
                return None
            self.so_far[rng.id] = total
            return rng
        return rng if self.check_record(key, i, rng, record) else None

    def check_record(self, key: str, i: int, rng: PRange, record: str | None) -> bool:
        if record is None:
            self.fail(f"酌情范围 '{rng.id}' 按记录酌定，要用 record 写明是哪一条记录", (key, i, "item"),
                      hint=f"写这个单位一条 {rng.rtype} 记录的 id")
            return False
        rec = self.records.get(record)
        if rec is None:
            self.fail(f"记录 '{record}' 不存在", (key, i, "record"), suggestion=did_you_mean(record, self.records),
                      hint="写这个单位某条记录的 id（记录文件里的 id，或自动编号如 incidents-2）")
            return False
        if rec.type != rng.rtype:
            self.fail(f"记录 '{record}' 是 {rec.type}，酌情范围 '{rng.id}' 只对 {rng.rtype} 记录酌定", (key, i, "record"))
            return False
        if (rng.id, record) in self.decided:
            self.fail(f"记录 '{record}' 在酌情范围 '{rng.id}' 里已经酌定过一次", (key, i, "record"),
                      hint="同一条记录只酌定一次；合并成一条并写明全部理由")
            return False
        self.decided.add((rng.id, record))
        return True


