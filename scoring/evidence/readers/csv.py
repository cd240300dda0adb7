"""CSV files: one file per evidence type, named after it (``活动.csv`` or ``activity.csv``).

Encoding: a byte-order mark decides (UTF-8 or UTF-16, as Excel's "Unicode text"
export writes); otherwise the file is decoded as UTF-8 if every byte of it is
valid UTF-8, else as GB18030 (a superset of GBK and GB2312, what Chinese
Windows Excel writes). Both passes stream the file in chunks. An encoding can
also be stated (``read_csv(..., encoding="gbk")``, ``--encoding gbk``); then a
byte that does not decode is an error at its line.

The delimiter is a comma, or a tab / semicolon if the header line has those
and no commas. Rows are numbered as a spreadsheet program shows them (the
header is row 1), also when a quoted cell spans several lines.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ...errors import EvidenceError, ScoringError
from ...location import Location
from ...models.rulebook import Rulebook
from ..coerce import RawRecord
from .table import Table, read_table, type_for

__all__ = ["detect_encoding", "read_csv"]

_CHUNK = 1 << 16
_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8（带 BOM）", "utf-16": "UTF-16", "gb18030": "GBK/GB18030"}


def _decodes(path: Path, encoding: str) -> tuple[int, int] | None:
    """None if the whole file decodes; else (line, byte offset in the file) of the first bad byte."""
    dec = codecs.getincrementaldecoder(encoding)()
    line, done = 1, 0
    with open(path, "rb") as f:
        while True:
            chunk = f.read(_CHUNK)
            try:
                dec.decode(chunk, final=not chunk)
            except UnicodeDecodeError as e:
                return line + chunk[: max(e.start, 0)].count(b"\n"), done + max(e.start, 0)
            if not chunk:
                return None
            line += chunk.count(b"\n")
            done += len(chunk)


def detect_encoding(path: Path) -> str | None:
    """``utf-8-sig``, ``utf-16``, ``utf-8`` or ``gb18030``; None when none of them decodes the file."""
    with open(path, "rb") as f:
        head = f.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for enc in ("utf-8", "gb18030"):
        if _decodes(path, enc) is None:
            return enc
    return None


def _rows(f: Any, delimiter: str) -> Iterator[tuple[int, Sequence[Any]]]:
    yield from enumerate(csv.reader(f, delimiter=delimiter), start=1)


def read_csv(path: Path, rulebook: Rulebook, encoding: str | None = None) -> tuple[list[RawRecord], list[ScoringError]]:
    """Records from one CSV file; the file's stem names its evidence type."""
    loc = Location(path=str(path))
    etype = type_for(path.stem, rulebook)
    if etype is None:
        return [], [EvidenceError(
            f"CSV 文件名 '{path.stem}' 不是规则文件里的证据类型，文件内容没有读取", location=loc,
            hint="把文件改名为证据类型的名称，例如 " + "、".join(f"{t.label or n}.csv"
                                                       for n, t in rulebook.evidence.items()))]
    enc = encoding or detect_encoding(path)
    if enc is None:
        return [], [EvidenceError("无法识别 CSV 文件的编码（既不是 UTF-8，也不是 GBK/GB18030）", location=loc,
                                  hint="在 Excel 或 WPS 里“另存为 → CSV UTF-8（逗号分隔）”，或者用 --encoding 指明编码")]
    try:
        codecs.lookup(enc)
    except LookupError:
        return [], [EvidenceError(f"不认识的编码名称 '{enc}'", location=loc, hint="常用：utf-8、gbk、gb18030、utf-8-sig")]
    if encoding is not None:
        bad = _decodes(path, enc)
        if bad is not None:
            return [], [EvidenceError(
                f"文件不是 {enc} 编码：第 {bad[0]} 行（第 {bad[1] + 1} 个字节）无法按 {enc} 解码",
                location=Location(path=str(path), line=bad[0]),
                hint="去掉 --encoding 让程序自动识别，或写对编码，例如 --encoding gbk")]
    with open(path, encoding=enc, newline="") as f:
        first = f.readline()
        delimiter = "," if "," in first or ("\t" not in first and ";" not in first) else (
            "\t" if "\t" in first else ";")
        f.seek(0)
        return read_table(Table(str(path), None, etype, _rows(f, delimiter)), rulebook)
