"""One linear pass over a YAML/JSON text before the parser sees it: control characters and nesting depth.

The YAML parser is recursive (a file nested thousands of levels deep would end in a RecursionError) and
reports some problems far from where they are (a control character without a position). This pass finds
them first and says where: ``file:line:col``. It does not parse YAML; it follows just enough (quotes,
comments, flow brackets, indentation) to count nesting, and it errs on the side of counting too deep only
for texts far beyond any real rule or evidence file (``MAX_DEPTH`` levels).
"""

from __future__ import annotations

import re

from .errors import YamlError
from .limits import MAX_DEPTH
from .location import Location

__all__ = ["control_character", "has_control_character", "prescan"]

_ALLOWED = {"\t", "\n", "\r"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
"""The characters ``control_character`` refuses, as one pattern (tests/trust/test_json_compose.py compares them)."""


def has_control_character(text: str) -> bool:
    """Whether ``text`` holds any character ``control_character`` refuses (one regular-expression search)."""
    return _CONTROL.search(text) is not None


def control_character(ch: str) -> bool:
    """A character no text file of ours should contain (C0/C1 controls other than tab and newline, DEL,
    the non-characters U+FFFE/U+FFFF and lone surrogates)."""
    o = ord(ch)
    return ((o < 0x20 and ch not in _ALLOWED) or 0x7F <= o <= 0x9F or o in (0xFFFE, 0xFFFF)
            or 0xD800 <= o <= 0xDFFF)


def prescan(text: str, path: str, error: type[YamlError] = YamlError) -> None:
    """Raise a located ``error`` for a control character or nesting deeper than ``MAX_DEPTH``."""
    line, col = 1, 0
    flow = 0  # open [ and { outside quotes
    indents: list[int] = []  # block indentation levels of the lines above
    quote = ""
    at_line_start = True
    indent = 0
    prev = " "
    controls = has_control_character(text)  # when there are none, no character needs the test
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        col += 1
        if ch == "\n":
            line, col, at_line_start, indent, prev = line + 1, 0, True, 0, " "  # a quoted scalar may span lines
            i += 1
            continue
        if controls and control_character(ch):
            raise error(f"含有控制字符 U+{ord(ch):04X}（看不见的特殊字符）", location=Location(path=path, line=line, col=col),
                        code="input.control-character",
                        hint="删除这个字符：它常常是从网页或其他软件复制文字时带进来的")
        if at_line_start:
            if ch == " ":
                indent += 1
                i += 1
                continue
            at_line_start = False
            if ch not in "#\r" and not quote and flow == 0:
                while indents and indents[-1] >= indent:
                    indents.pop()
                indents.append(indent)
                # "- - x" and "- key:" open one more level per dash
                j, extra = i, 0
                while j + 1 < n and text[j] == "-" and text[j + 1] == " ":
                    extra += 1
                    j += 2
                    while j < n and text[j] == " ":
                        j += 1
                if len(indents) + extra > MAX_DEPTH:
                    raise _too_deep(error, path, line, col)
        if quote:
            if quote == '"' and ch == "\\":
                i += 2
                col += 1
                continue
            if ch == quote:
                if quote == "'" and text[i + 1:i + 2] == "'":
                    i += 2
                    col += 1
                    continue
                quote = ""
            prev = ch
            i += 1
            continue
        if ch in "\"'" and prev in " \t[{,:-":
            quote = ch
        elif ch == "#" and prev in " \t":
            j = text.find("\n", i)
            j = n if j < 0 else j
            bad = next((k for k in range(i, j) if control_character(text[k])), None)
            if bad is not None:
                raise error(f"含有控制字符 U+{ord(text[bad]):04X}（看不见的特殊字符）",
                            location=Location(path=path, line=line, col=col + bad - i),
                            code="input.control-character", hint="删除这个字符")
            col += j - i - 1
            i = j
            continue
        elif ch in "[{":
            flow += 1
            if len(indents) + flow > MAX_DEPTH:
                raise _too_deep(error, path, line, col)
        elif ch in "]}" and flow:
            flow -= 1
        prev = ch
        i += 1


def _too_deep(error: type[YamlError], path: str, line: int, col: int) -> YamlError:
    return error(f"嵌套太深（超过 {MAX_DEPTH} 层列表或键值）", location=Location(path=path, line=line, col=col),
                 code="input.too-deep", hint="规则文件和证据文件用不到这么多层；检查缩进和括号是否多写了")
