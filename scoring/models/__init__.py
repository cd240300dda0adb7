"""Plain pydantic data: the rulebook as written, a unit's evidence, and results."""

from ..values import Num, parse_date, to_decimal
from .evidence import Claim, EvidenceSet, Record, Rejection, Review, Unit
from .result import (
    SCHEMA_VERSION,
    BatchResult,
    Excluded,
    LedgerEntry,
    NodeResult,
    OutcomeResult,
    ParamUse,
    RulebookRef,
    ScoreResult,
    Standing,
    UnitError,
    UnitRef,
    VetoResult,
)
from .rulebook import Line, Node, Outcome, Rulebook, Section, Veto
from .transfer import Share, Transfer

__all__ = [
    "SCHEMA_VERSION",
    "BatchResult",
    "Claim",
    "EvidenceSet",
    "Excluded",
    "LedgerEntry",
    "Line",
    "Node",
    "NodeResult",
    "Num",
    "Outcome",
    "OutcomeResult",
    "ParamUse",
    "Record",
    "Rejection",
    "Review",
    "Rulebook",
    "RulebookRef",
    "ScoreResult",
    "Section",
    "Share",
    "Standing",
    "Transfer",
    "Unit",
    "UnitError",
    "UnitRef",
    "Veto",
    "VetoResult",
    "parse_date",
    "to_decimal",
]
