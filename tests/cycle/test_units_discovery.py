"""One discovery of unit folders: rank, score_folder and diff --evidence (impact) see the same units,
an Excel-only unit (its cover sheet filled, no unit.yaml) included."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import scoring
from scoring.cycle import impact
from scoring.evidence import unit_folders

from ..conftest import EVIDENCE_2023, ROOT, RULES_2023
from ..intake._fill import fill_template

RULES_2024 = ROOT / "rules/2024/x-county-fulian.yaml"


@pytest.fixture(scope="module")
def mixed_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled townships plus V乡, whose evidence is X乡's written into a filled Excel template only."""
    root = tmp_path_factory.mktemp("mixed") / "2023"
    shutil.copytree(EVIDENCE_2023, root)
    book = scoring.load_rulebook(RULES_2023)
    ev = scoring.load_evidence(EVIDENCE_2023 / "x-xiang", book)
    ev = ev.model_copy(update={"unit": ev.unit.model_copy(update={"id": "v-xiang", "name": "V乡"})})
    (root / "v-xiang").mkdir()
    fill_template(book, ev, root / "v-xiang" / "材料.xlsx")
    (root / "照片").mkdir()  # a folder with no evidence file in it is not a unit
    (root / "照片" / "a.jpg").write_bytes(b"\xff\xd8")
    return root


def test_unit_folders_lists_excel_only_units(mixed_root: Path) -> None:
    assert [p.name for p in unit_folders(mixed_root)] == ["v-xiang", "w-xiang", "x-xiang", "y-zhen", "z-zhen"]
    assert not (mixed_root / "v-xiang" / "unit.yaml").exists()


def test_rank_and_impact_see_the_same_units(mixed_root: Path) -> None:
    old, new = scoring.load_rulebook(RULES_2023), scoring.load_rulebook(RULES_2024)
    ranked = scoring.score_folder(old, mixed_root)
    im = impact(old, new, mixed_root)
    assert im.errors == [] and ranked.errors == []
    assert sorted(r.unit.id for r in ranked.results) == sorted(u.unit_id for u in im.units) == [
        "v-xiang", "w-xiang", "x-xiang", "y-zhen", "z-zhen"]


def test_excel_only_unit_moves_like_its_yaml_twin(mixed_root: Path) -> None:
    """V乡 carries X乡's evidence, so under both rulebooks it scores what X乡 scores, scored on its own."""
    old, new = scoring.load_rulebook(RULES_2023), scoring.load_rulebook(RULES_2024)
    im = impact(old, new, mixed_root)
    v = next(u for u in im.units if u.unit_id == "v-xiang")
    x_old = scoring.score(old, scoring.load_evidence(EVIDENCE_2023 / "x-xiang", old))
    assert v.before == x_old.total
    x = next(u for u in im.units if u.unit_id == "x-xiang")
    assert (v.before, v.after, v.before_grade, v.after_grade) == (x.before, x.after, x.before_grade, x.after_grade)
    assert [(m.id, m.before, m.after) for m in v.items] == [(m.id, m.before, m.after) for m in x.items]
    # tied with X乡 at the top: both are 1st (ties "equal"), W乡 is 3rd
    assert (v.before_rank, x.before_rank) == (1, 1)
    assert next(u for u in im.units if u.unit_id == "w-xiang").before_rank == 3


def test_impact_refuses_a_single_units_folder() -> None:
    old = scoring.load_rulebook(RULES_2023)
    with pytest.raises(scoring.EvidenceError, match="是一个单位的证据文件夹"):
        impact(old, old, EVIDENCE_2023 / "x-xiang")
