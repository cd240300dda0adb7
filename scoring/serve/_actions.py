"""What county staff change from the pages: the reviewer's name, uploads, rejections, deductions, undo.

Each change takes the unit's lock, writes normal files (the unit folder, ``reviews.yaml``) that ``scoring rank``
reads the same way, and appends an audit entry with the unit's total before and after. Every change needs the
reviewer's name (a same-site cookie) and a form from this site: a page elsewhere cannot post here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import ScoringError
from ..evidence.reviewing import add_deduction, add_rejection, withdraw_review
from ..location import Location
from ._errors import Forbidden, TooLarge, flatten
from ._pages import year_view
from ._upload import Upload, save_upload
from ._view import render, reviewer
from ._workspace import Workspace

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _ws(request: Request) -> Workspace:
    ws: Workspace = request.app.state.ws
    return ws


def _guard(request: Request) -> str:
    origin = request.headers.get("origin")
    if origin not in (None, "null") and origin.split("://", 1)[-1] != request.headers.get("host"):
        raise Forbidden("不接受来自其他网站的提交", location=Location(path=request.url.path))
    name = reviewer(request)
    if name is None:
        raise Forbidden("请先在页面顶部填写您的姓名（核查人）", location=Location(path=request.url.path),
                        hint="每一次上传和核查都记下是谁做的")
    return name


def _total(ws: Workspace, year: int, unit: str, book_name: str | None) -> str | None:
    view = year_view(ws, year, book_name)
    r = view.results.get(unit)
    if r is None:
        return None
    return f"{r.total}" + (f"（第{r.rank}名）" if r.rank is not None else "")


def _audited(request: Request, ws: Workspace, year: int, unit: str, book: str | None, *, who: str, action: str,
             target: str, change: Callable[[], dict[str, Any]], undoes: int | None = None) -> None:
    """A reviewer's change to a unit's reviews, under the unit's lock, written to the audit log with the unit's
    total before and after it (``change`` makes the change and returns the entry's details)."""
    with ws.unit_lock(year, unit):
        before = _total(ws, year, unit, book)
        detail = change()
        after = _total(ws, year, unit, book)
        request.app.state.audit.append(who=who, action=action, year=year, unit=unit, target=target,
                                       detail=detail, before=before, after=after, undoes=undoes)


def _back(year: int, unit: str, done: str, page: str = "") -> RedirectResponse:
    return RedirectResponse(f"/years/{year}/units/{quote(unit)}{page}?done={done}", status_code=303)


@router.post("/session")
async def session(request: Request) -> Response:
    fields = await _fields(request)
    name = fields.get("reviewer", "").strip()[:40]
    target = fields.get("next") or "/"
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    resp = RedirectResponse(target, status_code=303)
    if name:
        resp.set_cookie("reviewer", quote(name), samesite="strict", httponly=True)
    else:
        resp.delete_cookie("reviewer")
    return resp


async def _files(request: Request) -> tuple[list[Upload], dict[str, str]]:
    limit = request.app.state.limits.max_files
    uploads = []
    fields: dict[str, str] = {}
    try:
        async with request.form(max_files=limit, max_fields=20) as form:
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    if value.filename:
                        uploads.append(Upload(value.filename, await value.read()))
                else:
                    fields[key] = value
    except StarletteHTTPException:
        raise TooLarge(f"一次最多上传 {limit} 个文件", location=Location(path=request.url.path),
                       hint="分几次上传") from None
    return uploads, fields


async def _upload(request: Request, year: str, unit: str | None, book: str | None) -> Response:
    ws = _ws(request)
    who = _guard(request)
    uploads, fields = await _files(request)
    unit = unit if unit is not None else fields.get("unit", "").strip()
    y = ws.year(year)
    view = year_view(ws, y, book)
    try:
        ws.unit_dir(y, unit, new=True)
        with ws.unit_lock(y, unit):
            before = _total(ws, y, unit, book) if unit in ws.units(y) else None
            save_upload(ws, view.book, y, unit, uploads)
            after = _total(ws, y, unit, book)
            request.app.state.audit.append(who=who, action="upload", year=y, unit=unit,
                                           target="、".join(u.name for u in uploads),
                                           detail={"files": [u.name for u in uploads]}, before=before, after=after)
    except ScoringError as e:
        return render(request, "upload_failed.html", 422, v=view, unit=unit, errors=flatten(e),
                      files=[u.name for u in uploads])
    return _back(y, unit, "uploaded")


@router.post("/years/{year}/units/{unit}/upload")
async def upload(request: Request, year: str, unit: str, book: str | None = None) -> Response:
    _ws(request).unit_dir(year, unit)
    return await _upload(request, year, unit, book)


@router.post("/years/{year}/units")
async def new_unit(request: Request, year: str, book: str | None = None) -> Response:
    return await _upload(request, year, None, book)


async def _fields(request: Request) -> dict[str, str]:
    """A form's text fields (a form here never carries files)."""
    try:
        async with request.form(max_files=0, max_fields=20) as form:
            return {k: v for k, v in form.items() if isinstance(v, str)}
    except StarletteHTTPException:
        raise ScoringError("表单的内容不对", location=Location(path=request.url.path)) from None


@router.post("/years/{year}/units/{unit}/reject")
async def reject(request: Request, year: str, unit: str, book: str | None = None) -> Response:
    ws = _ws(request)
    who = _guard(request)
    form = await _fields(request)
    record, reason = form.get("record", "").strip(), form.get("reason", "").strip()
    y = ws.year(year)
    folder = ws.unit_dir(y, unit)
    rb = ws.rulebook(ws.rulebook_file(y, book))

    def change() -> dict[str, Any]:
        entry = add_rejection(folder, rb, record=record, reason=reason, reviewer=who)
        return {"record": record, "reason": reason, "at": entry.at}

    _audited(request, ws, y, unit, book, who=who, action="reject", target=record, change=change)
    return _back(y, unit, "rejected", "/evidence")


@router.post("/years/{year}/units/{unit}/deduct")
async def deduct(request: Request, year: str, unit: str, book: str | None = None) -> Response:
    ws = _ws(request)
    who = _guard(request)
    form = await _fields(request)
    item, reason = form.get("item", "").strip(), form.get("reason", "").strip()
    y = ws.year(year)
    folder = ws.unit_dir(y, unit)
    rb = ws.rulebook(ws.rulebook_file(y, book))

    def change() -> dict[str, Any]:
        entry = add_deduction(folder, rb, item=item, deduct=form.get("points", "").strip(), reason=reason,
                              reviewer=who)
        return {"item": item, "points": str(entry.deduct), "reason": reason, "at": entry.at}

    _audited(request, ws, y, unit, book, who=who, action="deduct", target=item, change=change)
    return _back(y, unit, "deducted")


@router.post("/years/{year}/units/{unit}/undo")
async def undo(request: Request, year: str, unit: str, book: str | None = None) -> Response:
    ws = _ws(request)
    who = _guard(request)
    form = await _fields(request)
    y = ws.year(year)
    folder = ws.unit_dir(y, unit)
    log = request.app.state.audit
    entry = log.get(int(form["entry"])) if form.get("entry", "").isdigit() else None
    if entry is None or entry.year != y or entry.unit != unit or entry.action not in ("reject", "deduct"):
        raise ScoringError("只能撤销这个单位的核查不属实和酌情扣分", location=Location(path=request.url.path))
    if entry.id in log.undone():
        raise ScoringError(f"第 {entry.id} 条已经撤销过了", location=Location(path=request.url.path))

    def change() -> dict[str, Any]:
        withdraw_review(folder, kind="rejection" if entry.action == "reject" else "deduction",
                        at=entry.detail["at"], record=entry.detail.get("record"), item=entry.detail.get("item"))
        return {"undoes": entry.id, **entry.detail}

    _audited(request, ws, y, unit, book, who=who, action="undo", target=entry.target, change=change,
             undoes=entry.id)
    return _back(y, unit, "undone")

