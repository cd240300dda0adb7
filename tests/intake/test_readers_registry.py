"""The readers' registry is written out in scoring.evidence.readers: nothing registers itself on import,
and scoring.evidence never imports scoring.intake."""

from __future__ import annotations

import ast
from pathlib import Path

import scoring.evidence.readers as readers

PACKAGE = Path(readers.__file__).resolve().parent.parent.parent


def test_every_suffix_has_its_reader() -> None:
    assert readers.READERS == {
        ".yaml": readers.read_yaml_records, ".yml": readers.read_yaml_records, ".json": readers.read_yaml_records,
        ".xlsx": readers.read_xlsx, ".xlsm": readers.read_xlsx, ".xls": readers.read_calamine,
        ".ods": readers.read_calamine, ".csv": readers.read_csv,
        ".tsv": readers.read_csv, ".txt": readers.read_csv}  # tab-separated and Excel's Unicode-text export
    assert readers.UNIT_FINDERS == [readers.find_cover_unit]


def test_evidence_never_imports_intake() -> None:
    for f in (PACKAGE / "evidence").rglob("*.py"):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                target = ("." * node.level) + (node.module or "")
                names = [a.name for a in node.names]
                assert "intake" not in target.split(".") and "intake" not in names, f"{f}: imports {target} {names}"
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("scoring.intake") for a in node.names), f
