"""An evidence folder → an ``EvidenceSet``, checked against a rulebook.

A folder holds ``unit.yaml`` (who the unit is, its facts and its self-assessment),
any number of record files, and optionally ``reviews.yaml`` (the county reviewer's
rejections and discretionary deductions). Every problem is collected and
reported with its file and line; nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from ..collector import batch_gc
from ..compile.plan import plan_of
from ..compile.yaml import Positions, load_yaml_file
from ..errors import ErrorGroup, EvidenceError, ScoringError, YamlError, did_you_mean
from ..limits import MAX_RECORDS
from ..location import Location
from ..models.evidence import Claim, EvidenceSet, Unit
from ..models.rulebook import Rulebook
from ..values import Frozen, Num
from ._reviews import read_reviews
from .coerce import RawRecord, coerce_value
from .readers import READERS, UNIT_FINDERS, Reader, UnitFinder
from .readers.yaml import EvidenceYamlError, read_yaml_records
from .records import RecordChecker, check_records
from .survey import Entry, survey, unread_files
from .units import UNIT_FILES

__all__ = ["READERS", "UNIT_FINDERS", "EvidenceErrors", "FolderInput", "Reader", "UnitFile", "UnitFinder",
           "build_evidence", "evidence_from_dict", "load_evidence", "read_folder", "read_yaml_records"]



class EvidenceErrors(ErrorGroup, EvidenceError):
    """Several problems in one evidence folder."""


class _ClaimIn(Frozen):
    points: Num
    reason: str | None = None
    measure: str | None = None


class UnitFile(Frozen):
    id: str
    name: str
    type: str | None = None
    facts: dict[str, Any] = Field(default_factory=dict)
    claims: dict[str, Num | _ClaimIn] = Field(default_factory=dict)
    note: str | None = None


@dataclass
class FolderInput:
    """Everything read from an evidence folder, before it is checked (see ``read_folder``)."""

    folder: Path
    unit_data: Any
    unit_pos: Positions
    unit_path: str
    review_data: Any
    review_pos: Positions
    review_path: str | None
    raws: list[RawRecord]
    errors: list[ScoringError]
    files: list[Path]
    entries: list[Entry] = field(default_factory=list)
    """Every entry of the folder and what was done with it (read, listed, refused): see ``survey``."""


def read_folder(path: str | Path, rulebook: Rulebook, *, readers: Mapping[str, Reader] | None = None) -> FolderInput:
    """Read every file of an evidence folder, collecting problems instead of raising (except a missing folder/unit)."""
    folder = Path(path)
    if not folder.is_dir():
        raise EvidenceError(f"找不到证据文件夹 '{folder}'", location=Location(path=str(folder)),
                            hint="写一个包含 unit.yaml 的文件夹，例如 evidence/2023/x-xiang")
    readers = READERS if readers is None else readers
    entries, errors = survey(folder, readers)  # nothing opened yet: special files and links refused first
    refused_unit = [e for e in errors if e.location and Path(e.location.path).name in UNIT_FILES]
    if refused_unit:
        raise refused_unit[0]
    unit_path = next((e.path for e in entries if e.kind == "unit"), None)
    found = [u for u in (f(folder, errors) for f in UNIT_FINDERS) if u is not None]
    if unit_path is None and not found:
        raise EvidenceError("证据文件夹里没有 unit.yaml，也没有填好封面的 Excel 模板", location=Location(path=str(folder)),
                            hint="每个单位的文件夹都要有 unit.yaml（写明 id、name、type 和自评分 claims），"
                                 "或者一个填好“封面”工作表的 Excel 模板（scoring template 生成）")
    if unit_path is not None:
        unit_data, unit_pos = _load(unit_path, errors)
        unit_name = str(unit_path)
        for _, _, other in found:
            errors.append(EvidenceError(f"单位信息写了两处：{unit_path.name} 和 {Path(other).name}", location=Location(path=other),
                                        hint="只保留一处：删除 unit.yaml，或清空 Excel 封面上的单位信息和自评分"))
    else:
        unit_data, unit_pos, unit_name = found[0]
    review_path = next((e.path for e in entries if e.kind == "reviews"), None)
    review_data, review_pos = _load(review_path, errors, allow_empty=True) if review_path else (None, {})
    raws: list[RawRecord] = []
    files: list[Path] = []
    for entry in entries:
        if entry.kind != "records":
            continue
        f = entry.path
        reader = readers[f.suffix.lower()]
        files.append(f)
        try:
            recs, errs = reader(f, rulebook)
        except ScoringError as e:
            errors.append(e)
            continue
        raws += recs
        errors += errs
        if len(raws) > MAX_RECORDS:
            errors.append(EvidenceError(f"记录太多（超过 {MAX_RECORDS} 条），其余的文件没有读取", location=Location(path=str(f)),
                                        code="input.too-many-records", hint="一个单位一年的证据用不到这么多条；检查是不是放错了文件"))
            break
    errors += unread_files(entries, [a for r in raws for a in r.attachments])
    return FolderInput(folder, unit_data, unit_pos, unit_name, review_data, review_pos,
                       str(review_path) if review_path else None, raws, errors, files, entries)


def load_evidence(path: str | Path, rulebook: Rulebook, *, readers: Mapping[str, Reader] | None = None) -> EvidenceSet:
    """Read an evidence folder. Raises ``EvidenceError`` / ``EvidenceErrors`` listing every problem.

    ``readers`` replaces the ``READERS`` registry (e.g. a CSV reader with a stated encoding).
    The collector is managed meanwhile (``scoring.collector``): reading is allocation after allocation."""
    with batch_gc():
        fi = read_folder(path, rulebook, readers=readers)
        return build_evidence(fi.unit_data, fi.unit_pos, fi.unit_path, fi.raws, fi.review_data, fi.review_pos,
                              fi.review_path, rulebook, str(fi.folder), fi.errors)


def _load(path: Path | None, errors: list[ScoringError], allow_empty: bool = False) -> tuple[Any, Positions]:
    if path is None:
        return None, {}
    try:
        return load_yaml_file(path, EvidenceYamlError, allow_empty=allow_empty)
    except ScoringError as e:
        errors.append(e)
        return None, {}


def evidence_from_dict(data: dict[str, Any], rulebook: Rulebook, name: str = "<dict>") -> EvidenceSet:
    """Evidence from plain data: ``{"unit": {...}, "records": {type: [...]}, "reviews": {...}}``.

    The collector is managed meanwhile (``scoring.collector``): a program that checks many units and keeps
    them does not pay for walking the ones it already holds each time."""
    with batch_gc():
        return _from_dict(data, rulebook, name)


def _from_dict(data: dict[str, Any], rulebook: Rulebook, name: str) -> EvidenceSet:
    errors: list[ScoringError] = []
    given = data.get("records") or {}
    checker = RecordChecker(rulebook, errors, {str(row["id"]) for rows in given.values() if isinstance(rows, list)
                                               for row in rows if isinstance(row, dict) and row.get("id") is not None})
    for tname, rows in given.items():
        if tname not in rulebook.evidence:
            errors.append(EvidenceError(f"未知的证据类型 '{tname}'", location=Location(path=f"{name}#records.{tname}"),
                                        suggestion=did_you_mean(tname, rulebook.evidence)))
            continue
        if not isinstance(rows, list):
            errors.append(EvidenceError(f"records.{tname} 应当是记录的列表", location=Location(path=f"{name}#records.{tname}"),
                                        hint="每条记录是一组“字段: 值”，例如 [{\"id\": \"a1\", …}]"))
            continue
        checker.plain(tname, rows, f"{name}#records.{tname}")
    return build_evidence(data.get("unit"), {}, f"{name}#unit", checker, data.get("reviews"), {}, f"{name}#reviews",
                          rulebook, None, errors)


def build_evidence(unit_data: Any, unit_pos: Positions, unit_path: str, raws: list[RawRecord] | RecordChecker,
                   review_data: Any,
                   review_pos: Positions, review_path: str | None, rulebook: Rulebook, folder: str | None,
                   errors: list[ScoringError], *, strict_claims: bool = False) -> EvidenceSet:
    """The one place raw input becomes a checked EvidenceSet, whatever it was read from.

    ``strict_claims``: a self-assessment outside the item's range is an error (``scoring evidence check``).
    When scoring it is not: the claim is kept and marked as over-claimed, so that, for instance, last year's
    evidence can still be scored under next year's rubric where an item's points changed.
    """
    unit = _unit(unit_data, unit_pos, unit_path, rulebook, errors, strict_claims)
    records = raws.out if isinstance(raws, RecordChecker) else check_records(raws, rulebook, errors)
    rejections, reviews, factors = read_reviews(review_data, review_pos, review_path, rulebook, unit.type if unit else None,
                                       records, errors)
    if errors:
        errors.sort(key=_order)
        if len(errors) == 1:
            raise errors[0]
        raise EvidenceErrors(errors)
    assert unit is not None
    return EvidenceSet(unit=unit, records=records, rejections=rejections, reviews=reviews, factors=factors,
                       path=folder)


def _order(e: ScoringError) -> tuple[str, int, int, int]:
    loc = e.location
    if loc is None:
        return ("", 0, 0, 0)
    return (loc.path, loc.line or 0, loc.row or 0, loc.col or 0)


def _unit(data: Any, pos: Positions, path: str, rulebook: Rulebook, errors: list[ScoringError],
          strict_claims: bool = False) -> Unit | None:
    if data is None:
        if not any(isinstance(e, YamlError) for e in errors):
            errors.append(EvidenceError("unit.yaml 是空的", location=Location(path=path),
                                        hint="写明 id、name、type、facts 和 claims"))
        return None
    uf: UnitFile | None
    try:
        uf = UnitFile.model_validate(data)
    except ValidationError as e:
        from ..compile import schema_errors  # the messages for a malformed file: imported when one is

        errors += schema_errors.translate(e, data, pos, path, [UnitFile, _ClaimIn], EvidenceError)
        uf = _without_bad_claims(e, data)
    if uf is None:
        return None
    plan = plan_of(rulebook)
    types = rulebook.unit_types or []
    cover = pos.get(("type",))
    if uf.type is None and types and cover is not None and cover.sheet:
        errors.append(EvidenceError("封面没有填写“单位类型”", location=cover,
                                    hint=f"在“{cover.sheet}”工作表的 B{cover.row} 格选择单位类型（可选："
                                    + "、".join(types) + "）"))
    elif uf.type is None and types:
        errors.append(EvidenceError("unit.yaml 没有写单位类型 type", location=pos.get(()) or Location(path=path),
                                    hint="规则文件按单位类型区分分值或条目，请加一行 type: " + types[0]
                                    + "（可选：" + "、".join(types) + "）"))
    if uf.type is not None and types and uf.type not in types:
        errors.append(EvidenceError(f"单位类型 '{uf.type}' 不在规则文件的 unit_types 里", location=pos.get(("type", "<value>")),
                                    suggestion=did_you_mean(uf.type, types), hint="可选：" + "、".join(types)))
    facts: dict[str, Any] = {}
    for name, spec in rulebook.facts.items():
        loc = pos.get(("facts", name, "<value>")) or pos.get(("facts", "<value>")) or Location(path=path)
        try:
            facts[name] = coerce_value(uf.facts.get(name), spec, name, loc)
        except EvidenceError as e:
            if name not in uf.facts and loc.sheet:  # the template's cover: say it in its words, at its cell
                e.message = f"封面没有填写“{spec.label or name}”"
                e.hint = f"在“{loc.sheet}”工作表的 B{loc.row} 格填写{spec.label or name}（数值）"
            elif name not in uf.facts:
                e.message = f"facts 缺少 '{name}'（{spec.label or name}）"
                e.hint = f"在 unit.yaml 的 facts 下加一行 {name}: 数值"
            errors.append(e)
    for name in uf.facts:
        if name not in rulebook.facts:
            errors.append(EvidenceError(f"规则文件没有声明单位数据 '{name}'", location=pos.get(("facts", name)),
                                        suggestion=did_you_mean(name, rulebook.facts),
                                        hint="可填的单位数据：" + ("、".join(rulebook.facts) or "（无）")))
    claims: dict[str, Claim] = {}
    for key, c in uf.claims.items():
        if key not in plan.by_id:
            errors.append(EvidenceError(f"自评分里的 '{key}' 不是规则文件中的条目 id", location=pos.get(("claims", key)),
                                        suggestion=did_you_mean(key, plan.by_id),
                                        hint="条目 id：" + "、".join(n.id for n in plan.nodes() if n.kind == "item")))
            continue
        claim = Claim(points=c) if not isinstance(c, _ClaimIn) else Claim(**c.model_dump())
        node = plan.by_id[key]
        top, low = node.full_points(uf.type), node.floor(uf.type)
        if strict_claims and not low <= claim.points <= top:
            errors.append(EvidenceError(
                f"'{key}' 的自评分 {claim.points} 不在 {low} 到 {top} 分之间（{node.spec.title}）",
                location=pos.get(("claims", key, "<value>")) or pos.get(("claims", key)),
                hint=f"自评分不能超过该项分值 {top} 分" + ("，也不能为负数" if low == 0 else "")))
            continue
        claims[key] = claim
    return Unit(id=uf.id, name=uf.name, type=uf.type, facts=facts, claims=claims,
                source=pos.get(()) or Location(path=path))


def _without_bad_claims(e: ValidationError, data: Any) -> UnitFile | None:
    """The unit file minus the self-scores that failed, when only they failed: its facts and type still get checked.

    Without this a self-score written "20分" hid every problem with the unit's facts until it was fixed.
    """
    locs = [err["loc"] for err in e.errors()]
    if not isinstance(data, dict) or not isinstance(data.get("claims"), dict) \
            or not all(len(loc) > 1 and loc[0] == "claims" for loc in locs):
        return None
    bad = {loc[1] for loc in locs}
    try:
        return UnitFile.model_validate({**data, "claims": {k: v for k, v in data["claims"].items() if k not in bad}})
    except ValidationError:
        return None
