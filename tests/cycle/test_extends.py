"""The extends form loads to the same model as the full form; its errors point into the right file."""

from __future__ import annotations

from pathlib import Path

import pytest

import scoring
from scoring.cycle import rulebook_form

from ..conftest import ROOT

FIX = Path(__file__).parent / "fixtures"
RULES_2024 = ROOT / "rules" / "2024" / "x-county-fulian.yaml"


def test_extends_equals_full_form() -> None:
    full = scoring.load_rulebook(RULES_2024)
    child = scoring.load_rulebook(FIX / "extends-2024.yaml")
    assert child.model_dump() == full.model_dump()


def test_form_is_named() -> None:
    assert rulebook_form(RULES_2024) == "完整形式：文件本身写出了全部内容"
    assert rulebook_form(FIX / "extends-2024.yaml") == (
        "继承形式：以 ../../../rules/2023/x-county-fulian.yaml 为基础，只列出改动（changes 改 5 处，remove 删 0 项，"
        "add 增 1 项，另写了顶层的 id、title、year、period、params）")


def test_error_in_a_change_points_into_the_child() -> None:
    with pytest.raises(scoring.SchemaError) as e:
        scoring.load_rulebook(FIX / "extends-bad.yaml")
    loc = e.value.location
    assert loc is not None and loc.path.endswith("extends-bad.yaml") and (loc.line, loc.col) == (6, 13)
    assert "'十二' 不是数字" in str(e.value)


def _child(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "child.yaml"
    p.write_text(f"extends: {ROOT / 'rules' / '2023' / 'x-county-fulian.yaml'}\n{body}", encoding="utf-8")
    return p


def test_remove_and_add_by_id(tmp_path: Path) -> None:
    p = _child(tmp_path, "remove: [school_talk]\n"
                         "add:\n"
                         "  - into: family_education\n"
                         "    item: {id: online_talk, title: 开展线上宣讲, points: 4, when: 'exists(activity, kind == \"宣讲\")'}\n")
    book = scoring.load_rulebook(p)
    fam = book.categories[0].children[2]
    assert [c.id for c in fam.children] == ["talks", "online_talk"]


def test_unknown_id_is_located_with_a_suggestion(tmp_path: Path) -> None:
    p = _child(tmp_path, "changes:\n  parent_schol: {points: 12}\n")
    with pytest.raises(scoring.SchemaError) as e:
        scoring.load_rulebook(p)
    msg = str(e.value)
    assert msg.startswith(f"{p}:3:3: 继承的文件里没有 id 为 'parent_schol' 的")
    assert "parent_school" in msg


def test_inherited_error_points_into_the_parent(tmp_path: Path) -> None:
    # an earlier period leaves the parent's dated parameter without a value: the error is in the parent
    p = _child(tmp_path, "period: {start: 2020-01-01, end: 2020-12-31}\n")
    with pytest.raises(scoring.ScoringError) as e:
        scoring.load_rulebook(p)
    assert str(e.value).startswith(f"{ROOT / 'rules' / '2023' / 'x-county-fulian.yaml'}:")
    assert "参数 'reading_quota' 在考核期结束（2020-12-31）前没有生效的值" in str(e.value)
