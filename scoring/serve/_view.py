"""Rendering a page: the Jinja2 templates shipped in the package, the language, the reviewer, the headers.

Pages are Chinese by default and English with ``?lang=en`` (kept in a cookie) or when the workbench was
started with ``scoring --lang en serve``. Only the workbench's own words are translated (``_text.EN``);
messages and explanations from the engine are Chinese data and stay Chinese, as in the CLI.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from ..location import Location
from ..models import Num
from ..values import cell_text
from ._text import EN

__all__ = ["CSP", "language", "render", "reviewer", "shown"]

HERE = Path(__file__).resolve().parent
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
"""No script, nothing from another site: the pages work offline and cannot be framed."""


@functools.lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = _num
    env.filters["q"] = lambda s: quote(str(s), safe="")
    env.filters["show"] = _show
    return env


def _num(v: Num | None) -> str:
    if v is None:
        return "—"
    from ..models import to_decimal

    d = to_decimal(v)
    return str(d.quantize(1)) if d == d.to_integral_value() else format(d.normalize(), "f")


def _show(v: Any) -> str:
    """A record's value as people write it: 是/否, 2023-05-01, 3.5, a、b (``values.cell_text``, numbers as on the pages)."""
    return _num(v) if isinstance(v, Decimal) else cell_text(v)


def language(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in ("zh", "en"):
        return asked
    kept = request.cookies.get("lang")
    if kept in ("zh", "en"):
        return kept
    default: str = request.app.state.lang
    return default


def reviewer(request: Request) -> str | None:
    name = unquote(request.cookies.get("reviewer", "")).strip()
    return name or None


def shown(loc: Location | None, root: Path) -> str:
    """A location as the user reads it, with paths relative to the workspace."""
    if loc is None:
        return ""
    p = Path(loc.path)
    if p.is_absolute() and p.is_relative_to(root):
        loc = Location(**{**loc.model_dump(), "path": p.relative_to(root).as_posix()})
    return str(loc)


def render(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    lang = language(request)

    def t(text: str) -> str:
        return EN.get(text, text) if lang == "en" else text

    page = _env().get_template(template).render(
        t=t, lang=lang, reviewer=reviewer(request), path=request.url.path, done=request.query_params.get("done"),
        ws=request.app.state.ws, shown=lambda loc: shown(loc, request.app.state.ws.root), **ctx)
    resp = HTMLResponse(page, status_code=status)
    resp.headers["Content-Security-Policy"] = CSP
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Referrer-Policy"] = "same-origin"
    if request.query_params.get("lang") in ("zh", "en"):
        resp.set_cookie("lang", lang, samesite="strict", httponly=True)
    return resp
