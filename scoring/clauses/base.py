"""What a clause kind is: the parts every way of earning and every kind of deduction line provides.

A clause kind lives in one module of ``scoring.clauses``. Its class names the rule-model fields it owns
(``fields``, with their ``labels`` for ``scoring diff``), checks and compiles them into typed slots
(``compile``), scores them and writes the ledger sentences (``earn`` / ``entries``) and lists its
``scoring test`` coverage branches (``branches``). The loader, the engine, coverage and diff iterate the
registry (``scoring.clauses.REGISTRY``) and know no clause by name.

Nothing here imports the compiler or the engine at run time (they import the registry), so the types of
their objects are named for the type checker only.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar, cast

from ..errors import EvaluationError, ScoringError
from ..expr import NUMBER, CompiledExpression, RecordTypeInfo, Scope, Type
from ..location import Location
from ..models.evidence import Record
from ..models.rulebook import FieldSpec, Line, Node, Rulebook
from ..values import fmt, pct  # how ledger sentences show numbers (scoring.values)

if TYPE_CHECKING:
    from ..compile.plan import PLine, PNode
    from ..engine import UnitRun
    from ..models.result import LedgerEntry

__all__ = ["At", "Clause", "Compiling", "Earning", "LineKind", "Registry", "ZERO", "describe", "fmt", "inputs", "pct",
           "quoted"]

ZERO = Decimal(0)
At = tuple[Any, ...]
"""A key path into the rule file, e.g. ``("categories", 0, "items", 2, "tiers")``: where a message points."""
CE = CompiledExpression
S = TypeVar("S")


# -- ledger sentences ------------------------------------------------------------------------------------------

_NAME_FIELDS = ("title", "summary", "project", "person", "name", "kind")


def describe(rec: Record) -> str:
    """A short human description of a record: its title-like field, date and id."""
    values = rec.values
    text = None
    for f in _NAME_FIELDS:  # the first title-like field that is filled in
        v = values.get(f)
        if v:
            text = str(v)
            break
    if text is None:
        text = next((str(v) for v in values.values() if isinstance(v, str) and v), rec.type)
    when = ""
    for v in values.values():  # the first date among the values
        if isinstance(v, _dt.date):
            when = f"，{v.isoformat()}"
            break
    return f"“{quoted(text)}”（{rec.id}{when}）"


def quoted(text: str) -> str:
    """Text to put inside “…”: its own double quotes become single ones (获“县级‘最美家庭’”), as Chinese
    writing nests them, so a quote inside a quote is not read as its end."""
    return text.replace("“", "‘").replace("”", "’")


def inputs(u: UnitRun, e: CompiledExpression | None) -> tuple[str | None, list[tuple[str, Any]]]:
    """What a target that is not a written number is made of (a baseline such as 前三年平均发案率): its label when
    it is one fact or parameter, and (label, value) of every fact or parameter it reads, in the order written."""
    if e is None or not e.names:
        return None, []
    scope = u.plan.scope.names
    used = sorted((n for n in e.names if n in scope and scope[n].kind in ("fact", "param")), key=e.text.find)
    parts = [(scope[n].label or n, scope[n].value if scope[n].kind == "param" else u.ctx.vars.get(n)) for n in used]
    single = parts[0][0] if len(used) == 1 and e.text.strip() == used[0] else None
    return single, parts


# -- what a compile step may use ---------------------------------------------------------------------------------

class Compiling(Protocol):
    """The loader's services a clause's compile step uses (``scoring.compile.compiler._Compiler``)."""

    book: Rulebook
    """The rulebook being compiled (its evidence types and period)."""

    def expr(self, text: Any, at: At, want: Type | tuple[Type, ...], scope: Scope,
             record: RecordTypeInfo | None = None) -> CompiledExpression | None: ...

    def err(self, cls: type[ScoringError], msg: str, at: At, **kw: Any) -> None: ...

    def warn(self, msg: str, at: At, value: bool = True, **kw: Any) -> None: ...

    def loc(self, at: At, value: bool = True) -> Location: ...

    def declared(self, record: str | None, name: str) -> FieldSpec | None:
        """The declared field ``name`` of evidence type ``record``, or the unit fact ``name`` (``record`` None)."""
        ...


# -- the clause kinds ------------------------------------------------------------------------------------------------

class Clause:
    """Common to every clause kind: the rule-model fields it owns and what ``scoring diff`` calls them."""

    key: ClassVar[str]
    """The rule-file key that selects this clause (``tiers``, ``per_record`` …)."""
    fields: ClassVar[tuple[str, ...]]
    """The rule-model fields this clause owns (its fragment of ``Node`` or ``Line``)."""
    labels: ClassVar[dict[str, str]]
    """Each owned field's name in ``scoring diff`` (Chinese)."""

    def present(self, spec: Any) -> bool:
        return getattr(spec, self.key, None) is not None


class Earning(Clause, Generic[S]):
    """A way of earning a leaf node's points (A1–A11). ``S`` is the type of its compiled slots."""

    needs_value: ClassVar[bool] = False
    """Whether the node must have ``value`` (the number or grade this clause scores)."""
    value_type: ClassVar[Type | tuple[Type, ...]] = NUMBER
    """What ``value`` must be; a tuple allows any of them (``grade_points``: a grade or a number)."""

    def wants_value(self, spec: Node) -> bool:
        """Whether this node needs ``value`` (some clauses need it only in some forms)."""
        return self.needs_value

    def compile(self, c: Compiling, spec: Node, at: At, scope: Scope) -> S | None:
        """Check the fragment and compile its expressions into typed slots (None when it has none).

        ``value`` is compiled by the loader for every clause that needs it (``needs_value``, ``value_type``)."""
        raise NotImplementedError

    def warnings(self, c: Compiling, spec: Node, at: At) -> None:
        """Warnings for ``scoring check`` (a rule that is valid but probably not meant)."""

    def expressions(self, slots: S | None) -> list[CE]:
        """The compiled expressions in ``slots``, in rule-file order."""
        return []

    def slots(self, pn: PNode) -> S:
        """The node's compiled slots, as this clause's type."""
        assert pn.slots is not None, pn.id  # the loader compiled them, or refused the rulebook
        return cast(S, pn.slots)

    def earn(self, u: UnitRun, pn: PNode, full: Decimal, value: Any, vids: list[str]) -> list[LedgerEntry]:
        """The ledger entries of the earning step (``value`` is the node's evaluated value, or None)."""
        raise NotImplementedError

    def branches(self, pn: PNode) -> list[tuple[str, str]]:
        """``scoring test`` coverage: (branch, label) for every branch ``earn`` can record in ``LedgerEntry.branch``."""
        raise NotImplementedError


def need_value(value: Any, pn: PNode) -> Any:
    """``value`` of a clause that requires one: the loader refuses the rulebook without it."""
    if value is None:
        raise EvaluationError(f"'{pn.id}' 没有 value", location=pn.loc)
    return value


class LineKind(Clause, Generic[S]):
    """A kind of deduction, bonus or penalty line (B1–B10, C1–C3): how its occurrences are counted."""

    def record(self, c: Compiling, spec: Line, at: At, scope: Scope, pl: PLine) -> tuple[bool, RecordTypeInfo | None]:
        """Steps before the line's ``amount`` is compiled: (go on?, the record type ``amount`` is read per)."""
        return True, None

    def compile(self, c: Compiling, spec: Line, at: At, scope: Scope, pl: PLine) -> S | None:
        """Compile the rest of the line (after ``amount``) into typed slots."""
        raise NotImplementedError

    def expressions(self, pl: PLine) -> list[CE]:
        """Every compiled expression of the line, ``amount`` included, in rule-file order."""
        return [e for e in (pl.amount,) if e]

    def slots(self, pl: PLine) -> S:
        assert pl.slots is not None, pl.id  # the loader compiled them, or refused the rulebook
        return cast(S, pl.slots)

    def entries(self, u: UnitRun, pl: PLine, sign: Decimal, word: str) -> list[LedgerEntry]:
        """The line's ledger entries before its ``cap`` (signed: ``sign`` is −1 for deductions)."""
        raise NotImplementedError

    def branches(self, pl: PLine, word: str, label: str) -> list[tuple[str, str]]:
        """``scoring test`` coverage: a line is hit (it took points) or not, found from the ledger."""
        return [(f"line:{pl.id}:hit", f"{word}：{label}"), (f"line:{pl.id}:ok", f"不{word}：{label}")]


# -- the registry -------------------------------------------------------------------------------------------------------

@dataclass
class Registry:
    """Every clause kind, in the order the loader, the engine, coverage and diff visit them."""

    earnings: list[Earning[Any]]
    default: Earning[Any]
    """The way of earning of a leaf with none written: full points, less deductions."""
    lines: list[LineKind[Any]]
    structural_node: tuple[str, ...]
    """``Node`` fields no clause owns: identity, wording, the tree, points, caps."""
    structural_line: tuple[str, ...]
    """``Line`` fields every kind of line shares."""

    def methods(self, spec: Node) -> list[str]:
        """The ways of earning written on ``spec`` (at most one is allowed), then ``items``/``criteria``."""
        return [c.key for c in self.earnings if c.present(spec)] + (["items"] if spec.items else []) + (
            ["criteria"] if spec.criteria else [])

    def earning(self, spec: Node) -> Earning[Any]:
        return next((c for c in self.earnings if c.present(spec)), self.default)

    def line_kind(self, spec: Line) -> LineKind[Any]:
        return next(k for k in self.lines if k.present(spec))  # the model requires exactly one

    def labels(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for c in [*self.earnings, *self.lines]:
            out.update(c.labels)
        return out

    def scoring_fields(self) -> tuple[str, ...]:
        """The node fields ``scoring diff`` compares as scoring rules, in its order."""
        return ("points", "applies_to", "applies_when", "value", *(f for c in self.earnings for f in c.fields),
                "bonuses", "max_deduction", "floor", "discretionary", "outcomes")

    def unowned(self, node_model: type[Node] = Node, line_model: type[Line] = Line) -> set[str]:
        """Rule-model fields that no clause owns and that are not marked structural (should be none)."""
        node_owned = {f for c in self.earnings for f in c.fields} | set(self.structural_node)
        line_owned = {f for k in self.lines for f in k.fields} | set(self.structural_line)
        return ({f"Node.{f}" for f in node_model.model_fields if f not in node_owned}
                | {f"Line.{f}" for f in line_model.model_fields if f not in line_owned})

    @contextmanager
    def extended(self, clause: Earning[Any] | LineKind[Any]) -> Iterator[None]:
        """Register one more clause kind while the block runs (a clause defined outside the package)."""
        where: list[Any] = self.earnings if isinstance(clause, Earning) else self.lines
        where.append(clause)
        try:
            yield
        finally:
            where.remove(clause)
