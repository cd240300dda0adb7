"""Every example block in docs/rule-language.md (those starting with "# 例") loads against the bundled rulebook."""

from __future__ import annotations

import pytest

import scoring

from ._docblocks import BLOCKS, rulebook_data


def test_every_clause_type_has_an_example() -> None:
    names = {name for _, name in BLOCKS}
    expected = {f"A{i}" for i in range(1, 12)} | {"B1", "B2", "B4", "B5", "B6", "B7", "B9", "B10", "C1", "C4", "C5", "D2"}
    assert expected <= names


@pytest.mark.parametrize(("text", "name"), BLOCKS, ids=[name for _, name in BLOCKS])
def test_example_loads(text: str, name: str) -> None:
    book = scoring.rulebook_from_dict(rulebook_data(text, name), f"docs/rule-language.md#{name}")
    assert scoring.plan_of(book).nodes()
