"""JSON read quickly: for a ``.json`` text of plain JSON, the values and positions that ``compile.yaml`` builds from
ruamel.yaml's nodes, made in one pass by a small scanner over the standard library's string decoder (``_quick``
composes plain YAML, which has no quotes, into nodes for the same builder).

ruamel.yaml's pure-Python composer takes about 1 ms per record of a records.json file, a hundred times what
checking the record takes, so a province batch of unit folders spent its time there. For plain JSON the result is
easy to make directly: the same values (numbers with a fraction as exact ``Decimal``, the tags ruamel.yaml's own
resolver gives), and a position for the same paths as ``compile.yaml``'s builder gives them (each value where its
text starts, each key, each ``(key, "<value>")``, the first key of a mapping at ``"<key>"``).

Anything out of the ordinary answers ``None``, and the text goes the general route (``prescan``, ruamel.yaml, the
builder) so that every message stays in one place and reads as before: a syntax error, a tab, a line break YAML
counts and JSON does not, an escape YAML may read otherwise, a very long key, a key given twice, a number out of
range, a text over the length limit, too many values. tests/trust/test_json_compose.py holds both routes equal on
generated JSON and on the same texts broken by one character.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal, InvalidOperation
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from ..limits import MAX_STRING, number_problem
from ..location import Location
from ..models.build import builder
from ._nodes import ScalarNode  # a plain scalar's tag without importing ruamel.yaml
from ._quick import _MAX_KEY, _resolve  # the same limit on a key YAML reads as one

__all__ = ["read_json"]

Positions = dict[tuple[Any, ...], Location]
_STD = "tag:yaml.org,2002:"
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_SPACE = re.compile(r"[ \n\r]*")
_ODD_BREAKS = re.compile("[\t\x85\u2028\u2029]|\r(?!\n)")  # a tab, or a line break YAML counts and JSON does not
_LITERALS = {"true": True, "false": False, "null": None}
_LOCATION = builder(Location)
_TAGS: dict[str, str] = {}


class _Fallback(Exception):
    """Not plain JSON, or something the general route has a message for."""


def read_json(text: str, path: str, max_values: int) -> tuple[Any, Positions, int] | None:
    """``text``'s data and positions as ``compile.yaml`` builds them, and how deep its brackets nest; ``None``
    when ``text`` is not plain JSON within the limits (the general route then reads it and says what is wrong)."""
    if _ODD_BREAKS.search(text):
        return None
    r = _Reader(text, path, max_values)
    try:
        value, i = r.value(_SPACE.match(text, 0).end(), (), 1)  # type: ignore[union-attr]
        if _SPACE.match(text, i).end() != len(text):  # type: ignore[union-attr]
            return None
    except (_Fallback, ValueError, IndexError, RecursionError):
        return None
    return value, r.positions, r.depth


class _Reader:
    def __init__(self, text: str, path: str, max_values: int) -> None:
        self.text = text
        self.path = path
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.positions: Positions = {}
        self.depth = 0  # the deepest bracket nesting seen
        self.count = 0
        self.max_values = max_values

    def loc(self, i: int, shift: int = 0) -> Location:
        """Where character ``i`` is (``shift`` characters further: a text's first character after its quote)."""
        line = bisect_right(self.starts, i) - 1
        return _LOCATION(path=self.path, line=line + 1, col=i - self.starts[line] + 1 + shift)

    def counted(self) -> None:
        self.count += 1
        if self.count > self.max_values:
            raise _Fallback

    def value(self, i: int, at: tuple[Any, ...], depth: int) -> tuple[Any, int]:
        """The value at ``i``, at path ``at``, inside ``depth - 1`` brackets."""
        text, positions = self.text, self.positions
        ch = text[i]
        if ch == '"':
            self.counted()
            if at not in positions:
                positions[at] = self.loc(i, 1)
            return self.string(i)
        if ch in "{[":
            if depth > self.depth:
                self.depth = depth
            self.counted()
            if at not in positions:
                positions[at] = self.loc(i)
            return self.mapping(i, at, depth) if ch == "{" else self.sequence(i, at, depth)
        m = _NUMBER.match(text, i)
        token = m.group() if m is not None else next((t for t in _LITERALS if text.startswith(t, i)), None)
        if token is None:
            raise _Fallback
        self.counted()
        if at not in positions:
            positions[at] = self.loc(i)
        return _scalar(token), i + len(token)

    def string(self, i: int) -> tuple[str, int]:
        value, end = scanstring(self.text, i + 1, True)
        if len(value) > MAX_STRING:
            raise _Fallback
        if "\\" in self.text[i:end] and any(c > "\uffff" or "\ud800" <= c <= "\udfff" for c in value):
            raise _Fallback  # \ud83d\ude00 pairs: YAML may read them otherwise
        return value, end

    def mapping(self, i: int, at: tuple[Any, ...], depth: int) -> tuple[dict[str, Any], int]:
        text, positions = self.text, self.positions
        out: dict[str, Any] = {}
        i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
        if text[i] == "}":
            return out, i + 1
        first = at + ("<key>",)
        while True:
            if text[i] != '"':
                raise _Fallback
            self.counted()
            if first not in positions:
                positions[first] = self.loc(i, 1)
            key, j = self.string(i)
            if j - i > _MAX_KEY or key in out:  # a key given twice: the builder says so, at its place
                raise _Fallback
            k = _SPACE.match(text, j).end()  # type: ignore[union-attr]
            if text[k] != ":" or "\n" in text[j:k]:  # YAML wants the ':' on the key's line
                raise _Fallback
            v = _SPACE.match(text, k + 1).end()  # type: ignore[union-attr]
            kat = at + (key,)
            positions[kat] = self.loc(i)
            positions[kat + ("<value>",)] = self.loc(v, 1 if text[v] == '"' else 0)
            out[key], i = self.value(v, kat, depth + 1)
            i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
            if text[i] == ",":
                i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
                continue
            if text[i] == "}":
                return out, i + 1
            raise _Fallback

    def sequence(self, i: int, at: tuple[Any, ...], depth: int) -> tuple[list[Any], int]:
        text = self.text
        out: list[Any] = []
        i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
        if text[i] == "]":
            return out, i + 1
        while True:
            value, i = self.value(i, at + (len(out),), depth + 1)
            out.append(value)
            i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
            if text[i] == ",":
                i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
                continue
            if text[i] == "]":
                return out, i + 1
            raise _Fallback


def _scalar(token: str) -> Any:
    """A number or literal's value, as the builder makes it from the tag ruamel.yaml's resolver gives it."""
    if token in _LITERALS:
        return _LITERALS[token]
    tag = _TAGS.get(token)
    if tag is None:
        tag = str(_resolve(ScalarNode, token, (True, False)))
        if len(_TAGS) < 10_000:
            _TAGS[token] = tag
    value: int | Decimal
    if tag == _STD + "int":
        value = int(token)
    elif tag == _STD + "float":
        try:
            value = Decimal(token)
        except InvalidOperation:
            raise _Fallback from None
    else:
        raise _Fallback
    if number_problem(Decimal(value)) is not None:  # out of the documented range: the builder's message
        raise _Fallback
    return value
