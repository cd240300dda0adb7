"""Errors as the workbench answers them: the located JSON error document (API) or a page (browser).

The document is the one ``--format json`` prints for a failed command: ``{"ok": false, "errors": [...]}``,
each error with its stable code, message, hint, suggestion and location (file, line, column, or sheet, row
and column name). Bad input is HTTP 422; a year, rulebook, unit or item that does not exist is 404; a request too
large 413; a missing or wrong API token 401.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ScoringError, error_document as _document, flatten
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


def error_document(e: ScoringError | list[ScoringError]) -> dict[str, Any]:
    """The located error document of the CLI's ``--format json`` (``scoring.errors.error_document``)."""
    return _document(e)


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
