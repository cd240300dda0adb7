"""Points in ledger sentences are shown the way the rulebook declares items are shown (``rounding.items``), in every
format a person reads; JSON keeps the exact values.

The case, worked by hand from docs/rule-language.md (A6, 8.5): to-位率 93.35% against 95%, 1 point per 1%, 0.5 a
step: 1.65 steps × 0.5 = 0.825 off 5, so 4.175 exact. With ``rounding.items: {places: 1}`` (mode half_up, from the
total) the item shows 4.2 and its deduction -0.8 (0.825 → 0.8 at one place: the 2 rounds down); the points lost
show 0.8; a claim of 5 is 0.8 above the 4.2 shown. Without ``rounding.items`` everything is shown exactly.

The sentence itself (差 1.65 个 1%，每个扣 0.5 分，扣 0.825 分) is the computation, written by the engine, and stays
as it is; what is decided here is the signed amount in front of it, the item's points and the points lost.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from decimal import Decimal

import pytest

import scoring
from scoring.render import get_renderer
from scoring.render.feedback import feedback_html, feedback_xlsx

from ._rb import rulebook_text

ITEM = """\
- id: coverage
  title: 到位率
  points: 5
  value: rate_now
  linear: {target: 95%, step: 1%, deduct: 0.5}
"""


def _result(items_rounding: bool) -> scoring.ScoreResult:
    text = rulebook_text(ITEM, cat_points=5).replace("total: 100", "total: 5")
    if items_rounding:
        text = text.replace("rounding: {places: 2, mode: half_up}", "rounding: {places: 2, mode: half_up, items: {places: 1}}")
    book = scoring.parse_rulebook(text, "t.yaml")
    ev = scoring.evidence_from_dict({"unit": {"id": "u", "name": "甲乡", "type": "乡", "facts": {"rate_now": "0.9335"},
                                              "claims": {"coverage": 5}}, "records": {}}, book)
    return scoring.score(book, ev)


def _xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def _bytes(v: str | bytes) -> bytes:
    assert isinstance(v, bytes)
    return v


def _texts(r: scoring.ScoreResult) -> dict[str, str]:
    from rich.console import Console

    from scoring.render.terminal import score_view

    console = Console(width=200, record=True, file=io.StringIO())
    console.print(score_view(r))
    return {"terminal": console.export_text(), "markdown": str(get_renderer("markdown")(r)),
            "csv": str(get_renderer("csv")(r)), "html": str(get_renderer("html")(r)),
            "xlsx": _xlsx_text(_bytes(get_renderer("xlsx")(r))), "feedback.html": feedback_html(r),
            "feedback.xlsx": _xlsx_text(feedback_xlsx(r))}


def test_exact_points_in_the_result_and_its_json() -> None:
    r = _result(items_rounding=True)
    node = r.item("coverage")
    assert node.points == Decimal("4.175") and node.rounded == Decimal("4.2")
    assert [e.points for e in node.ledger] == [Decimal(5), Decimal("-0.825")]
    data = json.loads(str(get_renderer("json")(r)))
    entries = next(n for n in data["items"] if n["id"] == "coverage")["ledger"]
    assert [e["points"] for e in entries] == [5, -0.825]
    assert data["rulebook"]["item_rounding"] == {"places": 1, "mode": "half_up"}


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "csv", "html", "xlsx", "feedback.html", "feedback.xlsx"])
def test_every_format_shows_the_deduction_as_items_are_shown(fmt: str) -> None:
    text = _texts(_result(items_rounding=True))[fmt]
    assert re.search(r"-0\.8(</b>)? 93\.35%", text), fmt
    assert not re.search(r"-0\.825(</b>)? ", text)
    assert re.search(r"(?<![\d.])4\.2(?![\d%])", text)
    if fmt == "feedback.html":
        assert '<b class="lost">0.8</b>' in text
    if fmt.startswith("feedback"):
        assert re.search(r"\+0\.8(?!\d)", text)  # 自评 5, 核定 4.2 shown: 0.8 higher


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "csv", "html", "feedback.html"])
def test_without_item_rounding_the_exact_amount_is_shown(fmt: str) -> None:
    text = _texts(_result(items_rounding=False))[fmt]
    assert re.search(r"-0\.825(</b>)? 93\.35%", text), fmt
    assert re.search(r"(?<![\d.])4\.175(?![\d%])", text)
