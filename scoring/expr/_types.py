"""The types an expression can have, and what the checker knows about names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "BOOL",
    "DATE",
    "NUMBER",
    "RECORDS",
    "TEXT",
    "FieldInfo",
    "NameInfo",
    "RecordTypeInfo",
    "Scope",
    "Type",
    "list_of",
]


@dataclass(frozen=True)
class Type:
    """A value's type. ``choices`` narrows text to an enumeration; ``elem`` types a list."""

    kind: str
    elem: Type | None = None
    choices: tuple[str, ...] | None = field(default=None, compare=False)

    def __str__(self) -> str:
        names = {"number": "数值", "text": "文本", "date": "日期", "bool": "是/否", "records": "证据类型"}
        if self.kind == "list":
            return f"{self.elem}列表"
        return names.get(self.kind, self.kind)

    @property
    def plain(self) -> Type:
        """The type without enumeration choices (for comparing types)."""
        return Type(self.kind, self.elem) if self.choices is not None else self


NUMBER = Type("number")
TEXT = Type("text")
DATE = Type("date")
BOOL = Type("bool")
RECORDS = Type("records")


def list_of(t: Type) -> Type:
    return Type("list", elem=t.plain)


@dataclass(frozen=True)
class FieldInfo:
    """A field of an evidence type, as expressions see it."""

    name: str
    type: Type
    optional: bool = False
    label: str | None = None


@dataclass(frozen=True)
class RecordTypeInfo:
    """An evidence type: its name and fields."""

    name: str
    fields: dict[str, FieldInfo]
    label: str | None = None
    date: str | None = None
    """The field that dates a record (the evidence type's ``date:``), for counting per period."""


@dataclass(frozen=True)
class NameInfo:
    """A name visible outside records: a unit fact, a parameter or a period name (with its fixed value), or a unit
    property."""

    name: str
    type: Type
    kind: str  # "fact" | "param" | "unit" | "period" (year, period.start, period.end: fixed by the rulebook)
    value: Any = None  # parameters only: resolved once, at load
    label: str | None = None


@dataclass
class Scope:
    """Everything an expression may name. Built once per rulebook by the loader."""

    names: dict[str, NameInfo] = field(default_factory=dict)
    record_types: dict[str, RecordTypeInfo] = field(default_factory=dict)
