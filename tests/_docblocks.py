"""The ``# 例 …`` example blocks of docs/rule-language.md, each turned into a rulebook over the bundled one."""

from __future__ import annotations

import copy
import functools
import re
from typing import Any

import scoring
from scoring.compile.yaml import load_yaml_file, load_yaml_text

from .conftest import ROOT, RULES_2023

DOC = ROOT / "docs" / "rule-language.md"
BLOCKS: list[tuple[str, str]] = re.findall(r"```yaml\n(# 例 (\S+)\n.*?)```", DOC.read_text(encoding="utf-8"),
                                           flags=re.S)
EXTRA_FACTS = {
    "rate": {"type": "decimal", "label": "到位率"},
    "base_rate": {"type": "decimal", "label": "前三年平均发案率"},
    "review_grade": {"type": "enum", "values": ["优", "良", "中"], "label": "审读等级"},
    "imported_score": {"type": "decimal", "label": "导入得分"},
}


def block(name: str) -> str:
    for text, n in BLOCKS:
        if n == name:
            return text
    raise KeyError(name)


@functools.cache
def _bundled() -> dict[str, Any]:
    base, _ = load_yaml_file(RULES_2023)
    return dict(base)


def rulebook_data(text: str, name: str) -> dict[str, Any]:
    """The bundled rulebook with the block applied: a list of items becomes the only category; a mapping replaces
    top-level keys, except that ``evidence`` and ``facts`` are added to the bundled ones."""
    data: dict[str, Any] = copy.deepcopy(_bundled())
    data["facts"].update(EXTRA_FACTS)
    parsed, _ = load_yaml_text(text, f"docs/rule-language.md#{name}")
    if isinstance(parsed, list):
        data["categories"] = [{"id": "doc", "title": "示例", "points": 100, "items": parsed}]
    else:
        for key, value in parsed.items():
            if key in ("evidence", "facts"):
                data[key].update(value)
            else:
                data[key] = value
    return data


@functools.cache
def rulebook(name: str) -> scoring.Rulebook:
    """The block's rulebook, compiled once per test session (a Rulebook is immutable)."""
    return scoring.rulebook_from_dict(rulebook_data(block(name), name), f"docs/rule-language.md#{name}")
