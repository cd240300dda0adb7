"""scoring: a rules engine for configurable assessment scoring (考评细则).

    >>> import scoring
    >>> book = scoring.load_rulebook("rules/2023/x-county-fulian.yaml")
    >>> ev = scoring.load_evidence("evidence/2023/x-xiang", book)
    >>> result = scoring.score(book, ev)
    >>> str(result.total)
    '100.0'

The library never imports rich or typer; those belong to the command line (``scoring.cli``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names, for type checkers and editors; at run time each is imported when first used
    from .compile.compiler import load_rulebook, parse_rulebook, rulebook_from_dict
    from .compile.lint import check_rulebook
    from .compile.plan import Plan, plan_of
    from .engine import EvidenceUse, Explanation, explain, score, score_folder, score_many
    from .errors import (
        ErrorGroup,
        EvaluationError,
        EvidenceError,
        ExpressionError,
        ExpressionSyntaxError,
        ExpressionTypeError,
        ForbiddenError,
        RulebookError,
        SchemaError,
        ScoringError,
        UnknownNameError,
        UnwrittenRuleError,
        YamlError,
    )
    from .evidence import evidence_from_dict, load_evidence
    from .jsonio import result_from_json, to_json
    from .location import Location
    from .models import (
        BatchResult,
        Claim,
        EvidenceSet,
        Excluded,
        LedgerEntry,
        NodeResult,
        OutcomeResult,
        Record,
        Rulebook,
        ScoreResult,
        Standing,
        Unit,
        VetoResult,
    )
    from .schema import json_schema

__version__ = "0.1.0"

__all__ = [
    "BatchResult",
    "Claim",
    "ErrorGroup",
    "EvaluationError",
    "EvidenceError",
    "EvidenceSet",
    "EvidenceUse",
    "Excluded",
    "Explanation",
    "ExpressionError",
    "ExpressionSyntaxError",
    "ExpressionTypeError",
    "ForbiddenError",
    "LedgerEntry",
    "Location",
    "NodeResult",
    "OutcomeResult",
    "Plan",
    "Record",
    "Rulebook",
    "RulebookError",
    "SchemaError",
    "ScoreResult",
    "ScoringError",
    "Standing",
    "Unit",
    "UnknownNameError",
    "UnwrittenRuleError",
    "VetoResult",
    "YamlError",
    "check_rulebook",
    "evidence_from_dict",
    "explain",
    "json_schema",
    "load_evidence",
    "load_rulebook",
    "parse_rulebook",
    "plan_of",
    "result_from_json",
    "rulebook_from_dict",
    "score",
    "score_folder",
    "score_many",
    "to_json",
]

_WHERE = {
    **dict.fromkeys(("check_rulebook",), ".compile.lint"),
    **dict.fromkeys(("load_rulebook", "parse_rulebook", "rulebook_from_dict"), ".compile.compiler"),
    **dict.fromkeys(("Plan", "plan_of"), ".compile.plan"),
    **dict.fromkeys(("EvidenceUse", "Explanation", "explain", "score", "score_folder", "score_many"), ".engine"),
    **dict.fromkeys(("ErrorGroup", "EvaluationError", "EvidenceError", "ExpressionError", "ExpressionSyntaxError", "ExpressionTypeError", "ForbiddenError", "RulebookError", "SchemaError", "ScoringError", "UnknownNameError", "UnwrittenRuleError", "YamlError"), ".errors"),
    **dict.fromkeys(("evidence_from_dict", "load_evidence"), ".evidence"),
    **dict.fromkeys(("result_from_json", "to_json"), ".jsonio"),
    **dict.fromkeys(("Location",), ".location"),
    **dict.fromkeys(("BatchResult", "Claim", "EvidenceSet", "Excluded", "LedgerEntry", "NodeResult", "OutcomeResult", "Record", "Rulebook", "ScoreResult", "Standing", "Unit", "VetoResult"), ".models"),
    **dict.fromkeys(("json_schema",), ".schema"),
}
"""Where each public name lives. ``import scoring`` imports none of it: the first use of a name imports its
module (PEP 562), so ``import scoring`` costs almost nothing and a program pays only for what it uses."""


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        try:  # a sub-package (scoring.engine, scoring.render …), as after an eager import
            return importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError:
            raise AttributeError(f"module 'scoring' has no attribute {name!r}") from None
    obj = getattr(importlib.import_module(where, __name__), name)
    if isinstance(obj, type):
        obj.__module__ = "scoring"
    globals()[name] = obj
    return obj


def __dir__() -> list[str]:
    subpackages = {n for n, v in globals().items() if getattr(v, "__name__", "").startswith("scoring.")
                   and getattr(v, "__file__", None) is not None and n == v.__name__.split(".")[1]}
    return sorted(set(__all__) | subpackages | {"__version__"})
