"""Whatever a rule computes, :func:`arithmetic_guard` turns an arithmetic fault (a result beyond the exact
precision) into a located ``EvaluationError``: no ``decimal`` exception ever escapes ``score()``.
(``score()`` also holds a hand-built ``EvidenceSet`` to the loader's rules: ``scoring.evidence.invariants``.)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import EvaluationError, ScoringError
from ..location import Location

__all__ = ["arithmetic_guard"]


@contextmanager
def arithmetic_guard(where: Location | None = None) -> Iterator[None]:
    """Turn any ``decimal`` fault (``InvalidOperation``, ``Overflow`` …) raised inside into an EvaluationError."""
    try:
        yield
    except ScoringError:
        raise
    except ArithmeticError as e:
        raise EvaluationError(
            f"计算结果超出了精确计算的范围（{type(e).__name__}）", location=where, code="evaluation.out-of-range",
            hint="检查单位数据和证据里是否有特别大或特别多位的数字；规则里的乘法和乘方会让数字变得更大") from None
