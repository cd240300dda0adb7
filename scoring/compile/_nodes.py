"""ruamel.yaml's node graph without ruamel.yaml: the nodes the quick composer (``_quick``) builds.

The builder (``scoring.compile.yaml``) reads of a node its kind (``id``: ``scalar``, ``sequence`` or
``mapping``, as ruamel.yaml's nodes name theirs), ``tag``, ``value``, ``style``, ``anchor`` and the line and
column of its marks. These classes have exactly that, so a plain file is read without importing ruamel.yaml (about 16 ms of
``scoring score``). The tags of plain scalars are ruamel.yaml's YAML 1.2 implicit resolvers, copied here:
tests/test_yaml_quick.py checks the copy against ruamel.yaml's own table, and every composed graph against
the one ruamel.yaml composes.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

__all__ = ["MAP", "SEQ", "STR", "MappingNode", "Mark", "Node", "ScalarNode", "SequenceNode", "resolve"]

STR = "tag:yaml.org,2002:str"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"


class Mark:
    """Where a node starts or ends: line and column, both counted from 0 (as ruamel.yaml's marks)."""

    __slots__ = ("line", "column")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column


class Node:
    __slots__ = ("tag", "value", "start_mark", "end_mark")
    id: ClassVar[str] = ""
    anchor: ClassVar[str | None] = None  # the quick composer declines anchors (&name) and aliases

    def __init__(self, tag: str, value: Any, start_mark: Mark, end_mark: Mark) -> None:
        self.tag = tag
        self.value = value
        self.start_mark = start_mark
        self.end_mark = end_mark


class ScalarNode(Node):
    __slots__ = ("style",)
    id = "scalar"

    def __init__(self, tag: str, value: str, start_mark: Mark, end_mark: Mark, style: str | None = None) -> None:
        super().__init__(tag, value, start_mark, end_mark)
        self.style = style


class SequenceNode(Node):
    __slots__ = ("flow_style",)
    id = "sequence"

    def __init__(self, tag: str, value: list[Node], start_mark: Mark, end_mark: Mark,
                 flow_style: bool | None = None) -> None:
        super().__init__(tag, value, start_mark, end_mark)
        self.flow_style = flow_style


class MappingNode(Node):
    __slots__ = ("flow_style",)
    id = "mapping"

    def __init__(self, tag: str, value: list[tuple[Node, Node]], start_mark: Mark, end_mark: Mark,
                 flow_style: bool | None = None) -> None:
        super().__init__(tag, value, start_mark, end_mark)
        self.flow_style = flow_style


# ruamel.yaml 0.19's implicit resolvers for YAML 1.2 (resolver.py), in its order: (tag, pattern, first characters)
_IMPLICIT: list[tuple[str, re.Pattern[str], str]] = [
    ("tag:yaml.org,2002:bool", re.compile("^(?:true|True|TRUE|false|False|FALSE)$", re.X), "tTfF"),
    ("tag:yaml.org,2002:float", re.compile("""^(?:
         [-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\\.(?:inf|Inf|INF)
        |\\.(?:nan|NaN|NAN))$""", re.X), "-+0123456789."),
    ("tag:yaml.org,2002:int", re.compile("""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""", re.X), "-+0123456789"),
    ("tag:yaml.org,2002:merge", re.compile("^(?:<<)$"), "<"),
    ("tag:yaml.org,2002:null", re.compile("""^(?: ~
        |null|Null|NULL
        | )$""", re.X), "~nN"),  # and the empty text
    ("tag:yaml.org,2002:timestamp", re.compile("""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \\t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\\.[0-9]*)?
        (?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", re.X), "0123456789"),
    ("tag:yaml.org,2002:value", re.compile("^(?:=)$"), "="),
    ("tag:yaml.org,2002:yaml", re.compile("^(?:!|&|\\*)$"), "!&*"),
]
TABLE: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
"""The implicit resolvers by a plain scalar's first character (``""``: the empty scalar), as ruamel.yaml keeps them."""
for _tag, _pattern, _first in _IMPLICIT:
    for _ch in [*_first, *([""] if _tag.endswith(":null") else [])]:
        TABLE.setdefault(_ch, []).append((_tag, _pattern))


def resolve(value: str) -> str:
    """The tag ruamel.yaml's round-trip loader gives the plain scalar ``value`` (YAML 1.2)."""
    for tag, pattern in TABLE.get(value[:1], ()):
        if pattern.match(value):
            return tag
    return STR
