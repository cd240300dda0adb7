"""The public surface: one sorted __all__, public classes shown as scoring.X, nothing private exported."""

from __future__ import annotations

import scoring


def test_all_is_sorted_and_complete() -> None:
    public = sorted(n for n in dir(scoring) if not n.startswith("_") and n not in {
        "annotations", "clauses", "cli", "compile", "engine", "errors", "evidence", "expr", "location", "models", "render",
        "cycle", "intake", "draft", "files", "i18n", "jsonio", "schema", "values", "serve",
        "placeholders", "limits", "textscan", "plan_cache", "collector", "periods"})
    assert scoring.__all__ == sorted(scoring.__all__)
    assert sorted(scoring.__all__) == public


def test_public_classes_belong_to_scoring() -> None:
    for name in scoring.__all__:
        obj = getattr(scoring, name)
        if isinstance(obj, type):
            assert obj.__module__ == "scoring", name


def test_errors_form_one_hierarchy() -> None:
    for cls in (scoring.RulebookError, scoring.EvidenceError, scoring.EvaluationError, scoring.YamlError,
                scoring.SchemaError, scoring.ExpressionSyntaxError, scoring.UnknownNameError,
                scoring.ExpressionTypeError, scoring.ForbiddenError):
        assert issubclass(cls, scoring.ScoringError)
    assert issubclass(scoring.UnknownNameError, scoring.RulebookError)
