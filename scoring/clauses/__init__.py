"""The clause registry: every way of earning and every kind of deduction line, one module each.

The loader (``scoring.compile.compiler``), the engine, ``scoring test`` coverage and ``scoring diff`` iterate
``REGISTRY`` and know no clause by name. The list is written out here (no registration by import);
``REGISTRY`` is built when first used, so that scoring a plan read from the cache (``scoring.plan_cache``) imports
only the clause kinds that plan uses.
To add a clause kind, see docs/architecture.md, "How to add a clause kind".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Clause, Compiling, Earning, LineKind, Registry

if TYPE_CHECKING:
    REGISTRY: Registry

__all__ = ["REGISTRY", "Clause", "Compiling", "Earning", "LineKind", "Registry"]


def _registry() -> Registry:
    """Every clause kind, in the registry's order (imported here, when the registry is first asked for)."""
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

    return Registry(
        # the order is the order of `scoring diff`'s rows and of the "only one way of earning" message
        earnings=[WHEN, TIERS, PROPORTIONAL, LINEAR, GRADE_POINTS, COUNT_MET, RANK, SCALED, PER_PERIOD, BASE,
                  FULL_MARKS],
        default=FULL,
        lines=[PER_RECORD, SHORTFALL, COUNT, LINE_WHEN, LINE_TIERS, LINE_PER_PERIOD],
        structural_node=("id", "title", "no", "text", "reference", "verified_by", "method", "note",  # identity, words
                         "points", "applies_to", "applies_when",  # what the node is worth, to whom
                         "value",                                # the value a way of earning scores
                         "items", "criteria",                    # the tree: a parent sums its children
                         "deductions", "bonuses", "max_deduction", "floor",  # its lines (each a registered kind)
                         "discretionary",                        # reviewers' ranges (engine/_ranges, evidence/_reviews)
                         "outcomes",                             # non-point outcomes (clauses/outcome): never points
                         "todo"),                                # scoring not yet written: refused by the loader
        structural_line=("id", "title", "amount", "cap", "reason", "recover"),
    )


def __getattr__(name: str) -> Any:
    if name == "REGISTRY":  # built when first asked: scoring a cached plan imports only the kinds it uses
        registry = globals()["REGISTRY"] = _registry()
        return registry
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
