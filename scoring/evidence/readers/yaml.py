"""The YAML/JSON record file: ``{evidence type: [ {field: value, ...}, ... ]}``, every value with its line."""

from __future__ import annotations

from pathlib import Path

from ...compile.yaml import load_yaml_file
from ...errors import EvidenceError, ScoringError, YamlError, did_you_mean
from ...location import Location
from ...models.rulebook import Rulebook
from ..coerce import RawRecord

__all__ = ["RESERVED", "EvidenceYamlError", "charged_text", "read_yaml_records"]

RESERVED = ("id", "rejected", "attachments", "charged_to")
"""Record keys that are not fields of the evidence type: the record's id, a rejection, attachments, 计入单位."""


def charged_text(v: object) -> str | None:
    """The 计入单位 of a record as text, ``None`` when blank."""
    if v is None:
        return None
    text = str(v).strip()
    return text or None


class EvidenceYamlError(YamlError, EvidenceError):
    """A YAML syntax problem in an evidence file (unit.yaml, reviews.yaml or a record file)."""

    code = "evidence.yaml"


def read_yaml_records(path: Path, rulebook: Rulebook) -> tuple[list[RawRecord], list[ScoringError]]:
    """A YAML or JSON record file: ``{evidence type: [ {field: value, ...}, ... ]}``."""
    data, pos = load_yaml_file(path, EvidenceYamlError)
    errors: list[ScoringError] = []
    out: list[RawRecord] = []
    fname = str(path)
    if data is None:
        return out, errors
    if not isinstance(data, dict):
        return out, [EvidenceError("记录文件的顶层要写成 证据类型: [记录列表]", location=Location(path=fname, line=1),
                                   hint="例如\nactivity:\n  - date: 2023-03-08\n    kind: 慰问")]
    types = rulebook.evidence
    for tname, rows in data.items():
        tloc = pos.get((tname,), Location(path=fname))
        if tname not in types:
            errors.append(EvidenceError(f"未知的证据类型 '{tname}'", location=tloc, name=str(tname),
                                        suggestion=did_you_mean(str(tname), types),
                                        hint="规则文件声明的证据类型：" + "、".join(types)))
            continue
        if not isinstance(rows, list):
            errors.append(EvidenceError(f"'{tname}' 下面要写记录列表（每条以 '- ' 开头）", location=tloc))
            continue
        for i, row in enumerate(rows):
            rloc = pos.get((tname, i), tloc)
            if not isinstance(row, dict):
                errors.append(EvidenceError(f"'{tname}' 的第 {i + 1} 条记录要写成 字段: 值", location=rloc))
                continue
            values = {k: v for k, v in row.items() if k not in RESERVED}
            atts = row.get("attachments") or []
            out.append(RawRecord(
                type=tname, values=values, source=rloc,
                field_locs={k: pos.get((tname, i, k, "<value>"), rloc) for k in row},
                key_locs={k: pos.get((tname, i, k), rloc) for k in row},
                id=None if row.get("id") is None else str(row["id"]),
                rejected=None if row.get("rejected") in (None, False, "") else str(row["rejected"]),
                attachments=[str(a) for a in (atts if isinstance(atts, list) else [atts])],
                charged_to=charged_text(row.get("charged_to")),
            ))
    return out, errors


