"""The pages county staff read: rulebooks and their check, the leaderboard, a unit's score, an item's
explanation, a unit's evidence, the diff between two years, the audit log; and the downloads.

Every page is computed from the files at the moment it is asked for, so it shows what ``scoring rank`` would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .. import BatchResult, Rulebook, ScoreResult, explain, score_folder, score_many
from ..errors import ScoringError
from ..evidence import unit_folders
from ..models import EvidenceSet, Node, UnitError
from ..render import get_renderer
from ._audit import audit_xlsx
from ._errors import flatten
from ._view import render
from ._workspace import NotFound, RulebookFile, Workspace

__all__ = ["YearView", "error_page", "router", "year_view"]

router = APIRouter(include_in_schema=False)

FORMATS = {"xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
           "html": ("text/html; charset=utf-8", "html"), "markdown": ("text/markdown; charset=utf-8", "md"),
           "csv": ("text/csv; charset=utf-8", "csv"), "json": ("application/json", "json")}


def _ws(request: Request) -> Workspace:
    ws: Workspace = request.app.state.ws
    return ws


@dataclass
class YearView:
    """A year as the pages show it: its rulebook, every unit scored and ranked, the units that failed."""

    year: int
    rf: RulebookFile
    book: Rulebook
    batch: BatchResult | None
    failed: dict[str, list[str]] = field(default_factory=dict)
    """unit folder → its problems, as text with paths relative to the workspace"""
    results: dict[str, ScoreResult] = field(default_factory=dict)
    """unit folder → its result (ranked)"""
    folders: dict[str, str] = field(default_factory=dict)
    """unit id → its folder"""

    @property
    def veto_titles(self) -> dict[str, str]:
        return {v.id: v.title for v in self.book.vetoes}


def year_view(ws: Workspace, year: str | int, name: str | None) -> YearView:
    """Every unit of the year scored and ranked, as ``score_folder`` does, from evidence read once per change."""
    rf = ws.rulebook_file(year, name)
    book = ws.rulebook(rf)
    root = ws.evidence_root(year)
    view = YearView(rf.year, rf, book, None)
    try:
        folders = unit_folders(root) if ws.units(year) else []
    except ScoringError:  # no unit folder with evidence yet
        folders = []
    if not folders:
        return view
    sets, errors = [], []
    for f in folders:
        try:
            sets.append(ws.evidence(f, book))
        except ScoringError as e:
            errors.append(UnitError(unit=f.name, path=str(f), errors=[str(x) for x in flatten(e)]))
    try:
        view.batch = score_many(book, sets).model_copy(update={"errors": errors})
    except ScoringError:  # a unit that reads but cannot be scored: the library sets it apart
        view.batch = score_folder(book, root)
    prefix = str(ws.root) + "/"
    view.failed = {Path(u.path).name: [m.replace(prefix, "") for m in u.errors] for u in view.batch.errors}
    view.results = {Path(r.unit.path).name: r for r in view.batch.results if r.unit.path}
    view.folders = {r.unit.id: folder for folder, r in view.results.items()}
    return view


def discretionary(book: Rulebook) -> list[Node]:
    """The items a reviewer may deduct from at discretion, in file order."""
    out: list[Node] = []

    def walk(nodes: list[Node]) -> None:
        for n in nodes:
            if n.discretionary is not None:
                out.append(n)
            walk(n.children)

    walk(book.categories)
    return out


def error_page(request: Request, errors: ScoringError | list[ScoringError], status: int) -> Response:
    errs = errors if isinstance(errors, list) else flatten(errors)
    return render(request, "error.html", status, errors=errs)


@router.get("/")
def home(request: Request) -> Response:
    ws = _ws(request)
    years = []
    for y in ws.years():
        books = []
        for rf in ws.rulebooks(y):
            problems = ws.problems(rf)
            errors = sum(p.severity != "warning" for p in problems)
            books.append({"rf": rf, "errors": errors, "warnings": len(problems) - errors,
                          "title": ws.rulebook(rf).title if not errors else rf.name})
        years.append({"year": y, "books": books, "units": len(ws.units(y))})
    return render(request, "home.html", years=years)


@router.get("/rulebooks/{year}/{name}")
def rulebook_page(request: Request, year: str, name: str) -> Response:
    ws = _ws(request)
    rf = ws.rulebook_file(year, name)
    problems = ws.problems(rf)
    return render(request, "rulebook.html", rf=rf, problems=problems,
                  errors=sum(p.severity != "warning" for p in problems))


@router.get("/years/{year}")
def board(request: Request, year: str, book: str | None = None) -> Response:
    view = year_view(_ws(request), year, book)
    return render(request, "board.html", v=view, formats=FORMATS)


@router.get("/years/{year}/units/{unit}")
def unit_page(request: Request, year: str, unit: str, book: str | None = None) -> Response:
    ws = _ws(request)
    ws.unit_dir(year, unit)
    view = year_view(ws, year, book)
    result = view.results.get(unit)
    ev = _evidence(ws, view, unit) if result is not None else None
    entries = request.app.state.audit.entries(year=view.year, unit=unit)
    undone = request.app.state.audit.undone()
    return render(request, "unit.html", v=view, unit=unit, r=result, ev=ev, failed=view.failed.get(unit),
                  disc=discretionary(view.book), formats=FORMATS, entries=entries, undone=undone)


def _evidence(ws: Workspace, view: YearView, unit: str) -> EvidenceSet:
    return ws.evidence(ws.unit_dir(view.year, unit), view.book)


@router.get("/years/{year}/units/{unit}/items/{item}")
def item_page(request: Request, year: str, unit: str, item: str, book: str | None = None) -> Response:
    ws = _ws(request)
    ws.unit_dir(year, unit)
    view = year_view(ws, year, book)
    result = _result(view, unit)
    ex = explain(result, view.book, _evidence(ws, view, unit), item)
    if ex.item.id not in {n.id for n in result.items}:  # pragma: no cover - explain raised already
        raise NotFound(item)
    return render(request, "item.html", v=view, unit=unit, ex=ex)


def _result(view: YearView, unit: str) -> ScoreResult:
    if unit in view.failed:
        raise ScoringError("这个单位的材料有问题，还不能评分", hint="回到单位页面，按提示改正后重新上传")
    result = view.results.get(unit)
    if result is None:
        raise NotFound(f"单位“{unit}”还没有材料", hint="先上传填好的模板")
    return result


@router.get("/years/{year}/units/{unit}/evidence")
def evidence_page(request: Request, year: str, unit: str, book: str | None = None) -> Response:
    ws = _ws(request)
    ws.unit_dir(year, unit)
    view = year_view(ws, year, book)
    result = _result(view, unit)
    ev = _evidence(ws, view, unit)
    excluded = {x.id: x.reason for x in result.excluded}
    rejected = {r.record: r for r in ev.rejections}
    return render(request, "evidence.html", v=view, unit=unit, r=result, ev=ev, excluded=excluded,
                  rejected=rejected)


@router.get("/years/{year}/units/{unit}/download/{fmt}")
def download_unit(request: Request, year: str, unit: str, fmt: str, book: str | None = None) -> Response:
    """What ``scoring score RULEBOOK EVIDENCE_DIR --format FMT`` writes."""
    ws = _ws(request)
    view = year_view(ws, year, book)
    from .. import score

    result = score(view.book, _evidence(ws, view, unit))
    return _download(fmt, result, f"{unit}-{view.year}")


@router.get("/years/{year}/download/{fmt}")
def download_batch(request: Request, year: str, fmt: str, book: str | None = None) -> Response:
    """What ``scoring rank RULEBOOK evidence/<year> --format FMT`` writes."""
    ws = _ws(request)
    view = year_view(ws, year, book)
    if view.batch is None:
        raise NotFound(f"{view.year} 年还没有单位的材料")
    return _download(fmt, view.batch, f"{view.rf.name}-{view.year}")


def _download(fmt: str, result: Any, stem: str) -> Response:
    if fmt not in FORMATS:
        raise NotFound(f"没有“{fmt}”格式", hint="可下载：" + "、".join(FORMATS))
    media, suffix = FORMATS[fmt]
    from urllib.parse import quote

    name = quote(f"{stem}.{suffix}")
    return Response(get_renderer(fmt)(result), media_type=media,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})


@router.get("/diff")
def diff_page(request: Request, old: str | None = None, new: str | None = None) -> Response:
    from ..cycle import diff_rulebooks

    ws = _ws(request)
    books = ws.rulebooks()
    keys = [b.key for b in books]
    d = None
    if old and new:
        a, b = (next((x for x in books if x.key == k), None) for k in (old, new))
        if a is None or b is None:
            raise NotFound("没有这个规则文件", hint="有：" + "、".join(keys))
        d = diff_rulebooks(ws.rulebook(a), ws.rulebook(b))
    elif len(books) >= 2:
        old, new = keys[-2], keys[-1]
        d = diff_rulebooks(ws.rulebook(books[-2]), ws.rulebook(books[-1]))
    return render(request, "diff.html", keys=keys, old=old, new=new, d=d)


@router.get("/audit")
def audit_page(request: Request) -> Response:
    log = request.app.state.audit
    return render(request, "audit.html", entries=log.entries(), undone=log.undone())


@router.get("/audit.xlsx")
def audit_download(request: Request) -> Response:
    data = audit_xlsx(request.app.state.audit.entries())
    return Response(data, media_type=FORMATS["xlsx"][0],
                    headers={"Content-Disposition": "attachment; filename*=UTF-8''audit.xlsx"})
