"""The fast path builds results (and evidence) without validating them a second time: validating what it built
must change nothing, on generated evidence and on the bundled units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, strategies as st
from pydantic import BaseModel

import scoring
from bench import batch as gen
from scoring.errors import EvidenceError
from scoring.evidence import coerce_value
from scoring.evidence._fast import SLOW, _converter, field_converters
from scoring.location import Location
from scoring.models.evidence import EvidenceSet
from scoring.models.rulebook import FieldSpec

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


# -- the compiled per-field converters give what coerce_value gives, or leave the value to it ------------------

SPECS = [FieldSpec(type="date"), FieldSpec(type="enum", values=["宣讲", "培训"]), FieldSpec(type="bool"),
         FieldSpec(type="int", min=Decimal(0), max=Decimal(40)), FieldSpec(type="decimal", min=Decimal("-1.5")),
         FieldSpec(type="text"), FieldSpec(type="text", required=False, default="无"), FieldSpec(type="list"),
         FieldSpec(type="int", required=False)]

values = st.one_of(
    st.none(), st.booleans(), st.integers(-50, 60), st.decimals(allow_nan=True, places=3),
    st.dates(), st.datetimes().map(lambda d: d), st.sampled_from(["宣讲", " 宣讲", "培训 ", "", "  ", "是", "80%"]),
    st.dates().map(dt.date.isoformat), st.sampled_from(["2023-02-30", "2023-5-01", "2023/5/1", "2023年5月1日",
                                                        "2023-05-01 0:00", "２０２３-05-01", "12", "1e3"]),
    st.text(max_size=6), st.lists(st.text(max_size=2), max_size=2),
    # the documented limits (scoring/limits.py): the largest number and the longest text, and just past them
    st.sampled_from([10**16 - 1, -(10**16 - 1), 10**16, -(10**16), 10**30, "字" * 10_000, "字" * 10_001,
                     "宣讲" + " " * 10_000]))


@SETTINGS
@given(st.sampled_from(SPECS), values)
def test_a_converter_gives_what_coerce_value_gives(spec: FieldSpec, v: Any) -> None:
    got = _converter(spec)(v)
    if got is SLOW:
        return
    want = coerce_value(v, spec, "f", Location(path="x"))
    assert type(got) is type(want) and got == want and str(got) == str(want)


def test_slow_values_still_get_their_located_message() -> None:
    book = BOOK
    conv = dict((n, c) for n, _, c in field_converters(book)["activity"])
    assert conv["date"]("2023/5/1") is SLOW and conv["date"]("2023-02-30") is SLOW
    data = {"unit": {"id": "u", "name": "某乡", "type": "乡", "facts": {"households": 10, "households_visited": 5}},
            "records": {"activity": [{"id": "a1", "date": "2023-02-30", "kind": "宣讲", "title": "t"}]}}
    try:
        scoring.evidence_from_dict(data, book, name="u")
    except EvidenceError as e:
        assert "u#records.activity[0]" in str(e) and "不是存在的日期" in str(e)
    else:
        raise AssertionError("a date that does not exist must be an error")


def test_the_builder_does_what_model_construct_does() -> None:
    from scoring.models.build import builder
    from scoring.models.evidence import Record
    from scoring.models.result import Excluded, LedgerEntry, NodeResult

    loc = Location(path="a.yaml", line=3)
    cases: list[tuple[type[BaseModel], dict[str, Any]]] = [(LedgerEntry, {"kind": "award", "points": Decimal("2.50"), "reason": "r", "rule": loc}),
             (NodeResult, {"id": "x", "title": "t", "kind": "item", "max_points": Decimal(5), "points": Decimal(1)}),
             (Excluded, {"id": "a", "type": "act", "source": loc, "reason": "r"}),
             (Record, {"id": "a", "type": "act", "values": {"n": Decimal(1)}, "source": loc}),
             (Location, {"path": "p"})]
    for cls, kw in cases:
        a, b = builder(cls)(**kw), cls.model_construct(**kw)
        assert a == b and a.model_dump() == b.model_dump() and a.model_fields_set == b.model_fields_set
        assert cls.model_validate(a.model_dump()) == a
    e1, e2 = builder(LedgerEntry)(**cases[0][1]), builder(LedgerEntry)(**cases[0][1])
    assert e1.evidence is not e2.evidence  # defaults from a factory are fresh for each model
