"""The worked examples of docs/rule-language.md, "整步、调整系数与映射（第二版）" (blocks ``# 例 F1`` …), scored with
the evidence the page describes; the expected points are the page's own hand arithmetic."""

from __future__ import annotations

import pytest

from .._docblocks import BLOCKS, rulebook
from ._rb import D
from .test_language_v2_docs import _ev, _score


def test_every_f_example_is_here() -> None:
    assert {"F1", "F2"} <= {name for _, name in BLOCKS}


@pytest.mark.parametrize(("rate", "expected"), [("0.83", "3"), ("0.85", "3"), ("0.92", "5"), ("0.69", "0")])
def test_f1_linear_whole_steps(rate: str, expected: str) -> None:
    b = rulebook("F1")
    assert _score(b, _ev(b, facts={"rate": rate})).item("closing_steps").points == D(expected)


@pytest.mark.parametrize(("visited", "expected"), [(75, "2"), (95, "4"), (100, "4")])
def test_f2_shortfall_whole_steps(visited: int, expected: str) -> None:
    b = rulebook("F2")
    r = _score(b, _ev(b, facts={"households": 100, "households_visited": visited}))
    assert r.item("visit_rate").points == D(expected)
