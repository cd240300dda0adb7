"""Plain rows of the common shape take a shortcut to their records (``scoring.evidence.records``); every other row
takes the general route. The shortcut must give exactly what the general route gives: the same records (ids,
values, sources), or the same located messages, on rows written as carelessly as people and programs write them.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import given, strategies as st

import scoring
from scoring.errors import ScoringError
from scoring.evidence import records as records_module

from .test_properties import BOOK, SETTINGS, SPEC, _value


@contextmanager
def general_route_only() -> Iterator[None]:
    """Every row through the general route, as before the shortcut existed."""
    init = records_module.RecordChecker.__init__

    def no_shortcut(self: records_module.RecordChecker, *a: Any, **k: Any) -> None:
        init(self, *a, **k)
        self.plain_keys = {t: None for t in self.plain_keys}

    records_module.RecordChecker.__init__ = no_shortcut  # type: ignore[method-assign]
    try:
        yield
    finally:
        records_module.RecordChecker.__init__ = init  # type: ignore[method-assign]


def outcome(data: dict[str, Any]) -> tuple[str, Any]:
    given_data = copy.deepcopy(data)
    try:
        ev = scoring.evidence_from_dict(data, BOOK, name="u")
    except ScoringError as e:
        out: tuple[str, Any] = ("error", [(str(x), x.hint) for x in getattr(e, "errors", [e])])
    else:
        out = ("ok", ev.model_dump(mode="json"))
    assert data == given_data  # the input is never changed
    return out


def both(data: dict[str, Any]) -> tuple[tuple[str, Any], tuple[str, Any]]:
    fast = outcome(data)
    with general_route_only():
        slow = outcome(data)
    return fast, slow


careless = st.one_of(
    st.none(), st.just(""), st.just("  "), st.booleans(), st.integers(-3, 60), st.just("是"), st.just("2023-13-01"),
    st.just("2023/3/8"), st.just("2023-03-08"), st.dates(dt.date(2022, 10, 1), dt.date(2024, 2, 1)),
    st.sampled_from(["宣讲", "慰问", "12338热线", "县级", "乡镇级", "年度工作总结", "标题", " 标题 ", "x" * 5000]),
)


@st.composite
def row(draw: st.DrawFn, tname: str, mess: int) -> dict[str, Any]:
    """A row; ``mess`` 0: well-formed (the shortcut's case), 1: now and then careless, 2: often careless."""
    r: dict[str, Any] = {}
    for k, f in SPEC[tname].fields.items():
        how = draw(st.integers(0, 9)) if mess else 0
        if how < (10 - 2 * mess) or (mess == 1 and how < 9 and not f.required):
            r[k] = draw(_value(f.type, f.values))
        elif how < 9:
            r[k] = draw(careless)
    rid = draw(st.one_of(st.uuids().map(str), st.none(), st.sampled_from(["a", "b"]), st.integers(1, 3))
               if mess else st.uuids().map(str))
    if rid is not None:
        r["id"] = rid
    extra = draw(st.sampled_from([None] * 6 + ["rejected", "attachments", "charged_to", "备注", "标题"])) if mess else None
    if extra == "rejected":
        r["rejected"] = "材料不实"
    elif extra == "attachments":
        r["attachments"] = ["a.pdf"]
    elif extra == "charged_to":
        r["charged_to"] = "y-zhen"
    elif extra is not None:
        r[extra] = "随手写的"
    return r


@st.composite
def evidence(draw: st.DrawFn) -> dict[str, Any]:
    types = draw(st.lists(st.sampled_from(list(SPEC)), unique=True, min_size=1, max_size=4))
    mess = draw(st.integers(0, 2))
    recs = {t: draw(st.lists(row(t, mess), max_size=5)) for t in types}
    return {"unit": {"id": "u", "name": "单位", "type": "乡", "facts": {"households": 100, "households_visited": 90}},
            "records": recs}


@SETTINGS
@given(evidence())
def test_the_shortcut_gives_what_the_general_route_gives(data: dict[str, Any]) -> None:
    fast, slow = both(data)
    assert fast == slow


def test_a_well_formed_batch_takes_the_shortcut_and_agrees() -> None:
    from bench import batch

    taken = 0
    plain = records_module.RecordChecker.raw

    def counting(self: records_module.RecordChecker, raw: Any) -> None:
        nonlocal taken
        taken += 1
        plain(self, raw)

    for d in batch.units(5, 120, seed=7):
        records_module.RecordChecker.raw = counting  # type: ignore[method-assign]
        try:
            fast = outcome(d)
        finally:
            records_module.RecordChecker.raw = plain  # type: ignore[method-assign]
        with general_route_only():
            slow = outcome(d)
        assert fast == slow and fast[0] == "ok"
        assert len(fast[1]["records"]) == sum(len(rows) for rows in d["records"].values())
    assert taken == 0  # every generated row is of the common shape: none needed the general route


@pytest.mark.parametrize("rows, said", [
    ("not a list", "records.activity 应当是记录的列表"),
    (["not a row"], "records.activity 的第 1 条不是一组“字段: 值”"),
])
def test_rows_of_the_wrong_shape_are_located_errors(rows: Any, said: str) -> None:
    data = {"unit": {"id": "u", "name": "单位", "type": "乡", "facts": {"households": 1, "households_visited": 1}},
            "records": {"activity": rows}}
    fast, slow = both(data)
    assert fast == slow and fast[0] == "error"
    assert any(said in text and "u#records.activity" in text for text, _ in fast[1])


def test_an_id_written_as_a_number_is_its_text_as_in_yaml() -> None:
    row = {"id": 7, "date": "2023-03-08", "kind": "宣讲", "title": "普法宣讲", "participants": 30}
    data = {"unit": {"id": "u", "name": "单位", "type": "乡", "facts": {"households": 1, "households_visited": 1}},
            "records": {"activity": [row]}}
    ev = scoring.evidence_from_dict(data, BOOK, name="u")  # was a pydantic traceback: 'Input should be a valid string'
    assert [r.id for r in ev.records] == ["7"]
    assert ev.records[0].values["participants"] == 30
