"""Docs and tests cite only files inside the repository: every relative Markdown link resolves, and no page or
test points at the shared folders the project was written from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT

DOCS = sorted((ROOT / "docs").rglob("*.md"))
TESTS = sorted(p for p in (ROOT / "tests").rglob("*.py"))
OUTSIDE = re.compile(r"(?<![\w.])(?:\.\./)+shared\b|(?<![\w/])shared/(?:clauses|seeds|design|style)\b|/work/")
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("path", DOCS + TESTS + [ROOT / "README.md"], ids=lambda p: str(p.relative_to(ROOT)))
def test_no_citation_outside_the_repository(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.name == "test_docs_citations.py":
        text = text.split("OUTSIDE = ", 1)[0]  # this file names the pattern it forbids
    hits = [m.group(0) for m in OUTSIDE.finditer(text)]
    assert not hits, f"{path.relative_to(ROOT)} cites files outside the repository: {hits}"


@pytest.mark.parametrize("path", DOCS + [ROOT / "README.md"], ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    broken = []
    for target in LINK.findall(text):
        if "://" in target or target.startswith("mailto:"):
            continue
        resolved = (path.parent / target).resolve()
        if not resolved.exists() or ROOT.resolve() not in resolved.parents:
            broken.append(target)
    assert not broken, f"{path.relative_to(ROOT)} links to files that are not in the repository: {broken}"


def test_the_clause_catalogue_lives_in_docs() -> None:
    text = (ROOT / "docs" / "clauses.md").read_text(encoding="utf-8")
    for code in [f"A{i}" for i in range(1, 12)] + [f"B{i}" for i in range(1, 11)] + [f"C{i}" for i in range(1, 6)] + [
            f"D{i}" for i in range(1, 5)]:
        assert f"| {code} |" in text, code
