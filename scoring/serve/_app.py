"""The workbench application: ``create_app(workspace)`` → a FastAPI app (pages, API, static files).

Safe by default: the command binds 127.0.0.1; the API takes an optional token; every write needs a reviewer
name, kept in a same-site cookie, and a form posted from another site is refused (its Origin is checked); a
request body is limited in bytes and an upload in files; paths from requests are looked up in the workspace
(``_workspace``), never joined blindly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import ScoringError
from ..location import Location
from ..models import SCHEMA_VERSION
from ._audit import AuditLog
from ._errors import TooLarge, error_document, status_of
from ._workspace import Workspace

__all__ = ["Limits", "create_app"]

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Limits:
    """How much one request may carry."""

    max_body: int = 20 * 1024 * 1024
    """bytes in one request body (an upload of all its files together)"""
    max_files: int = 10
    """files in one upload"""


class _BodyLimit:
    """Refuse a body over ``limit`` bytes with 413, whether or not it declared its length."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(scope, send, self.limit)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.limit:
                    raise _Overflow
            return msg

        async def watch(msg: Message) -> None:
            nonlocal started
            started = started or msg["type"] == "http.response.start"
            await send(msg)

        try:
            await self.app(scope, counted, watch)
        except _Overflow:
            if not started:
                await _too_large(scope, send, self.limit)


class _Overflow(Exception):
    pass


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    mb = f"{limit / 1024 / 1024:g}"
    e = TooLarge(f"上传的内容超过 {mb} MB 的上限", location=Location(path=str(scope.get("path", ""))),
                 hint=f"一次少传几个文件；或启动时用 --max-upload-mb 调大上限（现在是 {mb}）")
    body = json.dumps(error_document(e), ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_response(request: Request, errors: ScoringError | list[ScoringError], status: int) -> Response:
    if _is_api(request):
        doc = error_document(errors)
        root = str(request.app.state.ws.root) + "/"
        for e in doc["errors"]:  # paths as the workspace names them, not where it sits on this machine
            for key in ("file", "where"):
                if isinstance(e[key], str) and e[key].startswith(root):
                    e[key] = e[key][len(root):]
        return JSONResponse(doc, status_code=status)
    from ._pages import error_page

    return error_page(request, errors, status)


def create_app(workspace: str | Path, *, token: str | None = None, lang: str = "zh",
               limits: Limits | None = None) -> FastAPI:
    """The workbench over ``workspace`` (a folder with ``rules/<year>/`` and ``evidence/<year>/<unit>/``).

    ``token``: the API then needs ``Authorization: Bearer <token>``. ``lang``: the pages' default language
    (``zh`` or ``en``; a visitor switches with ``?lang=``). ``limits``: request size and upload count."""
    from . import _actions, _api, _pages

    ws = Workspace(workspace)
    app = FastAPI(title="scoring workbench API", version=SCHEMA_VERSION, separate_input_output_schemas=False,
                  description="考评细则评分工作台的 HTTP 接口：列出和检查规则文件、为单位评分（一个或一批）、说明一个条目。"
                              "结果带 schema_version；出错时返回写明位置的错误文档（输入有误为 HTTP 422）。",
                  docs_url="/api/docs", redoc_url=None, openapi_url="/api/v1/openapi.json")
    app.state.ws = ws
    app.state.audit = AuditLog(ws.state / "audit.sqlite")
    app.state.token = token
    app.state.lang = lang
    app.state.limits = limits or Limits()
    app.add_middleware(_BodyLimit, limit=app.state.limits.max_body)

    @app.exception_handler(ScoringError)
    async def _scoring_error(request: Request, exc: ScoringError) -> Response:
        return _error_response(request, exc, status_of(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errs: list[ScoringError] = [ScoringError(
            "缺少必填的内容" if x.get("type") == "missing" else f"内容不对：{x.get('msg', '')}",
            location=Location(path="request#" + ".".join(str(p) for p in x.get("loc", ()))))
            for x in exc.errors()]
        return _error_response(request, errs, 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        text = {404: "没有这个页面", 405: "这个地址不接受这种请求"}.get(exc.status_code, str(exc.detail))
        return _error_response(request, ScoringError(text, location=Location(path=request.url.path)),
                               exc.status_code)

    _with_bodies(app)
    app.include_router(_api.router)
    app.include_router(_pages.router)
    app.include_router(_actions.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app


def _with_bodies(app: FastAPI) -> None:
    """The request bodies (read by hand, to keep decimals exact) are listed among the schemas too."""
    from ._models import BatchIn, EvidenceIn

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            data = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes,
                               separate_input_output_schemas=False)
            schemas = data.setdefault("components", {}).setdefault("schemas", {})
            for model in (EvidenceIn, BatchIn):
                s = model.model_json_schema(ref_template="#/components/schemas/{model}")
                schemas.update(s.pop("$defs", {}))
                schemas[model.__name__] = s
            app.openapi_schema = dict(data)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def openapi_text(app: FastAPI) -> str:
    """The API's OpenAPI document as stored in docs/openapi.json (deterministic)."""
    data: dict[str, Any] = app.openapi()
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status)
