"""Shared helpers of the trust tests: the command line in-process, paths of the bundled example."""

from __future__ import annotations

from tests.cli.conftest import EVIDENCE, ROOT, RULES, root_copy, run

__all__ = ["EVIDENCE", "ROOT", "RULES", "root_copy", "run"]
