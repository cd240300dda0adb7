"""Errors as the workbench answers them: the located JSON error document (API) or a page (browser).

The document is the one ``--format json`` prints for a failed command: ``{"ok": false, "errors": [...]}``,
each error with its stable code, message, hint, suggestion and location (file, line, column, or sheet, row
and column name). Bad input is HTTP 422; a year, rulebook, unit or item that does not exist is 404; a request too
large 413; a missing or wrong API token 401.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ErrorGroup, ScoringError
from ..location import Location
from ._workspace import NotFound

__all__ = ["Forbidden", "TooLarge", "Unauthorized", "error_document", "flatten", "relocate", "status_of"]


class TooLarge(ScoringError):
    """A request body over the workbench's limit (HTTP 413)."""

    code = "serve.too-large"


class Unauthorized(ScoringError):
    """The API needs a token and the request had none, or a wrong one (HTTP 401)."""

    code = "serve.unauthorized"


class Forbidden(ScoringError):
    """A change without a reviewer's name, or posted from another site's page (HTTP 403)."""

    code = "serve.forbidden"


def flatten(e: ScoringError) -> list[ScoringError]:
    return list(e.errors) if isinstance(e, ErrorGroup) else [e]


def error_document(e: ScoringError | list[ScoringError]) -> dict[str, Any]:
    """The located error document of one error (a group gives one entry per problem)."""
    errs = [y for x in (e if isinstance(e, list) else [e]) for y in flatten(x)]
    infos = [_info(x) for x in errs]
    return {"ok": not any(i["severity"] == "error" for i in infos), "errors": infos}


def _info(e: ScoringError) -> dict[str, Any]:
    loc = e.location
    return {"code": getattr(e, "code", type(e).__name__), "severity": e.severity, "message": e.message,
            "hint": e.hint, "suggestion": e.suggestion, "file": loc.path if loc else None,
            "line": loc.line if loc else None, "column": loc.col if loc else None,
            "sheet": loc.sheet if loc else None, "row": loc.row if loc else None,
            "column_name": loc.column if loc else None, "rule_id": e.rule_id, "where": str(loc) if loc else None}


def status_of(e: ScoringError) -> int:
    if isinstance(e, NotFound):
        return 404
    if isinstance(e, TooLarge):
        return 413
    if isinstance(e, Unauthorized):
        return 401
    if isinstance(e, Forbidden):
        return 403
    return 422  # bad input (BadName and every other ScoringError)


def relocate(errors: list[ScoringError], staged: Path, shown: str) -> list[ScoringError]:
    """Point errors found in a staging folder at the file names the user knows (``shown/<file>``)."""
    base = str(staged)
    for e in errors:
        loc = e.location
        if loc is not None and loc.path.startswith(base):
            rest = loc.path[len(base):].lstrip("/\\")
            e.location = Location(**{**loc.model_dump(), "path": f"{shown}/{rest}" if rest else shown})
    return errors
