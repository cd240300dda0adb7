"""The fast path builds results (and evidence) without validating them a second time: validating what it built
must change nothing, on generated evidence and on the bundled units."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given

import scoring
from bench import batch as gen
from scoring.models.evidence import EvidenceSet

from .test_properties import BOOK, SETTINGS, evidence_data

EVIDENCE = Path(__file__).resolve().parents[2] / "evidence" / "2023"


def _same_after_validation(r: scoring.ScoreResult) -> None:
    again = scoring.ScoreResult.model_validate(r.model_dump())
    assert again.model_dump() == r.model_dump()
    assert scoring.to_json(again) == scoring.to_json(r)
    for n in r.items:  # the types the models declare, not look-alikes
        assert all(type(e.points).__name__ == "Decimal" and isinstance(e.values, dict) for e in n.ledger)


@SETTINGS
@given(evidence_data())
def test_constructed_results_equal_validated_ones(data: dict[str, Any]) -> None:
    ev = scoring.evidence_from_dict(data, BOOK)
    assert EvidenceSet.model_validate(ev.model_dump()).model_dump() == ev.model_dump()
    _same_after_validation(scoring.score(BOOK, ev))


def test_bundled_units_and_a_generated_batch() -> None:
    for folder in sorted(p for p in EVIDENCE.iterdir() if p.is_dir()):
        _same_after_validation(scoring.score(BOOK, scoring.load_evidence(folder, BOOK)))
    for d in gen.units(10, 80, seed=21):
        _same_after_validation(scoring.score(BOOK, scoring.evidence_from_dict(d, BOOK, name=d["unit"]["id"])))
