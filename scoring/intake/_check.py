"""``scoring evidence check``: read a folder, count what came from where, list every problem.

Python: ``scoring.intake.check_folder(path, book)`` → :class:`CheckReport`;
``scoring.intake.summarize(path, book)`` → the per-file counts only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath

from ..errors import ErrorGroup, EvidenceError, ScoringError
from ..evidence import READERS, RawRecord, Reader, build_evidence, read_folder
from ..evidence.readers import read_csv
from ..location import Location
from ..models.evidence import EvidenceSet
from ..models.rulebook import Rulebook

__all__ = ["CheckReport", "FileSummary", "attachment_errors", "check_folder", "format_summary", "summarize"]


@dataclass
class FileSummary:
    """How many records of each evidence type one file gave (0 for a sheet or file with none)."""

    path: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class CheckReport:
    """What ``check_folder`` found. ``evidence`` is the checked set when there is no error."""

    folder: str
    unit_source: str
    files: list[FileSummary]
    errors: list[ScoringError]
    raws: list[RawRecord]
    evidence: EvidenceSet | None = None
    not_read: list[tuple[str, str]] = field(default_factory=list)
    """Entries of the folder that were not read as records, and why (attachments, hidden files, refused ones)."""

    @property
    def ok(self) -> bool:
        return not self.errors


def _readers(encoding: str | None) -> Mapping[str, Reader]:
    if encoding is None:
        return READERS
    return {**READERS, ".csv": partial(read_csv, encoding=encoding)}


def _summaries(files: list[Path], raws: list[RawRecord], rulebook: Rulebook) -> list[FileSummary]:
    by_file = {str(f): FileSummary(str(f)) for f in files}
    for r in raws:
        s = by_file.setdefault(r.source.path, FileSummary(r.source.path))
        if not r.unread:  # a row of a sheet missing a required column is not read (said once, at its header)
            s.counts[r.type] = s.counts.get(r.type, 0) + 1
    return list(by_file.values())


def attachment_errors(folder: Path, raws: list[RawRecord]) -> list[ScoringError]:
    """One error per attachment path that is not a file inside ``folder``."""
    out: list[ScoringError] = []
    root = folder.resolve()
    for r in raws:
        loc = r.field_locs.get("#attachments", r.source)
        for a in r.attachments:
            p = PurePosixPath(a.replace("\\", "/"))
            target = (folder / p).resolve()
            if p.is_absolute() or not target.is_relative_to(root):
                out.append(EvidenceError(f"附件路径 '{a}' 不在证据文件夹里", location=loc, code="evidence.attachment-outside",
                                         hint="附件要放在证据文件夹（或其子文件夹）中，写相对路径，例如 照片/活动1.jpg"))
            elif not target.is_file():
                out.append(EvidenceError(f"找不到附件 '{a}'", location=loc, code="evidence.attachment-missing",
                                         hint=f"把文件放到 {folder / p}，或改正路径（相对于证据文件夹，例如 照片/活动1.jpg）"))
    return out


def _key(e: ScoringError) -> tuple[str, str, int, int, str]:
    loc = e.location or Location(path="")
    return (loc.path, loc.sheet or "", loc.row or 0, loc.line or 0, loc.column or "")


def check_folder(path: str | Path, rulebook: Rulebook, *, encoding: str | None = None) -> CheckReport:
    """Read and check an evidence folder without scoring it; every problem is in ``errors``.

    Raises ``EvidenceError`` only when there is nothing to check (no folder, no unit)."""
    fi = read_folder(path, rulebook, readers=_readers(encoding))
    raws = list(fi.raws)
    evidence = None
    errors: list[ScoringError] = []
    try:
        evidence = build_evidence(fi.unit_data, fi.unit_pos, fi.unit_path, fi.raws, fi.review_data, fi.review_pos,
                                  fi.review_path, rulebook, str(fi.folder), fi.errors, strict_claims=True)
    except ErrorGroup as g:
        errors = list(g.errors)
    except ScoringError as e:
        errors = [e]
    errors += attachment_errors(fi.folder, raws)
    errors.sort(key=_key)
    named = {a.replace("\\", "/").lstrip("./") for r in raws for a in r.attachments}
    not_read = [(str(e.path), "附件（记录里列出）" if e.kind == "other" and e.path.name in named else e.note)
                for e in fi.entries if e.kind in ("attachments", "ignored", "other", "refused")]
    return CheckReport(str(fi.folder), fi.unit_path, _summaries(fi.files, raws, rulebook), errors, raws,
                       evidence if not errors else None, not_read)


def summarize(path: str | Path, rulebook: Rulebook, *, encoding: str | None = None) -> list[FileSummary]:
    """How many records of each type were read from each file of the folder."""
    return check_folder(path, rulebook, encoding=encoding).files


def format_summary(report: CheckReport, rulebook: Rulebook) -> str:
    """The per-file summary as plain Chinese text, one line per file."""
    def label(t: str) -> str:
        return rulebook.evidence[t].label or t

    lines = [f"单位信息来自 {report.unit_source}"]
    for f in report.files:
        parts = "、".join(f"{label(t)} {n} 条" for t, n in f.counts.items()) or "没有记录"
        lines.append(f"{f.path}：{parts}")
    total = sum(f.total for f in report.files)
    lines.append(f"共读到 {total} 条记录，来自 {len(report.files)} 个文件。")
    for path, why in report.not_read:
        lines.append(f"未作为记录读取：{path}（{why or '见下面的问题'}）")
    return "\n".join(lines)
