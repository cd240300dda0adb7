"""The bundled example scores as the seed says: X乡 claims 100 and earns 100."""

from __future__ import annotations

from decimal import Decimal

import scoring

from .conftest import EVIDENCE_2023


def test_x_xiang_scores_100(book2023: scoring.Rulebook) -> None:
    ev = scoring.load_evidence(EVIDENCE_2023 / "x-xiang", book2023)
    r = scoring.score(book2023, ev)
    assert r.total == Decimal("100.0")
    assert r.max_total == Decimal(100)
    assert r.grade == "优秀"
    assert r.ledger_sum() == r.total
    items = {n.id: n for n in r.items if n.kind == "item"}
    # seed 000: eight items, 10/20/10/10 and 10/10/20/10 points, each self-assessed at full points
    assert [items[i].max_points for i in items] == [Decimal(x) for x in (10, 20, 10, 10, 10, 10, 20, 10)]
    assert all(n.claim == "match" for n in items.values())
    assert r.excluded == []
