"""The yearly rule-editing cycle: next year's file, semantic diff, impact, rulebook test cases.

    >>> from scoring.cycle import diff_rulebooks, new_year, rulebook_form
"""

from __future__ import annotations

from .casetest import CaseReport, run_cases
from .diff import Change, RulebookDiff, diff_rulebooks
from .extends import resolve_extends, rulebook_form
from .impact import Impact, impact
from .newyear import new_year, new_year_path, new_year_text

__all__ = [
    "Change",
    "RulebookDiff",
    "CaseReport",
    "Impact",
    "diff_rulebooks",
    "impact",
    "new_year",
    "new_year_path",
    "new_year_text",
    "resolve_extends",
    "rulebook_form",
    "run_cases",
]
