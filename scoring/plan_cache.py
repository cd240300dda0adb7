"""A cache of compiled rulebooks, so that repeated ``scoring score`` runs skip reading and checking the YAML.

    book = load_rulebook_cached("rules/2023/x-county-fulian.yaml")   # same result as load_rulebook

Keyed by the content of the rule file and of every file it ``extends`` (all their bytes, in order), by the
path as given (locations in the ledger name it), by this installation of scoring (every module's size and
modification time) and by the Python version. Any byte change
of any of those files is a different key, so a stale entry is never used; entries are safe to delete.

The entries live in the user's own cache folder (``$SCORING_CACHE_DIR``, else ``$XDG_CACHE_HOME/scoring``,
else ``~/.cache/scoring``), not next to the rule file: an entry is a pickle, and a pickle from a shared
folder could run code, which a rule file never can. ``SCORING_CACHE=off`` turns the cache off.
An entry is used only when it unpickles to a rulebook with the expected digest; anything else (a
damaged, foreign or old entry) is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
from pathlib import Path

from .compile.plan import plan_of
from .files import write_atomic
from .models.rulebook import Rulebook

__all__ = ["cache_dir", "load_rulebook_cached"]

_EXTENDS = re.compile(rb"^extends[ \t]*:[ \t]*(?P<v>[^#\r\n]*?)[ \t]*(#[^\r\n]*)?\r?$", re.M)


def cache_dir() -> Path | None:
    if os.environ.get("SCORING_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    given = os.environ.get("SCORING_CACHE_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "scoring"


def _chain(path: Path, seen: tuple[Path, ...] = ()) -> list[tuple[Path, bytes]] | None:
    """The files a rule file is made of, the one it extends first; None when that is not plain to see
    (then the cache is not used)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    found = _EXTENDS.findall(raw)
    if not found:
        return None if b"extends" in raw else [(path, raw)]  # the word in another form: not plain, no cache
    if len(found) != 1:
        return None
    ref = found[0][0].strip().strip(b"'\"").decode("utf-8", "replace")
    parent = (path.parent / ref).resolve()
    if not parent.is_file() or parent in seen:
        return None
    above = _chain(parent, seen + (path.resolve(),))
    return None if above is None else above + [(path, raw)]


_STAMP: list[str] = []


def _code_stamp() -> str:
    """This installation of scoring: every module's path, size and modification time (a changed engine never
    unpickles an entry written by another)."""
    if not _STAMP:
        here = os.path.dirname(os.path.abspath(__file__))
        parts = []
        for folder, subfolders, files in os.walk(here):  # os.walk, not Path.rglob: a third of the time
            subfolders[:] = [d for d in subfolders if d != "__pycache__"]
            for name in files:
                if name.endswith(".py"):
                    f = os.path.join(folder, name)
                    st = os.stat(f)
                    parts.append(f"{os.path.relpath(f, here)}:{st.st_size}:{st.st_mtime_ns}")
        _STAMP.append(hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest())
    return _STAMP[0]


def load_rulebook_cached(path: str | Path) -> Rulebook:
    """``load_rulebook(path)``, from the cache when the files are unchanged since it was compiled."""
    where = cache_dir()
    chain = _chain(Path(path)) if where is not None else None
    if where is None or chain is None:
        return load_rulebook(path)
    digest = hashlib.sha256(b"".join(raw for _, raw in chain)).hexdigest()
    key = hashlib.sha256("\0".join([_code_stamp(), sys.version, str(path), digest]
                                   + [str(p.resolve()) for p, _ in chain]).encode()).hexdigest()
    entry = where / f"{key}.rulebook.pickle"
    try:
        book = pickle.loads(entry.read_bytes())
        if isinstance(book, Rulebook) and plan_of(book).digest == digest and plan_of(book).path == str(path):
            return book
    except Exception:  # noqa: BLE001 - a missing, damaged or foreign entry is simply rebuilt
        pass
    book = load_rulebook(path)
    if plan_of(book).digest == digest:  # what was compiled is what was hashed (no change in between)
        try:
            where.mkdir(parents=True, exist_ok=True)
            write_atomic(entry, pickle.dumps(book, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a read-only home: no cache, same result
    return book


def load_rulebook(path: str | Path) -> Rulebook:
    """``scoring.load_rulebook``, its compiler imported only here: a hit never imports the compiler (nor every
    clause kind, the expression checker or the rule-file schema's messages)."""
    from .compile import compiler

    return compiler.load_rulebook(path)
