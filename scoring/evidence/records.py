"""Raw records → checked records, for one evidence set: the one home of a record's checking.

Every reader hands its rows here, as ``RawRecord`` (what a sheet or a YAML file held, with where each value came
from) or, for plain data (``evidence_from_dict``), as the rows themselves. A plain row of the common shape (an
``id`` that is text, only the type's own field names, every value in a form the per-field converters of
``_fast`` take, or ``coerce_value`` takes without complaint) becomes a record straight away; any other row goes
the general route below, with its labels, its located messages and its automatic id. Both routes give the same
record (tests/evidence/test_records.py), so the fast one is only ever a shortcut.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import EvidenceError, ScoringError, did_you_mean
from ..location import Location
from ..models.build import builder
from ..models.evidence import Record
from ..models.rulebook import Rulebook
from ..values import cell_text
from ._fast import SLOW, field_converters
from ._hant import match_label
from .coerce import RawRecord, coerce_value
from .readers.yaml import RESERVED, charged_text

__all__ = ["RecordChecker", "check_records", "plain_raw"]


def check_records(raws: list[RawRecord], rulebook: Rulebook, errors: list[ScoringError]) -> list[Record]:
    """The records of ``raws``, checked in order; problems appended to ``errors``."""
    checker = RecordChecker(rulebook, errors, {r.id for r in raws if r.id is not None})
    for raw in raws:
        checker.raw(raw)
    return checker.out


class RecordChecker:
    """Checks one evidence set's records in order; ``out`` the records, problems appended to ``errors``.

    ``given_ids``: every id written in the set, so that automatic ids steer clear of them."""

    def __init__(self, rulebook: Rulebook, errors: list[ScoringError], given_ids: set[Any]) -> None:
        self.rulebook = rulebook
        self.errors = errors
        self.given_ids = given_ids
        self.out: list[Record] = []
        self.seen: dict[str, Location] = {}
        self.labels = {t: {spec.label: name for name, spec in et.fields.items() if spec.label}
                       for t, et in rulebook.evidence.items()}
        self.converters = field_converters(rulebook)
        # the keys a plain row of a type may have for the shortcut: its fields and the id (none when a field
        # is itself named like a reserved key: the general route decides what such a row means)
        self.plain_keys = {t: None if set(et.fields) & set(RESERVED) else frozenset(et.fields) | {"id"}
                           for t, et in rulebook.evidence.items()}

    def plain(self, tname: str, rows: list[Any], where: str) -> None:
        """Rows of plain data of the known type ``tname``; row ``i`` is found at ``{where}[{i}]``."""
        keys = self.plain_keys[tname]
        converters = self.converters[tname]
        seen, keep, errors = self.seen, self.out.append, self.errors
        for i, row in enumerate(rows):
            path = f"{where}[{i}]"
            if type(row) is not dict:
                errors.append(EvidenceError(f"records.{tname} 的第 {i + 1} 条不是一组“字段: 值”", location=location(path),
                                            hint="每条记录写成 {\"字段\": 值, …}"))
                continue
            source = location(path)
            rid = row.get("id")
            if keys is not None and type(rid) is str and rid not in seen and row.keys() <= keys:
                values: dict[str, Any] = {}
                for name, spec, conv in converters:
                    v = row.get(name)
                    x = conv(v)
                    if x is SLOW:
                        try:
                            x = coerce_value(v, spec, name, source)
                        except EvidenceError:  # said by the general route, in its words
                            break
                    values[name] = x
                else:
                    seen[rid] = source
                    keep(_RECORD(id=rid, type=tname, values=values, source=source, rejected=None, attachments=[],
                                 charged_to=None))
                    continue
            self.raw(plain_raw(tname, row, source))

    def raw(self, raw: RawRecord) -> None:
        """A record as a reader found it: its labels mapped, every value checked, its id given or made."""
        fields = self.rulebook.evidence[raw.type].fields
        labels = self.labels[raw.type]
        values: dict[str, Any] = {}
        ok = True
        given: dict[str, Any] = raw.values  # field name → the raw value
        written: dict[str, Any] = {}  # field name → the key as written, where it is a label
        if not raw.values.keys() <= fields.keys():  # labels (as people write them) or unknown keys: map them
            given = {}
            for key, v in raw.values.items():
                name = key if key in fields else labels.get(str(key).strip())
                if name is None:  # a label in traditional characters, when it maps to exactly one label
                    name = labels.get(match_label(str(key), labels) or "")
                if name is None:
                    loc = raw.key_locs.get(key, raw.field_locs.get(key, raw.source))
                    self.errors.append(EvidenceError(f"证据类型 '{raw.type}' 没有字段 '{key}'", location=loc, name=str(key),
                                                suggestion=did_you_mean(str(key), list(fields) + list(labels)),
                                                hint="字段：" + "、".join(f"{n}（{s.label}）" if s.label else n
                                                                         for n, s in fields.items())))
                    ok = False
                    continue
                given[name] = v
                written[name] = key
        for name, spec, conv in self.converters[raw.type]:
            if name in raw.unread:  # its column is missing: said once, at the sheet's header
                ok = False
                continue
            v = given.get(name)
            x = conv(v)
            if x is SLOW:  # anything but the common forms: the one general route, with its located messages
                present = name in given
                loc = raw.field_locs.get(written.get(name, name), raw.source)
                try:
                    x = coerce_value(v, spec, name, loc)
                except EvidenceError as e:
                    if not present and spec.required:
                        kind = self.rulebook.evidence[raw.type].label or raw.type
                        e.message = f"{kind}记录缺少必填字段“{spec.label or name}”（{name}）"
                    self.errors.append(e)
                    ok = False
                    continue
            values[name] = x
        if raw.charged_to is not None and not self.rulebook.evidence[raw.type].charged_to:
            kind = self.rulebook.evidence[raw.type].label or raw.type
            self.errors.append(EvidenceError(
                f"{kind}记录写了计入单位 '{raw.charged_to}'，但规则文件没有允许{kind}计入其他单位",
                location=raw.field_locs.get("charged_to", raw.source), code="evidence.charged-not-allowed",
                hint=f"删掉“计入单位”这一项（记录计入本单位）；确需计入其他单位时，由县里在规则文件的证据类型 "
                     f"{raw.type} 下写 charged_to: true"))
            ok = False
        rid = raw.id
        if rid is None:  # derived from the content, never from the position (docs/township-guide.md, 编号)
            base = _auto_id(raw, values)
            rid, n = base, 1
            while rid in self.seen or rid in self.given_ids:  # the same content twice: -2, -3 in their own order
                n += 1
                rid = f"{base}-{n}"
        if rid in self.seen:
            self.errors.append(EvidenceError(f"记录编号 '{rid}' 重复（第一次出现在 {self.seen[rid]}）", location=raw.source,
                                        code="evidence.duplicate-id",
                                        hint="每条记录的编号要不同；不写编号时按内容自动编号"))
            ok = False
        self.seen.setdefault(rid, raw.source)
        if ok:
            self.out.append(_record(rid, raw, values))


def plain_raw(tname: str, row: dict[str, Any], source: Location) -> RawRecord:
    """A row of plain data as the general route reads it (an id written as a number is its text, as in YAML)."""
    return RawRecord(type=tname, values={k: v for k, v in row.items() if k not in RESERVED}, source=source,
                     id=None if row.get("id") is None else str(row["id"]), rejected=row.get("rejected"), attachments=list(row.get("attachments") or []),
                     charged_to=charged_text(row.get("charged_to")))


_RECORD = builder(Record)
_LOCATION = builder(Location)


def location(path: str) -> Location:
    """``Location(path=path)``, built without validating it (the path is text the checker made)."""
    return _LOCATION(path=path)


def _record(rid: Any, raw: RawRecord, values: dict[str, Any]) -> Record:
    """A checked record. Its values were checked field by field just now; the rest of its shape is checked
    here by type, and only input of another shape (an id that is not text …) goes through validation."""
    if (type(rid) is str and (raw.rejected is None or type(raw.rejected) is str)
            and type(raw.attachments) is list and all(type(a) is str for a in raw.attachments)
            and (raw.charged_to is None or type(raw.charged_to) is str) and isinstance(raw.source, Location)):
        return _RECORD(id=rid, type=raw.type, values=values, source=raw.source, rejected=raw.rejected,
                       attachments=raw.attachments, charged_to=raw.charged_to)
    return Record(id=rid, type=raw.type, values=values, source=raw.source, rejected=raw.rejected,
                  attachments=raw.attachments, charged_to=raw.charged_to)


def _auto_id(raw: RawRecord, values: dict[str, Any]) -> str:
    """``<file stem>-<8 hex digits>`` (``<type>-…`` for plain data): a digest of the record's type and filled-in
    values, so that adding, removing or moving other rows never changes it; editing the record does."""
    import hashlib
    import json

    content: list[object] = [raw.type, sorted((k, cell_text(v)) for k, v in values.items() if v is not None)]
    if raw.charged_to is not None:  # part of the content; absent, ids stay what they were before 计入单位 existed
        content.append(["#charged_to", raw.charged_to])
    canon = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(canon.encode("utf-8")).hexdigest()[:8]
    prefix = raw.type if "#" in raw.source.path else Path(raw.source.path).stem
    return f"{prefix}-{digest}"
