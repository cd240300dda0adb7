"""Where each source line of a multi-line scalar begins in its value (folded, quoted or plain YAML styles).

YAML joins the lines of a ``>`` block, a quoted scalar or a plain scalar written over several lines into one
value, turning each line break into a space. An expression written that way is still read line by line by the
expression checker: a ``#`` comment ends at the end of its source line (docs/expressions.md), and an error after
the first line points at its own line and column. This module finds, for such a scalar, the offset in the value
where each later source line's text begins, with that line's position in the file.

Every map is verified by rebuilding the value from the source lines; when the rebuilt value differs (an escape
this module does not model), there is no map and the value is read as one line, exactly as YAML gives it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ruamel.yaml.nodes import ScalarNode

__all__ = ["FOLD_MARK", "line_starts"]

FOLD_MARK = "\a"
"""ruamel.yaml (round-trip mode) marks each folded line break of a ``>`` block with this character."""

LineStart = tuple[int, int, int]
"""(offset in the value, line, column), lines and columns counting from 1."""


def line_starts(node: ScalarNode, lines: list[str]) -> list[LineStart] | None:
    """The starts of the later source lines of ``node`` in its value, or None (one line, a literal block, or a
    form that cannot be verified). ``lines`` is the file's text split at line breaks."""
    first, last = node.start_mark.line, node.end_mark.line
    style = node.style
    if style == "|" or first == last:
        return None
    if style == ">":
        return _folded(node, lines)
    if style in ('"', "'") or style is None:
        return _flow(node, lines, style)
    return None


def _folded(node: ScalarNode, lines: list[str]) -> list[LineStart] | None:
    raw: str = node.value
    value = raw.replace(FOLD_MARK, "")
    body = [(n, lines[n]) for n in range(node.start_mark.line + 1, min(node.end_mark.line + 1, len(lines)))
            if lines[n].strip()]
    if not body:
        return None
    indent = len(body[0][1]) - len(body[0][1].lstrip(" "))
    parts = raw.split(FOLD_MARK)
    if len(parts) > len(body):
        return None
    out: list[LineStart] = []
    offset = len(parts[0])
    for (n, row), part in zip(body[1:], parts[1:], strict=False):
        sep = len(part) - len(part.lstrip("\n")) if part.startswith("\n") else (1 if part.startswith(" ") else 0)
        start = offset + sep
        text = row[indent:].rstrip()
        if not value.startswith(text[:40], start):
            return None
        out.append((start, n + 1, indent + 1))
        offset += len(part)
    return out


def _flow(node: ScalarNode, lines: list[str], style: str | None) -> list[LineStart] | None:
    first, last = node.start_mark.line, node.end_mark.line
    quote = 1 if style else 0
    if last >= len(lines):
        return None
    pieces: list[tuple[int, int, str]] = []  # (line, col, text as it counts in the value)
    for n in range(first, last + 1):
        row = lines[n]
        lo = node.start_mark.column + quote if n == first else 0
        hi = node.end_mark.column - quote if n == last else len(row)
        seg = row[lo:hi]
        text = seg.rstrip(" \t") if n != last else seg
        if n != first:
            text = text.lstrip(" \t")
            lo = len(row) - len(row[lo:].lstrip(" \t"))
        if style is None:
            text = text.strip(" \t")
        unescaped = _unescape(text, style)
        if unescaped is None:
            return None
        pieces.append((n + 1, lo + 1, unescaped))
    rebuilt = ""
    out: list[LineStart] = []
    blanks = 0
    for i, (line, col, text) in enumerate(pieces):
        if i and not text and i != len(pieces) - 1:
            blanks += 1
            continue
        if i:
            rebuilt += "\n" * blanks if blanks else " "
            out.append((len(rebuilt), line, col))
            blanks = 0
        rebuilt += text
    return out if rebuilt == node.value else None


def _unescape(text: str, style: str | None) -> str | None:
    """The text of one line as it counts in the value: only the quote escapes are modelled."""
    if style == "'":
        return text.replace("''", "'")
    if style == '"':
        out, i = [], 0
        while i < len(text):
            c = text[i]
            if c == "\\":
                if i + 1 < len(text) and text[i + 1] in "\"\\":
                    out.append(text[i + 1])
                    i += 2
                    continue
                return None  # another escape, or an escaped line break: not modelled
            out.append(c)
            i += 1
        return "".join(out)
    return text
