"""``new-year``: next year's rule file from last year's, comments and key order kept.

The file is read and written in ruamel.yaml's round-trip mode, so only the
values we change differ: ``year``, ``period``, and the year inside ``id`` and
``title``. Dated parameters keep their values: each carries its own effective
date, and a new value is added by the editor with a new date.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ..errors import RulebookError, YamlError, describe_os_error, os_error
from ..files import write_atomic
from ..location import Location
from ..values import shift_year

__all__ = ["new_year", "new_year_cases", "new_year_path", "new_year_text"]


def _yaml() -> YAML:
    y = YAML(typ="rt", pure=True)
    y.preserve_quotes = True
    y.width = 100_000  # never re-wrap long Chinese lines
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _shift(d: Any, years: int) -> Any:
    if isinstance(d, _dt.date):
        return shift_year(d, years)
    return d


def new_year_text(text: str, year: int, path: str = "<text>") -> str:
    """The text of next year's file: ``year``, ``period`` and the year inside ``id``/``title`` changed."""
    y = _yaml()
    try:
        data = y.load(text)
    except YAMLError as e:
        raise YamlError(f"YAML 格式错误：{e}", location=Location(path=path),
                        hint="先用 scoring check 检查并修正这个文件") from None
    if not isinstance(data, dict) or "year" not in data:
        raise RulebookError("找不到顶层的 year（考核年度）", location=Location(path=path, line=1, col=1),
                            hint="new-year 只能用于完整的规则文件；继承形式（extends）的文件请直接复制后修改")
    old = int(data["year"])
    years = year - old
    data["year"] = year
    period = data.get("period")
    if isinstance(period, dict):
        for k in ("start", "end"):
            if k in period:
                period[k] = _shift(period[k], years)
    for k in ("id", "title"):
        if isinstance(data.get(k), str):
            text_ = re.sub(rf"(?<!\d){old}(?!\d)", str(year), data[k])
            data[k] = text_ if type(data[k]) is str else type(data[k])(text_)  # keep the quoting style
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def new_year_path(src: str | Path, year: int) -> Path:
    """Where next year's file goes: ``rules/2023/f.yaml`` → ``rules/2024/f.yaml`` (the year replaced in names)."""
    p = Path(src)
    m = re.search(r"(?<!\d)(\d{4})(?!\d)", p.parent.name)
    parent = p.parent.with_name(p.parent.name.replace(m.group(1), str(year))) if m else p.parent
    m2 = re.search(r"(?<!\d)(19|20|21)\d{2}(?!\d)", p.name)
    name = p.name.replace(m2.group(0), str(year)) if m2 else p.name
    if parent == p.parent and name == p.name:
        name = f"{p.stem}-{year}{p.suffix}"
    return parent / name


def new_year(src: str | Path, year: int, dest: str | Path | None = None, *, force: bool = False) -> Path:
    """Write next year's rule file (atomically) and return its path. Refuses to overwrite unless ``force``."""
    p = Path(src)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise RulebookError(f"无法读取文件：{describe_os_error(e)}", location=Location(path=str(p)),
                            hint="检查文件路径是否正确", code=os_error(e).code) from None
    target = Path(dest) if dest is not None else new_year_path(p, year)
    if target.exists() and not force:
        raise RulebookError("目标文件已经存在，没有覆盖", location=Location(path=str(target)), code="output.exists",
                            hint="确认要覆盖时加上 --force；或用 --output 指定另一个文件名")
    write_atomic(target, new_year_text(text, year, str(p)), inputs=[p])  # never over last year's file
    return target


def _shift_all(node: Any, years: int) -> int:
    """Shift every date in a loaded YAML tree by ``years`` in place; returns how many were shifted."""
    n = 0
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for k, v in list(items):
        if isinstance(v, _dt.date):
            node[k] = shift_year(v, years)
            n += 1
        else:
            n += _shift_all(v, years)
    return n


def new_year_cases(src: str | Path, year: int, rulebook: str | Path, *, force: bool = False) -> tuple[Path, list[str]]:
    """Carry last year's test cases (``x.tests.yaml`` beside ``src``) to the new rule file ``rulebook``.

    The copy points at the new rule file, the dates of records written in the cases move by the years between,
    and a note at its top says what needs review: every expected score was worked out under last year's rules,
    and a case that names an evidence folder still reads last year's evidence, whose dates lie outside the new
    period. The file's own opening comment follows the note, unchanged. Returns the new file and those notes
    (also written into it as comments)."""
    p = Path(src)
    cases = p.with_name(p.stem + ".tests.yaml")
    target = Path(rulebook).with_name(Path(rulebook).stem + ".tests.yaml")
    if target.exists() and not force:
        raise RulebookError("测试用例文件已经存在，没有覆盖", location=Location(path=str(target)), code="output.exists",
                            hint="确认要覆盖时加上 --force")
    y = _yaml()
    header, body = _leading_comment(cases.read_text(encoding="utf-8-sig"))
    try:
        data = y.load(body)
    except YAMLError as e:
        raise YamlError(f"YAML 格式错误：{e}", location=Location(path=str(cases)),
                        hint="先用 scoring test 检查并修正这个文件") from None
    old = next((int(m.group(0)) for m in [re.search(r"(?<!\d)(19|20|21)\d{2}(?!\d)", str(p))] if m), year - 1)
    years = year - old
    data["rulebook"] = Path(rulebook).name
    shifted = 0
    folders: list[str] = []
    for case in data.get("cases") or []:
        if isinstance(case, dict):
            shifted += _shift_all(case.get("records") or {}, years)
            if case.get("evidence"):
                folders.append(str(case.get("name")))
    n = len(data.get("cases") or [])
    notes = [f"由 scoring new-year 从 {cases.name}（{old} 年）复制，共 {n} 个用例，都要复核：期望得分是按上一年的细则算的，"
             "细则改过的条目请重新手算并改正 expect。",
             f"写在用例里的记录，日期已顺延 {years} 年（{shifted} 处）。"]
    if folders:
        notes.append(f"{len(folders)} 个用例引用证据文件夹（{'、'.join(folders)}），读的仍是 {old} 年的材料，日期不在新的考核期内："
                     "请换成新年度的证据文件夹，或改成写在用例里的记录。")
    out = io.StringIO()
    y.dump(data, out)
    # the note first, then the county's own header comment, kept as written
    note = "".join(f"# {n}\n" for n in notes)
    write_atomic(target, note + (f"#\n{header}\n" if header else "") + out.getvalue())
    return target, notes


def _leading_comment(text: str) -> tuple[str, str]:
    """The comment lines (and blank lines among them) a YAML file opens with, and the rest of it."""
    lines = text.splitlines(keepends=True)
    k = 0
    while k < len(lines) and (not lines[k].strip() or lines[k].lstrip().startswith("#")):
        k += 1
    return "".join(lines[:k]).rstrip("\n"), "".join(lines[k:])
