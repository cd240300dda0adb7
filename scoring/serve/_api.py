"""The HTTP API under ``/api/v1/``: list and check rulebooks, score one unit or a batch, explain an item.

Every answer is JSON with exact numbers (``scoring.to_json``). Evidence sent in a request body is read with
decimals kept exact (``json.loads(parse_float=Decimal)``), never through floats. Errors are the located error
document with HTTP 422 (bad input), 404 (no such rulebook, unit or item) or 401 (token).
"""

from __future__ import annotations

import json
import secrets
from decimal import Decimal
from typing import Any, TypeVar

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ValidationError

from .. import (
    BatchResult,
    Explanation,
    ScoreResult,
    evidence_from_dict,
    explain,
    plan_of,
    score,
    score_folder,
    score_many,
    to_json,
)
from ..errors import EvidenceError, ScoringError, UnknownNameError
from ..location import Location
from ..models import EvidenceSet, Rulebook, RulebookRef
from ._errors import Unauthorized, error_document
from ._models import BatchIn, CheckOut, ErrorDocument, EvidenceIn, RulebookEntry, RulebookList
from ._workspace import NotFound, RulebookFile, Workspace

__all__ = ["router"]

M = TypeVar("M", bound=BaseModel)


def _auth(request: Request) -> None:
    token: str | None = request.app.state.token
    if token is None:
        return
    given = request.headers.get("authorization", "")
    if not (given.startswith("Bearer ") and secrets.compare_digest(given[7:].encode(), token.encode())):
        raise Unauthorized("需要 API 令牌", hint="在请求头写 Authorization: Bearer <令牌>（启动 scoring serve 时用 --token 设定）")


_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorDocument, "description": text}
    for code, text in ((401, "缺少或错误的 API 令牌"), (404, "没有这个年度、规则文件、单位或条目"),
                       (413, "请求太大"), (422, "输入有问题：每个问题都写明位置"))}

router = APIRouter(prefix="/api/v1", dependencies=[Depends(_auth)], responses=_ERRORS, tags=["v1"])


def _ws(request: Request) -> Workspace:
    ws: Workspace = request.app.state.ws
    return ws


def _json(model: BaseModel) -> Response:
    return Response(to_json(model), media_type="application/json")


async def _body(request: Request, model: type[M]) -> M:
    """The request body as ``model``, numbers read as exact decimals; problems located in the body."""
    raw = await request.body()
    try:
        data = json.loads(raw.decode("utf-8"), parse_float=Decimal) if raw.strip() else None
    except UnicodeDecodeError:
        raise EvidenceError("请求内容不是 UTF-8 编码的文本", location=Location(path="body")) from None
    except json.JSONDecodeError as e:
        raise EvidenceError(f"请求内容不是有效的 JSON：{e.msg}", location=Location(path="body", line=e.lineno, col=e.colno),
                            hint="检查引号、逗号和括号是否成对") from None
    if data is None:
        raise EvidenceError("请求内容是空的", location=Location(path="body"), hint="发送 JSON，形如 " + _SHAPE)
    try:
        return model.model_validate(data)
    except ValidationError as e:
        from ..errors import ErrorGroup

        errs: list[ScoringError] = [
            EvidenceError(_message(x), location=Location(path="body#" + ".".join(str(p) for p in x["loc"])),
                          hint="形如 " + _SHAPE) for x in e.errors()]
        raise (errs[0] if len(errs) == 1 else ErrorGroup(errs)) from None


_SHAPE = '{"unit": {"id": …, "name": …, "type": …, "facts": {…}, "claims": {…}}, "records": {类型: [记录…]}}'


def _message(x: Any) -> str:
    kind = x.get("type", "")
    if kind == "missing":
        return "缺少必填的键"
    if kind == "extra_forbidden":
        return "不认识这个键"
    return f"类型不对：{x.get('msg', '')}"


def _body_doc(model: type[BaseModel]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}}


def _explain(book: Rulebook, ev: EvidenceSet, item: str) -> Response:
    result = score(book, ev)
    try:
        return _json(explain(result, book, ev, item))
    except UnknownNameError as e:  # an item the rulebook does not have: like any unknown name in a path
        raise NotFound(e.message, suggestion=e.suggestion, hint=e.hint) from None


@router.get("/rulebooks", response_model=RulebookList, summary="List the workspace's rulebooks")
def list_rulebooks(request: Request) -> Response:
    ws = _ws(request)
    out = []
    for rf in ws.rulebooks():
        problems = ws.problems(rf)
        errors = sum(p.severity != "warning" for p in problems)
        out.append(RulebookEntry(year=rf.year, name=rf.name, rulebook=None if errors else _ref(ws, rf), errors=errors,
                                 warnings=len(problems) - errors))
    return _json(RulebookList(rulebooks=out))


def _ref(ws: Workspace, rf: RulebookFile) -> RulebookRef:
    book = ws.rulebook(rf)
    return RulebookRef(id=book.id, title=book.title, year=book.year, path=rf.path.relative_to(ws.root).as_posix(),
                       digest=plan_of(book).digest)


@router.get("/rulebooks/{year}/{name}/check", response_model=CheckOut, summary="Check a rulebook")
def check(request: Request, year: str, name: str) -> Response:
    ws = _ws(request)
    rf = ws.rulebook_file(year, name)
    problems = ws.problems(rf)
    doc = error_document(problems)
    return _json(CheckOut(ok=doc["ok"], errors=doc["errors"]))


@router.post("/rulebooks/{year}/{name}/score", response_model=ScoreResult, openapi_extra=_body_doc(EvidenceIn),
             summary="Score one unit from JSON evidence")
async def score_json(request: Request, year: str, name: str) -> Response:
    ws = _ws(request)
    book = ws.rulebook(ws.rulebook_file(year, name))
    body = await _body(request, EvidenceIn)
    return _json(score(book, evidence_from_dict(body.model_dump(), book, name="body")))


@router.post("/rulebooks/{year}/{name}/batch", response_model=BatchResult, openapi_extra=_body_doc(BatchIn),
             summary="Score several units from JSON evidence, ranked")
async def batch_json(request: Request, year: str, name: str) -> Response:
    ws = _ws(request)
    book = ws.rulebook(ws.rulebook_file(year, name))
    body = await _body(request, BatchIn)
    sets = [evidence_from_dict(u.model_dump(), book, name=f"body#units[{i}]") for i, u in enumerate(body.units)]
    return _json(score_many(book, sets))


@router.post("/rulebooks/{year}/{name}/explain/{item}", response_model=Explanation,
             openapi_extra=_body_doc(EvidenceIn), summary="Explain one item for JSON evidence")
async def explain_json(request: Request, year: str, name: str, item: str) -> Response:
    ws = _ws(request)
    book = ws.rulebook(ws.rulebook_file(year, name))
    body = await _body(request, EvidenceIn)
    ev = evidence_from_dict(body.model_dump(), book, name="body")
    return _explain(book, ev, item)


@router.get("/rulebooks/{year}/{name}/units/{unit}/score", response_model=ScoreResult,
            summary="Score one unit of the workspace (as scoring score)")
def score_unit(request: Request, year: str, name: str, unit: str) -> Response:
    ws = _ws(request)
    book = ws.rulebook(ws.rulebook_file(year, name))
    return _json(score(book, ws.evidence(ws.unit_dir(year, unit), book)))


@router.get("/rulebooks/{year}/{name}/units/{unit}/explain/{item}", response_model=Explanation,
            summary="Explain one item of a workspace unit (as scoring explain)")
def explain_unit(request: Request, year: str, name: str, unit: str, item: str) -> Response:
    ws = _ws(request)
    book = ws.rulebook(ws.rulebook_file(year, name))
    return _explain(book, ws.evidence(ws.unit_dir(year, unit), book), item)


@router.get("/rulebooks/{year}/{name}/batch", response_model=BatchResult,
            summary="Score and rank every unit of the year's evidence (as scoring rank)")
def batch_workspace(request: Request, year: str, name: str) -> Response:
    ws = _ws(request)
    book = ws.rulebook(ws.rulebook_file(year, name))
    return _json(score_folder(book, ws.evidence_root(year)))
