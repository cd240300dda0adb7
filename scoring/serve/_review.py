"""Writing the reviewer's decisions into the unit's ``reviews.yaml`` (interim: until the library has it).

The file stays what a person would write by hand (comments kept, round-trip YAML); it is checked by loading
the unit again before it replaces the old one, so a review that would not load is never saved.
"""

from __future__ import annotations

import datetime as _dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import load_evidence
from ..errors import EvidenceError
from ..location import Location
from ..models import EvidenceSet, Rulebook
from ._upload import write_atomic

__all__ = ["deduct", "reject", "withdraw"]

_FILE = "reviews.yaml"


def _yaml() -> Any:
    from ruamel.yaml import YAML

    y = YAML()
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _read(folder: Path) -> Any:
    from ruamel.yaml.comments import CommentedMap

    path = folder / _FILE
    if not path.is_file():
        data = CommentedMap()
        data.yaml_set_start_comment("核查意见（由评分工作台写入；也可以手工编辑）")
        return data
    data = _yaml().load(path.read_text(encoding="utf-8"))
    return data if data is not None else CommentedMap()


def _save(folder: Path, data: Any, book: Rulebook) -> None:
    buf = io.StringIO()
    _yaml().dump(data, buf)
    text = buf.getvalue()
    path = folder / _FILE
    old = path.read_bytes() if path.is_file() else None
    write_atomic(path, text.encode("utf-8"))
    try:
        load_evidence(folder, book)  # what scoring will read next: must still load
    except Exception:
        if old is None:
            path.unlink()
        else:
            write_atomic(path, old)
        raise


def _stamp(who: str) -> str:
    return f"{who}，{_dt.datetime.now().astimezone().isoformat(timespec='seconds')}"


def reject(folder: Path, ev: EvidenceSet, record: str, reason: str, who: str, book: Rulebook) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    where = Location(path=str(folder / _FILE))
    if record not in {r.id for r in ev.records}:
        raise EvidenceError(f"记录“{record}”不存在", location=where)
    if record in {r.record for r in ev.rejections}:
        raise EvidenceError(f"记录“{record}”已经标记为不属实", location=where, hint="要改原因，先撤销原来那条")
    data = _read(folder)
    data.setdefault("reviewer", who)
    seq = data.setdefault("rejected", CommentedSeq())
    entry = CommentedMap([("record", record), ("reason", reason)])
    seq.append(entry)
    entry.yaml_add_eol_comment(_stamp(who), "reason")
    _save(folder, data, book)


def deduct(folder: Path, item: str, points: Decimal, reason: str, who: str, book: Rulebook) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    data = _read(folder)
    data.setdefault("reviewer", who)
    seq = data.setdefault("deductions", CommentedSeq())
    value: Any = int(points) if points == points.to_integral_value() else float(points)
    entry = CommentedMap([("item", item), ("deduct", value), ("reason", reason)])
    seq.append(entry)
    entry.yaml_add_eol_comment(_stamp(who), "reason")
    _save(folder, data, book)


def withdraw(folder: Path, action: str, detail: dict[str, Any], book: Rulebook) -> None:
    """Remove the rejection or deduction an audit entry wrote (undo: the audit log keeps both)."""
    data = _read(folder)
    key = "rejected" if action == "reject" else "deductions"
    seq = data.get(key) or []
    for i, e in enumerate(seq):
        if action == "reject" and e.get("record") == detail["record"] and e.get("reason") == detail["reason"] or \
                action == "deduct" and e.get("item") == detail["item"] and str(e.get("deduct")) == str(
                    _plain(detail["points"])) and e.get("reason") == detail["reason"]:
            del seq[i]
            _save(folder, data, book)
            return
    raise EvidenceError("reviews.yaml 里找不到要撤销的这一条（可能已被手工改动）", location=Location(path=str(folder / _FILE)))


def _plain(points: str) -> Any:
    d = Decimal(points)
    return int(d) if d == d.to_integral_value() else float(d)
