"""Uploading a township's files to a unit: checked before anything is saved, saved atomically, history kept.

1. Every file name is a plain name with a suffix the readers know (``.xlsx .xlsm .xls .ods .csv .yaml .yml
   .json``); ``reviews.yaml`` is written only by the review pages, never uploaded.
2. The unit's current files and the uploaded ones are put together in a staging folder inside the workspace
   (``.workbench/staging/``) and read exactly as ``scoring score`` would read the unit folder.
3. Any problem: nothing is saved, and the problems come back located (file / sheet / row / column).
4. No problem: each file that is replaced is first copied to the unit's ``.history/`` (time-stamped), then the
   staged file is renamed into place (one step, on the same disk). The caller holds the unit's lock.
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import load_evidence
from ..errors import EvidenceError, ScoringError
from ..location import Location
from ..models import EvidenceSet, Rulebook
from ._errors import flatten, relocate
from ._workspace import Workspace, safe_name

__all__ = ["ALLOWED", "HISTORY", "Upload", "save_upload"]

ALLOWED = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".yaml", ".yml", ".json")
HISTORY = ".history"
_REVIEWS = ("reviews.yaml", "reviews.yml", "reviews.json")


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def _check_names(uploads: list[Upload], shown: str) -> list[ScoringError]:
    errors: list[ScoringError] = []
    seen: set[str] = set()
    for u in uploads:
        where = Location(path=f"{shown}/{u.name}")
        try:
            safe_name(u.name, "文件名")
        except ScoringError as e:
            errors.append(e.with_context(location=where))
            continue
        suffix = Path(u.name).suffix.lower()
        if u.name.lower() in _REVIEWS:
            errors.append(EvidenceError("核查意见不能上传，请在单位页面上逐条录入", location=where,
                                        hint="核查不属实和酌情扣分在“评分”和“证据”页面录入，会记入审计日志"))
        elif suffix not in ALLOWED:
            errors.append(EvidenceError(f"不能读取“{suffix or '无扩展名'}”文件", location=where,
                                        hint="请上传填好的 Excel 模板（.xlsx），或 " + "、".join(ALLOWED) + " 文件"))
        elif not u.data.strip(b"\xef\xbb\xbf \t\r\n"):
            errors.append(EvidenceError("文件是空的", location=where, hint="上传填好内容的文件；可能是上传中断了，请重新上传"))
        elif u.name in seen:
            errors.append(EvidenceError("同一个文件上传了两次", location=where, hint="每个文件只选一次"))
        seen.add(u.name)
    if not uploads:
        errors.append(EvidenceError("没有选择文件", location=Location(path=shown), hint="点“选择文件”选好要上传的文件"))
    return errors


def _stamp() -> str:
    return _dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")


def save_upload(ws: Workspace, book: Rulebook, year: int, unit: str, uploads: list[Upload]) -> EvidenceSet:
    """Check the unit with the uploaded files in place; save them only when it reads. Raises the problems.

    The caller holds ``ws.unit_lock(year, unit)``. Returns the evidence as read after the upload."""
    folder = ws.unit_dir(year, unit, new=True)
    shown = f"evidence/{year}/{folder.name}"
    errors = _check_names(uploads, shown)
    if errors:
        raise errors[0] if len(errors) == 1 else _group(errors)
    staging_root = ws.state / "staging"
    staging_root.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f"{year}-", dir=staging_root))
    try:
        if folder.is_dir():
            for f in folder.iterdir():
                if f.is_file() and not f.is_symlink() and not f.name.startswith("."):
                    shutil.copy2(f, staged / f.name)
        for u in uploads:
            (staged / u.name).write_bytes(u.data)
        try:
            evidence = load_evidence(staged, book)
        except ScoringError as e:
            found = relocate(flatten(e), staged, shown)
            raise found[0] if len(found) == 1 else _group(found) from None
        folder.mkdir(parents=True, exist_ok=True)
        stamp = _stamp()
        for u in uploads:
            target = folder / u.name
            if target.exists():
                history = folder / HISTORY
                history.mkdir(exist_ok=True)
                shutil.copy2(target, history / f"{stamp}-{u.name}")
            moving = staged / u.name
            with open(moving, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(moving, target)
        return evidence.model_copy(update={"path": str(folder)})
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def _group(errors: list[ScoringError]) -> ScoringError:
    from ..evidence import EvidenceErrors

    return EvidenceErrors(errors)
