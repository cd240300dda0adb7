"""Cross-unit evidence, as a property (#15 item 10): records in = records counted + excluded with a reason + errors,
for batches mixing own records, records charged to other units by id or by name, to no unit of the batch, to a name
two units share, duplicates of the same content, out-of-period records and units that cannot be read; each unit's
count agrees with an independent oracle of the documented rules, and the result does not depend on the order of
the units."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

import scoring
from scoring.errors import ScoringError

from .test_crossunit import book

BOOK = book()
NAMES = ["甲乡", "乙镇", "丙镇"]

record = st.fixed_dictionaries({
    "target": st.sampled_from(["none", "own-id", "own-name", "other-id", "other-name", "unknown"]),
    "other": st.integers(0, 3),
    "plate": st.sampled_from(["P1", "P2", "P3"]),  # few plates: the same content happens
    "month": st.integers(1, 12),
    "old": st.booleans(),
})
units = st.lists(st.tuples(st.sampled_from(NAMES), st.lists(record, max_size=5), st.booleans()),
                 min_size=1, max_size=4)


def _charged(r: dict[str, Any], i: int, names: list[str]) -> str | None:
    n = len(names)
    other = r["other"] % n
    choices: dict[str, str | None] = {"none": None, "own-id": f"u{i}", "own-name": names[i], "other-id": f"u{other}",
                                      "other-name": names[other], "unknown": "不在本批的单位"}
    return choices[r["target"]]


def _date(r: dict[str, Any]) -> str:
    return f"{2022 if r['old'] else 2023}-{r['month']:02d}-01"


def _oracle(spec: list[tuple[str, list[dict[str, Any]], bool]], loaded: list[int]) -> dict[str, int]:
    """Counted records per unit id, from the rules as docs/rule-language.md states them."""
    names = [name for name, _, _ in spec]
    ids = {f"u{i}": i for i in loaded}
    by_name: dict[str, list[int]] = {}
    for i in loaded:
        by_name.setdefault(names[i], []).append(i)
    counted = {f"u{i}": 0 for i in loaded}
    held: dict[int, set[tuple[str, str]]] = {i: set() for i in loaded}
    moving: list[tuple[str, str, tuple[str, str], bool, int | None]] = []
    for i in loaded:
        for k, r in enumerate(spec[i][1]):
            c = _charged(r, i, names)
            content = (_date(r), r["plate"])
            if c is None or c in (f"u{i}", names[i]):
                held[i].add(content)
                counted[f"u{i}"] += not r["old"]
            else:
                target = ids.get(c)
                if target is None:
                    hits = by_name.get(c, [])
                    target = hits[0] if len(hits) == 1 else None
                moving.append((f"u{i}", f"r{k}", content, r["old"], target))
    for _, _, content, old, target in sorted(moving, key=lambda m: (m[0], m[1])):
        if target is None or content in held[target]:
            continue
        held[target].add(content)
        counted[f"u{target}"] += not old
    return counted


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(units, st.randoms(use_true_random=False))
def test_every_record_is_counted_once_excluded_with_a_reason_or_an_error(spec: list[Any], rnd: Any) -> None:
    names = [name for name, _, _ in spec]
    sets: list[scoring.EvidenceSet] = []
    loaded: list[int] = []
    errors = 0
    records_in = 0
    for i, (name, recs, broken) in enumerate(spec):
        rows = [{"id": f"r{k}", "date": _date(r), "plate": r["plate"],
                 **({"charged_to": c} if (c := _charged(r, i, names)) is not None else {})} for k, r in enumerate(recs)]
        if broken and rows:
            rows[0]["date"] = "2023-02-30"  # a unit that cannot be read: all of its records are its errors
        records_in += len(rows)
        try:
            sets.append(scoring.evidence_from_dict({"unit": {"id": f"u{i}", "name": name, "type": "镇"},
                                                    "records": {"accident": rows}}, BOOK))
            loaded.append(i)
        except ScoringError:
            errors += len(rows)
    batch = scoring.score_many(BOOK, sets)
    counted = sum(sum(r.counted.values()) for r in batch.results)
    # a record passed on is listed in the recording unit and, counted or not, is the charged unit's business
    moved = sum(1 for r in batch.results for t in r.passed_on if t.outcome in ("passed", "duplicate"))
    excluded = sum(len(r.excluded) for r in batch.results) - moved
    assert all(x.reason for r in batch.results for x in r.excluded)
    assert records_in == counted + excluded + errors
    assert {r.unit.id: sum(r.counted.values()) for r in batch.results} == _oracle(spec, loaded)
    assert all(r.ledger_sum() == r.total for r in batch.results)
    shuffled = list(sets)
    rnd.shuffle(shuffled)
    again = scoring.score_many(BOOK, shuffled)
    assert sorted(r.model_dump_json() for r in again.results) == sorted(r.model_dump_json() for r in batch.results)
    assert again.leaderboard == batch.leaderboard
