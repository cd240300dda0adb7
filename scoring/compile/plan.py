"""The compiled rulebook the engine runs: every expression checked and compiled, every node located.

Built only by ``scoring.compile.compiler`` (``compile_plan``, or ``plan_of`` here for a rulebook made in Python);
the engine reads it and never parses anything. ``score()`` takes a ``Plan`` as well as a ``Rulebook``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..errors import ScoringError
from ..expr import CompiledExpression, RecordTypeInfo, Scope
from ..location import Location
from ..models.pertype import PerType, resolve
from ..models.result import ParamUse
from ..models.rulebook import Discretionary, Line, Node, Outcome, Rulebook, Veto
from .yaml import Positions

if TYPE_CHECKING:
    from ..clauses.base import Earning, LineKind

__all__ = ["PLine", "PNode", "POutcome", "PRange", "PVeto", "Plan", "fixed", "plan_of"]

CE = CompiledExpression


def fixed(v: Decimal | PerType) -> Decimal:
    """A number of a plan specialised to one unit type (``Plan.for_type``), where no per-type map is left."""
    if isinstance(v, PerType):
        raise TypeError("per-type number in a plan that was not specialised to a unit type")
    return v


@dataclass
class PLine:
    spec: Line
    id: str
    kind: str  # "deduct" | "bonus" | "penalty"
    loc: Location
    line_kind: LineKind[Any]
    """The registered kind of line (``scoring.clauses``) that counts and explains it."""
    rtype: str | None = None
    """The record type a per-record line reads (its amount is evaluated per record)."""
    amount: CE | None = None
    slots: Any = None
    """The kind's compiled slots (a typed dataclass of that kind's module)."""

    def exprs(self) -> list[CE]:
        return self.line_kind.expressions(self)


@dataclass
class PRange:
    """A discretionary range of an item (B6, 8.4): the reviewer enters the amounts in reviews.yaml."""

    spec: Discretionary
    id: str
    item: str
    loc: Location
    rtype: str | None = None
    where: CE | None = None

    @property
    def bonus(self) -> bool:
        return self.spec.kind == "bonus"


@dataclass
class POutcome:
    """A non-point outcome (表彰、奖励、提请关注) of a node or of the whole rulebook (``scoring.clauses.outcome``)."""

    spec: Outcome
    id: str
    node: str | None
    """The category or item it belongs to; None at the rulebook's top level (its ``points`` is then the total)."""
    loc: Location
    when: CE | None = None
    amount: CE | None = None

    def exprs(self) -> list[CE]:
        return [e for e in (self.when, self.amount) if e is not None]


@dataclass
class PNode:
    spec: Node
    id: str
    kind: str  # "category" | "item" | "criterion"
    depth: int
    parent: str | None
    loc: Location
    earning: Earning[Any]
    """The registered way of earning (``scoring.clauses``); a parent's is unused: it sums its children."""
    children: list[PNode] = field(default_factory=list)
    value: CE | None = None
    """The compiled ``value`` (the number or grade the way of earning scores)."""
    slots: Any = None
    """The way of earning's compiled slots (a typed dataclass of its module)."""
    lines: list[PLine] = field(default_factory=list)
    bonus_lines: list[PLine] = field(default_factory=list)
    ranges: list[PRange] = field(default_factory=list)
    types: frozenset[str] | None = None  # applies_to, inherited from the ancestors (None: every type)
    applies_when: CE | None = None
    outcomes: list[POutcome] = field(default_factory=list)

    def expressions(self) -> list[CE]:
        """This node's own compiled expressions (not its lines'), in rule-file order."""
        return [e for e in (self.value,) if e] + self.earning.expressions(self.slots)

    def max_points(self, unit_type: str | None) -> Decimal:
        v: Decimal = resolve(self.spec.points, unit_type)
        return v

    def applies(self, unit_type: str | None) -> bool:
        """Whether the node applies to the type, its ancestors' applies_to included (not applies_when)."""
        return self.types is None or unit_type in self.types

    def full_points(self, unit_type: str | None) -> Decimal:
        """This unit's maximum: 0 where the node does not apply; a parent shrinks when some children do not apply."""
        if not self.applies(unit_type):
            return Decimal(0)
        declared = self.max_points(unit_type)
        kids = [c for c in self.children if c.applies(unit_type)]
        if len(kids) == len(self.children):
            return declared
        return min(declared, sum((c.full_points(unit_type) for c in kids), Decimal(0)))

    def floor(self, unit_type: str | None) -> Decimal:
        """The lowest points: as written; else, for a parent, what its children may reach below 0 (倒扣 flows up)."""
        if "floor" in self.spec.model_fields_set:
            v: Decimal = resolve(self.spec.floor, unit_type)
            return v
        if self.children:
            below = sum((c.floor(unit_type) for c in self.children if c.applies(unit_type)), Decimal(0))
            return min(Decimal(0), below)
        return Decimal(0)

    def walk(self) -> list[PNode]:
        out = [self]
        for c in self.children:
            out += c.walk()
        return out


@dataclass
class PVeto:
    spec: Veto
    loc: Location
    when: CE


@dataclass
class Plan:
    rulebook: Rulebook
    path: str | None
    digest: str | None
    scope: Scope
    record_types: dict[str, RecordTypeInfo]
    categories: list[PNode]
    by_id: dict[str, PNode]
    bonus: list[PLine]
    penalties: list[PLine]
    vetoes: list[PVeto]
    params: dict[str, ParamUse]
    loc: Location
    section_locs: dict[str, Location] = field(default_factory=dict)
    warnings: list[ScoringError] = field(default_factory=list)
    typed: dict[str, Plan] = field(default_factory=dict)
    """The plan specialised to each declared unit type (every per-type number resolved); empty without unit types."""
    positions: Positions = field(default_factory=dict, repr=False)
    """Where each key path of the rule file is: kept so that a changed copy is compiled with the same places."""
    outcomes: list[POutcome] = field(default_factory=list)
    """The rulebook's top-level non-point outcomes (on the total, the grade or the evidence)."""

    def for_type(self, unit_type: str | None) -> Plan:
        """The plan to score a unit of ``unit_type`` with: every number is then a plain number."""
        if unit_type is not None and unit_type in self.typed:
            return self.typed[unit_type]
        return self

    def nodes(self) -> list[PNode]:
        out: list[PNode] = []
        for c in self.categories:
            out += c.walk()
        return out

    def all_exprs(self) -> list[CE]:
        out: list[CE] = []
        for n in self.nodes():
            out += n.expressions()
            for ln in n.lines + n.bonus_lines:
                out += ln.exprs()
            out += [r.where for r in n.ranges if r.where is not None]
            if n.applies_when is not None:
                out.append(n.applies_when)
            for o in n.outcomes:
                out += o.exprs()
        for o in self.outcomes:
            out += o.exprs()
        for ln in self.bonus + self.penalties:
            out += ln.exprs()
        out += [v.when for v in self.vetoes]
        return out

    @property
    def has_rank(self) -> bool:
        return any(n.spec.rank is not None for n in self.nodes())


def plan_of(rulebook: Rulebook | Plan) -> Plan:
    """The compiled plan of ``rulebook`` (a ``Plan`` is returned as it is).

    A rulebook read from a file carries the plan compiled with it. One built in Python, or a changed copy
    (``model_copy(update=...)``), is compiled here, once: a plan is used only for the very object it was
    compiled from, so a copy is never scored with the rules of its original. A copy keeps the original's
    file positions and path (its digest is dropped: it is no longer that file).

    It lives here, not in the compiler, so that scoring a rulebook that carries its plan (one read from the
    plan cache, ``scoring.plan_cache``) never imports the compiler and the clause kinds it registers.
    """
    if isinstance(rulebook, Plan):
        return rulebook
    cached = rulebook._compiled
    if isinstance(cached, Plan) and cached.rulebook is rulebook:
        return cached
    from .compiler import compile_plan  # only a rulebook without its plan is compiled

    source = cached if isinstance(cached, Plan) else None
    if source is None:
        return compile_plan(rulebook)
    return compile_plan(rulebook, source.positions, source.path or "<python>")
