"""Guards of the package's seams: private modules stay private to their package, helpers have one home.

A module's name starting with ``_`` (``scoring/evidence/_hant.py``) makes it private to the package that holds it:
only that package's modules and its sub-packages import it. Other packages import public modules or the names a
package's ``__init__`` exports.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scoring"


def _modules() -> dict[str, Path]:
    out = {}
    for f in sorted(PACKAGE.rglob("*.py")):
        parts = list(f.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = f
    return out


MODULES = _modules()


def _package_of(name: str) -> str:
    """The package a module belongs to: itself for a package's ``__init__``, else its parent."""
    return name if MODULES[name].name == "__init__.py" else name.rsplit(".", 1)[0]


def _target(name: str, node: ast.ImportFrom) -> str:
    """The absolute module an ``from … import`` in module ``name`` reads from."""
    if not node.level:
        return node.module or ""
    base = _package_of(name).split(".")
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(name: str) -> list[tuple[int, str]]:
    """Every ``scoring`` module ``name`` imports (line, absolute module name), including ``from . import _x``."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "scoring"]
        elif isinstance(node, ast.ImportFrom):
            target = _target(name, node)
            if target.split(".")[0] != "scoring":
                continue
            out.append((node.lineno, target))
            out += [(node.lineno, f"{target}.{a.name}") for a in node.names if f"{target}.{a.name}" in MODULES]
    return out


def _private_owner(target: str) -> str | None:
    """The package a private module is private to, or None when ``target`` is public all the way down."""
    parts = target.split(".")
    for i, p in enumerate(parts):
        if p.startswith("_") and not p.startswith("__"):
            return ".".join(parts[:i])
    return None


def _allowed(importer: str, owner: str) -> bool:
    if owner == "scoring":  # the root is no package of helpers: its private modules are for scoring/__init__ only
        return importer == "scoring"
    return importer == owner or importer.startswith(owner + ".")


def test_the_import_parser_sees_every_form() -> None:
    """The checker itself: relative, absolute and ``from . import _x`` forms resolve to module names."""
    assert "scoring.evidence.readers" in {t for _, t in _imports("scoring.evidence.folder")}
    assert "scoring.cli._rank" in {t for _, t in _imports("scoring.cli")}
    assert _private_owner("scoring.evidence._hant") == "scoring.evidence"
    assert _private_owner("scoring.evidence.readers.table") is None
    assert _allowed("scoring.evidence.readers.table", "scoring.evidence")
    assert not _allowed("scoring.intake._check", "scoring.evidence")
    assert not _allowed("scoring.cli._common", "scoring")


def test_no_module_imports_another_packages_private_module() -> None:
    wrong = []
    for name in MODULES:
        for line, target in _imports(name):
            owner = _private_owner(target)
            if owner is None or owner == "scoring" and target.split(".")[1] in ROOT_PRIVATE_MOVING:
                continue
            if not _allowed(name, owner):
                wrong.append(f"{MODULES[name].relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert wrong == []


ROOT_PRIVATE_MOVING: set[str] = set()
"""Private modules allowed at the package root for a while (none: _yaml, _schema_errors, _loader, _plan and _lint
now live in scoring/compile/)."""


def test_no_private_module_loose_at_the_root() -> None:
    loose = sorted(f.name for f in PACKAGE.glob("_*.py")
                   if f.name not in ("__init__.py", "__main__.py") and f.stem not in ROOT_PRIVATE_MOVING)
    assert loose == []


@pytest.mark.parametrize("helper", ["def _blank(", "def is_blank(", "day=28)", '"是" if v else "否"'])
def test_shared_helpers_have_one_home(helper: str) -> None:
    """The blank test, the 29-February shift and a value's text (是/否 for a boolean: values.cell_text, which review
    snapshots and content-derived record ids use too) are written once, in scoring/values.py."""
    homes = sorted(str(f.relative_to(PACKAGE.parent)) for f in PACKAGE.rglob("*.py")
                   if helper in f.read_text(encoding="utf-8"))
    assert homes in ([], ["scoring/values.py"])


def _exported(name: str) -> set[str] | None:
    """A module's ``__all__`` as written (a list of names), or None when it has none."""
    for node in ast.parse(MODULES[name].read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return set(ast.literal_eval(node.value))
    return None


def test_what_another_package_imports_is_in_its_all() -> None:
    """``from scoring.x.y import name`` from outside package ``scoring.x``: ``name`` is in ``y``'s ``__all__``."""
    wrong = []
    for name in MODULES:
        for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            target = _target(name, node)
            if target not in MODULES:
                continue
            owner = _package_of(target)
            if owner != "scoring" and _allowed(name, owner) or owner == "scoring" and name == "scoring":
                continue  # inside the package that owns the module
            exported = _exported(target)
            for a in node.names:
                if f"{target}.{a.name}" in MODULES:
                    continue  # a module, checked by the private-module guard
                if exported is None or a.name not in exported:
                    wrong.append(f"{MODULES[name].relative_to(PACKAGE.parent)}:{node.lineno} {target}.{a.name}")
    assert wrong == []
