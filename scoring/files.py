"""Writing outputs safely: never a half-written file, never touching inputs.

:func:`write_atomic` writes to a temporary file beside the target and renames it into place in one step:

* the target may not be one of the ``inputs`` (compared after following links), nor lie inside one of the
  ``protected`` folders (an evidence folder being read): a located ``output.is-input`` /
  ``output.inside-evidence`` error, and nothing is written;
* a link at the target is followed: the file it points to is replaced, the link stays a link
  (a dangling link is refused: ``output.dangling-link``);
* an existing target keeps its permission bits; a new one gets the usual ``0666 & ~umask``;
* the temporary file (``.<name>.<pid>.<random>.scoring-tmp``) is removed when writing fails, on Ctrl-C
  (SIGINT) and on SIGTERM; one left by a killed process (SIGKILL) is removed by the next write to the same
  folder once its process is gone.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import BinaryIO

__all__ = ["TMP_SUFFIX", "check_output", "clean_leftovers", "write_atomic", "write_atomic_with"]

TMP_SUFFIX = ".scoring-tmp"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _real(p: Path) -> Path:
    return Path(os.path.realpath(p))


def check_output(path: str | Path, inputs: Iterable[str | Path] = (), protected: Iterable[str | Path] = ()) -> Path:
    """The real file an output to ``path`` would replace; raises a located ScoringError if that harms an input."""
    from .errors import ScoringError
    from .location import Location

    target = Path(path)
    where = Location(path=str(target))
    if target.is_symlink() and not target.exists():
        raise ScoringError(f"输出路径 '{target}' 是一个指向不存在位置的链接", location=where, code="output.dangling-link",
                           hint="删除这个链接，或换一个输出文件名")
    real = _real(target)
    if real.is_dir():
        raise ScoringError(f"输出路径 '{target}' 是一个文件夹", location=where, code="file.is-folder",
                           hint="在 -o 后面写文件名，例如 -o 评分结果.xlsx")
    for i in inputs:
        if _real(Path(i)) == real:
            raise ScoringError(f"输出文件 '{target}' 就是输入文件 '{i}'，不能覆盖", location=where, code="output.is-input",
                               hint="换一个输出文件名，例如 -o 评分结果.json")
    for folder in protected:
        base = _real(Path(folder))
        if real.is_relative_to(base):
            raise ScoringError(f"输出文件 '{target}' 在正在读取的证据文件夹 '{folder}' 里", location=where,
                               code="output.inside-evidence",
                               hint="输出写到证据文件夹外面（写在里面会被下次评分当作证据读入），例如 -o 评分结果/x乡.json")
    return real


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but not ours (EPERM)
        return True
    return True


def clean_leftovers(folder: Path, name: str) -> list[Path]:
    """Remove temporary files for ``name`` in ``folder`` whose writing process is gone; returns them."""
    removed: list[Path] = []
    prefix = f".{name}."
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for p in entries:
        n = p.name
        if not (n.startswith(prefix) and n.endswith(TMP_SUFFIX)):
            continue
        pid_text = n[len(prefix):].split(".", 1)[0]
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            p.unlink()
            removed.append(p)
    return removed


class _Terminated(BaseException):
    """SIGTERM during a write: unwinds like Ctrl-C, so the temporary file is removed."""


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        raise _Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except (ValueError, OSError):  # pragma: no cover - no signals here
        yield
        return
    try:
        yield
    except _Terminated:
        signal.signal(signal.SIGTERM, previous)
        os.kill(os.getpid(), signal.SIGTERM)  # now die as SIGTERM asks, the temporary file already gone
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)


def write_atomic(path: str | Path, data: str | bytes, *, inputs: Iterable[str | Path] = (),
                 protected: Iterable[str | Path] = ()) -> None:
    """Write ``data`` to ``path`` in one step (see the module docstring for what is refused and kept)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    write_atomic_with(path, lambda f: f.write(raw), inputs=inputs, protected=protected)


def write_atomic_with(path: str | Path, write: Callable[[BinaryIO], object], *, inputs: Iterable[str | Path] = (),
                      protected: Iterable[str | Path] = ()) -> None:
    """``write_atomic`` for an output written piece by piece: ``write(f)`` writes it to the temporary file,
    which then replaces ``path`` in one step (a batch streamed to JSON never has to be one string)."""
    target = Path(path)
    real = check_output(target, inputs, protected)
    real.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(real.parent, real.name)
    try:
        mode = stat.S_IMODE(real.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    with _sigterm_unwinds():
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.{os.getpid()}.", suffix=TMP_SUFFIX, dir=real.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                write(f)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, mode)  # mkstemp makes 0600: keep the old file's bits, or the usual ones
            os.replace(tmp, real)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
