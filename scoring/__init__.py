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

from . import intake  # noqa: F401  scoring.intake.write_template, .check_folder (intake depends on evidence)
from .compile.compiler import load_rulebook, parse_rulebook, plan_of, rulebook_from_dict
from .compile.lint import check_rulebook
from .compile.plan import Plan
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

for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type):
        _obj.__module__ = "scoring"
del _name, _obj
