"""The clause registry: every way of earning and every kind of deduction line, one module each.

The loader (``scoring.compile.compiler``), the engine, ``scoring test`` coverage and ``scoring diff`` iterate
``REGISTRY`` and know no clause by name. The list is written out here (no registration by import).
To add a clause kind, see docs/architecture.md, "How to add a clause kind".
"""

from __future__ import annotations

from .base import Clause, Compiling, Earning, LineKind, Registry
from .base_points import BASE
from .count_met import COUNT_MET
from .full import FULL, FULL_MARKS
from .grade_points import GRADE_POINTS
from .line_count import COUNT
from .line_per_period import LINE_PER_PERIOD
from .line_per_record import PER_RECORD
from .line_shortfall import SHORTFALL
from .line_tiers import LINE_TIERS
from .line_when import LINE_WHEN
from .linear import LINEAR
from .per_period import PER_PERIOD
from .proportional import PROPORTIONAL
from .rank import RANK
from .scaled import SCALED
from .tiers import TIERS
from .when import WHEN

__all__ = ["REGISTRY", "Clause", "Compiling", "Earning", "LineKind", "Registry"]

REGISTRY = Registry(
    # the order is the order of `scoring diff`'s rows and of the "only one way of earning" message
    earnings=[WHEN, TIERS, PROPORTIONAL, LINEAR, GRADE_POINTS, COUNT_MET, RANK, SCALED, PER_PERIOD, BASE, FULL_MARKS],
    default=FULL,
    lines=[PER_RECORD, SHORTFALL, COUNT, LINE_WHEN, LINE_TIERS, LINE_PER_PERIOD],
    structural_node=("id", "title", "no", "text", "reference", "verified_by", "method", "note",  # identity, wording
                     "points", "applies_to", "applies_when",  # what the node is worth, to whom
                     "value",                                # the value a way of earning scores
                     "items", "criteria",                    # the tree: a parent sums its children
                     "deductions", "bonuses", "max_deduction", "floor",  # its lines (each of a registered kind), limits
                     "discretionary",                        # reviewers' ranges (engine/_ranges, evidence/_reviews)
                     "outcomes",                             # non-point outcomes (clauses/outcome): never points
                     "todo"),                                # scoring not yet written: refused by the loader
    structural_line=("id", "title", "amount", "cap", "reason", "recover"),
)
