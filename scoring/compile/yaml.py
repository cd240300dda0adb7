"""Strict YAML: plain data plus a position for every key and value.

We let ruamel.yaml parse and compose the node graph (it knows YAML), then build
plain Python ourselves, so that we decide everything that matters for rule files:

* a key given twice is an error, located at the second occurrence;
* only the standard tags are accepted (``!!python/object`` and friends are rejected,
  nothing is ever constructed from a tag);
* numbers with a fraction become exact ``Decimal``s, never floats;
* aliases cannot blow up: the number of values built is bounded;
* every path (``("categories", 0, "items", 2, "when")``) maps to its ``Location``.
"""

from __future__ import annotations

import copy
import datetime as _dt
import errno
import os
import stat
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ScoringError, YamlError, describe_os_error, os_error
from ..limits import MAX_DEPTH, MAX_STRING, MAX_YAML_BYTES, number_problem
from ..location import Location
from ..models.build import builder
from ..textscan import has_control_character, prescan
from ._folds import FOLD_MARK, line_starts
from ._json import read_json
from ._quick import compose as quick_compose

if TYPE_CHECKING:  # ruamel.yaml is imported when it composes a file (plain files never need it)
    from ruamel.yaml.error import MarkedYAMLError

__all__ = ["LINE", "MAX_VALUES", "Positions", "line_index", "load_yaml_file", "load_yaml_text", "read_regular_file"]

MAX_VALUES = 1_000_000
MAX_ALIAS_VALUES = 100_000
"""Values that aliases (``*name``) may repeat in one file: enough for any real use, too few for a 'billion laughs'."""
_STD = "tag:yaml.org,2002:"
Positions = dict[tuple[Any, ...], Location]
YNode = Any
"""A node of ruamel.yaml's graph or of ``_nodes`` (the quick composer's): the builder reads its kind (``id``:
``scalar``, ``sequence``, ``mapping``), ``tag``, ``value``, ``style`` and the marks' lines and columns."""
_LOCATION = builder(Location)
LINE = "<line>"
"""``path + (LINE, offset)``: where a later source line of the multi-line scalar at ``path`` begins (``offset`` in its
value), for folded, quoted and plain scalars written over several lines (``scoring.compile._folds``)."""


def line_index(positions: Positions) -> dict[tuple[Any, ...], list[tuple[int, Location]]]:
    """Every multi-line scalar's line starts, by path: what ``compile_expression(lines=...)`` takes."""
    out: dict[tuple[Any, ...], list[tuple[int, Location]]] = {}
    for key, loc in positions.items():
        if len(key) >= 2 and key[-2] == LINE:
            out.setdefault(key[:-2], []).append((key[-1], loc))
    for starts in out.values():
        starts.sort(key=lambda s: s[0])
    return out


def load_yaml_file(path: str | Path, error: type[YamlError] = YamlError, *,
                   allow_empty: bool = False) -> tuple[Any, Positions]:
    """Read a YAML/JSON file: a regular file of at most MAX_YAML_BYTES, UTF-8, not empty (unless ``allow_empty``)."""
    p = Path(path)
    where = Location(path=str(path))
    try:
        raw = read_regular_file(p, MAX_YAML_BYTES)
    except ScoringError as e:
        raise error(e.message, location=e.location, hint=e.hint, code=e.code) from None
    except OSError as e:
        raise error(f"无法读取文件：{describe_os_error(e)}", location=where,
                    hint="检查文件路径是否正确", code=os_error(e).code) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise error("文件不是 UTF-8 编码", location=where, code="file.encoding",
                    hint=f"用文本编辑器另存为 UTF-8 编码（第 {e.start} 字节处无法识别）") from None
    if not text.strip() and not allow_empty:
        raise error("文件是空的", location=where, code="input.empty",
                    hint="文件里什么都没有（或只有空格、BOM）：可能是上传或复制时没有传完整，请重新提交完整的文件")
    data, positions = load_yaml_text(text, str(path), error)
    if data is None and not allow_empty:
        raise error("文件是空的（只有注释）", location=where, code="input.empty",
                    hint="文件里没有内容，只有注释：可能是上传或复制时没有传完整，请重新提交完整的文件")
    return data, positions


def read_regular_file(p: Path, limit: int) -> bytes:
    """The bytes of ``p``, refusing anything but a regular file (a pipe, device or socket would block or never
    end) and anything over ``limit`` bytes, before reading it. Raises a located ScoringError or OSError."""
    st = os.stat(p)  # follows links; a dangling link or a loop is an OSError here
    where = Location(path=str(p))
    if stat.S_ISDIR(st.st_mode):  # a folder where a file belongs: the usual "arguments swapped?" message
        raise IsADirectoryError(errno.EISDIR, "Is a directory", str(p))
    if not stat.S_ISREG(st.st_mode):
        raise ScoringError("不是普通文件（是文件夹、管道、设备或套接字），不能读取", location=where,
                           code="input.special-file", hint="写一个普通文件的路径")
    if st.st_size > limit:
        raise ScoringError(f"文件太大（{st.st_size // 1024} KB，最多 {limit // 1024} KB）", location=where,
                           code="input.too-large", hint="检查是不是选错了文件；规则文件和证据文件用不到这么大")
    with open(p, "rb") as f:
        raw = f.read(limit + 1)
    if len(raw) > limit:  # grew while we looked
        raise ScoringError(f"文件太大（超过 {limit // 1024} KB）", location=where, code="input.too-large")
    return raw


def load_yaml_text(text: str, path: str = "<text>", error: type[YamlError] = YamlError) -> tuple[Any, Positions]:
    if path.lower().endswith(".json") and not has_control_character(text):
        fast = read_json(text, path, MAX_VALUES)  # plain JSON within the limits, read in one pass
        if fast is not None and fast[2] + 1 <= MAX_DEPTH:  # not too deep either: prescan would find nothing
            return fast[0], fast[1]
    prescan(text, path, error)
    node: YNode = quick_compose(text)  # plain YAML, ruamel.yaml not even imported; None: ruamel.yaml composes it
    if node is None:
        node = _compose(text, path, error)
    positions: Positions = {}
    if node is None:
        return None, positions
    builder = _Builder(path, positions, error, text)
    return builder.build(node, ()), positions


def _compose(text: str, path: str, error: type[YamlError]) -> YNode | None:
    """ruamel.yaml's node graph of ``text``; its errors said in Chinese, located."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt", pure=True)
    try:
        return yaml.compose(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if "could not find expected ':'" in (e.problem or "") and e.context_mark is not None:
            mark = e.context_mark  # the line that lacks the colon, not the line after it
        if "quoted scalar" in (e.context or "") and e.context_mark is not None:
            end = e.problem_mark
            loc = Location(path=path, line=e.context_mark.line + 1, col=e.context_mark.column + 1)
            raise error("引号没有成对：这里开始的引号一直没有结束" + (f"（直到第 {end.line + 1} 行）" if end else ""),
                        location=loc,
                        hint="在这段文字的末尾补上同样的引号（\" 或 '），或者去掉开头的引号") from None
        opened = _unclosed_quote(text, mark.line if mark else len(text))
        if opened is not None:  # a quote left open swallowed the lines after it; the parser stumbled later
            raise error(f"引号没有成对：这里开始的引号在这一行没有结束（YAML 在第 {mark.line + 1 if mark else '?'} 行才发现出错）",
                        location=Location(path=path, line=opened[0], col=opened[1]),
                        hint="在这段文字的末尾补上同样的引号（\" 或 '），或者去掉开头的引号") from None
        loc = Location(path=path, line=mark.line + 1, col=mark.column + 1) if mark else Location(path=path)
        raise error(f"YAML 格式错误：{_explain(e)}", location=loc, hint=_yaml_hint(e)) from None
    except YAMLError as e:
        raise error(f"YAML 格式错误：{e}", location=Location(path=path)) from None
    except RecursionError:  # prescan bounds the nesting; this is the last line of defence
        raise error(f"嵌套太深（超过 {MAX_DEPTH} 层列表或键值）", location=Location(path=path), code="input.too-deep",
                    hint="规则文件和证据文件用不到这么多层；检查缩进和括号是否多写了") from None


class _Builder:
    def __init__(self, path: str, positions: Positions, error: type[YamlError], text: str = "") -> None:
        self.path = path
        self.text = text
        self.line_starts: list[int] | None = None
        self.source_lines: list[str] | None = None
        self.positions = positions
        self.error = error
        self.count = 0
        self.aliased = 0
        self.logical = 0  # values as the data will be seen, aliases expanded
        self.built: dict[int, tuple[Any, int]] = {}  # node id -> (value, logical values in its subtree)
        self.building: set[int] = set()  # nodes on the current path: an alias to one of them is a cycle

    def loc(self, node: YNode) -> Location:
        m = node.start_mark  # a path and two whole numbers: built, not validated (a value per node)
        return _LOCATION(path=self.path, line=m.line + 1, col=m.column + 1)

    def vloc(self, node: YNode) -> Location:
        """Where a scalar's text starts: after an opening quote, or on the line after ``|`` / ``>``."""
        style = getattr(node, "style", None)
        if node.id == "scalar" and style in ('"', "'"):
            m = node.start_mark
            return _LOCATION(path=self.path, line=m.line + 1, col=m.column + 2)
        loc = self.loc(node)
        if node.id == "scalar" and style in ("|", ">"):
            return self._block_start(node, loc)
        return loc

    def _block_start(self, node: YNode, loc: Location) -> Location:
        """Where a block scalar's text starts: its first non-blank line, at that line's indentation."""
        if self.line_starts is None:
            starts = [0]
            for i, ch in enumerate(self.text):
                if ch == "\n":
                    starts.append(i + 1)
            self.line_starts = starts
        starts = self.line_starts
        line = node.start_mark.line + 1  # 0-based index of the line after the '|' / '>'
        last = min(node.end_mark.line, len(starts) - 1)
        while line <= last:
            end = starts[line + 1] - 1 if line + 1 < len(starts) else len(self.text)
            row = self.text[starts[line]:end]
            if row.strip():
                return loc.model_copy(update={"line": line + 1, "col": len(row) - len(row.lstrip(" ")) + 1})
            line += 1
        return loc.model_copy(update={"line": (loc.line or 0) + 1, "col": (loc.col or 1) + 2})

    def _line_starts(self, node: YNode, at: tuple[Any, ...]) -> None:
        if self.source_lines is None:
            self.source_lines = [row.rstrip("\r") for row in self.text.split("\n")]
        for offset, line, col in line_starts(node, self.source_lines) or ():
            self.positions[at + (LINE, offset)] = Location(path=self.path, line=line, col=col)

    def build(self, node: YNode, at: tuple[Any, ...]) -> Any:
        if node.anchor is None:  # nothing can refer to it (an alias names an anchor): no bookkeeping needed
            return self._build(node, at)
        seen = self.built.get(id(node))
        if seen is not None:  # an alias: share the value built before, but count what it repeats
            self.aliased += seen[1]
            self.logical += seen[1]
            if self.aliased > MAX_ALIAS_VALUES:
                raise self.error(f"别名（*）重复引用的内容太多（超过 {MAX_ALIAS_VALUES} 个值）", location=self.loc(node),
                                 hint="规则文件不需要这样多层的锚点和别名（& 和 *）；把内容直接写出来")
            return copy.deepcopy(seen[0])  # bounded by the budget above; no shared mutable data
        if id(node) in self.building:
            raise self.error("别名（*）引用了包含它自己的锚点（&），内容会无限循环", location=self.loc(node),
                             hint="把这个别名换成要引用的内容本身")
        self.building.add(id(node))
        start = self.logical
        value = self._build(node, at)
        self.building.discard(id(node))
        self.built[id(node)] = (value, self.logical - start)
        return value

    def _build(self, node: YNode, at: tuple[Any, ...]) -> Any:
        self.count += 1
        self.logical += 1
        if self.count > MAX_VALUES:
            raise self.error(f"文件内容过大（超过 {MAX_VALUES} 个值）", location=self.loc(node),
                             hint="检查是否误用了锚点和别名（& 和 *）")
        if at not in self.positions:  # a mapping's value and key paths are set by the mapping itself
            self.positions[at] = self.vloc(node)
        if node.id == "scalar" and node.start_mark.line != node.end_mark.line:
            self._line_starts(node, at)
        tag = node.tag if isinstance(node.tag, str) else str(node.tag)
        if node.id == "mapping":
            self._tag(node, tag, "map")
            out: dict[Any, Any] = {}
            for knode, vnode in node.value:
                if knode.tag == _STD + "merge":
                    raise self.error("不支持合并键 '<<'", location=self.loc(knode), hint="把要用的键直接写出来")
                key = self.build(knode, at + ("<key>",))
                if isinstance(key, list | dict):
                    raise self.error("键必须是文字或数字", location=self.loc(knode))
                if key in out:
                    raise self.error(f"键 '{key}' 重复出现", location=self.loc(knode),
                                     hint=f"删除或合并重复的 '{key}'（第一次出现在第 {self.positions[at + (key,)].line} 行）")
                self.positions[at + (key,)] = self.loc(knode)
                self.positions[at + (key, "<value>")] = self.vloc(vnode)
                out[key] = self.build(vnode, at + (key,))
            return out
        if node.id == "sequence":
            self._tag(node, tag, "seq")
            return [self.build(v, at + (i,)) for i, v in enumerate(node.value)]
        assert node.id == "scalar"
        return self.scalar(node, tag)

    def _tag(self, node: YNode, tag: str, want: str) -> None:
        if tag not in (_STD + want,) and not (want == "map" and tag == _STD + "omap"):
            raise self.error(f"不支持的 YAML 标签 '{tag}'", location=self.loc(node),
                             hint="规则文件不能使用 !! 标签，去掉它")

    def _in_range(self, value: int | Decimal, node: YNode) -> int | Decimal:
        problem = number_problem(Decimal(value))
        if problem is not None:
            v = node.value if len(node.value) <= 30 else node.value[:20] + "…"
            raise self.error(f"数字 '{v}' {problem}", location=self.vloc(node), code="input.number-range",
                             hint="数字最多 20 位有效数字，整数部分最多 16 位，小数最多 20 位（见 docs/limits.md）")
        return value

    def scalar(self, node: YNode, tag: str) -> Any:
        v: str = node.value
        if node.style == ">":  # ruamel marks the folded line breaks; the value has a space there (YAML 1.2)
            v = v.replace(FOLD_MARK, "")
        if len(v) > MAX_STRING:
            raise self.error(f"这个值太长（{len(v)} 个字符，最多 {MAX_STRING} 个）", location=self.vloc(node),
                             code="input.too-long", hint="检查是不是把整篇文字或整个文件粘贴进来了")
        kind = tag[len(_STD):] if tag.startswith(_STD) else None
        if kind == "str":
            return v
        if kind == "null":
            return None
        if kind == "bool":
            return v.strip().lower() in ("true", "yes", "on")
        if kind == "int":
            for base in (10, 0):
                try:
                    return self._in_range(int(v.replace("_", ""), base), node)
                except ValueError:
                    pass
            if len(v) > 30 and v.lstrip("+-").isdigit():  # too many digits even to convert
                raise self.error(f"数字 '{v[:20]}…' 太长（{len(v)} 位）", location=self.vloc(node), code="input.number-range",
                                 hint="数字最多 20 位有效数字，整数部分最多 16 位（见 docs/limits.md）")
            return v
        if kind == "float":
            try:
                d = Decimal(v.replace("_", ""))
            except InvalidOperation:
                d = None
            if d is None or not d.is_finite():
                raise self.error(f"不支持的数值 '{v}'", location=self.loc(node), hint="请写普通数字，例如 0.5")
            return self._in_range(d, node)
        if kind == "timestamp":
            try:
                return _dt.date.fromisoformat(v.strip())
            except ValueError:
                return v  # a datetime or odd form: let the model explain what it wants
        raise self.error(f"不支持的 YAML 标签 '{tag}'", location=self.loc(node), hint="规则文件不能使用 !! 标签，去掉它")


def _unclosed_quote(text: str, upto: int) -> tuple[int, int] | None:
    """The last quote before line ``upto`` (0-based) that opens a value and is not closed on its line: (line, col)."""
    found = None
    for n, row in enumerate(text.split("\n", upto + 1)[:upto + 1]):
        body = row.lstrip(" ")
        col = len(row) - len(body)
        while body.startswith("- "):
            body, col = body[2:].lstrip(" "), col + 2 + (len(body[2:]) - len(body[2:].lstrip(" ")))
        k = _value_start(body)
        if k is None:
            continue
        q, rest = body[k], body[k + 1:]
        closed = (rest.replace("\\\\", "").replace('\\"', "").find('"') >= 0) if q == '"' else (
            rest.replace("''", "").find("'") >= 0)
        if not closed:
            found = (n + 1, col + k + 1)
    return found


def _value_start(body: str) -> int | None:
    """Where a quoted value starts in ``key: "…`` or ``"…`` (a line's text after indentation and dashes)."""
    if body[:1] in ("'", '"'):
        return 0
    i = body.find(": ")
    if i < 0 or "#" in body[:i]:
        return None
    j = i + 2
    while j < len(body) and body[j] == " ":
        j += 1
    return j if body[j:j + 1] in ("'", '"') else None


def _explain(e: MarkedYAMLError) -> str:
    problem = (e.problem or "").strip()
    table = {
        "mapping values are not allowed here": "这里不能出现冒号 ':'（可能是这一行比上一行多缩进了；如果值里有冒号，请给整个值加上引号）",
        "could not find expected ':'": "缺少冒号 ':'",
        "found character '\\t' that cannot start any token": "含有制表符 Tab，YAML 只能用空格缩进",
        "found a tab character that violates indentation": "含有制表符 Tab，YAML 只能用空格缩进",
        "found undefined alias": "使用了未定义的别名",
        "did not find expected key": "缩进不对齐，或缺少 '-' / ':'",
        "did not find expected '-' indicator": "列表项缩进不对齐",
        "found unexpected end of stream": "文件意外结束（可能是引号没有成对）",
        "expected <block end>, but found '<block sequence start>'": "列表项缩进不对齐",
        "expected <block end>, but found": "缩进不对齐：这一行比同一层的其他行多缩进或少缩进了",
        "expected ',' or '}'": "花括号 { } 没有成对，或者两项之间少了逗号",
        "expected ',' or ']'": "方括号 [ ] 没有成对，或者两项之间少了逗号",
    }
    for k, v in table.items():
        if problem.startswith(k):
            return v
    if "duplicate key" in problem:
        return "键重复出现"
    return problem or str(e)


def _yaml_hint(e: MarkedYAMLError) -> str:
    problem = (e.problem or "")
    if "\\t" in problem or "tab" in problem:
        return "把 Tab 换成两个空格"
    if problem.startswith("expected ',' or"):
        return "检查上一行的 { } 或 [ ] 是否成对，各项之间用英文逗号分开"
    if "':'" in problem or "mapping values" in problem:
        return "每一行写成 键: 值（冒号后面要有一个空格）；值里含冒号时请加引号"
    return "检查这一行及上一行的缩进（只用空格，同一层对齐）和引号"
