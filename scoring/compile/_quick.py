"""A quick composer for the plain YAML that evidence and unit files are written in; ruamel.yaml for the rest.

ruamel.yaml's pure-Python scanner costs about 10 µs a character, most of ``scoring score`` on one unit. Files
written the way the templates and the bundled examples are — block mappings and sequences, one-line flow
mappings and lists, plain one-line scalars, comments — are composed here into the very node graph ruamel.yaml
would compose (the same node kinds, the tags of ruamel.yaml's resolver, the same start positions; the nodes of
``_nodes``, so that ruamel.yaml is not even imported), and that graph goes through the same builder
(``scoring.compile.yaml``), so values, positions and every message are those of the ruamel.yaml route. Anything else — quotes, block scalars (``|``, ``>``), anchors, tags,
a scalar over several lines, a key and value that is not on one line, odd indentation, any syntax error — is
declined (``compose`` returns None) and ruamel.yaml composes the file as before. tests/test_yaml_quick.py
holds the two routes equal on every YAML file of the repository and on generated documents.
"""

from __future__ import annotations

import re
from typing import Any

from ._nodes import MAP, SEQ, MappingNode, Mark, Node, ScalarNode, SequenceNode, resolve

__all__ = ["compose"]

_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
                      "|^(?:---|\\.\\.\\.|%)", re.M)
"""What this composer leaves to ruamel.yaml wherever it is: control and line-separator characters, a BOM, tabs,
document markers and directives."""
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
"""What a plain scalar cannot start with (quotes, anchors, aliases, tags, block scalars …): left to ruamel.yaml."""
_KEY = re.compile(r"[^\s#:,\[\]{}?&*!|>'\"%@`-][^#:,\[\]{}]*?(?=:(?: |$))")
"""A plain one-line key followed by ``:`` and a space or the end of the line."""
_FLOW_STOP = re.compile(r"[,\[\]{}#:]")
_MAX_KEY = 1000  # ruamel.yaml refuses a simple key over 1024 characters: leave long ones to it

def _resolve(kind: type[Node], value: Any, implicit: tuple[bool, bool] = (True, False)) -> str:
    """The tag ruamel.yaml's round-trip loader resolves for a node of ``kind`` (a plain scalar's by its text)."""
    if kind is ScalarNode:
        return resolve(value) if implicit[0] else "tag:yaml.org,2002:str"
    return SEQ if kind is SequenceNode else MAP


class Declined(Exception):
    """The text is not in the plain subset: ruamel.yaml composes it."""


def compose(text: str) -> Node | None:
    """The node graph of ``text`` as ruamel.yaml's round-trip composer makes it, or None (declined)."""
    if _UNUSUAL.search(text):
        return None
    try:
        return _Composer(text).document()
    except Declined:
        return None


class _Composer:
    def __init__(self, text: str) -> None:
        self.rows: list[tuple[int, int, str]] = []  # (line, indentation, the line without it), content only
        for n, line in enumerate(text.split("\n")):
            body = line.lstrip(" ")
            if body and body[0] != "#":
                self.rows.append((n, len(line) - len(body), body.rstrip(" ")))
        self.at = 0

    def document(self) -> Node:
        if not self.rows or self.rows[0][1] != 0:
            raise Declined
        node = self.block(0)
        if self.at != len(self.rows):
            raise Declined
        return node

    # -- block structure ---------------------------------------------------------------------------------------

    def _next_indent(self) -> int:
        return self.rows[self.at][1] if self.at < len(self.rows) else -1

    def block(self, indent: int) -> Node:
        """The block node whose first row is the current one, at ``indent``."""
        line, col, body = self.rows[self.at]
        if col != indent:
            raise Declined
        if _dash(body):
            return self.sequence(indent)
        return self.mapping(line, col, body, first_in_row=True)

    def sequence(self, indent: int) -> SequenceNode:
        line, col, _ = self.rows[self.at]
        start = _mark(line, col)
        items: list[Node] = []
        while self.at < len(self.rows) and self.rows[self.at][1] == indent and _dash(self.rows[self.at][2]):
            line, col, body = self.rows[self.at]
            rest = body[1:].lstrip(" ")
            rcol = col + len(body) - len(rest)
            if not rest or rest[0] == "#":  # the item is the block below
                self.at += 1
                if self._next_indent() <= indent:
                    raise Declined  # an empty item: left to ruamel.yaml
                items.append(self.block(self._next_indent()))
            elif _KEY.match(rest):  # "- key: value": a mapping begins on the dash's row
                items.append(self.mapping(line, rcol, rest, first_in_row=False))
            else:
                items.append(self.inline(line, rcol, rest))
                self.at += 1
            if self._next_indent() > indent:
                raise Declined
        end = _mark(line, col)
        return SequenceNode(_resolve(SequenceNode, None, (True, True)), items, start, end, flow_style=False)

    def mapping(self, line: int, col: int, body: str, *, first_in_row: bool) -> MappingNode:
        """A block mapping at ``col`` whose first key is ``body`` on ``line`` (after a dash unless first_in_row)."""
        start = _mark(line, col)
        pairs: list[tuple[Node, Node]] = []
        while True:
            m = _KEY.match(body)
            if m is None or len(m.group()) > _MAX_KEY or m.group() != m.group().rstrip(" "):
                raise Declined
            key = _plain(line, col, m.group())
            rest = body[m.end() + 1:].lstrip(" ")
            self.at += 1
            if not rest or rest[0] == "#":  # the value is below, or empty
                nxt = self._next_indent()
                if nxt > col:
                    value = self.block(nxt)
                elif nxt == col and _dash(self.rows[self.at][2]):  # "key:" then "- item" at the key's indentation
                    value = self.sequence(col)
                elif nxt < 0:
                    raise Declined  # an empty value at the end of the file: left to ruamel.yaml
                elif rest:
                    raise Declined  # empty, then a comment: where ruamel.yaml places the null varies
                else:  # empty: ruamel.yaml places the null where the next row begins
                    where = _mark(*self.rows[self.at][:2])
                    value = ScalarNode(_resolve(ScalarNode, "", (True, False)), "", where, where)
            else:
                value = self.inline(line, col + len(body) - len(rest), rest)
            pairs.append((key, value))
            nxt = self._next_indent()
            if nxt != col or _dash(self.rows[self.at][2]):
                if nxt > col or (nxt == col and not first_in_row):
                    raise Declined
                break
            line, _, body = self.rows[self.at]
        return MappingNode(_resolve(MappingNode, None, (True, True)), pairs, start, _mark(line, col),
                           flow_style=False)

    # -- one row ----------------------------------------------------------------------------------------------

    def inline(self, line: int, col: int, text: str) -> Node:
        """A value that begins at ``col`` of ``line`` and ends on it: a flow collection or a plain scalar."""
        if text[0] in "[{":
            node, end = _Flow(line, col, text).collection(0)
            tail = text[end:]
            if tail and not (tail.startswith(" ") and tail.lstrip(" ").startswith("#")):
                raise Declined  # only a comment may follow, after a space
            return node
        value = text.split(" #", 1)[0].rstrip(" ")
        if not _plain_start(value) or ": " in value or value.endswith(":"):
            raise Declined
        return _plain(line, col, value)


class _Flow:
    """A flow mapping or list that opens and closes on one row."""

    def __init__(self, line: int, col: int, text: str) -> None:
        self.line, self.col, self.text = line, col, text

    def _skip(self, i: int) -> int:
        while i < len(self.text) and self.text[i] == " ":
            i += 1
        return i

    def collection(self, i: int) -> tuple[Node, int]:
        opening = self.text[i]
        closing = "}" if opening == "{" else "]"
        start = _mark(self.line, self.col + i)
        entries: list[Any] = []
        i = self._skip(i + 1)
        if i < len(self.text) and self.text[i] == closing:
            raise Declined  # {} and []: left to ruamel.yaml
        while True:
            if opening == "{":
                key, i = self.scalar(i)
                if not self.text.startswith(": ", i):
                    raise Declined
                i = self._skip(i + 2)
                value, i = self.value(i)
                entries.append((key, value))
            else:
                value, i = self.value(i)
                if self.text.startswith(":", i):
                    raise Declined  # a one-pair mapping inside a list
                entries.append(value)
            i = self._skip(i)
            if i >= len(self.text):
                raise Declined  # not closed on this row
            if self.text[i] == closing:
                i += 1
                break
            if self.text[i] != ",":
                raise Declined
            i = self._skip(i + 1)
            if i >= len(self.text) or self.text[i] in "]}":
                raise Declined  # a trailing comma
        end = _mark(self.line, self.col + i)
        if opening == "{":
            return MappingNode(_resolve(MappingNode, None, (True, True)), entries, start, end, flow_style=True), i
        return SequenceNode(_resolve(SequenceNode, None, (True, True)), entries, start, end, flow_style=True), i

    def value(self, i: int) -> tuple[Node, int]:
        if i < len(self.text) and self.text[i] in "[{":
            return self.collection(i)
        return self.scalar(i)

    def scalar(self, i: int) -> tuple[Node, int]:
        m = _FLOW_STOP.search(self.text, i)
        j = m.start() if m else len(self.text)
        value = self.text[i:j].rstrip(" ")
        if not _plain_start(value) or (m is not None and m.group() == "#"):
            raise Declined
        if m is not None and m.group() == ":" and not self.text.startswith(": ", j):
            raise Declined  # "a:b" in a flow: left to ruamel.yaml
        return _plain(self.line, self.col + i, value), i + len(value)


def _dash(body: str) -> bool:
    return body == "-" or body.startswith("- ")


def _plain_start(value: str) -> bool:
    """A plain scalar of the subset: not empty, not starting with an indicator (a number's minus sign aside)."""
    if not value:
        return False
    return value[0] not in _INDICATORS or (value[0] == "-" and value[1:2].isdigit())


def _plain(line: int, col: int, value: str) -> ScalarNode:
    return ScalarNode(_resolve(ScalarNode, value, (True, False)), value, _mark(line, col),
                      _mark(line, col + len(value)))


def _mark(line: int, col: int) -> Mark:
    return Mark(line, col)
