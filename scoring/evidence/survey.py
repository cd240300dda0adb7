"""Every entry of an evidence folder, classified before anything is opened: read, listed, or refused.

``survey(folder, readers)`` looks at each entry with ``lstat``/``stat`` only (nothing is opened, so a named
pipe cannot block) and decides:

* ``unit`` / ``reviews`` / ``records``: read by the unit, review or record readers (``records`` by suffix);
* ``attachments``: a sub-folder; its files are attachments, checked when a record names them;
* ``ignored``: hidden files and Office lock files (``.…``, ``~$…``), listed in ``evidence check``;
* ``other``: a regular file no reader knows (``.docx``, ``.et``, ``.pdf`` …): an attachment when a record names
  it, otherwise an error (``evidence.unread-file``), never silence;
* refused with a located error before opening: named pipes, sockets, devices (``input.special-file``),
  dangling links (``evidence.dangling-link``), link loops (``file.link-loop``), links that leave the evidence
  folder (``evidence.link-outside``), files over their size limit (``input.too-large``), empty record files
  (``input.empty``).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EvidenceError, ScoringError
from ..limits import MAX_SHEET_BYTES, MAX_TEXT_BYTES, MAX_YAML_BYTES
from ..location import Location
from .units import REVIEW_FILES, UNIT_FILES, is_ignored

__all__ = ["Entry", "survey", "unread_files"]

_TEXT = (".csv", ".txt", ".tsv")
_SHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
_HINTS = {
    ".docx": "Word 文件不能作为证据记录读取：把内容填进 Excel 模板；作为附件请在记录的“附件”一栏写上文件名，或放到附件文件夹里",
    ".doc": "Word 文件不能作为证据记录读取：把内容填进 Excel 模板；作为附件请在记录的“附件”一栏写上文件名，或放到附件文件夹里",
    ".et": "WPS 表格文件（.et）不能直接读取：在 WPS 里“另存为”Excel 文件（.xlsx）",
    ".wps": "WPS 文字文件不能作为证据记录读取：把内容填进 Excel 模板",
    ".numbers": "Numbers 文件不能直接读取：导出为 Excel 文件（.xlsx）",
}


@dataclass(frozen=True)
class Entry:
    path: Path
    kind: str  # unit, reviews, records, attachments, ignored, other, refused
    note: str = ""


def _limit(suffix: str) -> int:
    return MAX_TEXT_BYTES if suffix in _TEXT else MAX_SHEET_BYTES if suffix in _SHEETS else MAX_YAML_BYTES


def _empty(p: Path, size: int, suffix: str) -> bool:
    if size == 0:
        return True
    if suffix not in _TEXT or size > 4096:
        return False
    raw = p.read_bytes()  # a small regular file: cannot block
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            raw, encoding = raw[len(bom):], enc
            break
    else:
        encoding = "utf-8"
    try:
        return not raw.decode(encoding).strip()
    except UnicodeDecodeError:
        return False


def _refuse(p: Path, message: str, *, code: str, hint: str) -> EvidenceError:
    return EvidenceError(message, location=Location(path=str(p)), code=code, hint=hint)


def survey(folder: Path, readers: Mapping[str, Any]) -> tuple[list[Entry], list[ScoringError]]:
    """Classify every entry of ``folder`` (see the module docstring); errors for the refused ones."""
    entries: list[Entry] = []
    errors: list[ScoringError] = []
    root = Path(os.path.realpath(folder))
    for p in sorted(folder.iterdir()):
        if is_ignored(p):
            entries.append(Entry(p, "ignored", "隐藏文件或 Office 临时文件，不读取"))
            continue
        try:
            lst = os.lstat(p)
            if stat.S_ISLNK(lst.st_mode):
                real = Path(os.path.realpath(p))
                st = os.stat(p)
                if not real.is_relative_to(root):
                    err = _refuse(p, f"链接 '{p.name}' 指向证据文件夹外面（{real}），没有读取", code="evidence.link-outside", hint="把文件本身复制到证据文件夹里，不要用链接（快捷方式）")
                    errors.append(err)
                    entries.append(Entry(p, "refused", err.message))
                    continue
            else:
                st = lst
        except FileNotFoundError:
            err = _refuse(p, f"链接 '{p.name}' 指向的文件不存在，没有读取", code="evidence.dangling-link", hint="把文件本身复制到证据文件夹里，或删除这个链接")
            errors.append(err)
            entries.append(Entry(p, "refused", err.message))
            continue
        except OSError as e:
            if e.errno == errno.ELOOP:
                err = _refuse(p, f"链接 '{p.name}' 形成了循环（最终指向它自己），没有读取", code="file.link-loop", hint="删除这个链接，把文件本身放进证据文件夹")
            else:
                err = _refuse(p, f"无法查看 '{p.name}'：{e.strerror}", code="file.os-error", hint="检查文件权限")
            errors.append(err)
            entries.append(Entry(p, "refused", err.message))
            continue
        if stat.S_ISDIR(st.st_mode):
            entries.append(Entry(p, "attachments", "附件文件夹：其中的文件作为记录的附件检查"))
            continue
        if not stat.S_ISREG(st.st_mode):
            what = ("命名管道" if stat.S_ISFIFO(st.st_mode) else "套接字" if stat.S_ISSOCK(st.st_mode)
                    else "设备" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "特殊文件")
            err = _refuse(p, f"'{p.name}' 不是普通文件（是{what}{'，经由链接' if p.is_symlink() else ''}），没有读取", code="input.special-file", hint="证据文件夹里只放普通文件和附件文件夹")
            errors.append(err)
            entries.append(Entry(p, "refused", err.message))
            continue
        suffix = p.suffix.lower()
        if p.name in UNIT_FILES:
            entries.append(Entry(p, "unit"))
            continue
        if p.name in REVIEW_FILES:
            entries.append(Entry(p, "reviews"))
            continue
        if suffix not in readers:
            entries.append(Entry(p, "other", _HINTS.get(suffix, "")))
            continue
        if st.st_size > _limit(suffix):
            err = _refuse(p, f"文件太大（{st.st_size // 1024} KB，最多 {_limit(suffix) // 1024} KB），没有读取", code="input.too-large", hint="检查是不是选错了文件；一个单位一年的证据用不到这么大")
            errors.append(err)
            entries.append(Entry(p, "refused", err.message))
            continue
        if suffix not in (".yaml", ".yml", ".json") and _empty(p, st.st_size, suffix):
            err = _refuse(p, "文件是空的", code="input.empty", hint="文件里什么都没有（或只有空格、BOM）：可能是上传时没有传完整，请重新提交完整的文件")
            errors.append(err)
            entries.append(Entry(p, "refused", err.message))
            continue
        entries.append(Entry(p, "records"))
    return entries, errors


def unread_files(entries: Iterable[Entry], attachments: Iterable[str]) -> list[ScoringError]:
    """An error for every ``other`` file that no record names as an attachment."""
    named = {a.replace("\\", "/").lstrip("./") for a in attachments}
    out: list[ScoringError] = []
    for e in entries:
        if e.kind == "other" and e.path.name not in named:
            out.append(EvidenceError(
                f"不能读取的文件 '{e.path.name}'：不是证据记录文件，也没有哪条记录把它列为附件", location=Location(path=str(e.path)),
                code="evidence.unread-file",
                hint=e.note or "证据记录请用 Excel 模板（.xlsx）、CSV 或 YAML；附件请在记录的“附件”一栏写上文件名，"
                               "或放到附件文件夹里；不需要的文件请移出证据文件夹"))
    return out
