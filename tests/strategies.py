"""Generated record-scope expressions and records, for differential testing (issue #6).

One generator, two drivers: ``tests/test_expr_differential.py`` drives it with
hypothesis (``st.randoms()``, so failures shrink and replay), and
``bench/bench_expr.py --differential N`` drives it with a seeded
``random.Random`` for a large run. This module imports neither pytest nor
hypothesis.

Every generated expression is well typed for :data:`RECORD`, so the checker
accepts it; what is compared is the value (or the error) of the engine's
compiled function and of the simpleeval oracle on a generated record.
"""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from scoring import EvaluationError
from scoring.expr import (
    BOOL,
    DATE,
    NUMBER,
    TEXT,
    EvalContext,
    FieldInfo,
    NameInfo,
    RecordTypeInfo,
    Scope,
    compile_expression,
    decimal_context,
    list_of,
)
from scoring.expr._oracle import OracleError, make_oracle, oracle_eval

__all__ = ["PERIOD", "RECORD", "SCOPE", "Outcome", "gen_expression", "gen_record", "run_case"]

_FIELDS = [
    FieldInfo("participants", NUMBER),
    FieldInfo("attended", NUMBER),
    FieldInfo("invited", NUMBER),
    FieldInfo("score", NUMBER, optional=True),
    FieldInfo("kind", TEXT),
    FieldInfo("note", TEXT, optional=True),
    FieldInfo("done", BOOL),
    FieldInfo("checked", BOOL, optional=True),
    FieldInfo("held_on", DATE),
    FieldInfo("closed_on", DATE, optional=True),
    FieldInfo("tags", list_of(TEXT)),
]
RECORD = RecordTypeInfo("activity", {f.name: f for f in _FIELDS})
PERIOD = (_dt.date(2023, 1, 1), _dt.date(2023, 12, 31), 2023)
"""The assessment period the names ``period.start``, ``period.end`` and ``year`` stand for."""
SCOPE = Scope(names={"year": NameInfo("year", NUMBER, "period", value=Decimal(PERIOD[2])),
                     "period.start": NameInfo("period.start", DATE, "period", value=PERIOD[0]),
                     "period.end": NameInfo("period.end", DATE, "period", value=PERIOD[1])},
              record_types={"activity": RECORD})

_BY_KIND: dict[str, list[FieldInfo]] = {}
for _f in _FIELDS:
    _BY_KIND.setdefault(_f.type.kind, []).append(_f)

_TEXTS = ["宣讲", "培训", "慰问", "亲子阅读", "", "a", "宣"]
_NUM_VALUES = ["0", "1", "-1", "2", "3", "7", "10", "0.5", "-2.5", "0.1", "123.456", "100", "1E+30", "1E-30",
               "99999999999999999999999999.9"]
_NUM_LITERALS = ["0", "1", "2", "3", "10", "0.5", "0.1", "2.25", "100", "1e3", "0.8", "12345678901234567890.5"]
_DATES = ["2023-01-01", "2023-06-30", "2023-12-31", "2024-02-29", "2022-07-15", "2023-01-31", "2023-03-31",
          "2024-01-29"]

Rng = random.Random


def gen_record(rng: Rng) -> dict[str, Any]:
    """Decimal-valued record values; an optional field is blank (None) about a third of the time."""
    out: dict[str, Any] = {}
    for f in _FIELDS:
        if f.optional and rng.random() < 0.35:
            out[f.name] = None
            continue
        k = f.type.kind
        if k == "number":
            out[f.name] = Decimal(rng.choice(_NUM_VALUES)) if rng.random() < 0.6 else Decimal(rng.randint(-20, 20))
        elif k == "text":
            out[f.name] = rng.choice(_TEXTS)
        elif k == "bool":
            out[f.name] = rng.random() < 0.5
        elif k == "date":
            out[f.name] = _dt.date.fromisoformat(rng.choice(_DATES))
        else:  # list of text
            out[f.name] = tuple(rng.sample(_TEXTS, rng.randint(0, 3)))
    return out


def gen_expression(rng: Rng, kind: str = "bool", depth: int = 3) -> str:
    """A well-typed expression of ``kind`` (number, bool, text, date) over :data:`RECORD`."""
    return _GEN[kind](rng, depth)


def _field(rng: Rng, kind: str) -> str:
    return rng.choice(_BY_KIND[kind]).name


def _num(rng: Rng, depth: int) -> str:
    if depth <= 0 or rng.random() < 0.25:
        return _field(rng, "number") if rng.random() < 0.6 else rng.choice(_NUM_LITERALS)
    d = depth - 1
    pick = rng.randrange(12)
    if pick <= 3:
        op = rng.choice(["+", "-", "*", "/", "//", "%", "+", "*"])
        return f"({_num(rng, d)} {op} {_num(rng, d)})"
    if pick == 4:
        exp = rng.choice(["0", "1", "2", "3", "-1", "-2", "participants", "(1 + 1)"])
        return f"({_num(rng, d)} ** {exp})"
    if pick == 5:
        return f"(-{_num(rng, d)})"
    if pick == 6:
        return f"({_num(rng, d)} if {_bool(rng, d)} else {_num(rng, d)})"
    if pick == 7:
        fn = rng.choice(["min", "max"])
        return f"{fn}({', '.join(_num(rng, d) for _ in range(rng.randint(1, 3)))})"
    if pick == 8:
        fn = rng.choice(["abs", "floor", "ceil", "round"])
        if fn == "round" and rng.random() < 0.5:
            return f"round({_num(rng, d)}, {rng.choice(['0', '1', '2', '-1', 'participants'])})"
        return f"{fn}({_num(rng, d)})"
    if pick == 9:
        return f"coalesce(score, {_num(rng, d)})" if rng.random() < 0.7 else "coalesce(score, score)"
    if pick == 10:
        return f"len({rng.choice(['tags', 'kind', 'note', _text(rng, d)])})"
    fn = rng.choice(["days", "year", "month", "months_between", "workdays", "quarter", "year_name"])
    if fn == "year_name":
        return "year"
    if fn in ("days", "months_between", "workdays"):
        return f"{fn}({_date(rng, d)}, {_date(rng, d)})"
    return f"{fn}({_date(rng, d)})"


def _bool(rng: Rng, depth: int) -> str:
    if depth <= 0 or rng.random() < 0.15:
        return rng.choice(["true", "false", "done", "checked", "True"])
    d = depth - 1
    pick = rng.randrange(11)
    if pick <= 2:
        n = rng.randint(1, 3)
        parts = [_num(rng, d)]
        for _ in range(n):
            parts += [rng.choice(["<", "<=", ">", ">=", "==", "!="]), _num(rng, d)]
        return "(" + " ".join(parts) + ")"
    if pick == 3:
        kind = rng.choice(["text", "date", "bool"])
        ops = ["==", "!="] if kind != "date" else ["==", "!=", "<", ">=", "<="]
        return f"({_GEN[kind](rng, d)} {rng.choice(ops)} {_GEN[kind](rng, d)})"
    if pick == 4:
        word = rng.choice([" and ", " or "])
        return "(" + word.join(_bool(rng, d) for _ in range(rng.randint(2, 3))) + ")"
    if pick == 5:
        return f"(not {_bool(rng, d)})"
    if pick == 6:
        neg = rng.choice([" in ", " not in "])
        which = rng.randrange(4)
        if which == 0:
            items = ", ".join(_num(rng, 0) for _ in range(rng.randint(0, 3)))
            return f"({_num(rng, d)}{neg}[{items}])"
        if which == 1:
            items = ", ".join(f'"{rng.choice(_TEXTS)}"' for _ in range(rng.randint(1, 3)))
            return f"({_text(rng, d)}{neg}[{items}])"
        if which == 2:
            return f"({_text(rng, d)}{neg}tags)"
        return f"({_text(rng, d)}{neg}{_text(rng, d)})"
    if pick == 7:
        return f"({_bool(rng, d)} if {_bool(rng, d)} else {_bool(rng, d)})"
    if pick == 8:
        kind = rng.choice(["number", "text", "date", "bool"])
        return f"is_blank({_GEN[kind](rng, d)})"
    if pick == 9:
        # a blank field next to == / != only, inside a chain
        return f"({rng.choice(['score', 'coalesce(score, score)'])} == {_num(rng, d)} < {_num(rng, d)})"
    return f"coalesce(checked, {_bool(rng, d)})"


def _text(rng: Rng, depth: int) -> str:
    if depth <= 0 or rng.random() < 0.4:
        return rng.choice(["kind", "note", f'"{rng.choice(_TEXTS)}"'])
    d = depth - 1
    pick = rng.randrange(3)
    if pick == 0:
        return f"({_text(rng, d)} + {_text(rng, d)})"
    if pick == 1:
        return f"({_text(rng, d)} if {_bool(rng, d)} else {_text(rng, d)})"
    return f"coalesce(note, {_text(rng, d)})"


def _date(rng: Rng, depth: int) -> str:
    if depth <= 0 or rng.random() < 0.4:
        return rng.choice(["held_on", "closed_on", f'date("{rng.choice(_DATES)}")', "period.start", "period.end"])
    d = depth - 1
    pick = rng.randrange(6)
    if pick == 0:
        return f"({_date(rng, d)} if {_bool(rng, d)} else {_date(rng, d)})"
    if pick == 1:
        return f"{rng.choice(['min', 'max'])}({_date(rng, d)}, {_date(rng, d)})"
    if pick == 2:
        months = rng.choice(["1", "-1", "3", "12", "0", "13", "-25", "participants", "score"])
        return f"add_months({_date(rng, d)}, {months})"
    if pick == 3:
        return f"end_of_month({_date(rng, d)})"
    if pick == 4:
        day = rng.choice(["1", "28", "29", "participants"])
        return f"date_of({rng.choice(['year', '2024', 'year + 1'])}, {rng.choice(['1', '2', '12', '6'])}, {day})"
    return f"coalesce(closed_on, {_date(rng, d)})"


_GEN = {"number": _num, "bool": _bool, "text": _text, "date": _date}


class _Rec:
    """What the engine evaluates against: a record with an id, a source and its values."""

    __slots__ = ("id", "source", "values")

    def __init__(self, values: dict[str, Any]) -> None:
        self.id = "generated-1"
        self.source = "generated.yaml"
        self.values = values


@dataclass(frozen=True)
class Outcome:
    """The result of one differential case: ``engine`` and ``oracle`` are ("value", v) or ("error", msg)."""

    text: str
    record: dict[str, Any]
    engine: tuple[str, Any]
    oracle: tuple[str, Any]

    @property
    def agree(self) -> bool:
        (ek, ev), (ok, ov) = self.engine, self.oracle
        if ek != ok:
            return False
        if ek == "error":
            return True
        # exact: same type, equal, and the same Decimal digits and exponent
        return type(ev) is type(ov) and ev == ov and repr(ev) == repr(ov)


_ORACLE = make_oracle()
_CTX = EvalContext({}, {})


def run_case(text: str, record: dict[str, Any]) -> Outcome:
    """Evaluate ``text`` on ``record`` both ways. The checker must accept ``text``."""
    compiled = compile_expression(text, SCOPE, record=RECORD)
    frozen = dict(record)
    with decimal_context():
        try:
            engine: tuple[str, Any] = ("value", compiled.evaluate(_CTX, _Rec(record)))
        except EvaluationError as e:
            engine = ("error", e.message)
        try:
            oracle: tuple[str, Any] = ("value", oracle_eval(_ORACLE, text, record, period=PERIOD))
        except OracleError as e:
            oracle = ("error", str(e))
    if record != frozen:
        raise AssertionError(f"evaluating {text!r} changed the record")
    return Outcome(text, record, engine, oracle)
