"""The audit log: who changed what, when, and the unit's score before and after. Append-only.

An SQLite database in the workspace (``.workbench/audit.sqlite``, the standard library's sqlite3 in WAL
mode). Triggers refuse every UPDATE and DELETE, so an entry, once written, stays; undoing a review is a new
entry that names the one it undoes. The log is browsable on the workbench's 审计日志 page and exported to
xlsx (:func:`audit_xlsx`).
"""

from __future__ import annotations

import datetime as _dt
import io
import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["ACTIONS", "AuditEntry", "AuditLog", "audit_xlsx"]

ACTIONS = {"upload": "上传材料", "reject": "核查不属实", "deduct": "酌情扣分", "undo": "撤销"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    who     TEXT NOT NULL,
    action  TEXT NOT NULL,
    year    INTEGER NOT NULL,
    unit    TEXT NOT NULL,
    target  TEXT NOT NULL,
    detail  TEXT NOT NULL,
    before  TEXT,
    after   TEXT,
    undoes  INTEGER REFERENCES entries(id)
);
CREATE TRIGGER IF NOT EXISTS entries_no_update BEFORE UPDATE ON entries
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    who: str
    action: str
    year: int
    unit: str
    target: str
    detail: dict[str, Any]
    before: str | None
    after: str | None
    undoes: int | None

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action, self.action)


class AuditLog:
    """Append and read entries. One connection per call: safe from any thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA busy_timeout=30000")
        return db

    def append(self, *, who: str, action: str, year: int, unit: str, target: str, detail: dict[str, Any],
               before: str | None, after: str | None, undoes: int | None = None) -> int:
        """Write one entry; returns its number."""
        at = _dt.datetime.now(_dt.timezone.utc).astimezone().isoformat(timespec="seconds")
        with self._lock, self._connect() as db:
            cur = db.execute(
                "INSERT INTO entries (at, who, action, year, unit, target, detail, before, after, undoes) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (at, who, action, year, unit, target, json.dumps(detail, ensure_ascii=False, default=str),
                 before, after, undoes))
            assert cur.lastrowid is not None
            return cur.lastrowid

    def entries(self, *, year: int | None = None, unit: str | None = None) -> list[AuditEntry]:
        """Every entry, newest first (optionally of one year / unit)."""
        sql = "SELECT * FROM entries"
        args: list[object] = []
        where = []
        if year is not None:
            where.append("year = ?")
            args.append(year)
        if unit is not None:
            where.append("unit = ?")
            args.append(unit)
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._connect() as db:
            rows = db.execute(sql + " ORDER BY id DESC", args).fetchall()
        return [AuditEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], json.loads(r[7]), r[8], r[9], r[10])
                for r in rows]

    def get(self, entry_id: int) -> AuditEntry | None:
        found = [e for e in self.entries() if e.id == entry_id]
        return found[0] if found else None

    def undone(self) -> set[int]:
        """Numbers of the entries that a later entry undid."""
        return {e.undoes for e in self.entries() if e.undoes is not None}


def audit_xlsx(entries: list[AuditEntry]) -> bytes:
    """The entries as an Excel sheet (oldest first), headers in Chinese."""
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "审计日志"
    heads = ["序号", "时间", "操作人", "操作", "年度", "单位", "对象", "说明", "操作前总分", "操作后总分", "撤销的序号"]
    ws.append(heads)
    for j in range(1, len(heads) + 1):
        ws.cell(1, j).font = Font(bold=True)
    for e in sorted(entries, key=lambda x: x.id):
        ws.append([e.id, e.at, e.who, e.action_label, e.year, e.unit, e.target,
                   "；".join(f"{k}：{v}" for k, v in e.detail.items()), e.before, e.after, e.undoes])
    for letter, width in zip("ABCDEFGHIJK", (6, 26, 14, 12, 8, 14, 24, 50, 12, 12, 10), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
