"""The ``extends`` form: a rule file that names last year's file and lists only its changes.

A pre-processing step: the child file and its parent are read as plain data with
positions (``scoring.compile.yaml``), merged into the data of a full rule file, and that
data is validated like any other. Each merged value keeps the position it came
from, so an error in a changed value points into the child file, and an error in
an inherited value points into the parent file.

Syntax (docs/yearly-cycle.md, "继承形式")::

    extends: ../2023/x-county-fulian.yaml   # relative to this file
    id: x-county-fulian-2024                # any other top-level key replaces the parent's …
    year: 2024
    params:                                 # … except params, facts, evidence: merged by name
      reading_quota: {...}
    changes:                                # by id (category, item, criterion, veto, bonus/penalty line):
      parent_school: {points: 12}           #   the keys given replace the parent's
    remove: [school_talk]                   # by id
    add:                                    # after an id (same list), or into a node / vetoes / bonus / penalties
      - after: school_talk
        item: {id: ..., title: ..., points: ...}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..compile.yaml import LINE, Positions, line_index, load_yaml_file
from ..errors import SchemaError, did_you_mean
from ..location import Location

__all__ = ["DIRECTIVES", "MERGED_BY_NAME", "resolve_extends", "rulebook_form"]

DIRECTIVES = ("extends", "changes", "remove", "add")
MERGED_BY_NAME = ("params", "facts", "evidence")
_SECTIONS = ("bonus", "penalties")

Origin = tuple[Positions, tuple[Any, ...]]


def rulebook_form(path: str | Path) -> str:
    """Which form a rule file uses, in a sentence for ``scoring check``: 完整形式 or 继承形式."""
    data, _ = load_yaml_file(path)
    if not isinstance(data, dict) or "extends" not in data:
        return "完整形式：文件本身写出了全部内容"
    parts = [f"changes 改 {len(data.get('changes') or {})} 处", f"remove 删 {len(data.get('remove') or [])} 项",
             f"add 增 {len(data.get('add') or [])} 项"]
    own = [k for k in data if k not in DIRECTIVES]
    if own:
        parts.append("另写了顶层的 " + "、".join(map(str, own)))
    return f"继承形式：以 {data['extends']} 为基础，只列出改动（{'，'.join(parts)}）"


def resolve_extends(data: dict[str, Any], positions: Positions, path: Path,
                    _seen: tuple[Path, ...] = ()) -> tuple[dict[str, Any], Positions, bytes]:
    """The full data of a child file, with positions; also the bytes of every file involved (for the digest)."""
    m = _Merger(data, positions, path)
    parent_ref = data["extends"]
    ppath = (path.parent / str(parent_ref)).resolve()
    if not isinstance(parent_ref, str) or not ppath.is_file():
        raise SchemaError(f"extends 指向的文件 '{parent_ref}' 不存在", location=m.loc(("extends",)),
                          hint="写相对于本文件的路径，例如 extends: ../2023/x-county-fulian.yaml")
    if ppath in _seen or ppath == path.resolve():
        raise SchemaError("extends 形成了循环（文件最终继承了它自己）", location=m.loc(("extends",)),
                          hint="检查各文件的 extends，让继承关系只沿一个方向")
    pdata, ppos = load_yaml_file(ppath)
    raw = ppath.read_bytes()
    if isinstance(pdata, dict) and "extends" in pdata:
        pdata, ppos, raw = resolve_extends(pdata, ppos, ppath, _seen + (path.resolve(),))
    if not isinstance(pdata, dict):
        raise SchemaError("extends 指向的文件不是规则文件", location=m.loc(("extends",)))
    merged = m.merge(pdata, ppos)
    return merged, m.positions_of(merged), raw + path.read_bytes()


class _Merger:
    def __init__(self, child: dict[str, Any], cpos: Positions, path: Path) -> None:
        self.child, self.cpos, self.path = child, cpos, str(path)
        self.origins: dict[int, Origin] = {}
        self.overrides: dict[tuple[int, Any], Origin] = {}
        self.keep: list[Any] = []  # objects whose id() is a key above stay alive

    def loc(self, at: tuple[Any, ...]) -> Location:
        probe = at
        while probe and probe not in self.cpos:
            probe = probe[:-1]
        return self.cpos.get(probe, Location(path=self.path, line=1, col=1))

    def err(self, msg: str, at: tuple[Any, ...], **kw: Any) -> SchemaError:
        return SchemaError(msg, location=self.loc(at), **kw)

    def _register(self, obj: Any, pos: Positions, at: tuple[Any, ...]) -> None:
        if isinstance(obj, dict | list):
            self.origins[id(obj)] = (pos, at)
            self.keep.append(obj)
            for k, v in (obj.items() if isinstance(obj, dict) else enumerate(obj)):
                self._register(v, pos, at + (k,))

    def merge(self, parent: dict[str, Any], ppos: Positions) -> dict[str, Any]:
        self._register(parent, ppos, ())
        out = parent
        for k, v in self.child.items():
            if k in DIRECTIVES:
                continue
            if k in MERGED_BY_NAME and isinstance(v, dict) and isinstance(out.get(k), dict):
                for name, spec in v.items():
                    out[k][name] = spec
                    self.overrides[(id(out[k]), name)] = (self.cpos, (k, name))
            else:
                out[k] = v
                self.overrides[(id(out), k)] = (self.cpos, (k,))
        self._remove(out)
        self._changes(out)
        self._add(out)
        return out

    # -- finding things by id -----------------------------------------------------------------

    def _lists(self, book: dict[str, Any]) -> list[list[Any]]:
        """Every list of objects with ids: categories and their children, vetoes, bonus and penalty lines."""
        out: list[list[Any]] = []

        def nodes(lst: Any) -> None:
            if isinstance(lst, list):
                out.append(lst)
                for n in lst:
                    if isinstance(n, dict):
                        nodes(n.get("items"))
                        nodes(n.get("criteria"))

        nodes(book.get("categories"))
        if isinstance(book.get("vetoes"), list):
            out.append(book["vetoes"])
        for s in _SECTIONS:
            if isinstance(book.get(s), dict) and isinstance(book[s].get("lines"), list):
                out.append(book[s]["lines"])
        return out

    def _find(self, book: dict[str, Any], ident: Any, at: tuple[Any, ...]) -> tuple[list[Any], int]:
        ids = []
        for lst in self._lists(book):
            for i, obj in enumerate(lst):
                if isinstance(obj, dict):
                    if obj.get("id") == ident:
                        return lst, i
                    ids.append(str(obj.get("id")))
        raise self.err(f"继承的文件里没有 id 为 '{ident}' 的类别、条目、子项、否决项或加扣分行", at,
                       suggestion=did_you_mean(str(ident), ids), hint="id 要和被继承文件里写的完全一致")

    # -- the directives -------------------------------------------------------------------------

    def _remove(self, book: dict[str, Any]) -> None:
        rm = self.child.get("remove")
        if rm is None:
            return
        if not isinstance(rm, list):
            raise self.err("remove 要写成 id 的列表", ("remove",), hint="例如 remove: [school_talk]")
        for i, ident in enumerate(rm):
            lst, j = self._find(book, ident, ("remove", i))
            del lst[j]

    def _changes(self, book: dict[str, Any]) -> None:
        ch = self.child.get("changes")
        if ch is None:
            return
        if not isinstance(ch, dict):
            raise self.err("changes 要写成 id: {键: 新值}", ("changes",), hint="例如 changes: {parent_school: {points: 12}}")
        for ident, fields in ch.items():
            if not isinstance(fields, dict):
                raise self.err(f"changes 中 '{ident}' 的值要写成 {{键: 新值}}", ("changes", ident),
                               hint="例如 parent_school: {points: 12}")
            lst, j = self._find(book, ident, ("changes", ident))
            obj = lst[j]
            for k, v in fields.items():
                obj[k] = v
                self.overrides[(id(obj), k)] = (self.cpos, ("changes", ident, k))

    def _add(self, book: dict[str, Any]) -> None:
        add = self.child.get("add")
        if add is None:
            return
        if not isinstance(add, list):
            raise self.err("add 要写成列表：- {after: id, item: {...}}", ("add",))
        for i, entry in enumerate(add):
            at = ("add", i)
            if not isinstance(entry, dict) or "item" not in entry or len(
                    [k for k in ("after", "into") if k in entry]) != 1 or set(entry) - {"after", "into", "item"}:
                raise self.err("add 的每一项写 item（新的内容）和 after 或 into 中的一个", at,
                               hint="after: 已有的 id（加在它后面）；into: 条目 id、vetoes、bonus 或 penalties（加在末尾）")
            item = entry["item"]
            self.origins[id(item)] = (self.cpos, at + ("item",))
            self.keep.append(item)
            if "after" in entry:
                lst, j = self._find(book, entry["after"], at + ("after",))
                lst.insert(j + 1, item)
                continue
            into = entry["into"]
            if into == "vetoes":
                book.setdefault("vetoes", []).append(item)
            elif into in _SECTIONS and isinstance(book.get(into), dict):
                book[into].setdefault("lines", []).append(item)
            else:
                lst, j = self._find(book, into, at + ("into",))
                node = lst[j]
                key = "items" if "items" in node else "criteria"
                node.setdefault(key, []).append(item)

    # -- positions of the merged data ----------------------------------------------------------------

    def positions_of(self, merged: Any) -> Positions:
        out: Positions = {}
        lines: dict[int, dict[tuple[Any, ...], list[tuple[int, Any]]]] = {}  # per positions table: multi-line scalars
        root = self.cpos.get(())
        if root is not None:
            out[()] = root

        def walk(obj: Any, at: tuple[Any, ...], origin: Origin) -> None:
            pos, src = origin
            for suffix in ((), ("<value>",), ("<key>",)):
                if src + suffix in pos:
                    out.setdefault(at + suffix, pos[src + suffix])
            if not isinstance(obj, dict | list):
                table = lines.get(id(pos))
                if table is None:
                    table = lines[id(pos)] = line_index(pos)
                for offset, loc in table.get(src, ()):
                    out.setdefault(at + (LINE, offset), loc)
            items = obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else ()
            for k, v in items:
                child = self.overrides.get((id(obj), k))
                if child is None:
                    child = self.origins.get(id(v), (pos, src + (k,))) if isinstance(v, dict | list) else (
                        pos, src + (k,))
                walk(v, at + (k,), child)

        walk(merged, (), self.origins[id(merged)])
        return out
