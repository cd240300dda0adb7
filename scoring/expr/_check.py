"""Parse an expression once, check it against the whitelist and the rulebook's names and types.

The checker walks Python's ``ast`` of the text. Any node type it does not know
is rejected, so the language is exactly what is handled here. What it learns about
each accepted node (its type, a number's exact value, the field or name it reads, a
folded constant) goes into a typed side table, ``Notes``, for the code generator; it
never writes on Python's ``ast`` nodes. It rejects, with the rule file's line and column pointing inside the expression:

* constructs the language does not have (attributes, subscripts, lambdas, f-strings …);
* unknown names and functions (with a did-you-mean);
* wrong argument counts and types, e.g. a date compared with a number;
* enumeration values that do not exist (``kind == "亲子阅渎"``);
* texts that are too long or too deeply nested.
"""

from __future__ import annotations

import ast
import calendar
import datetime as _dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field as _field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..errors import (
    ExpressionError,
    ExpressionSyntaxError,
    ExpressionTypeError,
    ForbiddenError,
    UnknownNameError,
    did_you_mean,
)
from ..location import Location
from . import _calendar as cal, _runtime as rt
from ._functions import FUNCTIONS, PERIODIC, FunctionSpec
from ._types import (
    BOOL,
    DATE,
    NUMBER,
    RECORDS,
    TEXT,
    FieldInfo,
    NameInfo,
    RecordTypeInfo,
    Scope,
    Type,
    list_of,
)

__all__ = ["MAX_DEPTH", "MAX_LENGTH", "MAX_NODES", "Checked", "Notes", "YearLiteral", "check_expression"]

MAX_LENGTH = 2000
MAX_DEPTH = 32
MAX_NODES = 400
MAX_LIST = 1000
MAX_TEXT = 1000

_PERIOD_NAMES = frozenset({"year", "period.start", "period.end"})
"""Always there (docs/expressions.md): left out of the list of names a hint shows, still offered as did-you-mean."""
_CONSTANT_NAMES = {"true": True, "false": False, "True": True, "False": False}

_FORBIDDEN: dict[type, tuple[str, str]] = {
    ast.Attribute: ("不允许用 '.' 访问属性或调用方法", "规则只能读取字段的值，例如写 kind == \"宣讲\"，不能写 x.y 或 x.clear()"),
    ast.Subscript: ("不允许使用下标 [...]", "用字段名直接取值；列表用 in 判断，例如 \"妇联\" in tags"),
    ast.Lambda: ("不允许使用 lambda", "条件直接写在统计函数里，例如 count(activity, kind == \"宣讲\")"),
    ast.ListComp: ("不允许使用推导式", "用统计函数，例如 count(...)、sum(...)"),
    ast.SetComp: ("不允许使用推导式", "用统计函数，例如 count(...)、sum(...)"),
    ast.DictComp: ("不允许使用推导式", "用统计函数，例如 count(...)、sum(...)"),
    ast.GeneratorExp: ("不允许使用推导式", "用统计函数，例如 count(...)、sum(...)"),
    ast.JoinedStr: ("不允许使用 f 字符串", "文字说明写在规则的 reason 里，不写在表达式里"),
    ast.FormattedValue: ("不允许使用 f 字符串", "文字说明写在规则的 reason 里，不写在表达式里"),
    ast.NamedExpr: ("不允许赋值（:=）", "表达式只能计算，不能修改任何值"),
    ast.Starred: ("不允许使用 *", "把参数逐个写出"),
    ast.Dict: ("不允许使用字典 {...}", "按字段分值请写在规则的 amount_by 里"),
    ast.Set: ("不允许使用集合 {...}", "用列表 [...]"),
    ast.Await: ("不允许使用 await", ""),
    ast.Yield: ("不允许使用 yield", ""),
    ast.YieldFrom: ("不允许使用 yield", ""),
    ast.Slice: ("不允许使用切片", ""),
}

_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**"}
_CMPOPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
           ast.In: "in", ast.NotIn: "not in"}


@dataclass
class Notes:
    """What the checker learned about the accepted nodes of one tree, keyed by the node itself."""

    types: dict[ast.AST, Type] = _field(default_factory=dict)
    numbers: dict[ast.AST, Decimal] = _field(default_factory=dict)
    """Number literals, exactly as written (never a float)."""
    constants: dict[ast.AST, Any] = _field(default_factory=dict)
    """``true``/``false`` and folded ``date("…")`` calls."""
    fields: dict[ast.AST, FieldInfo] = _field(default_factory=dict)
    """Names that read a field of the record in scope."""
    names: dict[ast.AST, NameInfo] = _field(default_factory=dict)
    """Names that read a fact, a parameter or the unit type."""
    periodic: dict[ast.AST, dict[str, Any]] = _field(default_factory=dict)
    """Calls counted per period (``periods_met``): the date field, the period kind and the assessment period."""


@dataclass(frozen=True)
class YearLiteral:
    """A year written as a number (``2023``) or inside a date literal (``date("2023-07-10")``)."""

    year: int
    text: str
    """As written."""
    instead: str
    """What survives ``new-year``: ``year``, or ``date_of(year, 7, 10)``."""
    location: Location | None


class Checked:
    """A checked expression: the tree, the checker's notes on it and what it refers to."""

    def __init__(self, text: str, tree: ast.expr, type: Type, names: set[str], record_types: set[str],
                 fields: set[tuple[str, str]], notes: Notes, years: list[YearLiteral] | None = None) -> None:
        self.text = text
        self.years = years or []  # literal years and dates written in the text (scoring check warns on this year)
        self.tree = tree
        self.type = type
        self.names = names  # facts / params / unit names used
        self.record_types = record_types  # evidence types aggregated over
        self.fields = fields  # (evidence type, field) pairs read
        self.notes = notes


def check_expression(text: str, scope: Scope, *, location: Location | None = None,
                     record: RecordTypeInfo | None = None, want: Type | tuple[Type, ...] | None = None,
                     lines: Sequence[tuple[int, Location]] = ()) -> Checked:
    """Parse and check ``text``. ``record`` is the evidence type in scope for per-record conditions.

    ``lines``: where each later source line begins in ``text`` (offset, location), when YAML joined several lines
    into one value (a ``>`` block, a quoted or plain scalar over several lines): a ``#`` comment then ends at the
    end of its source line, and errors point at their own line."""
    c = _Checker(text, scope, location, lines)
    tree = c.parse()
    t = c.visit(tree, record, 0)
    if want is not None:
        wants = want if isinstance(want, tuple) else (want,)
        if not any(t.plain == w.plain for w in wants):
            need = "、".join(str(w) for w in wants)
            raise ExpressionTypeError(
                f"这里需要 {need}，但表达式 '{text}' 的结果是 {t}",
                location=c.at(tree), expression=text,
                hint=_want_hint(wants[0]),
            )
    return Checked(text, tree, t, c.names, c.rtypes, c.fields, c.notes, c.years)


def _want_hint(w: Type) -> str:
    if w == BOOL:
        return "写一个条件，例如 count(activity, kind == \"宣讲\") >= 3"
    if w == NUMBER:
        return "写一个数值，例如 count(activity) 或 sum(subscription, copies)"
    return f"写一个{w}"


class _Checker:
    def __init__(self, text: str, scope: Scope, location: Location | None,
                 lines: Sequence[tuple[int, Location]] = ()) -> None:
        self.text = text
        self.lines = sorted(lines, key=lambda s: s[0])
        self.scope = scope
        self.location = location
        self.lead = 0
        self.nodes = 0
        self.names: set[str] = set()
        self.rtypes: set[str] = set()
        self.fields: set[tuple[str, str]] = set()
        self.notes = Notes()
        self.years: list[YearLiteral] = []

    # -- locations ------------------------------------------------------------------------

    def at_index(self, index: int) -> Location | None:
        if self.location is None:
            return None
        start = next((s for s in reversed(self.lines) if s[0] <= index), None)
        if start is not None:
            return start[1].shifted(index - start[0])
        before = self.text[:index]
        line = before.count("\n")
        if line == 0:
            return self.location.shifted(index)
        col = index - (before.rfind("\n") + 1)
        # a block scalar's later lines are indented like its first: the text starts at the same column
        return self.location.model_copy(update={"line": (self.location.line or 1) + line,
                                                "col": (self.location.col or 1) + col})

    def at(self, node: ast.AST) -> Location | None:
        off = getattr(node, "col_offset", 0)
        # ast offsets count UTF-8 bytes; the source was flattened to one line.
        chars = len(self.flat.encode("utf-8")[:off].decode("utf-8", errors="ignore"))
        return self.at_index(self.lead + chars)

    def fail(self, cls: type[ExpressionError], node: ast.AST | None, message: str, *, hint: str | None = None,
             suggestion: str | None = None, name: str | None = None) -> ExpressionError:
        loc = self.at(node) if node is not None else self.location
        return cls(message, location=loc, hint=hint, suggestion=suggestion, expression=self.text, name=name)

    # -- parsing --------------------------------------------------------------------------

    def parse(self) -> ast.expr:
        text = self.text
        if not text.strip():
            raise ExpressionSyntaxError("表达式是空的", location=self.location, expression=text,
                                        hint="写一个条件或数值，例如 count(activity) >= 3")
        if len(text) > MAX_LENGTH:
            raise ForbiddenError(f"表达式太长（{len(text)} 个字符，最多 {MAX_LENGTH}）", location=self.location,
                                 expression=text[:80] + "…", hint="把规则拆成几个子项（criteria）分别计分")
        stripped = text.lstrip()
        self.lead = len(text) - len(stripped)
        # a '#' outside a string starts a comment that ends with its line (blanked, so offsets stay true)
        breaks = [o - self.lead for o, _ in self.lines if o > self.lead]
        self.flat = blank_comments(stripped.rstrip(), breaks).replace("\n", " ").replace("\r", " ").replace("\t", " ")
        depth = 0
        for i, ch in enumerate(self.flat):
            depth += ch in "([{"
            depth -= ch in ")]}"
            if depth > MAX_DEPTH:
                raise ForbiddenError(f"括号嵌套太深（超过 {MAX_DEPTH} 层）", location=self.at_index(self.lead + i),
                                     expression=text, hint="把表达式写得简单一些")
        try:
            tree = ast.parse(self.flat, mode="eval")
        except SyntaxError as e:
            offset = max((e.offset or 1) - 1, 0)
            loc = self.at_index(self.lead + min(offset, len(self.flat)))
            raise ExpressionSyntaxError(
                f"表达式写法有误：{_syntax_reason(e, self.flat)}", location=loc, expression=text,
                hint="检查括号和引号是否成对；文字要加引号，例如 kind == \"宣讲\"；“并且”写 and，“或者”写 or",
            ) from None
        except (RecursionError, MemoryError, ValueError):
            raise ForbiddenError("表达式太复杂，无法解析", location=self.location, expression=text,
                                 hint="把表达式写得简单一些") from None
        return tree.body

    # -- checking -------------------------------------------------------------------------

    def visit(self, node: ast.AST, rec: RecordTypeInfo | None, depth: int) -> Type:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(ForbiddenError, node, f"表达式太复杂（超过 {MAX_NODES} 个部分）",
                            hint="把规则拆成几个子项（criteria）分别计分")
        if depth > MAX_DEPTH:
            raise self.fail(ForbiddenError, node, f"表达式嵌套太深（超过 {MAX_DEPTH} 层）", hint="把表达式写得简单一些")
        method = getattr(self, "v_" + type(node).__name__, None)
        if method is None:
            msg, hint = _FORBIDDEN.get(type(node), (f"不支持的写法：{type(node).__name__}", ""))
            if isinstance(node, ast.BinOp | ast.UnaryOp | ast.BoolOp | ast.Compare):
                msg, hint = "不支持这个运算符", ""
            raise self.fail(ForbiddenError, node, msg, hint=hint or "可用的写法见 docs/expressions.md")
        t: Type = method(node, rec, depth + 1)
        self.notes.types[node] = t
        return t

    def v_Constant(self, node: ast.Constant, rec: RecordTypeInfo | None, depth: int) -> Type:
        v = node.value
        if isinstance(v, bool):
            return BOOL
        if isinstance(v, int | float):
            seg = ast.get_source_segment(self.flat, node) or repr(v)
            try:
                d = Decimal(seg.replace("_", ""))
            except InvalidOperation:
                d = Decimal(repr(v))
            if len(seg) > 40 or not d.is_finite() or abs(d.adjusted()) > 100:
                raise self.fail(ForbiddenError, node, f"数字 {seg} 超出允许范围", hint="数字最多 40 位，数量级不超过 10 的 100 次方")
            self.notes.numbers[node] = d
            if d == d.to_integral_value() and 1900 <= d <= 2200:
                self.years.append(YearLiteral(int(d), seg, "year", self.at(node)))
            return NUMBER
        if isinstance(v, str):
            if len(v) > MAX_TEXT:
                raise self.fail(ForbiddenError, node, f"文字太长（超过 {MAX_TEXT} 个字）")
            return TEXT
        if v is None:
            raise self.fail(ForbiddenError, node, "不能使用 None", hint="判断是否为空请用 is_blank(字段)")
        raise self.fail(ForbiddenError, node, f"不支持这种常量：{v!r}", hint="数字、文字（加引号）、true、false")

    def v_Name(self, node: ast.Name, rec: RecordTypeInfo | None, depth: int) -> Type:
        name = node.id
        if name.startswith("_"):
            raise self.fail(ForbiddenError, node, f"不允许使用以下划线开头的名称 '{name}'", name=name,
                            hint="名称只能是证据字段、单位数据（facts）或参数（params）的名字，例如 participants")
        if name in _CONSTANT_NAMES:
            self.notes.constants[node] = _CONSTANT_NAMES[name]
            return BOOL
        if rec is not None and name in rec.fields:
            f = rec.fields[name]
            self.notes.fields[node] = f
            self.fields.add((rec.name, name))
            return f.type
        if name in self.scope.names:
            info = self.scope.names[name]
            self.notes.names[node] = info
            self.names.add(name)
            return info.type
        if name in self.scope.record_types:
            raise self.fail(ExpressionTypeError, node, f"'{name}' 是证据类型，不能单独使用",
                            hint=f"用统计函数，例如 count({name}) 或 exists({name}, ...)", name=name)
        if name == "period" and "period.start" in self.scope.names:
            raise self.fail(ExpressionSyntaxError, node, "考核期要写 period.start（开始日期）或 period.end（结束日期）",
                            hint="例如 submitted_on <= add_months(period.start, 6)", name=name)
        if name in FUNCTIONS:
            raise self.fail(ExpressionSyntaxError, node, f"'{name}' 是函数，要带括号调用", hint=f"例如 {FUNCTIONS[name].example}")
        pool = list(self.scope.names) + (list(rec.fields) if rec else [])
        where = f"证据类型 '{rec.name}' 的字段" if rec else "单位数据（facts）或参数（params）"
        suggestion = did_you_mean(name, pool)
        raise self.fail(
            UnknownNameError, node, f"未知的名称 '{name}'：它不是{where}", name=name,
            suggestion=suggestion,
            hint=("" if suggestion else "如果这是一段文字，要加引号，例如 \"" + name + "\"；") + "可用的名称："
            + (", ".join(sorted(n for n in pool if n not in _PERIOD_NAMES)[:12]) or "（无）"),
        )

    def v_Attribute(self, node: ast.Attribute, rec: RecordTypeInfo | None, depth: int) -> Type:
        """Only ``period.start`` and ``period.end``: the assessment period's first and last day."""
        key = f"period.{node.attr}"
        if isinstance(node.value, ast.Name) and node.value.id == "period" and key in self.scope.names:
            info = self.scope.names[key]
            self.notes.names[node] = info
            self.names.add(key)
            return info.type
        if isinstance(node.value, ast.Name) and node.value.id == "period" and "period.start" in self.scope.names:
            raise self.fail(UnknownNameError, node, f"考核期没有 '{node.attr}'，只有 period.start 和 period.end",
                            suggestion=did_you_mean(f"period.{node.attr}", ["period.start", "period.end"]),
                            name=key, hint="period.start 是考核期的开始日期，period.end 是结束日期")
        msg, hint = _FORBIDDEN[ast.Attribute]
        raise self.fail(ForbiddenError, node, msg, hint=hint)

    def v_List(self, node: ast.List | ast.Tuple, rec: RecordTypeInfo | None, depth: int) -> Type:
        if len(node.elts) > MAX_LIST:
            raise self.fail(ForbiddenError, node, f"列表太长（超过 {MAX_LIST} 项）")
        types = [self.visit(e, rec, depth) for e in node.elts]
        if not types:
            return Type("list")
        for e, t in zip(node.elts, types, strict=True):
            if t.plain != types[0].plain or t.kind == "list":
                raise self.fail(ExpressionTypeError, e, f"列表里的值类型要一致：{types[0]} 和 {t} 混在一起")
        return list_of(types[0])

    v_Tuple = v_List

    def v_UnaryOp(self, node: ast.UnaryOp, rec: RecordTypeInfo | None, depth: int) -> Type:
        t = self.visit(node.operand, rec, depth)
        if isinstance(node.op, ast.Not):
            self._need(node.operand, t, BOOL, "not 后面")
            return BOOL
        if isinstance(node.op, ast.USub | ast.UAdd):
            self._need(node.operand, t, NUMBER, "正负号后面")
            return NUMBER
        raise self.fail(ForbiddenError, node, "不支持运算符 ~", hint="“不是”请写 not")

    def v_BoolOp(self, node: ast.BoolOp, rec: RecordTypeInfo | None, depth: int) -> Type:
        word = "and" if isinstance(node.op, ast.And) else "or"
        for v in node.values:
            self._need(v, self.visit(v, rec, depth), BOOL, f"{word} 两边")
        return BOOL

    def v_BinOp(self, node: ast.BinOp, rec: RecordTypeInfo | None, depth: int) -> Type:
        sym = _BINOPS.get(type(node.op))
        if sym is None:
            raise self.fail(ForbiddenError, node, "不支持这个运算符（& | ^ << >> @）",
                            hint="“并且”写 and，“或者”写 or，“不是”写 not")
        lt = self.visit(node.left, rec, depth)
        rt_ = self.visit(node.right, rec, depth)
        if sym == "+" and lt.plain == TEXT and rt_.plain == TEXT:
            return TEXT
        if lt.plain == NUMBER and rt_.plain == NUMBER:
            if sym == "**":
                self._check_exponent(node.right)
            return NUMBER
        hint = "算术运算只用于数值"
        if DATE in (lt.plain, rt_.plain):
            hint = "日期相减请用 days(开始日期, 结束日期)"
        elif TEXT in (lt.plain, rt_.plain):
            hint = "文字不能和数值做算术运算；重复文字也不允许"
        raise self.fail(ExpressionTypeError, node, f"不能对 {lt} 和 {rt_} 做 '{sym}' 运算", hint=hint)

    def _check_exponent(self, node: ast.AST) -> None:
        d = _const_decimal(node, self.notes)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            raise self.fail(ForbiddenError, node, "不允许连续乘方（a ** b ** c）", hint=f"指数最大为 {rt.MAX_EXPONENT}")
        if d is not None and (d != d.to_integral_value() or abs(d) > rt.MAX_EXPONENT):
            raise self.fail(ForbiddenError, node, f"乘方的指数必须是不超过 {rt.MAX_EXPONENT} 的整数",
                            hint="例如 x ** 2")

    def v_IfExp(self, node: ast.IfExp, rec: RecordTypeInfo | None, depth: int) -> Type:
        self._need(node.test, self.visit(node.test, rec, depth), BOOL, "if 后面")
        a = self.visit(node.body, rec, depth)
        b = self.visit(node.orelse, rec, depth)
        if a.plain != b.plain:
            raise self.fail(ExpressionTypeError, node, f"if 两个分支的类型要一致：{a} 和 {b}",
                            hint="例如 2 if late else 0")
        return a

    def v_Compare(self, node: ast.Compare, rec: RecordTypeInfo | None, depth: int) -> Type:
        left_node = node.left
        left = self.visit(left_node, rec, depth)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.visit(right_node, rec, depth)
            sym = _CMPOPS.get(type(op))
            if sym is None:
                raise self.fail(ForbiddenError, node, "不支持 is / is not",
                                hint="比较请用 == 或 !=；判断是否为空请用 is_blank(字段)")
            if sym in ("in", "not in"):
                self._check_in(node, left_node, left, right_node, right)
            else:
                if left.plain != right.plain or left.kind in ("list", "records"):
                    hint = None
                    if DATE in (left.plain, right.plain) and TEXT in (left.plain, right.plain):
                        hint = "日期常量请写成 date(\"2023-06-30\")"
                    elif NUMBER in (left.plain, right.plain) and TEXT in (left.plain, right.plain):
                        hint = "数字不要加引号；文字要加引号"
                    elif DATE in (left.plain, right.plain) and NUMBER in (left.plain, right.plain):
                        hint = ("日期只能和日期比较；相差几天写 days(开始, 结束)，几个月写 months_between(开始, 结束)，"
                                "年份写 year(日期)")
                    raise self.fail(ExpressionTypeError, node, f"不能用 '{sym}' 比较 {left} 和 {right}", hint=hint)
                if sym not in ("==", "!=") and left.plain not in (NUMBER, DATE):
                    raise self.fail(ExpressionTypeError, node, f"'{sym}' 只能比较数值或日期，不能比较{left}",
                                    hint="文字和是/否只能用 == 或 != 比较")
                self._check_choice(left, right_node)
                self._check_choice(right, left_node)
            left_node, left = right_node, right
        return BOOL

    def _check_in(self, node: ast.AST, ln: ast.AST, lt: Type, rn: ast.AST, rt_: Type) -> None:
        if rt_.kind == "list":
            if rt_.elem is not None and rt_.elem != lt.plain:
                raise self.fail(ExpressionTypeError, node, f"'in' 左边是{lt}，右边却是{rt_}")
            if isinstance(rn, ast.List | ast.Tuple):
                for e in rn.elts:
                    self._check_choice(lt, e)
            return
        if rt_.plain == TEXT and lt.plain == TEXT:
            return
        raise self.fail(ExpressionTypeError, node, f"'in' 右边要是列表或文字，这里是{rt_}",
                        hint="例如 kind in [\"宣讲\", \"培训\"]")

    def _check_choice(self, t: Type, lit: ast.AST) -> None:
        if t.choices is None or not isinstance(lit, ast.Constant) or not isinstance(lit.value, str):
            return
        if lit.value not in t.choices:
            raise self.fail(
                ExpressionTypeError, lit, f"'{lit.value}' 不是可选值之一",
                suggestion=did_you_mean(lit.value, t.choices), name=lit.value,
                hint="可选值：" + "、".join(t.choices),
            )

    def _need(self, node: ast.AST, t: Type, want: Type, where: str) -> None:
        if t.plain != want.plain:
            raise self.fail(ExpressionTypeError, node, f"{where}需要{want}，这里是{t}", hint=_want_hint(want))

    # -- calls ----------------------------------------------------------------------------

    def v_Call(self, node: ast.Call, rec: RecordTypeInfo | None, depth: int) -> Type:
        if not isinstance(node.func, ast.Name):
            raise self.fail(ForbiddenError, node, "只能调用内置函数，不能调用方法或表达式的结果",
                            hint="可用的函数见 docs/expressions.md")
        fname = node.func.id
        spec = FUNCTIONS.get(fname)
        if spec is None:
            raise self.fail(UnknownNameError, node, f"未知的函数 '{fname}'", name=fname,
                            suggestion=did_you_mean(fname, FUNCTIONS),
                            hint="可用的函数：" + ", ".join(sorted(FUNCTIONS)))
        if spec.aggregate and rec is not None:
            raise self.fail(ForbiddenError, node, f"统计函数 {fname}() 不能用在逐条记录的条件里",
                            hint="统计函数只能在条目一级使用，例如 when: count(activity) >= 3")
        self._arity(node, spec)
        for kw in node.keywords:
            if kw.arg not in spec.keywords:
                allowed = "、".join(spec.keywords) or "无"
                raise self.fail(ExpressionSyntaxError, kw.value, f"函数 {fname}() 没有参数 '{kw.arg}'",
                                hint=f"可用的命名参数：{allowed}；用法：{spec.signature}")
        args = list(node.args)
        types: list[Type] = []
        inner = rec
        if spec.aggregate:
            first = args[0]
            if not isinstance(first, ast.Name) or first.id not in self.scope.record_types:
                got = first.id if isinstance(first, ast.Name) else ast.get_source_segment(self.flat, first)
                raise self.fail(UnknownNameError, first, f"{fname}() 的第一个参数要是证据类型，'{got}' 不是",
                                suggestion=did_you_mean(str(got), self.scope.record_types), name=str(got),
                                hint="已声明的证据类型：" + ", ".join(sorted(self.scope.record_types)))
            inner = self.scope.record_types[first.id]
            self.rtypes.add(first.id)
            self.notes.types[first] = RECORDS
            types.append(RECORDS)
            args = args[1:]
        kinds = [k for k in spec.params if k != "records"]
        for i, a in enumerate(args):
            kind = kinds[min(i, len(kinds) - 1)].rstrip("?*")
            t = self.visit(a, inner if kind.startswith(("r", "pred")) else rec, depth)
            self._kind(a, t, kind, spec)
            types.append(t)
        result = _result(spec, [t for t in types if t != RECORDS])
        if spec.name in ("min", "max", "coalesce") and len({t.plain for t in types}) > 1:
            raise self.fail(ExpressionTypeError, node, f"{fname}() 的参数类型要一致：" + "、".join(map(str, types)))
        for kw in node.keywords:
            kt = self.visit(kw.value, rec, depth)
            if kt.plain != result.plain:
                raise self.fail(ExpressionTypeError, kw.value, f"{kw.arg}= 的值要是{result}，这里是{kt}")
        if fname == "date":
            self._fold_date(node)
        if fname in PERIODIC:
            self._periodic(node, inner)
        if fname == "add_months":
            d = _const_decimal(node.args[1], self.notes)
            if d is not None and (d != d.to_integral_value() or abs(d) > cal.MAX_MONTHS):
                raise self.fail(ForbiddenError, node.args[1],
                                f"add_months() 的月数必须是 -{cal.MAX_MONTHS} 到 {cal.MAX_MONTHS} 之间的整数",
                                hint="例如 add_months(received_on, 3) 是三个月后的同一天")
        if fname == "date_of":
            self._check_date_of(node)
        if fname == "round" and len(node.args) == 2:
            d = _const_decimal(node.args[1], self.notes)
            if d is not None and (d != d.to_integral_value() or abs(d) > rt.MAX_PLACES):
                raise self.fail(ForbiddenError, node.args[1],
                                f"round() 的小数位数必须是 -{rt.MAX_PLACES} 到 {rt.MAX_PLACES} 之间的整数",
                                hint="例如 round(x, 2) 保留两位小数")
        return result

    def _arity(self, node: ast.Call, spec: FunctionSpec) -> None:
        n = len(node.args)
        need = sum(1 for p in spec.params if not p.endswith(("?", "*")))
        most = None if any(p.endswith("*") for p in spec.params) else len(spec.params)
        if n < need or (most is not None and n > most):
            count = f"{need}" if need == most else (f"{need} 到 {most}" if most else f"至少 {need}")
            raise self.fail(ExpressionSyntaxError, node, f"函数 {spec.name}() 需要 {count} 个参数，这里给了 {n} 个",
                            hint=f"用法：{spec.signature}，例如 {spec.example}")

    def _kind(self, node: ast.AST, t: Type, kind: str, spec: FunctionSpec) -> None:
        ok = {
            "pred": t.plain == BOOL,
            "rnum": t.plain == NUMBER, "num": t.plain == NUMBER,
            "rord": t.plain in (NUMBER, DATE), "ord": t.plain in (NUMBER, DATE),
            "rany": t.kind not in ("records",), "any": t.kind not in ("records",),
            "sized": t.kind == "list" or t.plain == TEXT,
            "text": t.plain == TEXT, "date": t.plain == DATE, "every": t.plain == TEXT,
        }[kind]
        if not ok:
            names = {"pred": "条件（是/否）", "rnum": "数值", "num": "数值", "rord": "数值或日期", "ord": "数值或日期",
                     "rany": "值", "any": "值", "sized": "列表或文本", "text": "文本", "date": "日期",
                     "every": "期间（\"月\"、\"季度\" 或 \"半年\"）"}
            raise self.fail(ExpressionTypeError, node, f"{spec.name}() 这里需要{names[kind]}，实际是{t}",
                            hint=f"用法：{spec.signature}，例如 {spec.example}")

    def _periodic(self, node: ast.Call, rec: RecordTypeInfo | None) -> None:
        from ..periods import EVERY

        assert rec is not None  # the checker has resolved the evidence type of an aggregate
        every = node.args[1]
        if not isinstance(every, ast.Constant) or not isinstance(every.value, str) or every.value.strip() not in EVERY:
            raise self.fail(ExpressionTypeError, every, f"{node.func.id}() 的第二个参数要写 \"月\"、\"季度\" 或 \"半年\"",  # type: ignore[attr-defined]
                            hint=f"例如 {FUNCTIONS[node.func.id].example}")  # type: ignore[attr-defined]
        if rec.date is None:
            raise self.fail(ExpressionTypeError, node.args[0], f"按期计数要按记录的日期分期，但证据类型 '{rec.name}' 没有声明 date",
                            hint=f"在 evidence.{rec.name} 下写 date: 日期字段名")
        start, end = self.scope.names.get("period.start"), self.scope.names.get("period.end")
        if start is None or end is None:
            raise self.fail(ExpressionTypeError, node, f"{node.func.id}() 要在有考核期（period）的规则文件里使用")  # type: ignore[attr-defined]
        self.notes.periodic[node] = {"date": rec.date, "every": EVERY[every.value.strip()], "start": start.value,
                                     "end": end.value}

    def _check_date_of(self, node: ast.Call) -> None:
        parts = [_const_decimal(a, self.notes) for a in node.args]
        ranges = (("年份", 1, 9999), ("月份", 1, 12), ("日期", 1, 31))
        for a, d, (what, lo, hi) in zip(node.args, parts, ranges, strict=True):
            if d is not None and (d != d.to_integral_value() or not lo <= d <= hi):
                raise self.fail(ExpressionTypeError, a, f"date_of() 的{what}必须是 {lo} 到 {hi} 之间的整数",
                                hint="例如 date_of(year, 7, 10) 是考核年度的 7 月 10 日")
        m, d = parts[1], parts[2]
        if m is not None and d is not None and d > 29 and d > max(
                calendar.monthrange(y, int(m))[1] for y in (2023, 2024)):
            raise self.fail(ExpressionTypeError, node.args[2], f"{int(m)} 月没有 {int(d)} 日",
                            hint="月末请写 end_of_month(date_of(year, 月份, 1))")

    def _fold_date(self, node: ast.Call) -> None:
        arg = node.args[0]
        if not isinstance(arg, ast.Constant) or not isinstance(arg.value, str):
            raise self.fail(ExpressionTypeError, arg, "date() 里要写一个日期常量，例如 date(\"2023-06-30\")")
        try:
            d = _dt.date.fromisoformat(arg.value.strip())
            self.notes.constants[node] = d
            self.years.append(YearLiteral(d.year, f'date("{arg.value}")', f"date_of(year, {d.month}, {d.day})",
                                          self.at(node)))
        except ValueError:
            raise self.fail(ExpressionTypeError, arg, f"'{arg.value}' 不是有效日期",
                            hint="日期写成 YYYY-MM-DD，例如 date(\"2023-06-30\")") from None


def _const_decimal(node: ast.AST, notes: Notes) -> Decimal | None:
    """The value of a number literal, signed or not; None for anything else."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        d = _const_decimal(node.operand, notes)
        return -d if d is not None and isinstance(node.op, ast.USub) else d
    return notes.numbers.get(node)


def _result(spec: FunctionSpec, types: list[Type]) -> Type:
    if spec.result == "same":
        return types[0].plain if types else NUMBER
    return {"number": NUMBER, "bool": BOOL, "date": DATE, "text": TEXT}[spec.result]


def _syntax_reason(e: SyntaxError, text: str) -> str:
    msg = (e.msg or "").lower()
    if "unterminated string" in msg or "eol while" in msg:
        return "引号没有成对"
    if "was never closed" in msg or "unmatched" in msg or "does not match" in msg:
        return "括号没有成对"
    if "invalid character" in msg:
        ch = msg.split("'")[1] if "'" in msg else ""
        return f"含有不能识别的字符 {ch}（是否用了中文标点？表达式里的括号、引号、逗号要用英文半角）"
    if "=" in text and "==" not in text and "invalid syntax" in msg and "maybe you meant '=='" in msg:
        return "比较是否相等要写 ==，不是 ="
    if "maybe you meant '=='" in msg or re.search(r"(?<![=!<>])=(?!=)", text):
        return "比较是否相等要写 ==，不是 ="
    return "无法解析这一处"


def blank_comments(text: str, breaks: Collection[int] = ()) -> str:
    """``text`` with every ``#`` comment (outside quotes, up to the end of its line) replaced by spaces.

    A line ends at a line break, or at an offset in ``breaks`` (where YAML joined two source lines with a space).
    One pass, no regular expression; the length and every other character's position are unchanged.
    """
    out = list(text)
    ends = set(breaks)
    quote = ""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if i in ends:
            quote = ""
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote or c == "\n":
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "#":
            out[i] = " "
            i += 1
            while i < n and text[i] != "\n" and i not in ends:
                out[i] = " "
                i += 1
            continue
        i += 1
    return "".join(out)
