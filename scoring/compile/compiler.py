"""Rule file → validated ``Rulebook`` → compiled ``Plan``, once.

All problems are collected, not just the first: a county editor fixing a file
wants the whole list. Each is located ``file:line:col``.
"""

from __future__ import annotations

import hashlib
import keyword
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from ..clauses import REGISTRY
from ..clauses.outcome import compile_outcomes
from ..errors import (
    ErrorGroup,
    ExpressionError,
    RulebookError,
    SchemaError,
    ScoringError,
    UnknownNameError,
    UnwrittenRuleError,
    did_you_mean,
)
from ..expr import (
    BOOL,
    DATE,
    NUMBER,
    TEXT,
    CompiledExpression,
    FieldInfo,
    NameInfo,
    RecordTypeInfo,
    Scope,
    Type,
    compile_expression,
    list_of,
)
from ..location import Location
from ..models import rulebook as rb
from ..models.pertype import DEFAULT, PerType, find_per_type, specialise
from ..models.result import ParamUse
from ..models.rulebook import FieldSpec, Line, Node, Rulebook
from ..values import decimal_text
from . import schema_errors
from .plan import Plan, PLine, PNode, PRange, PVeto, plan_of  # plan_of: re-exported, its home is .plan
from .yaml import Positions, line_index, load_yaml_file, load_yaml_text

__all__ = [
    "RESERVED_RECORD_KEYS",
    "RulebookErrors", "compile_plan", "field_type", "load_rulebook", "parse_rulebook", "plan_of", "rulebook_from_dict"]

PERIOD_NAMES = ("year", "period")
"""Names expressions give the assessment year and period (``year``, ``period.start``, ``period.end``): no fact,
parameter or evidence type may take them."""
RESERVED_RECORD_KEYS = ("id", "rejected", "attachments")
"""Keys of an evidence record that are not fields."""

_MODELS: list[type[BaseModel]] = [
    getattr(rb, n) for n in rb.__all__ if isinstance(getattr(rb, n), type) and issubclass(getattr(rb, n), BaseModel)
]


class RulebookErrors(ErrorGroup, RulebookError):
    """Several problems in one rule file."""


def load_rulebook(path: str | Path) -> Rulebook:
    """Read, validate and compile a rule file. Raises ``RulebookError`` (or ``RulebookErrors``), located."""
    p = Path(path)
    data, positions = load_yaml_file(p)
    raw = p.read_bytes()
    if isinstance(data, dict) and "extends" in data:  # the extends form: merged into full data first
        from ..cycle.extends import resolve_extends

        data, positions, raw = resolve_extends(data, positions, p)
    digest = hashlib.sha256(raw).hexdigest()
    return _build(data, positions, str(path), digest)


def parse_rulebook(text: str, path: str = "<text>") -> Rulebook:
    data, positions = load_yaml_text(text, path)
    return _build(data, positions, path, hashlib.sha256(text.encode("utf-8")).hexdigest())


def rulebook_from_dict(data: dict[str, Any], path: str = "<dict>") -> Rulebook:
    """Build from plain data (e.g. JSON from another system); locations then name the key path."""
    return _build(data, {}, path, None)


def compile_plan(rulebook: Rulebook, positions: Positions | None = None, path: str = "<python>",
                 digest: str | None = None) -> Plan:
    """Check and compile ``rulebook`` into the plan the engine runs; the only place a ``Plan`` is built.

    Raises ``RulebookError`` (or ``RulebookErrors``) for problems the schema cannot see (unknown names,
    expression types, duplicate ids). The plan is remembered on ``rulebook`` for ``plan_of``.
    """
    plan = _compile(rulebook, positions or {}, path, digest)
    rulebook._compiled = plan
    return plan


def _build(data: Any, positions: Positions, path: str, digest: str | None) -> Rulebook:
    if not isinstance(data, dict):
        raise SchemaError("规则文件的顶层要是键值对（id、title、year …）", location=Location(path=path, line=1, col=1),
                          hint="参考 rules/2023/x-county-fulian.yaml 的开头")
    try:
        book = Rulebook.model_validate(data)
    except ValidationError as e:
        errs = schema_errors.translate(e, data, positions, path, _MODELS, SchemaError)
        _raise(errs)
    compile_plan(book, positions, path, digest)
    return book


def _raise(errs: list[ScoringError]) -> None:
    errs = sorted(errs, key=lambda e: (e.location.line or 0, e.location.col or 0) if e.location else (0, 0))
    if len(errs) == 1:
        raise errs[0]
    raise RulebookErrors(errs)


_TYPES: dict[str, Type] = {"text": TEXT, "int": NUMBER, "decimal": NUMBER, "date": DATE, "bool": BOOL}


def field_type(spec: FieldSpec) -> Type:
    if spec.type == "enum":
        return Type("text", choices=tuple(spec.values or ()))
    if spec.type == "list":
        return list_of(TEXT)
    return _TYPES[spec.type]


class _Compiler:
    def __init__(self, book: Rulebook, positions: Positions, path: str, unit_type: str | None = None,
                 typed: bool = False) -> None:
        self.book = book
        self.positions = positions
        self.path = path
        self.unit_type = unit_type  # the type this compile is specialised to
        self.typed = typed  # True: the book has unit types, so numbers are checked in the per-type compiles
        self.errors: list[ScoringError] = []
        self.warnings: list[ScoringError] = []
        self.ids: dict[str, Location] = {}
        self.outcome_ids: dict[str, Any] = {}
        self._lines: dict[tuple[Any, ...], list[tuple[int, Location]]] | None = None

    def loc(self, at: tuple[Any, ...], value: bool = True) -> Location:
        if value and at + ("<value>",) in self.positions:
            return self.positions[at + ("<value>",)]
        probe = at
        while probe and probe not in self.positions:
            probe = probe[:-1]
        if probe in self.positions:
            return self.positions[probe]
        return Location(path=self.path, line=None) if not at else Location(path=f"{self.path}#{'.'.join(map(str, at))}")

    def declared(self, record: str | None, name: str) -> FieldSpec | None:
        if record is None:
            return self.book.facts.get(name)
        etype = self.book.evidence.get(record)
        return etype.fields.get(name) if etype is not None else None

    def line_starts(self) -> dict[tuple[Any, ...], list[tuple[int, Location]]]:
        """Multi-line scalars of the file (folded, quoted, plain): where each later source line begins."""
        if self._lines is None:
            self._lines = line_index(self.positions)
        return self._lines

    def err(self, cls: type[ScoringError], msg: str, at: tuple[Any, ...], **kw: Any) -> None:
        self.errors.append(cls(msg, location=self.loc(at), **kw))

    def warn(self, msg: str, at: tuple[Any, ...], value: bool = True, **kw: Any) -> None:
        self.warnings.append(RulebookError(msg, location=self.loc(at, value), severity="warning", **kw))

    def expr(self, text: Any, at: tuple[Any, ...], want: Type | tuple[Type, ...], scope: Scope,
             record: RecordTypeInfo | None = None) -> CompiledExpression | None:
        if isinstance(text, PerType):  # compiled in each per-type plan, where it is a plain number
            return None
        if isinstance(text, Decimal):
            text = format(text, "f")
        try:
            e = compile_expression(str(text), scope, location=self.loc(at), record=record, want=want,
                                   lines=self.line_starts().get(at, ()))
        except ExpressionError as err:
            self.errors.append(err)
            return None
        for lit in e.years:
            if lit.year == self.book.year:
                self.warnings.append(RulebookError(
                    f"表达式里写死了考核年度 {lit.text}：用 scoring new-year 生成下一年的规则后，这里仍是 {self.book.year} 年",
                    location=lit.location or self.loc(at), severity="warning",
                    hint=f"改写成 {lit.instead}（year 是考核年度，period.start、period.end 是考核期的起止日期），"
                         "换年时就不用再改"))
        return e

    # -- declarations ----------------------------------------------------------------------

    def check_name(self, name: str, at: tuple[Any, ...], what: str) -> None:
        if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_") or name in (
                "true", "false", "unit_type") or (what != "字段" and name in PERIOD_NAMES):
            self.errors.append(SchemaError(
                f"{what}名 '{name}' 不能用在表达式里", location=self.loc(at, value=False),
                hint="名称用字母、汉字、数字和下划线，不以数字或下划线开头，也不能是 and、or、not、in、if 等关键字"
                     "，也不能是 year、period（表达式里表示考核年度和考核期）"))
        if what == "字段" and name in RESERVED_RECORD_KEYS:
            self.errors.append(SchemaError(
                f"字段名 '{name}' 是保留字", location=self.loc(at, value=False),
                hint="id、rejected、attachments 用于记录编号、核查不属实的原因和附件，请给字段换个名字"))

    def scope(self) -> tuple[Scope, dict[str, ParamUse]]:
        book = self.book
        scope = Scope()
        for name, spec in book.evidence.items():
            self.check_name(name, ("evidence", name), "证据类型")
            fields: dict[str, FieldInfo] = {}
            for fname, fs in spec.fields.items():
                self.check_name(fname, ("evidence", name, "fields", fname), "字段")
                fields[fname] = FieldInfo(fname, field_type(fs), optional=not fs.required and fs.default is None,
                                          label=fs.label)
            if spec.date is not None:
                f = spec.fields.get(spec.date)
                if f is None or f.type != "date":
                    self.err(SchemaError, f"date: '{spec.date}' 要是本证据类型中一个 date 类型的字段",
                             ("evidence", name, "date"),
                             suggestion=did_you_mean(spec.date, [k for k, v in spec.fields.items() if v.type == "date"]),
                             hint="本证据类型的日期字段：" + ("、".join(k for k, v in spec.fields.items() if v.type == "date")
                                                      or "没有，先在 fields 里加一个 type: date 的字段"))
            scope.record_types[name] = RecordTypeInfo(name, fields, spec.label, spec.date)
        for name, fs in book.facts.items():
            self.check_name(name, ("facts", name), "单位数据")
            scope.names[name] = NameInfo(name, field_type(fs), "fact", label=fs.label)
        scope.names["year"] = NameInfo("year", NUMBER, "period", value=Decimal(book.year), label="考核年度")
        scope.names["period.start"] = NameInfo("period.start", DATE, "period", value=book.period.start,
                                               label="考核期开始日期")
        scope.names["period.end"] = NameInfo("period.end", DATE, "period", value=book.period.end, label="考核期结束日期")
        scope.names["unit_type"] = NameInfo("unit_type", Type("text", choices=tuple(book.unit_types or ()) or None),
                                            "unit", label="单位类型")
        uses: dict[str, ParamUse] = {}
        for name, param in book.params.items():
            self.check_name(name, ("params", name), "参数")
            dated = sorted((d, v) for d, v in param.values.items() if d <= book.period.end)
            if not dated:
                self.err(SchemaError, f"参数 '{name}' 在考核期结束（{book.period.end}）前没有生效的值",
                         ("params", name, "values"), hint=f"加一个不晚于 {book.period.end} 的生效日期")
                continue
            since, v = dated[-1]
            value = v.value if isinstance(v, rb.ParamValue) else v
            ref = (v.reference if isinstance(v, rb.ParamValue) else None) or param.reference
            t = NUMBER if isinstance(value, Decimal) else TEXT
            scope.names[name] = NameInfo(name, t, "param", value=value, label=param.label)
            uses[name] = ParamUse(name=name, value=str(value), since=since.isoformat(), reference=ref)
        return scope, uses

    # -- nodes -----------------------------------------------------------------------------

    def node(self, spec: Node, at: tuple[Any, ...], depth: int, parent: str | None, scope: Scope,
             types: frozenset[str] | None = None) -> PNode:
        kind = ("category", "item", "criterion")[min(depth, 2)]
        earning = REGISTRY.earning(spec)
        pn = PNode(spec, spec.id, kind, depth, parent, self.loc(at, value=False), earning)
        if spec.applies_to is not None:
            types = frozenset(spec.applies_to) & types if types is not None else frozenset(spec.applies_to)
        pn.types = types
        self.unique(spec.id, at + ("id",))
        if spec.applies_when is not None and (e := self.expr(spec.applies_when, at + ("applies_when",), BOOL, scope)):
            if e.record_types:
                self.err(SchemaError, f"'{spec.id}' 的 applies_when 不能统计证据（这里用了 {'、'.join(sorted(e.record_types))}）",
                         at + ("applies_when",),
                         hint="适用与否在看证据之前就要确定：只用单位数据（facts）和 unit_type，例如 applies_when: grain_area")
            else:
                pn.applies_when = e
        methods = REGISTRY.methods(spec)
        if len(methods) > 1:
            self.err(SchemaError, f"'{spec.id}' 只能有一种得分方式，这里写了 {'、'.join(methods)}", at + ("id",),
                     hint="子项请放在 criteria 里，每个子项各写一种得分方式")
        if spec.items and spec.criteria:
            self.err(SchemaError, f"'{spec.id}' 不能同时有 items 和 criteria", at + ("id",))
        self.points(spec, at, types)
        present = [c for c in REGISTRY.earnings if c.present(spec)]
        needs_value = [c.key for c in present if c.needs_value] + [
            c.key for c in present if not c.needs_value and c.wants_value(spec)]
        if spec.value is not None:
            want = next((c.value_type for c in present if c.value_type != NUMBER), NUMBER)
            if (e := self.expr(spec.value, at + ("value",), want, scope)) is not None:
                pn.value = e
            if not needs_value:
                self.warn(f"'{spec.id}' 写了 value，但没有用到它的得分方式", at + ("value",),
                          hint="value 配合 tiers 的 min/above、proportional、linear、grade_points、rank、scaled 使用")
        elif needs_value:
            self.err(SchemaError, f"'{spec.id}' 使用 {needs_value[0]} 时要写 value（被考核的数值）", at + ("id",),
                     hint="例如 value: count(activity, kind == \"亲子阅读\")")
        for clause in present:
            slots = clause.compile(self, spec, at, scope)
            if clause is earning:
                pn.slots = slots
        self.ranges(pn, at, scope)
        pn.outcomes = compile_outcomes(self, self.book, spec.outcomes, at + ("outcomes",), scope, spec.id,
                                       self.outcome_ids)
        for i, ln in enumerate(spec.deductions):
            pn.lines.append(self.line(ln, at + ("deductions", i), "deduct", f"{spec.id}.d{i + 1}", scope))
        for i, ln in enumerate(spec.bonuses):
            pn.bonus_lines.append(self.line(ln, at + ("bonuses", i), "bonus", f"{spec.id}.b{i + 1}", scope))
        if spec.todo is not None:
            self.unwritten(f"条目 '{spec.id}'（{spec.title}）", spec.todo, at + ("todo",))
        key = "items" if spec.items else "criteria"
        for i, child in enumerate(spec.children):
            pn.children.append(self.node(child, at + (key, i), depth + 1, spec.id, scope, types))
        self.node_warnings(pn, at)
        return pn

    def per_type(self, model: Any, at: tuple[Any, ...], applies: list[str], owner: str,
                 skip: frozenset[str] = frozenset()) -> None:
        """Every per-type number of ``model``: known types only, and a value for each type it applies to."""
        types = self.book.unit_types or []
        for sub, pt in find_per_type(model, skip):
            where = at + sub
            for k in pt.root:
                if k not in types and k != DEFAULT:
                    self.err(SchemaError, f"'{k}' 不是声明过的单位类型", where + (k,),
                             suggestion=did_you_mean(k, types), hint="单位类型在文件顶层的 unit_types 里声明")
            missing = [t for t in applies if t not in pt.root]
            if missing and DEFAULT not in pt.root:
                if sub == ("points",):
                    msg, word = f"'{owner}' 按单位类型给分，但没有写{'、'.join(missing)}的分值", "分值"
                else:
                    msg = f"'{owner}' 的 {'.'.join(map(str, sub))} 按单位类型取值，但没有写{'、'.join(missing)}的值"
                    word = "数值"
                self.err(SchemaError, msg, where, hint=f"补上 {missing[0]}: {word}，或写 default: {word} 作为其他类型的{word}")

    def points(self, spec: Node, at: tuple[Any, ...], inherited: frozenset[str] | None = None) -> None:
        types = self.book.unit_types or []
        applies = [t for t in types if inherited is None or t in inherited]
        self.per_type(spec, at, applies, spec.id, frozenset({"items", "criteria"}))
        for k in spec.applies_to or []:
            if k not in types:
                self.err(SchemaError, f"'{k}' 不是声明过的单位类型", at + ("applies_to",),
                         suggestion=did_you_mean(k, types), hint="单位类型在文件顶层的 unit_types 里声明")

    def node_warnings(self, pn: PNode, at: tuple[Any, ...]) -> None:
        spec = pn.spec
        if not pn.children and not spec.methods and not spec.deductions and not spec.bonuses and not spec.ranges:
            self.warn(f"'{spec.id}' 没有得分方式，也没有任何扣分：任何单位都会得满分，不需要任何证据", at + ("id",),
                      hint="确实是“未发现问题的得满分”时写 full_marks: true；否则写 when、tiers 等得分方式或 deductions")
        if self.typed and self.unit_type is None:
            return  # numbers are checked for each unit type (the per-type compiles)
        if not pn.applies(self.unit_type):
            return
        if pn.children:
            kids = [c for c in pn.children if c.applies(self.unit_type)]
            total = sum((cast(Decimal, c.spec.points) for c in kids), Decimal(0))
            if kids and total != spec.points:
                self.warn(f"'{spec.id}' 的分值是 {spec.points}，但下一层合计 {total}", at + ("points",),
                          hint="核对各子项分值；合计超过时按本项分值封顶")
        for clause in REGISTRY.earnings:
            if clause.present(spec):
                clause.warnings(self, spec, at)

    def ranges(self, pn: PNode, at: tuple[Any, ...], scope: Scope) -> None:
        """The item's discretionary ranges (one mapping or a list), each with an id the reviews refer to."""
        spec = pn.spec
        many = isinstance(spec.discretionary, list)
        seen: set[str] = set()
        for i, d in enumerate(spec.ranges):
            here = at + ("discretionary", i) if many else at + ("discretionary",)
            if d.id is None and many and len(spec.ranges) > 1:
                self.err(SchemaError, f"'{spec.id}' 有 {len(spec.ranges)} 个酌情范围，每个都要写 id", here,
                         hint="考核组在 reviews.yaml 里用 range: id 指明是哪一个范围")
            rid = d.id or spec.id
            if d.id is not None:
                if rid in seen:
                    self.err(SchemaError, f"酌情范围 id '{rid}' 在条目 '{spec.id}' 里重复", here + ("id",))
                elif rid != spec.id:
                    self.unique(rid, here + ("id",))
            seen.add(rid)
            if isinstance(d.min, Decimal) and isinstance(d.max, Decimal) and d.min > d.max:
                self.err(SchemaError, f"discretionary 的 min（{d.min}）大于 max（{d.max}）", here)
            pr = PRange(d, rid, spec.id, self.loc(here, value=False))
            if d.per_record is not None:
                rec = scope.record_types.get(d.per_record)
                if rec is None:
                    self.err(UnknownNameError, f"未知的证据类型 '{d.per_record}'", here + ("per_record",),
                             suggestion=did_you_mean(d.per_record, scope.record_types),
                             hint="已声明的证据类型：" + "、".join(scope.record_types))
                    continue
                pr.rtype = d.per_record
                if d.where is not None:
                    pr.where = self.expr(d.where, here + ("where",), BOOL, scope, rec)
            pn.ranges.append(pr)

    def unwritten(self, what: str, todo: list[str], at: tuple[Any, ...]) -> None:
        """A part marked "scoring not yet written" (``todo``) is an error until someone writes it: never full marks."""
        quoted = "；".join(f"「{t}」" for t in todo) or "（未列出原文）"
        self.errors.append(UnwrittenRuleError(
            f"{what}的评分规则还没有写：{quoted}", location=self.loc(at, value=False),
            hint="按细则原文写出得分方式或扣分（见 docs/rule-language.md），写好后删去 todo；"
                 "细则本来就是“未发现问题的得满分”时，写 full_marks: true 并删去 todo"))

    def unique(self, ident: str, at: tuple[Any, ...]) -> None:
        if ident in self.ids:
            self.err(SchemaError, f"id '{ident}' 重复（第一次出现在 {self.ids[ident]}）", at,
                     hint="每个类别、条目、子项、否决项的 id 都要不同")
        else:
            self.ids[ident] = self.loc(at)

    # -- lines -----------------------------------------------------------------------------

    def line(self, spec: Line, at: tuple[Any, ...], kind: str, default_id: str, scope: Scope) -> PLine:
        line_kind = REGISTRY.line_kind(spec)
        pl = PLine(spec, spec.id or default_id, kind, self.loc(at, value=False), line_kind)
        if spec.id:
            self.unique(spec.id, at + ("id",))
        go_on, rec = line_kind.record(self, spec, at, scope, pl)
        if not go_on:
            return pl
        if spec.amount is not None:
            pl.amount = self.expr(spec.amount, at + ("amount",), NUMBER, scope, rec)
        slots = line_kind.compile(self, spec, at, scope, pl)
        if slots is not None:
            pl.slots = slots
        return pl


def _compile(book: Rulebook, positions: Positions, path: str, digest: str | None) -> Plan:
    """The plan; with unit types, also one plan per type, every per-type number resolved (``Plan.for_type``).
    Problems found only for some types name them."""
    types = book.unit_types or []
    plan, c = _compile_one(book, positions, path, digest, None, bool(types))
    if c.errors:
        _raise(c.errors)
    if not types:
        return plan
    seen = {_key(w) for w in plan.warnings}
    errors: dict[tuple[str, str], tuple[ScoringError, list[str]]] = {}
    warnings: dict[tuple[str, str], tuple[ScoringError, list[str]]] = {}
    for t in types:
        tp, tc = _compile_one(specialise(book, t), positions, path, digest, t, True)
        plan.typed[t] = tp
        for bucket, found in ((errors, tc.errors), (warnings, tp.warnings)):
            for w in found:
                if _key(w) not in seen:
                    bucket.setdefault(_key(w), (w, []))[1].append(t)
    if errors:
        _raise([_tagged(e, ts, types) for e, ts in errors.values()])
    plan.warnings += [_tagged(w, ts, types) for w, ts in warnings.values()]
    for tp in plan.typed.values():
        tp.warnings = plan.warnings
    return plan


def _key(e: ScoringError) -> tuple[str, str]:
    return (e.message, str(e.location))


def _tagged(e: ScoringError, found: list[str], types: list[str]) -> ScoringError:
    """``e`` with the unit types it concerns, when that is not every type."""
    if len(found) == len(types):
        return e
    e.message = f"{e.message}（{'、'.join(found)}）"  # a fresh error of this compile: safe to change
    e.args = (e.message,)
    return e


def _compile_one(book: Rulebook, positions: Positions, path: str, digest: str | None, unit_type: str | None,
                 typed: bool) -> tuple[Plan, _Compiler]:
    c = _Compiler(book, positions, path, unit_type, typed)
    scope, uses = c.scope()
    for key, section in (("bonus", book.bonus), ("penalties", book.penalties)):
        if section is not None and section.todo is not None:
            c.unwritten(section.title or ("加分项" if key == "bonus" else "扣分项"), section.todo, (key, "todo"))
    cats = [c.node(n, ("categories", i), 0, None, scope) for i, n in enumerate(book.categories)]
    bonus = [c.line(ln, ("bonus", "lines", i), "bonus", f"bonus.{i + 1}", scope)
             for i, ln in enumerate(book.bonus.lines if book.bonus else [])]
    pens = [c.line(ln, ("penalties", "lines", i), "penalty", f"penalty.{i + 1}", scope)
            for i, ln in enumerate(book.penalties.lines if book.penalties else [])]
    cat_ids = {n.id for n in book.categories}
    vetoes = []
    for i, v in enumerate(book.vetoes):
        c.unique(v.id, ("vetoes", i, "id"))
        if v.category is not None and v.category not in cat_ids:
            c.err(UnknownNameError, f"'{v.category}' 不是类别 id", ("vetoes", i, "category"),
                  suggestion=did_you_mean(v.category, cat_ids), hint="类别 id：" + "、".join(sorted(cat_ids)))
        if e := c.expr(v.when, ("vetoes", i, "when"), BOOL, scope):
            vetoes.append(PVeto(v, c.loc(("vetoes", i), value=False), e))
    grades = [g.min for g in book.grades if isinstance(g.min, Decimal)]
    if len(grades) == len(book.grades) and grades != sorted(grades, reverse=True):
        c.err(SchemaError, "grades 要按 min 从高到低排列", ("grades",), hint="例如 90 优秀、75 良好、60 合格、0 不合格")
    by_id: dict[str, PNode] = {}
    for cat in cats:
        for n in cat.walk():
            by_id.setdefault(n.id, n)
    plan = Plan(book, path, digest, scope, scope.record_types, cats, by_id, bonus, pens, vetoes, uses,
                c.loc((), value=False), warnings=c.warnings, positions=positions,
                outcomes=compile_outcomes(c, book, book.outcomes, ("outcomes",), scope, None, c.outcome_ids))
    for key in ("bonus", "penalties"):
        plan.section_locs[key] = c.loc((key,), value=False)
    types = book.unit_types or []
    for key in ("total", "bonus", "penalties", "grades", "outcomes"):
        c.per_type(book, (), types, key, frozenset(f for f in type(book).model_fields if f != key))
    if not c.errors:
        _usage_warnings(plan, c)
        _total_warning(plan, c)
    return plan, c


def _total_warning(plan: Plan, c: _Compiler) -> None:
    """``total`` against the categories (for one unit type at a time when the book has types)."""
    if c.typed and c.unit_type is None:
        return
    total = plan.rulebook.total
    assert isinstance(total, Decimal)  # the plan is specialised to a type, or the book has none
    tree = sum((n.max_points(c.unit_type) for n in plan.categories if n.applies(c.unit_type)), Decimal(0))
    if tree != total:
        c.warn(f"满分 total 是 {decimal_text(total)}，但各类别分值合计 {decimal_text(tree)}", ("total",),
               hint="核对 total 和各类别的 points；单位的满分按各类别合计计算")


def _usage_warnings(plan: Plan, c: _Compiler) -> None:
    used: set[str] = set()
    for e in plan.all_exprs():
        used |= e.record_types
        if e.record:
            used.add(e.record)
    for ln in [ln for n in plan.nodes() for ln in n.lines] + plan.bonus + plan.penalties:
        if ln.rtype:
            used.add(ln.rtype)
    for name in plan.record_types:
        if name not in used:
            c.warn(f"证据类型 '{name}' 声明了但没有任何规则用到", ("evidence", name), value=False,
                   hint=f"如果不再考核，删除这个证据类型；否则在规则里用到它，例如 count({name}) >= 1")
    titles: dict[str, PNode] = {}
    for n in plan.nodes():
        if n.kind == "item" and n.spec.title in titles:
            first = titles[n.spec.title]
            c.warn(f"条目 '{n.id}' 和 '{first.id}' 的标题相同：{n.spec.title}", _path_of(plan, n),
                   hint="两个条目考核内容不同时，请给它们不同的标题")
        titles.setdefault(n.spec.title, n)


def _path_of(plan: Plan, target: PNode) -> tuple[Any, ...]:
    for ci, cat in enumerate(plan.categories):
        if cat is target:
            return ("categories", ci, "title")
        for ii, item in enumerate(cat.children):
            if item is target:
                return ("categories", ci, "items" if cat.spec.items else "criteria", ii, "title")
    return ()
