"""Score many units together: ranking clauses (A9) need every unit's value first, then a leaderboard."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from fractions import Fraction
from pathlib import Path

from ..compile.compiler import plan_of
from ..compile.plan import PNode
from ..errors import ScoringError, flatten
from ..evidence import EvidenceErrors, load_evidence, unit_folders
from ..evidence.units import unique_units
from ..expr import CompiledExpression, decimal_context
from ..models.evidence import EvidenceSet
from ..models.result import BatchResult, ScoreResult, Standing, UnitError
from ..models.rulebook import Rulebook
from ._context import UnitRun
from ._score import rulebook_ref, score

__all__ = ["leaderboard", "positions", "score_folder", "score_many", "score_rate"]


def positions(values: Sequence[Decimal] | Sequence[Fraction], *, descending: bool = True,
              ties: str = "equal") -> list[int]:
    """Rank positions for ``values`` (1 = best). ``equal``: 1,1,3; ``dense``: 1,1,2."""
    order = sorted(range(len(values)), key=lambda i: values[i], reverse=descending)
    out = [0] * len(values)
    prev: Decimal | Fraction | None = None
    rank = 0
    for n, i in enumerate(order):
        if prev is None or values[i] != prev:
            rank = n + 1 if ties == "equal" else rank + 1
            prev = values[i]
        out[i] = rank
    return out


def score_many(rulebook: Rulebook, evidence: Iterable[EvidenceSet]) -> BatchResult:
    """Score every unit against one rulebook, apply ranking clauses, and rank the totals."""
    sets = list(evidence)
    return leaderboard(rulebook, [r for _, r in _score_all(rulebook, sets, None)])


def _score_all(rulebook: Rulebook, sets: list[EvidenceSet],
               failed: dict[int, ScoringError] | None) -> list[tuple[int, ScoreResult]]:
    """Score ``sets``; with ``failed`` given, a unit that cannot be scored is recorded there and left out
    (of the results and of the ranking clauses' positions) instead of stopping the others."""
    plan = plan_of(rulebook)
    rank_nodes = [n for n in plan.nodes() if n.spec.rank is not None]
    while True:
        live = [i for i in range(len(sets)) if failed is None or i not in failed]
        ranks: dict[int, dict[str, tuple[int, int, Decimal]]] = {i: {} for i in live}
        if rank_nodes and live:
            with decimal_context():
                runs = {i: UnitRun(plan, sets[i], None) for i in live}
                values: dict[str, dict[int, Decimal]] = {}
                for node in rank_nodes:
                    values[node.id] = {}
                    for i in live:
                        try:
                            values[node.id][i] = runs[i].eval(_value(node))
                        except Exception as e:  # any fault stays with its unit (see fault())
                            if failed is None:
                                raise
                            failed.setdefault(i, fault(e).with_context(rule_id=node.id, location=node.loc))
                        runs[i].touched()
            live = [i for i in live if failed is None or i not in failed]
            for node in rank_nodes:
                assert node.spec.rank is not None
                vals = [values[node.id][i] for i in live]
                pos = positions(vals, descending=node.spec.rank.order == "desc", ties=plan.rulebook.ranking.ties)
                for i, p, v in zip(live, pos, vals, strict=True):
                    ranks[i][node.id] = (p, len(live), v)
        results: list[tuple[int, ScoreResult]] = []
        new_failure = False
        for i in live:
            try:
                results.append((i, score(rulebook, sets[i], ranks[i] or None)))
            except Exception as e:  # noqa: BLE001 - any fault stays with its unit
                if failed is None:
                    raise
                failed[i] = fault(e)
                new_failure = True
        if not (new_failure and rank_nodes):  # positions must not count a unit that failed: rank again
            return results


def _value(node: PNode) -> CompiledExpression:
    assert node.value is not None  # the loader requires `value` with `rank`
    return node.value


_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN, "up": ROUND_UP}


def score_rate(r: ScoreResult) -> Fraction:
    """得分率, exactly: the total ÷ the unit's maximum (0 for a unit whose maximum is 0)."""
    return Fraction(r.total) / Fraction(r.max_total) if r.max_total else Fraction(0)


def leaderboard(rulebook: Rulebook, results: list[ScoreResult], errors: list[UnitError] | None = None) -> BatchResult:
    """Rank the totals, or (``ranking.by: rate``) the exact score rates; ties as ``ranking.ties`` says."""
    plan = plan_of(rulebook)
    ranking = plan.rulebook.ranking
    ranked = [r for r in results if not r.excluded_from_ranking]
    keys: Sequence[Decimal] | Sequence[Fraction] = (
        [score_rate(r) for r in ranked] if ranking.by == "rate" else [r.total for r in ranked])
    pos = positions(keys, ties=ranking.ties)
    rank_of = {id(r): p for r, p in zip(ranked, pos, strict=True)}
    final = [r.model_copy(update={"rank": rank_of.get(id(r))}) for r in results]
    places = Decimal(1).scaleb(-(ranking.rate_places + 2))  # of the fraction: 2 places of a percentage = 4 here
    mode = _MODES[plan.rulebook.rounding.mode]
    board = [
        Standing(unit_id=r.unit.id, name=r.unit.name, total=r.total, grade=r.grade, rank=r.rank,
                 vetoed=[v.id for v in r.vetoes if v.fired], excluded_from_ranking=r.excluded_from_ranking,
                 max_total=r.max_total,
                 rate=(Decimal(score_rate(r).numerator) / Decimal(score_rate(r).denominator)).quantize(
                     places, rounding=mode) if r.max_total else None,
                 outcomes=[o.id for o in r.granted], rewards=r.rewards)
        for r in final
    ]
    board.sort(key=lambda s: (s.rank is None, s.rank or 0, s.unit_id))
    return BatchResult(rulebook=rulebook_ref(plan), results=final, leaderboard=board, errors=errors or [],
                       ranked_by=ranking.by)


def score_folder(rulebook: Rulebook, root: str | Path,
                 progress: Callable[[str], None] | None = None) -> BatchResult:
    """Every unit folder under ``root`` (see ``scoring.evidence.unit_folders``). A broken unit is reported, not fatal."""
    folders = unit_folders(root)
    sets: list[EvidenceSet] = []
    names: list[Path] = []
    errors: list[UnitError] = []
    for f in folders:
        if progress:
            progress(f.name)
        try:
            sets.append(load_evidence(f, rulebook))
            names.append(f)
        except Exception as e:  # noqa: BLE001 - one unit's fault, whatever it is, is reported for that unit
            errors.append(_unit_error(f, fault(e)))
    problems = unique_units([(f, ev.unit.id, ev.unit.name) for f, ev in zip(names, sets, strict=True)])
    refused = [p for p in problems if p.severity == "error"]
    if refused:  # the same unit twice would be ranked twice: the batch as a whole is wrong
        raise refused[0] if len(refused) == 1 else EvidenceErrors(refused)
    failed: dict[int, ScoringError] = {}
    results = [r for _, r in _score_all(rulebook, sets, failed)]
    errors += [_unit_error(names[i], e) for i, e in sorted(failed.items())]
    errors.sort(key=lambda u: u.path)
    return leaderboard(rulebook, results, errors).model_copy(update={"warnings": [p.info() for p in problems]})


def _unit_error(folder: Path, e: ScoringError) -> UnitError:
    errs = flatten(e)
    return UnitError(unit=folder.name, path=str(folder), errors=[str(x) for x in errs],
                     details=[x.info() for x in errs])


def fault(e: BaseException) -> ScoringError:
    """``e`` as a ScoringError: itself, or (a fault of ours, e.g. a bug) a plain ``internal`` error for its unit."""
    if isinstance(e, ScoringError):
        return e
    return ScoringError(f"内部错误：{type(e).__name__}: {str(e)[:300]}", code="internal",
                        hint="这是本工具的缺陷，不是这个单位材料的问题；其他单位照常评分。请把这条消息发给维护人员")
