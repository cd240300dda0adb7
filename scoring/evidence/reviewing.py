"""Writing a reviewer's judgement into a unit's ``reviews.yaml``: checked, bound to the record, atomic.

The workbench (and any other program) records a review through two functions::

    from scoring.evidence.reviewing import add_rejection, add_deduction

    add_rejection("evidence/2023/y-zhen", book, record="yz-hd-02", reason="照片与活动不符", reviewer="张三")
    add_deduction("evidence/2023/y-zhen", book, item="legal_aid_visits", deduct=Decimal(1),
                  reason="台账不规范", reviewer="张三", record="yz-fy-01")

Each entry carries its reviewer, the time (ISO 8601, UTC unless given) and ``judged``: the record as the
reviewer saw it (field → text). When the record later changes or disappears, loading the folder reports
the entry (code ``review.stale`` / ``review.unknown-record``) instead of applying it to whatever now has
that id. Comments and order of an existing file are kept; the file is replaced in one step.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from ..compile.plan import plan_of
from ..compile.yaml import load_yaml_text
from ..errors import EvidenceError, ScoringError, did_you_mean
from ..files import write_atomic
from ..location import Location
from ..models.evidence import Record
from ..models.rulebook import Rulebook
from ..values import Frozen, Num, cell_text, decimal_text

__all__ = ["ReviewEntry", "add_deduction", "add_rejection", "record_snapshot", "stale_review",
           "withdraw_review"]

_LOCK = threading.Lock()


class ReviewEntry(Frozen):
    """What :func:`add_rejection` / :func:`add_deduction` wrote, and where."""

    kind: Literal["rejection", "deduction"]
    reason: str
    reviewer: str
    at: str
    record: str | None = None
    item: str | None = None
    deduct: Num | None = None
    judged: dict[str, str] | None = None
    path: str
    line: int = Field(description="the entry's first line in reviews.yaml")


def record_snapshot(record: Record) -> dict[str, str]:
    """The record's filled-in fields as text: what a review is bound to."""
    return {k: cell_text(v) for k, v in record.values.items() if v is not None}


def stale_review(record: Record, judged: dict[str, str], rulebook: Rulebook, at: Location,
                 what: str) -> EvidenceError | None:
    """A located error when ``record`` is no longer what the reviewer judged (``judged``), else None."""
    now = record_snapshot(record)
    if now == judged:
        return None
    fields = rulebook.evidence[record.type].fields
    changes = []
    for k in list(dict.fromkeys([*judged, *now])):
        a, b = judged.get(k), now.get(k)
        if a != b:
            label = fields[k].label or k if k in fields else k
            changes.append(f"{label}：{a if a is not None else '（空）'} → {b if b is not None else '（空）'}")
    return EvidenceError(
        f"{what}的核查意见针对的记录 '{record.id}' 在核查之后改动过：" + "；".join(changes), location=at,
        code="review.stale",
        hint="记录改了，这条意见不会套用到改过的记录上，这个单位在处理之前不能评分。请核查人员重新核查："
             "意见仍然成立就把 judged 下的内容改成记录现在的内容，不成立就删除这条意见")


def _records(folder: Path, rulebook: Rulebook) -> dict[str, Record]:
    from .folder import read_folder
    from .records import check_records

    fi = read_folder(folder, rulebook)
    return {r.id: r for r in check_records(fi.raws, rulebook, [])}


def _review_path(folder: Path) -> Path:
    from .units import REVIEW_FILES

    found = next((folder / n for n in REVIEW_FILES if (folder / n).is_file()), None)
    if found is not None and found.suffix.lower() == ".json":
        raise EvidenceError("reviews.json 不能由程序追加核查意见", location=Location(path=str(found)),
                            code="review.json-file", hint="把它改写成 reviews.yaml（内容相同，YAML 可以加注释）")
    return found or folder / "reviews.yaml"


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One writer at a time: a thread lock, and on POSIX an advisory lock on the folder itself."""
    with _LOCK:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: the thread lock only
            yield
            return
        fd = os.open(folder, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock


def _yaml() -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt", pure=True)
    y.allow_unicode = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    y.representer.add_representer(
        Decimal, lambda r, d: r.represent_int(int(d)) if d == d.to_integral_value()
        else r.represent_scalar("tag:yaml.org,2002:float", decimal_text(d)))
    return y


def _append(folder: Path, key: str, entry: dict[str, Any]) -> tuple[Path, int]:
    path = _review_path(folder)
    y = _yaml()
    text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    if text.strip():
        load_yaml_text(text, str(path))  # the strict reader must accept the file as it is
        data = y.load(text)
    else:
        data = None
    if data is None:
        from ruamel.yaml.comments import CommentedMap

        data = CommentedMap()
    if not isinstance(data, dict):
        raise EvidenceError("reviews.yaml 的顶层要写成 键: 值", location=Location(path=str(path), line=1),
                            code="review.bad-file", hint="顶层写 rejected: 和 deductions: 两个列表")
    rows = data.get(key)
    if rows is None:
        from ruamel.yaml.comments import CommentedSeq

        rows = data[key] = CommentedSeq()
    if not isinstance(rows, list):
        raise EvidenceError(f"reviews.yaml 的 {key} 要写成列表", location=Location(path=str(path)),
                            code="review.bad-file")
    rows.append(entry)
    buf = io.StringIO()
    y.dump(data, buf)
    out = buf.getvalue()
    _, pos = load_yaml_text(out, str(path))  # what we write, we can read back
    line = (pos.get((key, len(rows) - 1)) or Location(path=str(path), line=1)).line or 1
    write_atomic(path, out)
    return path, line


def _stamp(reviewer: str, reason: str, at: _dt.datetime | None) -> str:
    if not reviewer.strip():
        raise EvidenceError("核查意见要写明核查人", code="review.no-reviewer", hint="填写核查人的姓名或单位")
    if not reason.strip():
        raise EvidenceError("核查意见要写明理由", code="review.no-reason", hint="写明不属实或扣分的理由")
    when = at or _dt.datetime.now(_dt.UTC)
    if when.tzinfo is None:
        raise EvidenceError("核查时间要带时区", code="review.bad-time",
                            hint="传入带时区的时间，例如 datetime.now(timezone.utc)")
    return when.replace(microsecond=0).isoformat()


def _known(records: dict[str, Record], record: str, folder: Path) -> Record:
    if record not in records:
        raise EvidenceError(f"记录 '{record}' 不存在（或有错误，没有读入）", location=Location(path=str(folder)),
                            suggestion=did_you_mean(record, records), code="review.unknown-record",
                            hint="写这个单位某条记录的 id；有错误的记录要先改正")
    return records[record]


def add_rejection(folder: str | Path, rulebook: Rulebook, *, record: str, reason: str, reviewer: str,
                  at: _dt.datetime | None = None) -> ReviewEntry:
    """Mark ``record`` as not true (核查不属实) in the unit's reviews.yaml. Raises a located EvidenceError."""
    base = Path(folder)
    stamp = _stamp(reviewer, reason, at)
    with _locked(base):
        rec = _known(_records(base, rulebook), record, base)
        existing = _existing(base)
        if any(isinstance(r, dict) and r.get("record") == record for r in existing.get("rejected") or []):
            raise EvidenceError(f"记录 '{record}' 已经标记为不属实", code="review.duplicate",
                                location=Location(path=str(_review_path(base))),
                                hint="一条记录只标记一次；要改理由请编辑原来那条核查意见")
        judged = record_snapshot(rec)
        entry = {"record": record, "reason": reason, "reviewer": reviewer, "at": stamp, "judged": dict(judged)}
        path, line = _append(base, "rejected", entry)
    return ReviewEntry(kind="rejection", record=record, reason=reason, reviewer=reviewer, at=stamp, judged=judged,
                       path=str(path), line=line)


def add_deduction(folder: str | Path, rulebook: Rulebook, *, item: str, deduct: Decimal | int | str, reason: str,
                  reviewer: str, record: str | None = None, at: _dt.datetime | None = None,
                  range: str | None = None) -> ReviewEntry:
    """A discretionary deduction (酌情扣分) on ``item``, optionally about ``record``; within the item's range.

    ``range`` names the range when the item has several (docs/rule-language.md §8.4); a per-record range needs
    ``record``. The range is the one for the unit's type."""
    from ..values import to_decimal
    from ._reviews import check_amount, find_range

    base = Path(folder)
    stamp = _stamp(reviewer, reason, at)
    try:
        amount = to_decimal(deduct)
    except ValueError as e:
        raise EvidenceError(f"扣分 {deduct!r} 不是数字：{e}", code="review.out-of-range") from None
    plan = plan_of(rulebook).for_type(_unit_type(base, rulebook))
    rng = find_range(plan, item, range, bonus=False)
    check_amount(rng, amount, Decimal(0))
    if rng.rtype is not None and record is None:
        raise EvidenceError(f"酌情范围 '{rng.id}' 按记录酌定，要写明是哪一条记录（record）", code="review.needs-record")
    with _locked(base):
        judged = None
        if record is not None:
            judged = record_snapshot(_known(_records(base, rulebook), record, base))
        so_far = Decimal(0)
        for r in _existing(base).get("deductions") or []:
            if isinstance(r, dict) and r.get("item") == item and (r.get("range") or rng.id) == rng.id:
                try:
                    so_far += to_decimal(r.get("deduct"))
                except ValueError:
                    pass  # the loader reports that entry
        if rng.rtype is None:
            try:
                check_amount(rng, amount, so_far)
            except EvidenceError as e:
                e.location = Location(path=str(_review_path(base)))
                raise
        entry: dict[str, Any] = {"item": item, "deduct": amount, "reason": reason}
        if range is not None:
            entry["range"] = range
        if record is not None:
            entry["record"] = record
        entry |= {"reviewer": reviewer, "at": stamp}
        if judged is not None:
            entry["judged"] = dict(judged)
        path, line = _append(base, "deductions", entry)
    return ReviewEntry(kind="deduction", item=item, deduct=amount, record=record, reason=reason, reviewer=reviewer,
                       at=stamp, judged=judged, path=str(path), line=line)


def _unit_type(folder: Path, rulebook: Rulebook) -> str | None:
    from .folder import read_folder

    data = read_folder(folder, rulebook).unit_data
    kind = data.get("type") if isinstance(data, dict) else None
    return str(kind) if kind is not None else None


def _existing(folder: Path) -> dict[str, Any]:
    path = _review_path(folder)
    if not path.exists():
        return {}
    try:
        data, _ = load_yaml_text(path.read_text(encoding="utf-8-sig"), str(path))
    except ScoringError:
        raise
    return data if isinstance(data, dict) else {}


def withdraw_review(folder: str | Path, *, kind: Literal["rejection", "deduction"], at: str,
                    record: str | None = None, item: str | None = None) -> None:
    """Take back one entry that :func:`add_rejection` / :func:`add_deduction` wrote (the workbench's undo).

    The entry is found by its kind, its time ``at`` and its record (rejection) or item (deduction); the rest of
    the file, comments included, is kept and the file is replaced in one step. Raises a located EvidenceError
    when no such entry is there (e.g. it was edited by hand meanwhile)."""
    base = Path(folder)
    key = "rejected" if kind == "rejection" else "deductions"
    with _locked(base):
        path = _review_path(base)
        text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
        y = _yaml()
        data = y.load(text) if text.strip() else None
        rows = data.get(key) if isinstance(data, dict) else None
        want = {"at": at, **({"record": record} if kind == "rejection" else {"item": item})}
        for i, row in enumerate(rows if isinstance(rows, list) else []):
            if isinstance(row, dict) and all(str(row.get(k)) == str(v) for k, v in want.items()):
                assert isinstance(rows, list)
                del rows[i]
                buf = io.StringIO()
                y.dump(data, buf)
                load_yaml_text(buf.getvalue(), str(path))  # what we write, we can read back
                write_atomic(path, buf.getvalue())
                return
    raise EvidenceError(f"reviews.yaml 里找不到要撤销的核查意见（{record or item}，{at}）",
                        location=Location(path=str(path)), code="review.not-found",
                        hint="这条意见可能已被手工改动或删除；请打开 reviews.yaml 核对")
