"""Which folders are units, and which files in a folder are evidence: the one discovery every command uses.

``scoring score`` reads one unit's folder; ``scoring rank``, ``score_folder``, ``scoring diff --evidence``
(impact) all find the units under a root with ``unit_folders``.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import EvidenceError
from ..location import Location
from .readers import READERS

__all__ = ["REVIEW_FILES", "UNIT_FILES", "is_evidence_file", "is_ignored", "not_units", "unique_units", "unit_folders"]

UNIT_FILES = ("unit.yaml", "unit.yml", "unit.json")
"""A unit's details: who it is, its facts and its self-assessment (or the cover sheet of a filled template)."""
REVIEW_FILES = ("reviews.yaml", "reviews.yml", "reviews.json")
"""The county reviewer's rejections and discretionary deductions."""


def is_ignored(path: Path) -> bool:
    """Hidden files and folders, and the lock files Office leaves beside an open workbook (``~$…``)."""
    return path.name.startswith((".", "~$"))


def is_evidence_file(path: Path) -> bool:
    """A unit file, a review file or a record file a reader exists for."""
    return (path.is_file() and not is_ignored(path)
            and (path.name in UNIT_FILES or path.name in REVIEW_FILES or path.suffix.lower() in READERS))


def unit_folders(root: str | Path) -> list[Path]:
    """The unit folders under ``root``, in name order: every sub-folder holding a unit file or any evidence file.

    A folder with evidence but no unit details is included, so that it is reported rather than silently
    left out of the ranking. ``root`` must be the folder above the units, not a unit's own folder.
    """
    base = Path(root)
    if not base.is_dir():
        raise EvidenceError(f"找不到文件夹 '{base}'", location=Location(path=str(base)), code="file.not-found",
                            hint="写存放各单位证据文件夹的上级目录，例如 evidence/2023")
    if any((base / n).is_file() for n in UNIT_FILES):
        raise EvidenceError(f"'{base}' 是一个单位的证据文件夹，不是存放各单位文件夹的上级目录",
                            location=Location(path=str(base)),
                            hint=f"为一个单位评分请用 scoring score 规则文件 {base}；排名请写上级目录，例如 {base.parent}")
    folders = sorted(p for p in base.iterdir()
                     if p.is_dir() and not p.name.startswith(".") and any(is_evidence_file(f) for f in p.iterdir()))
    if not folders:
        raise EvidenceError(f"'{base}' 下面没有任何单位的证据文件夹", location=Location(path=str(base)),
                            hint="每个单位一个子文件夹，里面有 unit.yaml（或填好封面的 Excel 模板）和佐证材料文件")
    return folders


def not_units(root: str | Path) -> list[EvidenceError]:
    """What ``unit_folders(root)`` passes over, each reported as a warning (``batch.not-a-unit``): a sub-folder
    holding files (photos, scans, a Word file …, perhaps in folders of its own) but no unit file and no record
    file is not a unit and is not scored; a file lying beside the unit folders is not read. Hidden files and
    folders and Office lock files are left out, as everywhere (``is_ignored``)."""
    base = Path(root)
    out: list[EvidenceError] = []
    for p in sorted(base.iterdir()):
        if is_ignored(p):
            continue
        if p.is_dir():
            if any(is_evidence_file(f) for f in p.iterdir()):
                continue
            files = [f for f in sorted(p.rglob("*")) if not any(is_ignored(Path(x)) for x in f.relative_to(p).parts)
                     and f.is_file()]
            if not files:
                continue
            shown = "、".join(str(f.relative_to(p)) for f in files[:3]) + (" 等" if len(files) > 3 else "")
            out.append(EvidenceError(
                f"文件夹 '{p.name}' 不是单位的证据文件夹，没有参加评分：里面没有 unit.yaml、Excel 模板或记录文件，"
                f"只有 {len(files)} 个其他文件（{shown}）",
                location=Location(path=str(p)), code="batch.not-a-unit", severity="warning",
                hint="照片、扫描件等附件要放在所属单位的文件夹里（例如 某乡/照片/）；如果这是一个单位的材料，"
                     "请补上 unit.yaml 或填好封面的 Excel 模板和记录文件"))
        elif p.is_file() and p.name not in UNIT_FILES:
            out.append(EvidenceError(
                f"'{p.name}' 放在各单位文件夹的上级目录里，不属于任何单位，没有读取",
                location=Location(path=str(p)), code="batch.not-a-unit", severity="warning",
                hint="单位的材料放进该单位自己的文件夹；不是证据的文件请移出这个目录"))
    return out


def unique_units(units: list[tuple[Path, str, str]]) -> list[EvidenceError]:
    """Problems of a batch's units ``(folder, unit id, unit name)``: the same id in two folders is an error
    (``batch.duplicate-unit``: the unit would be ranked twice), the same name a warning (``batch.duplicate-name``);
    each names both folders. ``rank``, ``score_folder`` and ``impact`` refuse a batch with such an error."""
    out: list[EvidenceError] = []
    by_id: dict[str, Path] = {}
    by_name: dict[str, Path] = {}
    for folder, uid, name in units:
        if uid in by_id:
            out.append(EvidenceError(f"单位 id '{uid}' 出现在两个文件夹里：{by_id[uid]} 和 {folder}",
                                     location=Location(path=str(folder)), code="batch.duplicate-unit",
                                     hint="同一个单位只交一份材料：删除或合并其中一个文件夹；不同的单位要用不同的 id"))
        else:
            by_id[uid] = folder
        if name in by_name and by_id.get(uid) == folder:
            out.append(EvidenceError(f"两个文件夹的单位名称都是 '{name}'：{by_name[name]} 和 {folder}",
                                     location=Location(path=str(folder)), code="batch.duplicate-name", severity="warning",
                                     hint="确认这是两个不同的单位；是同一个单位时只保留一个文件夹"))
        by_name.setdefault(name, folder)
    return out
