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

from ..compile.plan import Plan, PRange, fixed, plan_of
from ..compile.yaml import Positions
from ..errors import EvidenceError, ScoringError, did_you_mean
from ..location import Location
from ..models.evidence import FactorChoice, Record, Rejection, Review
from ..models.rulebook import Rulebook
from ..values import Frozen, Num, cell_text, decimal_text
from ._factors import FactorIn, read_factors

__all__ = ["ReviewFile", "check_amount", "find_range", "read_reviews"]


class _RejectIn(Frozen):
    record: str
    reason: str
    reviewer: str | None = None
    at: str | None = None
    judged: dict[str, str] | None = None


class _DeductIn(Frozen):
    item: str
    deduct: Num
    reason: str
    range: str | None = None
    record: str | None = None
    reviewer: str | None = None
    at: str | None = None
    judged: dict[str, str] | None = None


class _AddIn(Frozen):
    item: str
    add: Num
    reason: str
    range: str | None = None
    record: str | None = None
    reviewer: str | None = None
    at: str | None = None
    judged: dict[str, str] | None = None


class ReviewFile(Frozen):
    reviewer: str | None = None
    rejected: list[_RejectIn] = Field(default_factory=list)
    deductions: list[_DeductIn] = Field(default_factory=list)
    bonuses: list[_AddIn] = Field(default_factory=list)
    factors: list[FactorIn] = Field(default_factory=list)


def read_reviews(data: Any, pos: Positions, path: str | None, rulebook: Rulebook, unit_type: str | None,
                 records: list[Record], errors: list[ScoringError]
                 ) -> tuple[list[Rejection], list[Review], list[FactorChoice]]:
    if data is None or path is None:
        return [], [], []
    try:
        rf = ReviewFile.model_validate(_plain_review_data(data))
    except ValidationError as e:
        from ..compile import schema_errors  # the messages for a malformed file: imported when one is

        errors += schema_errors.translate(e, data, pos, path, [ReviewFile, _RejectIn, _DeductIn, _AddIn, FactorIn],
                                           EvidenceError)
        return [], [], []
    from .reviewing import stale_review

    by_id = {r.id: r for r in records}
    rejections = []
    for i, r in enumerate(rf.rejected):
        at = pos.get(("rejected", i, "record", "<value>")) or pos.get(("rejected", i)) or Location(path=path)
        if r.record not in by_id:
            errors.append(EvidenceError(f"要标记为不属实的记录 '{r.record}' 不存在", location=at,
                                        suggestion=did_you_mean(r.record, by_id), code="review.unknown-record",
                                        hint="写这个单位某条记录的编号（记录文件里的 id；没写编号的记录按内容自动编号，如 activities-1a2b3c4d，见 scoring score --format json）"))
        elif r.judged is not None:
            stale = stale_review(by_id[r.record], r.judged, rulebook, at, "不属实")
            if stale is not None:
                errors.append(stale)
        rejections.append(Rejection(record=r.record, reason=r.reason, reviewer=r.reviewer or rf.reviewer, at=r.at,
                                    judged=r.judged, source=pos.get(("rejected", i)) or at))
    checker = _Checker(rulebook, unit_type, by_id, pos, path, errors)
    entries: list[tuple[str, int, _DeductIn | _AddIn]] = [("deductions", i, d) for i, d in enumerate(rf.deductions)]
    entries += [("bonuses", i, b) for i, b in enumerate(rf.bonuses)]
    reviews: list[Review] = []
    for key, i, d in entries:
        amount = d.deduct if isinstance(d, _DeductIn) else d.add
        rng = checker.check(key, i, d.item, d.range, d.record, amount)
        if rng is None:
            continue
        if d.record is not None and d.judged is not None:
            stale = stale_review(by_id[d.record], d.judged, rulebook, checker.at((key, i, "record")),
                                 "酌情加分" if key == "bonuses" else "酌情扣分")
            if stale is not None:
                errors.append(stale)
                continue
        reviews.append(Review(item=d.item, reason=d.reason, reviewer=d.reviewer or rf.reviewer, range=rng.id,
                              record=d.record, at=d.at, judged=d.judged, source=pos.get((key, i)) or checker.at((key, i)),
                              **({"deduct": amount} if key == "deductions" else {"add": amount})))
    factors = read_factors(rf.factors, rf.reviewer, checker.plan, by_id, pos, path, errors) if rf.factors else []
    return rejections, reviews, factors


def _plain_review_data(data: Any) -> Any:
    """``judged`` snapshots hold text; YAML may have typed a value (a date, a number): back to its text."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for key in ("rejected", "deductions", "bonuses"):
        rows = out.get(key)
        if isinstance(rows, list):
            out[key] = [{**r, "judged": {str(k): cell_text(v) for k, v in r["judged"].items()}}
                        if isinstance(r, dict) and isinstance(r.get("judged"), dict) else r for r in rows]
    return out


def find_range(plan: Plan, item: str, range_id: str | None, bonus: bool) -> PRange:
    """The discretionary range a reviewer's entry is for; an ``EvidenceError`` (with its code) when there is none.

    Shared by the reviews.yaml loader and :func:`scoring.evidence.reviewing.add_deduction`."""
    word = "加" if bonus else "扣"
    node = plan.by_id.get(item)
    if node is None:
        raise EvidenceError(f"酌情{word}分的条目 '{item}' 不存在", code="review.unknown-item",
                            suggestion=did_you_mean(item, plan.by_id))
    if not node.ranges:
        raise EvidenceError(f"条目 '{item}' 的细则没有酌情扣分或加分（discretionary）", code="review.not-discretionary",
                            hint="只有规则里写了 discretionary 的条目才能酌情扣分或加分")
    names = [r.id for r in node.ranges]
    if range_id is None:
        if len(node.ranges) > 1:
            raise EvidenceError(f"条目 '{item}' 有 {len(names)} 个酌情范围，要用 range 写明是哪一个",
                                code="review.unknown-range", hint="可选：" + "、".join(names))
        rng = node.ranges[0]
    else:
        found = [r for r in node.ranges if r.id == range_id]
        if not found:
            raise EvidenceError(f"条目 '{item}' 没有酌情范围 '{range_id}'", code="review.unknown-range",
                                suggestion=did_you_mean(range_id, names), hint="可选：" + "、".join(names))
        rng = found[0]
    if rng.bonus != bonus:
        right, field = ("bonuses", "add") if rng.bonus else ("deductions", "deduct")
        what = "酌情加分" if rng.bonus else "酌情扣分"
        raise EvidenceError(f"酌情范围 '{rng.id}' 是{what}，要写在 {right} 下（用 {field}:）", code="review.wrong-kind")
    return rng


def check_amount(rng: PRange, amount: Decimal, so_far: Decimal) -> None:
    """``amount`` within the range; with the amounts already entered for it (``so_far``), not beyond its maximum
    (a per-record range is checked record by record, so ``so_far`` is 0 there)."""
    word = "加" if rng.bonus else "扣"
    lo, hi = fixed(rng.spec.min), fixed(rng.spec.max)
    if not lo <= amount <= hi:
        raise EvidenceError(f"酌情{word}分 {decimal_text(amount)} 超出细则允许的范围 {decimal_text(lo)}–{decimal_text(hi)}",
                            code="review.out-of-range", hint=f"{word}分要在 {decimal_text(lo)} 到 {decimal_text(hi)} 之间")
    if rng.rtype is None and so_far + amount > hi:
        raise EvidenceError(f"条目 '{rng.item}' 的酌情{word}分合计 {decimal_text(so_far + amount)} 超出细则允许的上限 "
                            f"{decimal_text(hi)}", code="review.over-limit",
                            hint=f"同一个范围的酌情{word}分合计不超过 {decimal_text(hi)} 分；合并成一条并写明全部理由")


class _Checker:
    def __init__(self, rulebook: Rulebook, unit_type: str | None, records: dict[str, Record], pos: Positions,
                 path: str, errors: list[ScoringError]) -> None:
        self.plan = plan_of(rulebook).for_type(unit_type)
        self.records = records
        self.pos = pos
        self.path = path
        self.errors = errors
        self.so_far: dict[str, Decimal] = {}
        self.decided: set[tuple[str, str]] = set()

    def at(self, where: tuple[Any, ...]) -> Location:
        return (self.pos.get(where + ("<value>",)) or self.pos.get(where) or self.pos.get(where[:2])
                or Location(path=self.path))

    def check(self, key: str, i: int, item: str, range_id: str | None, record: str | None,
              amount: Decimal) -> PRange | None:
        """The range this entry is for, or None (with the problem recorded at its line)."""
        field = "deduct" if key == "deductions" else "add"
        try:
            rng = find_range(self.plan, item, range_id, key == "bonuses")
        except EvidenceError as e:
            e.location = self.at((key, i, "range" if range_id is not None and "range" in e.message else "item"))
            self.errors.append(e)
            return None
        try:
            check_amount(rng, amount, self.so_far.get(rng.id, Decimal(0)))
        except EvidenceError as e:
            e.location = self.at((key, i, field))
            self.errors.append(e)
            return None
        if record is not None and not self.check_record(key, i, rng, record):
            return None
        if rng.rtype is None:
            self.so_far[rng.id] = self.so_far.get(rng.id, Decimal(0)) + amount
        elif record is None:
            self.errors.append(EvidenceError(f"酌情范围 '{rng.id}' 按记录酌定，要用 record 写明是哪一条记录",
                                             location=self.at((key, i, "item")), code="review.needs-record",
                                             hint=f"写这个单位一条 {rng.rtype} 记录的 id"))
            return None
        return rng

    def check_record(self, key: str, i: int, rng: PRange, record: str) -> bool:
        at = self.at((key, i, "record"))
        rec = self.records.get(record)
        if rec is None:
            self.errors.append(EvidenceError(f"酌情扣分（加分）针对的记录 '{record}' 不存在", location=at,
                                             suggestion=did_you_mean(record, self.records), code="review.unknown-record",
                                             hint="写这个单位某条记录的 id，或删掉 record 这一行"))
            return False
        if rng.rtype is None:
            return True  # a note of which record the amount is about
        if rec.type != rng.rtype:
            self.errors.append(EvidenceError(f"记录 '{record}' 是 {rec.type}，酌情范围 '{rng.id}' 只对 {rng.rtype} 记录酌定",
                                             location=at, code="review.wrong-record"))
            return False
        if (rng.id, record) in self.decided:
            self.errors.append(EvidenceError(f"记录 '{record}' 在酌情范围 '{rng.id}' 里已经酌定过一次", location=at,
                                             code="review.decided-twice", hint="同一条记录只酌定一次；合并成一条并写明全部理由"))
            return False
        self.decided.add((rng.id, record))
        return True
