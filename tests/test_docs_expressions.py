"""docs/expressions.md documents every registered function, with its signature and an example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scoring.expr import FUNCTIONS, MAX_DEPTH, MAX_LENGTH, MAX_NODES
from scoring.expr._runtime import MAX_EXPONENT, MAX_PLACES

DOC = Path(__file__).resolve().parent.parent / "docs" / "expressions.md"


def _function_rows() -> dict[str, list[str]]:
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| `(\w+)` \|(.*)\|\s*$", line)
        if m:
            rows[m.group(1)] = [c.strip() for c in m.group(2).split("|")]
    return rows


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_function_is_documented_with_signature_and_example(name: str) -> None:
    rows = _function_rows()
    assert name in rows, f"{name}() is missing from the function table of docs/expressions.md"
    signature, doc, example = rows[name]
    assert signature == f"`{FUNCTIONS[name].signature}`"
    assert doc
    assert example.startswith("`") and example.endswith("`") and f"{name}(" in example


def test_no_undocumented_extra_functions() -> None:
    # The table lists registered functions only (a stale row would promise a function that does not exist).
    assert set(_function_rows()) <= set(FUNCTIONS) | {"MAX_LENGTH", "MAX_DEPTH", "MAX_NODES"}


def test_bounds_on_the_page_are_the_real_ones() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert f"| `MAX_LENGTH` 表达式长度 | {MAX_LENGTH} 个字符" in text
    assert f"| `MAX_DEPTH` 嵌套层数（括号或运算） | {MAX_DEPTH} 层" in text
    assert f"| `MAX_NODES` 表达式的部分（语法树节点）数 | {MAX_NODES} 个" in text
    assert f"绝对值 ≤ {MAX_EXPONENT}" in text and f"绝对值 ≤ {MAX_PLACES}" in text


def test_the_comment_example_scores_both_lines() -> None:
    """The multi-line condition of the 注释 section, as printed: five 宣讲 or five 培训. Five 培训 meet it (the line
    after the first comment still counts), four of each do not."""
    import scoring

    from .engine._rb import book as small_book

    text = DOC.read_text(encoding="utf-8")
    m = re.search(r"## 注释（Comments）.*?```yaml\n(when: \|\n.*?)```", text, flags=re.S)
    assert m is not None
    # the small test rulebook (tests/engine/_rb.py) calls its activity type `act` and has both kinds 宣讲 and 培训
    condition = m.group(1).replace("\n  ", "\n      ").replace("count(activity,", "count(act,")
    b = small_book(f"- id: talks\n  title: 宣讲或培训\n  points: 4\n  {condition}")

    def points(talks: int, trainings: int) -> object:
        acts = [{"id": f"a{i}", "date": "2023-05-01", "kind": "宣讲"} for i in range(talks)]
        acts += [{"id": f"b{i}", "date": "2023-05-01", "kind": "培训"} for i in range(trainings)]
        ev = scoring.evidence_from_dict({"unit": {"id": "u", "name": "甲", "type": "乡"}, "records": {"act": acts}}, b)
        return scoring.score(b, ev).item("talks").points

    assert (points(0, 5), points(5, 0), points(4, 4)) == (4, 4, 0)
