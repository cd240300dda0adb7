"""Every error ``scoring`` raises on bad input.

The hierarchy::

    ScoringError                 any problem with a user's input; never a bug of ours
    ├── RulebookError            the rule file is wrong (found by load_rulebook / scoring check)
    │   ├── YamlError            not valid YAML, or a duplicate key
    │   ├── SchemaError          a key that is unknown, missing, or of the wrong type
    │   ├── UnwrittenRuleError   a part marked ``todo`` (scoring not yet written, e.g. by ``scoring draft``)
    │   └── ExpressionError      an expression that cannot be accepted
    │       ├── ExpressionSyntaxError   not a well-formed expression
    │       ├── UnknownNameError        a name or function that does not exist
    │       ├── ExpressionTypeError     e.g. a date compared with a number
    │       └── ForbiddenError          a construct the language does not allow (attributes, ``**`` too big …)
    ├── EvidenceError            an evidence file is wrong (unknown field, bad date, …)
    └── EvaluationError          a rule met data it cannot score (division by zero, a blank value)

Each error holds structured fields (``location``, ``rule_id``, ``expression``,
``name``, ``suggestion``, ``hint``) and builds its message from them, so the
command line prints ``rules/2023/x.yaml:41:17: 未知的证据字段 'kindd'`` followed by
``您是不是想写 'kind'？`` and a hint on how to fix it.

A :class:`ErrorGroup` collects several errors when a check reports all problems
instead of stopping at the first one.

Errors are data too: every error has a stable ``code`` (a class default, or a finer
one given where it is raised; the table is docs/errors.md), and :meth:`ScoringError.info`
gives an :class:`ErrorInfo`; :func:`error_document` builds the JSON error document the
command line prints with ``--format json``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from .location import Location

__all__ = [
    "ErrorGroup",
    "ErrorInfo",
    "EvaluationError",
    "EvidenceError",
    "ExpressionError",
    "ExpressionSyntaxError",
    "ExpressionTypeError",
    "ForbiddenError",
    "RulebookError",
    "SchemaError",
    "ScoringError",
    "UnknownNameError",
    "UnwrittenRuleError",
    "YamlError",
    "describe_os_error",
    "did_you_mean",
    "error_document",
    "flatten",
    "os_error",
]


def describe_os_error(e: OSError) -> str:
    """A file-system error in plain Chinese (the system's own text is English)."""
    import errno

    known = {
        errno.ENOENT: "找不到这个文件或文件夹（检查路径和文件名是否写对）",
        errno.EISDIR: "这是一个文件夹，不是文件（参数的顺序是否写反了？一般先写规则文件，再写证据文件夹）",
        errno.ENOTDIR: "这不是文件夹",
        errno.EACCES: "没有权限读写这个文件",
        errno.EPERM: "没有权限读写这个文件",
        errno.ENOSPC: "磁盘空间不足",
        errno.EROFS: "这个位置只读，不能写入",
        errno.ELOOP: "链接形成了循环（链接最终指向它自己）",
    }
    return known.get(e.errno or -1, e.strerror or str(e))


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """The closest known name to ``name``, if one is close enough."""
    pool = sorted(set(candidates))
    found = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    if found:
        return found[0]
    # Short Chinese names differ by one character far more often than the ratio allows.
    if len(name) <= 4:
        for cand in pool:
            if len(cand) == len(name) and sum(a != b for a, b in zip(cand, name, strict=True)) == 1:
                return cand
    return None


class ErrorInfo(BaseModel):
    """One error as plain data: what the JSON error document lists (see docs/errors.md).

    ``column`` is the column *number* in a text file (counting from 1); ``column_name``
    is a spreadsheet's column (its header or letter).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    severity: str = "error"
    message: str
    hint: str | None = None
    suggestion: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    row: int | None = None
    column_name: str | None = None
    rule_id: str | None = None
    where: str | None = None
    """The location as the terminal prints it (``file:line:col`` or ``file/sheet/第3行/日期列``)."""


class ScoringError(Exception):
    """A problem with the user's input, located and explained.

    ``code`` is stable across versions (docs/errors.md lists every one): the class gives a
    default, and a raiser may pass a finer one (``code="input.empty"``).
    """

    code: str = "input"

    def __init__(
        self,
        message: str,
        *,
        location: Location | None = None,
        hint: str | None = None,
        suggestion: str | None = None,
        rule_id: str | None = None,
        expression: str | None = None,
        name: str | None = None,
        severity: str = "error",
        code: str | None = None,
    ) -> None:
        if code is not None:
            self.code = code  # a finer code for this one error
        self.message = message
        self.location = location
        self.hint = hint
        self.suggestion = suggestion
        self.rule_id = rule_id
        self.expression = expression
        self.name = name
        self.severity = severity
        super().__init__(message)

    @property
    def headline(self) -> str:
        """``file:line:col: message`` on one line."""
        prefix = f"{self.location}: " if self.location is not None else ""
        return prefix + self.message

    def __str__(self) -> str:
        lines = [self.headline]
        if self.suggestion:
            lines.append(f"  您是不是想写 '{self.suggestion}'？")
        if self.hint:
            lines.append(f"  提示：{self.hint}")
        return "\n".join(lines)

    def info(self) -> ErrorInfo:
        """This error as plain data, built from its fields (never parsed from its text)."""
        loc = self.location
        return ErrorInfo(
            code=self.code, severity=self.severity, message=self.message, hint=self.hint,
            suggestion=self.suggestion, file=loc.path if loc else None, line=loc.line if loc else None,
            column=loc.col if loc else None, sheet=loc.sheet if loc else None, row=loc.row if loc else None,
            column_name=loc.column if loc else None, rule_id=self.rule_id, where=str(loc) if loc else None)

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON output: :meth:`info` plus the class name and the raw location."""
        return {
            "type": type(self).__name__,
            **self.info().model_dump(),
            "location": self.location.model_dump(exclude_none=True) if self.location else None,
        }

    def __reduce__(self) -> tuple[object, ...]:
        # by fields, not by constructor arguments: every subclass (groups too) crosses to and from worker processes
        return (_rebuild_error, (type(self), self.args, dict(self.__dict__)))

    def with_context(self, *, rule_id: str | None = None, location: Location | None = None) -> ScoringError:
        """Fill in the rule id / location if the raiser did not know them."""
        if self.rule_id is None and rule_id is not None:
            self.rule_id = rule_id
        if self.location is None and location is not None:
            self.location = location
        return self


def _rebuild_error(cls: type[ScoringError], args: tuple[object, ...], fields: dict[str, object]) -> ScoringError:
    e = cls.__new__(cls)
    e.args = args
    e.__dict__.update(fields)
    return e


class RulebookError(ScoringError):
    """The rule file is wrong."""

    code: str = "rulebook"


class YamlError(RulebookError):
    """Not valid YAML, or a key given twice."""

    code: str = "rulebook.yaml"


class SchemaError(RulebookError):
    """A key that is unknown, missing or of the wrong type."""

    code: str = "rulebook.schema"


class UnwrittenRuleError(RulebookError):
    """A part of the rule file marked ``todo``: its scoring is not written yet, so it cannot be scored."""

    code: str = "rulebook.unwritten"


class ExpressionError(RulebookError):
    """An expression in a rule file that cannot be accepted."""

    code: str = "expression"


class ExpressionSyntaxError(ExpressionError):
    """Not a well-formed expression."""

    code: str = "expression.syntax"


class UnknownNameError(ExpressionError):
    """A name, field, evidence type or function that does not exist."""

    code: str = "expression.unknown-name"


class ExpressionTypeError(ExpressionError):
    """Values of types that do not go together, e.g. a date and a number."""

    code: str = "expression.type"


class ForbiddenError(ExpressionError):
    """A construct the rule language does not allow, or a bound exceeded."""

    code: str = "expression.forbidden"


class EvidenceError(ScoringError):
    """An evidence file is wrong."""

    code: str = "evidence"


class EvaluationError(ScoringError):
    """A rule met data it cannot score: division by zero, a blank value, a bound hit."""

    code: str = "evaluation"


class ErrorGroup(ScoringError):
    """Several problems found at once; ``errors`` holds each of them."""

    code: str = "group"

    def __init__(self, errors: Sequence[ScoringError], message: str | None = None) -> None:
        self.errors = list(errors)
        first = self.errors[0] if self.errors else None
        n = len(self.errors)
        super().__init__(
            message or f"发现 {n} 个问题",
            location=first.location if first else None,
        )

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors) + f"\n共 {len(self.errors)} 个问题。"


def flatten(errors: ScoringError | Iterable[ScoringError]) -> list[ScoringError]:
    """The single errors inside ``errors`` (groups opened, in order)."""
    todo = [errors] if isinstance(errors, ScoringError) else list(errors)
    out: list[ScoringError] = []
    for e in todo:
        out.extend(flatten(e.errors) if isinstance(e, ErrorGroup) else [e])
    return out


def error_document(errors: ScoringError | Iterable[ScoringError], **extra: Any) -> dict[str, Any]:
    """The JSON error document: ``{"ok": false, "errors": [ErrorInfo, ...], ...}`` (docs/errors.md).

    ``ok`` is true only when no listed error has severity ``error`` (warnings alone are ok).
    ``extra`` keys are added after ``errors`` (e.g. ``files`` for ``evidence check``).
    """
    infos = [e.info() for e in flatten(errors)]
    return {"ok": not any(i.severity == "error" for i in infos),
            "errors": [i.model_dump() for i in infos], **extra}


def os_error(e: OSError) -> ScoringError:
    """A file-system error as a located ScoringError (code ``file.*``), in Chinese."""
    import errno

    codes = {errno.ENOENT: "file.not-found", errno.EISDIR: "file.is-folder", errno.ENOTDIR: "file.not-folder",
             errno.EACCES: "file.permission", errno.EPERM: "file.permission", errno.ENOSPC: "file.disk-full",
             errno.EROFS: "file.read-only", errno.ELOOP: "file.link-loop"}
    where = Location(path=str(e.filename)) if e.filename else None
    return ScoringError(describe_os_error(e), location=where, code=codes.get(e.errno or -1, "file.os-error"))
