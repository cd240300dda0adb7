"""JSON Schema of the files people write, for editors (completion and red squiggles while typing).

    >>> schema = scoring.json_schema("rulebook")            # a rule file
    >>> schema = scoring.json_schema("evidence")            # a unit's unit.yaml
    >>> schema = scoring.json_schema("records", book)       # record files, for one rulebook's evidence types
    >>> schema = scoring.json_schema("result")              # what score() returns, as --format json writes it
"""

from __future__ import annotations

from typing import Any

from .errors import ScoringError
from .jsonio import dumps_exact
from .models.rulebook import FieldSpec, Rulebook

__all__ = ["SCHEMA_KINDS", "json_schema", "schema_data"]

SCHEMA_KINDS = ("rulebook", "evidence", "reviews", "records", "result", "batch")
_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_FIELD_TYPES: dict[str, dict[str, Any]] = {
    "text": {"type": "string"},
    "int": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
    "decimal": {"anyOf": [{"type": "number"}, {"type": "string"}]},
    "date": {"anyOf": [{"type": "string", "format": "date"}, {"type": "string"}]},
    "bool": {"anyOf": [{"type": "boolean"}, {"enum": ["是", "否"]}]},
    "list": {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]},
}


def _field(spec: FieldSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"enum": list(spec.values or [])} if spec.type == "enum" else dict(_FIELD_TYPES[spec.type])
    if spec.label or spec.description:
        out["description"] = " ".join(x for x in (spec.label, spec.description) if x)
    return out


def _records(book: Rulebook) -> dict[str, Any]:
    types: dict[str, Any] = {}
    for name, et in book.evidence.items():
        props: dict[str, Any] = {"id": {"type": ["string", "integer"], "description": "记录编号"},
                                 "rejected": {"type": "string", "description": "核查不属实的原因"},
                                 "attachments": {"type": "array", "items": {"type": "string"}}}
        props.update({f: _field(s) for f, s in et.fields.items()})
        required = [f for f, s in et.fields.items() if s.required and s.default is None]
        types[name] = {"type": "array", "description": et.label or name,
                       "items": {"type": "object", "properties": props, "required": required,
                                 "additionalProperties": False}}
    return {"title": f"{book.title}：证据记录文件", "type": "object", "properties": types,
            "additionalProperties": False}


def _loosen(v: Any) -> Any:
    """Numbers may be written as text like ``80%`` or ``１０``: drop pydantic's decimal-string pattern."""
    if isinstance(v, dict):
        return {k: _loosen(x) for k, x in v.items()
                if not (k == "pattern" and isinstance(x, str) and x.startswith("^(?!^[-+.]*$)"))}
    if isinstance(v, list):
        return [_loosen(x) for x in v]
    return v


def schema_data(kind: str, rulebook: Rulebook | None = None) -> dict[str, Any]:
    """The schema as plain data. ``records`` needs the rulebook (its evidence types and fields)."""
    from .evidence import ReviewFile, UnitFile

    if kind == "rulebook":
        data = Rulebook.model_json_schema()
        data["title"] = "考评细则规则文件"
    elif kind == "evidence":
        data = UnitFile.model_json_schema()
        data["title"] = "单位文件 unit.yaml"
    elif kind == "reviews":
        data = ReviewFile.model_json_schema()
        data["title"] = "核查文件 reviews.yaml"
    elif kind in ("result", "batch"):
        from .models.result import SCHEMA_VERSION, BatchResult, ScoreResult

        data = (ScoreResult if kind == "result" else BatchResult).model_json_schema()
        data["title"] = "评分结果（一个单位）" if kind == "result" else "评分结果（多个单位及排名）"
        data["$comment"] = f"schema_version {SCHEMA_VERSION}"
    elif kind == "records":
        if rulebook is None:
            raise ScoringError("records 的 Schema 要根据规则文件生成", hint="写上规则文件：scoring schema records 规则文件.yaml")
        data = _records(rulebook)
    else:
        raise ScoringError(f"没有 '{kind}' 这种 Schema", hint="可选：" + "、".join(SCHEMA_KINDS))
    return {"$schema": _DRAFT, **_loosen(data)}


def json_schema(kind: str = "rulebook", rulebook: Rulebook | None = None) -> str:
    """The schema as JSON text (deterministic: same input, same bytes)."""
    return dumps_exact(schema_data(kind, rulebook)) + "\n"
