"""The placeholder language of ``reason:`` texts in a rule file: named fields only, bounded, checked at load.

A reason may name the values of its line in braces: ``扣 {amount} 分（共 {n} 次）``. The language is
deliberately small, so that a rule file's text can never reach Python objects or make unbounded work:

* ``{name}`` where ``name`` is one of the line's values (``PLACEHOLDERS``);
* ``{name:spec}`` with ``spec`` = optional alignment ``<`` ``>`` ``^``, a width of at most
  ``MAX_WIDTH``, an optional ``.precision`` of at most ``MAX_PRECISION`` (the number of characters kept);
* ``{{`` and ``}}`` for literal braces.

Nothing else: no attribute (``{record.x}``), no index (``{n[0]}``), no conversion (``{n!r}``), no nested
field. :func:`parse_template` rejects anything else with the offset of the offending brace; it runs in one
pass over the text. :func:`fill` never calls ``str.format``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MAX_PRECISION", "MAX_WIDTH", "PLACEHOLDERS", "Field", "TemplateError", "fill", "parse_template", "parsed",
           "shown_names"]

PLACEHOLDERS = ("n", "amount", "required", "actual", "record")
"""The names a ``reason:`` may use: count of occurrences, points per occurrence, the threshold's required and
actual values, and the record a per-record line is about."""

MAX_WIDTH = 40
MAX_PRECISION = 40


class TemplateError(ValueError):
    """A placeholder the language does not allow; ``offset`` is its 0-based position in the text."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class Field:
    name: str
    align: str = ""
    width: int = 0
    precision: int | None = None


def _spec(spec: str, at: int) -> tuple[str, int, int | None]:
    i = 0
    align = ""
    if spec[:1] in ("<", ">", "^"):
        align, i = spec[0], 1
    j = i
    while j < len(spec) and spec[j].isdigit() and spec[j].isascii():
        j += 1
    width = int(spec[i:j]) if j > i and j - i <= 3 else (0 if j == i else MAX_WIDTH + 1)
    precision = None
    if j < len(spec) and spec[j] == ".":
        k = j + 1
        while k < len(spec) and spec[k].isdigit() and spec[k].isascii():
            k += 1
        if k == j + 1:
            raise TemplateError(f"格式 '{spec}' 的 '.' 后面要写数字", at)
        precision = int(spec[j + 1:k]) if k - j - 1 <= 3 else MAX_PRECISION + 1
        j = k
    if j != len(spec):
        raise TemplateError(f"不支持的格式 '{spec}'：只能写对齐（< > ^）、宽度和 .字数，例如 {{record:.20}}", at)
    if width > MAX_WIDTH:
        raise TemplateError(f"宽度不能超过 {MAX_WIDTH}", at)
    if precision is not None and precision > MAX_PRECISION:
        raise TemplateError(f".字数 不能超过 {MAX_PRECISION}", at)
    return align, width, precision


def parse_template(text: str, allowed: tuple[str, ...] = PLACEHOLDERS) -> list[str | Field]:
    """The literal pieces and fields of ``text``. Raises :class:`TemplateError` for anything outside the language."""
    parts: list[str | Field] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "}":
            if text[i + 1:i + 2] == "}":
                buf.append("}")
                i += 2
                continue
            raise TemplateError("多了一个 '}'（要写右花括号本身请写 '}}'）", i)
        if c != "{":
            buf.append(c)
            i += 1
            continue
        if text[i + 1:i + 2] == "{":
            buf.append("{")
            i += 2
            continue
        end = text.find("}", i + 1)
        if end < 0:
            raise TemplateError("'{' 没有对应的 '}'（要写左花括号本身请写 '{{'）", i)
        body = text[i + 1:end]
        if "{" in body:
            raise TemplateError("占位符里不能再有 '{'", i)
        name, _, spec = body.partition(":")
        if not name.isidentifier():
            bad = next((ch for ch in name if ch in ".[!"), None)
            why = {".": "不能访问属性", "[": "不能取下标", "!": "不能写转换 !r / !s"}.get(bad or "", "不是占位符名称")
            raise TemplateError(f"占位符 '{{{body}}}' {why}；只能写 " + "、".join(f"{{{a}}}" for a in allowed), i)
        if name not in allowed:
            raise TemplateError(f"未知的占位符 '{{{name}}}'；可用：" + "、".join(f"{{{a}}}" for a in allowed), i)
        align, width, precision = _spec(spec, i) if spec else ("", 0, None)
        if buf:
            parts.append("".join(buf))
            buf = []
        parts.append(Field(name, align, width, precision))
        i = end + 1
    if buf:
        parts.append("".join(buf))
    return parts


_PARSED: dict[tuple[str, tuple[str, ...]], tuple[tuple[str | Field, ...], frozenset[str]] | None] = {}


def _parsed(template: str, allowed: tuple[str, ...]) -> tuple[tuple[str | Field, ...], frozenset[str]] | None:
    """The text's parts and the names of its fields, kept per text (a line's reason is filled once per record)."""
    key = (template, allowed)
    if key in _PARSED:
        return _PARSED[key]
    try:
        parts = tuple(parse_template(template, allowed))
        found: tuple[tuple[str | Field, ...], frozenset[str]] | None = (
            parts, frozenset(p.name for p in parts if isinstance(p, Field)))
    except TemplateError:
        found = None
    if len(_PARSED) >= 4096:
        _PARSED.clear()
    _PARSED[key] = found
    return found


def parsed(template: str, allowed: tuple[str, ...] = PLACEHOLDERS) -> tuple[str | Field, ...] | None:
    """``parse_template``, kept per text; None when the text is not in the language."""
    found = _parsed(template, allowed)
    return None if found is None else found[0]


def shown_names(template: str, allowed: tuple[str, ...] = PLACEHOLDERS) -> frozenset[str] | None:
    """The placeholders ``template`` shows (so that only they need a value); None when it is not in the language."""
    found = _parsed(template, allowed)
    return None if found is None else found[1]


def fill(template: str, values: dict[str, str], allowed: tuple[str, ...] = PLACEHOLDERS) -> str:
    """``template`` with its fields replaced by ``values`` (text). A field without a value stays as written.

    A template that is not in the language (only possible for one not checked at load) is returned as is.
    """
    parts = parsed(template, allowed)
    if parts is None:
        return template
    out: list[str] = []
    for p in parts:
        if isinstance(p, str):
            out.append(p)
            continue
        if p.name not in values:
            out.append("{" + p.name + "}")
            continue
        v = values[p.name]
        if p.precision is not None:
            v = v[:p.precision]
        pad = max(0, p.width - len(v))
        if p.align == "^":
            v = " " * (pad // 2) + v + " " * (pad - pad // 2)
        elif p.align == ">":
            v = " " * pad + v
        else:
            v = v + " " * pad
        out.append(v)
    return "".join(out)
