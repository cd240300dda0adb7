"""Every example block in docs/rule-language.md (those starting with "# 例") loads against the bundled rulebook."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

import scoring
from scoring.compile.yaml import load_yaml_file, load_yaml_text

from .conftest import ROOT, RULES_2023

DOC = ROOT / "docs" / "rule-language.md"
BLOCKS = re.findall(r"```yaml\n(# 例 (\S+)\n.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
EXTRA_FACTS = {
    "rate": {"type": "decimal", "label": "到位率"},
    "base_rate": {"type": "decimal", "label": "前三年平均发案率"},
    "review_grade": {"type": "enum", "values": ["优", "良", "中"], "label": "审读等级"},
    "imported_score": {"type": "decimal", "label": "导入得分"},
}


def test_every_clause_type_has_an_example() -> None:
    names = {name for _, name in BLOCKS}
    expected = {f"A{i}" for i in range(1, 12)} | {"B1", "B2", "B4", "B5", "B6", "B7", "B9", "B10", "C1", "C4", "C5", "D2"}
    assert expected <= names


@pytest.mark.parametrize(("text", "name"), BLOCKS, ids=[name for _, name in BLOCKS])
def test_example_loads(text: str, name: str) -> None:
    base, _ = load_yaml_file(RULES_2023)
    data: dict[str, Any] = copy.deepcopy(base)
    data["facts"].update(EXTRA_FACTS)
    block, _ = load_yaml_text(text, f"docs/rule-language.md#{name}")
    if isinstance(block, list):
        data["categories"] = [{"id": "doc", "title": "示例", "points": 100, "items": block}]
    else:
        for key, value in block.items():
            if key == "evidence":
                data["evidence"].update(value)
            else:
                data[key] = value
    book = scoring.rulebook_from_dict(data, f"docs/rule-language.md#{name}")
    assert scoring.plan_of(book).nodes()
