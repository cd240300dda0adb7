"""The checker hands the code generator a side table; it writes nothing on Python's ast nodes (#14)."""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal

from scoring.expr import BOOL, NUMBER, TEXT, FieldInfo, NameInfo, RecordTypeInfo, Scope
from scoring.expr._check import check_expression


def _scope() -> tuple[Scope, RecordTypeInfo]:
    rec = RecordTypeInfo("act", {"n": FieldInfo("n", NUMBER, optional=True), "kind": FieldInfo("kind", TEXT)})
    scope = Scope(names={"quota": NameInfo("quota", NUMBER, "param", value=Decimal("2.5"))}, record_types={"act": rec})
    return scope, rec


def test_no_attribute_is_set_on_ast_nodes_and_the_notes_say_what_each_node_is() -> None:
    scope, rec = _scope()
    c = check_expression('n >= quota + 0.1 and kind in ["甲", "乙"] and true and date("2023-06-30") != date("2023-07-01")',
                         scope, record=rec, want=BOOL)
    for node in ast.walk(c.tree):
        own = set(vars(node)) - set(node._fields) - set(node._attributes)
        assert own == set(), (type(node).__name__, own)
    names = {n.id: n for n in ast.walk(c.tree) if isinstance(n, ast.Name)}
    assert c.notes.fields[names["n"]].name == "n" and names["n"] not in c.notes.names
    assert c.notes.names[names["quota"]].value == Decimal("2.5")
    assert c.notes.constants[names["true"]] is True
    (number,) = [n for n in ast.walk(c.tree) if isinstance(n, ast.Constant) and not isinstance(n.value, str)]
    assert c.notes.numbers[number] == Decimal("0.1") and isinstance(c.notes.numbers[number], Decimal)
    dates = sorted(v for v in c.notes.constants.values() if isinstance(v, dt.date))
    assert dates == [dt.date(2023, 6, 30), dt.date(2023, 7, 1)]
    assert c.notes.types[c.tree] == BOOL
