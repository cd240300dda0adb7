"""The workspace folder the workbench serves: ``rules/<year>/*.yaml`` and ``evidence/<year>/<unit>/``.

Every path a request names is looked up here and nowhere else: a year is four digits, a rulebook is one of
the files found under ``rules/<year>/``, a unit is one of the folders found under ``evidence/<year>/`` (or, for
a new unit, a plain folder name), and the resolved path must lie inside the workspace. Anything else is a
:class:`NotFound` or :class:`BadName`, never a file opened.

Rulebooks are compiled once and kept while the rule files are unchanged (size, mtime and inode of each, so
that a file written in the ``extends`` form follows its parent); a change is compiled on the next request. Each unit has a lock: uploads and reviews of one unit run one at a time,
in this process (a thread lock) and across processes (``fcntl.flock`` on a lock file, where the system has it).
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import ScoringError
from ..models import EvidenceSet, Rulebook

__all__ = ["BadName", "NotFound", "RulebookFile", "Workspace", "safe_name"]

STATE_DIR = ".workbench"
"""The workbench's own files inside the workspace (audit log, locks, staging); hidden from unit discovery."""

_YEAR = re.compile(r"^[0-9]{4}$")
_NAME = re.compile(r"^[0-9A-Za-z\u4e00-\u9fff][0-9A-Za-z_\-.\u4e00-\u9fff（）()]{0,79}$")


class NotFound(ScoringError):
    """A year, rulebook, unit or item the workspace does not have (HTTP 404)."""

    code = "serve.not-found"


class BadName(ScoringError):
    """A name from a request that cannot be a file or folder name here (HTTP 422)."""

    code = "serve.bad-name"


def safe_name(name: str, what: str) -> str:
    """``name`` when it is a plain file or folder name (no separators, no ``..``, not hidden); else BadName."""
    if not _NAME.match(name) or ".." in name:
        raise BadName(f"{what}“{name}”不能用作文件或文件夹名",
                      hint="只用汉字、字母、数字、-、_ 和 .，不要以 . 开头，不要写 / 或 \\")
    return name


@dataclass(frozen=True)
class RulebookFile:
    """One rule file of the workspace: ``rules/<year>/<name>.yaml``."""

    year: int
    name: str
    path: Path

    @property
    def key(self) -> str:
        return f"{self.year}/{self.name}"


class Workspace:
    """A workspace folder: lookups that cannot leave it, compiled rulebooks, unit locks."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise ScoringError(f"找不到工作目录 '{root}'",
                               hint="写一个包含 rules/ 和 evidence/ 的文件夹，例如 scoring serve 考核2023")
        self.state = self.root / STATE_DIR
        self._books: dict[Path, tuple[object, Rulebook]] = {}
        self._checks: dict[Path, tuple[object, list[ScoringError]]] = {}
        self._books_lock = threading.Lock()
        self._evidence: dict[Path, tuple[object, EvidenceSet | ScoringError]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._locks_lock = threading.Lock()

    # -- paths ------------------------------------------------------------------------------------

    def inside(self, path: Path) -> Path:
        """``path`` resolved, when it lies inside the workspace; NotFound otherwise (links out included)."""
        p = path.resolve()
        if not p.is_relative_to(self.root):
            raise NotFound(f"'{path.name}' 不在工作目录里")
        return p

    def years(self) -> list[int]:
        found: set[int] = set()
        for sub in ("rules", "evidence"):
            base = self.root / sub
            if base.is_dir():
                found |= {int(p.name) for p in base.iterdir() if p.is_dir() and _YEAR.match(p.name)}
        return sorted(found)

    def rulebooks(self, year: int | None = None) -> list[RulebookFile]:
        """The rule files (``*.yaml``, not ``*.tests.yaml``) under ``rules/<year>/``, in name order."""
        out: list[RulebookFile] = []
        for y in self.years() if year is None else [year]:
            base = self.root / "rules" / str(y)
            if not base.is_dir():
                continue
            for f in sorted(base.iterdir()):
                if f.suffix in (".yaml", ".yml") and not f.name.endswith((".tests.yaml", ".tests.yml")) \
                        and f.is_file() and not f.name.startswith("."):
                    out.append(RulebookFile(y, f.stem, self.inside(f)))
        return out

    def rulebook_file(self, year: int | str, name: str | None = None) -> RulebookFile:
        """The named rulebook of ``year`` (the first one when ``name`` is None)."""
        y = self.year(year)
        books = self.rulebooks(y)
        if not books:
            raise NotFound(f"{y} 年没有规则文件", hint=f"把规则文件放到 rules/{y}/ 下，例如 rules/{y}/细则.yaml")
        if name is None:
            return books[0]
        for b in books:
            if b.name == name:
                return b
        raise NotFound(f"{y} 年没有名为“{name}”的规则文件", hint="有：" + "、".join(b.name for b in books))

    def year(self, year: int | str) -> int:
        text = str(year)
        if not _YEAR.match(text):
            raise NotFound(f"“{text}”不是年度", hint="年度写四位数字，例如 2023")
        return int(text)

    def evidence_root(self, year: int | str) -> Path:
        return self.root / "evidence" / str(self.year(year))

    def units(self, year: int | str) -> list[str]:
        """The unit folders of a year (every folder under ``evidence/<year>/`` that is not hidden)."""
        base = self.evidence_root(year)
        if not base.is_dir():
            return []
        return sorted(p.name for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")
                      and not p.is_symlink())

    def unit_dir(self, year: int | str, unit: str, *, new: bool = False) -> Path:
        """The folder of an existing unit, or with ``new`` the folder a new unit would get."""
        if unit in self.units(year):
            return self.inside(self.evidence_root(year) / unit)
        if not new:
            raise NotFound(f"{self.year(year)} 年没有单位文件夹“{unit}”",
                           hint="有：" + ("、".join(self.units(year)) or "（还没有）"))
        folder = self.evidence_root(year) / safe_name(unit, "单位文件夹名")
        if folder.exists() or folder.is_symlink():  # a file, or a link (perhaps out of the workspace)
            raise NotFound(f"“{unit}”不是单位文件夹", hint="换一个单位文件夹名")
        return self.inside(folder.parent) / folder.name

    # -- rulebooks, compiled once -----------------------------------------------------------------

    def _rules_state(self) -> tuple[tuple[str, int, int, int], ...]:
        """Size, mtime and inode of every rule file: a file that ``extends`` another changes with its parent."""
        base = self.root / "rules"
        files = sorted(base.rglob("*.y*ml")) if base.is_dir() else []
        return tuple((str(f), st.st_size, st.st_mtime_ns, st.st_ino) for f in files for st in [f.stat()])

    def rulebook(self, rf: RulebookFile) -> Rulebook:
        """The compiled rulebook; compiled again only when a rule file changed (size, mtime, inode)."""
        from .. import load_rulebook

        key = self._rules_state()
        with self._books_lock:
            hit = self._books.get(rf.path)
            if hit is not None and hit[0] == key:
                return hit[1]
        book = load_rulebook(rf.path)  # outside the lock: a slow compile does not stop other requests
        with self._books_lock:
            self._books[rf.path] = (key, book)
        return book

    def problems(self, rf: RulebookFile) -> list[ScoringError]:
        """``scoring check``'s findings for the file, kept while the file is unchanged."""
        from .. import check_rulebook

        key = self._rules_state()
        with self._books_lock:
            hit = self._checks.get(rf.path)
            if hit is not None and hit[0] == key:
                return hit[1]
        found = check_rulebook(rf.path)
        with self._books_lock:
            self._checks[rf.path] = (key, found)
        return found

    def evidence(self, folder: Path, book: Rulebook) -> EvidenceSet:
        """``load_evidence(folder, book)``, read again only when a file of the folder changed (or the book)."""
        from .. import load_evidence

        key = (id(book), tuple(sorted((f.name, st.st_size, st.st_mtime_ns, st.st_ino)
                                      for f in folder.iterdir() if f.is_file() for st in [f.stat()])))
        with self._books_lock:
            hit = self._evidence.get(folder)
        if hit is not None and hit[0] == key:
            if isinstance(hit[1], ScoringError):
                raise hit[1]
            return hit[1]
        try:
            ev: EvidenceSet | ScoringError = load_evidence(folder, book)
        except ScoringError as e:
            ev = e
        with self._books_lock:
            self._evidence[folder] = (key, ev)
        if isinstance(ev, ScoringError):
            raise ev
        return ev

    # -- one writer per unit ----------------------------------------------------------------------

    @contextlib.contextmanager
    def unit_lock(self, year: int | str, unit: str) -> Iterator[None]:
        """Hold the unit's lock: one upload or review of a unit at a time, in and across processes."""
        key = f"{self.year(year)}-{unit}"
        with self._locks_lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            locks = self.state / "locks"
            locks.mkdir(parents=True, exist_ok=True)
            with open(locks / f"{key}.lock", "a+b") as fh:
                try:
                    import fcntl
                except ImportError:  # pragma: no cover - Windows: the thread lock alone
                    yield
                    return
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
