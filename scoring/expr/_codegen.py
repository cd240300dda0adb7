"""Turn a checked tree into a Python function, once.

The generated source is built only from this module's own templates: every
literal goes into a numbered slot (``_k0``), every field is read as
``r['name']`` where ``name`` is an identifier the checker accepted, and every
call goes to a registered function bound under a private name. Nothing of the
rule file's text reaches ``compile`` except through ``repr`` of identifiers, and
the function runs with empty builtins. That is what makes it safe to compile
rather than interpret: the evaluator never sees an unchecked construct.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from ._check import _BINOPS, _CMPOPS, Checked, Notes
from ._functions import FUNCTIONS
from ._revive import HELPERS as _HELPERS, slots_of

__all__ = ["generate", "rebuild", "slots_of"]

# Operands a blank (None) value may reach without an error: equality and the blank-aware functions.
_BLANK_OK_FUNCS = {"coalesce", "is_blank"}


class _Emitter:
    def __init__(self, notes: Notes) -> None:
        self.notes = notes  # the checker's side table: numbers, constants, fields, names per node
        self.slots: dict[str, Any] = {}
        self.temps = 0

    def slot(self, value: Any) -> str:
        name = f"_k{len(self.slots)}"
        self.slots[name] = value
        return name

    def emit(self, node: ast.AST, blank_ok: bool = False) -> str:
        m: Callable[[Any, bool], str] = getattr(self, "e_" + type(node).__name__)
        return m(node, blank_ok)

    def e_Constant(self, node: ast.Constant, blank_ok: bool) -> str:
        if isinstance(node.value, bool):
            return repr(node.value)
        if node in self.notes.numbers:
            return self.slot(self.notes.numbers[node])
        return self.slot(node.value)

    def e_Name(self, node: ast.Name, blank_ok: bool) -> str:
        if node in self.notes.constants:
            return repr(self.notes.constants[node])
        if node in self.notes.fields:
            ref = f"r[{node.id!r}]"
            if self.notes.fields[node].optional and not blank_ok:
                return f"_nn({ref}, {node.id!r})"
            return ref
        info = self.notes.names[node]
        if info.kind in ("param", "period"):  # fixed when the rulebook is loaded
            return self.slot(info.value)
        return f"c.vars[{node.id!r}]"

    def e_Attribute(self, node: ast.Attribute, blank_ok: bool) -> str:
        return self.slot(self.notes.names[node].value)  # period.start / period.end: the checker accepts no other

    def e_List(self, node: ast.List | ast.Tuple, blank_ok: bool) -> str:
        if all(isinstance(e, ast.Constant) for e in node.elts):
            return self.slot(tuple(self.notes.numbers.get(e, e.value) for e in node.elts))  # type: ignore[attr-defined]
        return "(" + "".join(self.emit(e) + ", " for e in node.elts) + ")"

    e_Tuple = e_List

    def e_UnaryOp(self, node: ast.UnaryOp, blank_ok: bool) -> str:
        op = {ast.Not: "not ", ast.USub: "-", ast.UAdd: "+"}[type(node.op)]
        return f"({op}{self.emit(node.operand)})"

    def e_BoolOp(self, node: ast.BoolOp, blank_ok: bool) -> str:
        word = " and " if isinstance(node.op, ast.And) else " or "
        return "(" + word.join(self.emit(v) for v in node.values) + ")"

    def e_BinOp(self, node: ast.BinOp, blank_ok: bool) -> str:
        a, b = self.emit(node.left), self.emit(node.right)
        sym = _BINOPS[type(node.op)]
        if sym == "**":
            return f"_pow({a}, {b})"
        return f"({a} {sym} {b})"

    def e_IfExp(self, node: ast.IfExp, blank_ok: bool) -> str:
        return f"({self.emit(node.body, blank_ok)} if {self.emit(node.test)} else {self.emit(node.orelse, blank_ok)})"

    def e_Compare(self, node: ast.Compare, blank_ok: bool) -> str:
        # A blank value may meet == and != only. In a chain that mixes them with ordering or
        # `in` (`score == 3 < x`), a blank operand is an error only when the comparison that
        # orders it is reached, as with `and`: such chains are unrolled with temporaries.
        eq = [isinstance(op, ast.Eq | ast.NotEq) for op in node.ops]
        operands = [node.left, *node.comparators]
        syms = [_CMPOPS[type(op)] for op in node.ops]
        if all(eq) or not any(eq):
            parts = [self.emit(operands[0], eq[0])]
            for sym, operand in zip(syms, operands[1:], strict=True):
                parts += [sym, self.emit(operand, eq[0])]
            return "(" + " ".join(parts) + ")"
        pairs = []
        left = self.emit(operands[0], eq[0])
        for j, sym in enumerate(syms):
            operand = operands[j + 1]
            last = j + 1 == len(syms)
            if last:
                right = self.emit(operand, eq[j])
            else:
                temp = f"_t{self.temps}"
                self.temps += 1
                raw = self.emit(operand, True)
                right = self.guard(f"({temp} := {raw})", operand, eq[j])
            pairs.append(f"({left} {sym} {right})")
            if not last:
                left = self.guard(temp, operand, eq[j + 1])
        return "(" + " and ".join(pairs) + ")"

    def e_Call(self, node: ast.Call, blank_ok: bool) -> str:
        name = node.func.id  # type: ignore[attr-defined]
        if node in self.notes.constants:
            return self.slot(self.notes.constants[node])
        spec = FUNCTIONS[name]
        args = list(node.args)
        out: list[str] = []
        if node in self.notes.periodic:  # periods_met(records, "月", n, [cond]): the period fixed at load
            out += ["c", repr(args[0].id), self.emit(args[2])]  # type: ignore[attr-defined]
            out.append(f"lambda r, c: {self.emit(args[3])}" if len(args) > 3 else "None")
            out += [f"{k}={self.slot(v)}" for k, v in self.notes.periodic[node].items()]
        elif spec.aggregate:
            out.append("c")
            out.append(repr(args[0].id))  # type: ignore[attr-defined]
            out += [f"lambda r, c: {self.emit(a)}" for a in args[1:]]
        else:
            ok = name in _BLANK_OK_FUNCS
            out += [self.emit(a, ok) for a in args]
        out += [f"{kw.arg}={self.emit(kw.value)}" for kw in node.keywords]
        call = f"_f_{name}({', '.join(out)})"
        if name == "coalesce" and not blank_ok:
            # coalesce(x, y) is blank when y is: guard it like a field where a value is needed.
            blank = self.blank_source(args[1])
            if blank is not None:
                return f"_nn({call}, {blank!r})"
        return call


    def guard(self, value: str, node: ast.AST, blank_ok: bool) -> str:
        """``value`` (the code of ``node``, emitted blank-ok) checked for blank where a value is needed."""
        blank = None if blank_ok else self.blank_source(node)
        return value if blank is None else f"_nn({value}, {blank!r})"

    def blank_source(self, node: ast.AST) -> str | None:
        """The optional field that can make ``node`` blank, if one can."""
        if isinstance(node, ast.Name) and node in self.notes.fields and self.notes.fields[node].optional:
            return node.id
        if isinstance(node, ast.IfExp):
            return self.blank_source(node.body) or self.blank_source(node.orelse)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "coalesce":
            return self.blank_source(node.args[1])
        return None


def generate(checked: Checked) -> tuple[Callable[[Any, Any], Any], str]:
    """The compiled function ``fn(r, c)`` and the Python source it was made from (for debugging)."""
    em = _Emitter(checked.notes)
    body = em.emit(checked.tree)
    source = f"lambda r, c: {body}"
    return rebuild(source, em.slots), source


def rebuild(source: str, slots: dict[str, Any]) -> Callable[[Any, Any], Any]:
    """The function for generated ``source`` with its literal ``slots`` (also how a compiled rulebook is
    rebuilt under another Python: the source and the slots travel, the function does not pickle;
    ``scoring.expr._revive``)."""
    # Helpers and slots are bound as closure cells of an outer function rather than globals:
    # reading a cell is a fast local-like load, which keeps the compiled condition at hand-written speed.
    bound = {**_HELPERS, **slots}
    outer = f"lambda {', '.join(bound)}: {source}"
    code = compile(outer, "<规则表达式>", "eval")
    make = eval(code, {"__builtins__": {}})  # noqa: S307 - source generated from a checked tree, see module docstring
    fn: Callable[[Any, Any], Any] = make(*bound.values())
    return fn
