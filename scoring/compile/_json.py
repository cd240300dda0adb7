"""JSON composed quickly: for a ``.json`` text of plain JSON, the node graph ruamel.yaml composes, built by a small
scanner over the standard library's string decoder (``_quick`` does the same for plain YAML, which has no quotes).

ruamel.yaml's pure-Python composer takes about 1 ms per record of a records.json file, a hundred times what
checking the record takes, so a province batch of unit folders spent its time there. JSON is YAML, and for plain
JSON the nodes are easy to build: the same scalar texts, the same tags (plain scalars are resolved by ruamel's own
resolver), the same line and column of every node. Everything ``compile.yaml`` does with nodes (positions,
duplicate keys, tags, number ranges, value limits) is then done exactly as for any YAML text.

Anything out of the ordinary (a syntax error, a tab, a line break YAML counts differently, an escape YAML may read
differently, a very long key) answers ``None`` and the text goes to ruamel.yaml as before, so messages about broken
files stay what they were. tests/trust/test_json_compose.py checks the graph against ruamel's on generated JSON.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from json.decoder import scanstring  # type: ignore[attr-defined]

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._quick import _resolve

__all__ = ["compose_json"]

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_SPACE = re.compile(r"[ \n\r]*")
_ODD_BREAKS = re.compile("[\t\x85\u2028\u2029]|\r(?!\n)")  # a tab, or a line break YAML counts and JSON does not
_MAX_KEY = 1000  # YAML's implicit keys end at 1024 characters
_TAGS: dict[str, str] = {}


class _Fallback(Exception):
    """Not plain JSON: ruamel.yaml composes it."""


class _Mark:
    __slots__ = ("line", "column")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column


class _Scalar(ScalarNode):
    __slots__ = ()

    def __init__(self, tag: str, value: str, mark: _Mark, style: str | None) -> None:
        self.ctag = tag  # type: ignore[assignment]  # a str: Node.tag reads it back as str(ctag)
        self.value = value
        self.start_mark = self.end_mark = mark  # a JSON scalar is on one line
        self.style = style
        self.comment = self.anchor = None


class _Seq(SequenceNode):
    __slots__ = ()

    def __init__(self, value: list[Node], mark: _Mark) -> None:
        self.ctag = _SEQ  # type: ignore[assignment]
        self.value = value
        self.start_mark = self.end_mark = mark
        self.flow_style = True
        self.comment = self.anchor = None


class _Map(MappingNode):
    __slots__ = ()

    def __init__(self, value: list[tuple[Node, Node]], mark: _Mark) -> None:
        self.ctag = _MAP  # type: ignore[assignment]
        self.value = value
        self.start_mark = self.end_mark = mark
        self.flow_style = True
        self.comment = self.anchor = self.merge = None


def compose_json(text: str) -> tuple[Node, int] | None:
    """The nodes of ``text`` when it is plain JSON (as ruamel.yaml composes them) and how deep its brackets nest,
    else ``None``."""
    if _ODD_BREAKS.search(text):
        return None
    c = _Composer(text)
    try:
        node, i = c.value(_SPACE.match(text, 0).end(), 1)  # type: ignore[union-attr]
        if _SPACE.match(text, i).end() != len(text):  # type: ignore[union-attr]
            return None
    except (_Fallback, ValueError, IndexError, RecursionError):
        return None
    return node, c.depth


class _Composer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.depth = 0  # the deepest bracket nesting seen

    def mark(self, i: int) -> _Mark:
        line = bisect_right(self.starts, i) - 1
        return _Mark(line, i - self.starts[line])

    def value(self, i: int, depth: int) -> tuple[Node, int]:
        """The value at ``i``, inside ``depth - 1`` brackets."""
        text = self.text
        ch = text[i]
        if ch == '"':
            return self.string(i)
        if ch in "{[":
            if depth > self.depth:
                self.depth = depth
            return self.mapping(i, depth) if ch == "{" else self.sequence(i, depth)
        m = _NUMBER.match(text, i)
        if m is not None:
            token = m.group()
        elif text.startswith("true", i):
            token = "true"
        elif text.startswith("false", i):
            token = "false"
        elif text.startswith("null", i):
            token = "null"
        else:
            raise _Fallback
        return _Scalar(_tag(token), token, self.mark(i), None), i + len(token)

    def string(self, i: int) -> tuple[_Scalar, int]:
        value, end = scanstring(self.text, i + 1, True)
        if "\\" in self.text[i:end] and any(c > "\uffff" or "\ud800" <= c <= "\udfff" for c in value):
            raise _Fallback  # \ud83d\ude00 pairs: YAML may read them otherwise
        return _Scalar(_STR, value, self.mark(i), '"'), end

    def mapping(self, i: int, depth: int) -> tuple[_Map, int]:
        text = self.text
        mark = self.mark(i)
        pairs: list[tuple[Node, Node]] = []
        i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
        if text[i] == "}":
            return _Map(pairs, mark), i + 1
        while True:
            if text[i] != '"':
                raise _Fallback
            key, j = self.string(i)
            if j - i > _MAX_KEY:
                raise _Fallback
            k = _SPACE.match(text, j).end()  # type: ignore[union-attr]
            if text[k] != ":" or "\n" in text[j:k]:  # YAML wants the ':' on the key's line
                raise _Fallback
            value, i = self.value(_SPACE.match(text, k + 1).end(), depth + 1)  # type: ignore[union-attr]
            pairs.append((key, value))
            i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
            if text[i] == ",":
                i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
                continue
            if text[i] == "}":
                return _Map(pairs, mark), i + 1
            raise _Fallback

    def sequence(self, i: int, depth: int) -> tuple[_Seq, int]:
        text = self.text
        mark = self.mark(i)
        items: list[Node] = []
        i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
        if text[i] == "]":
            return _Seq(items, mark), i + 1
        while True:
            node, i = self.value(i, depth + 1)
            items.append(node)
            i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
            if text[i] == ",":
                i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
                continue
            if text[i] == "]":
                return _Seq(items, mark), i + 1
            raise _Fallback


def _tag(token: str) -> str:
    """The tag ruamel.yaml's resolver gives the plain scalar ``token`` (``_quick``'s lookup; kept per token)."""
    tag = _TAGS.get(token)
    if tag is None:
        tag = str(_resolve(ScalarNode, token, (True, False)))
        if len(_TAGS) < 10_000:
            _TAGS[token] = tag
    return tag
