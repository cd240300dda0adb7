"""Score many units together: ranking clauses (A9) need every unit's value first, then a leaderboard."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..collector import batch_gc
from ..compile.plan import plan_of
from ..errors import ErrorInfo, ScoringError, flatten
from ..evidence import EvidenceErrors, unit_folders
from ..evidence.units import not_units, unique_units
from ..models.evidence import EvidenceSet
from ..models.result import BatchResult, ScoreResult, Standing, UnitError
from ..models.rulebook import Rulebook
from ..models.transfer import Share
from ._attribute import attribute_offers, charged_warnings, cross_unit
from ._parallel import Item, Source, default_executor, outcomes
from ._score import rulebook_ref

__all__ = ["batch_problems", "leaderboard", "positions", "ranking_keys", "score_folder", "score_many", "score_rate",
           "scored", "standing"]


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


def score_many(rulebook: Rulebook, evidence: Iterable[EvidenceSet], *, executor: Executor | None = None,
               progress: Callable[[str], None] | None = None) -> BatchResult:
    """Score every unit against one rulebook, apply ranking clauses, and rank the totals.

    ``executor``: any ``concurrent.futures.Executor`` (a process pool, ``dask.distributed``'s
    ``Client.get_executor()``); the result is the same as without one. The first unit that cannot be
    scored raises its error (``score_folder`` reports it and goes on instead).
    """
    with batch_gc():
        results = [r for _, r in scored(rulebook, evidence, executor=executor, isolate=False, progress=progress)]
        done = [r for r in results if isinstance(r, ScoreResult)]
        warnings = charged_warnings(t for r in done for t in r.passed_on)
        return leaderboard(rulebook, done).model_copy(update={"warnings": warnings})


def scored(rulebook: Rulebook, sources: Iterable[Source], *, executor: Executor | None = None,
           isolate: bool = True, progress: Callable[[str], None] | None = None,
           units: list[tuple[int, str, str]] | None = None,
           ) -> Iterator[tuple[int, ScoreResult | ScoringError]]:
    """Each unit's result (or, with ``isolate``, its error), in input order, as soon as it is known.

    Without ranking clauses (A9) this is one pass and holds nothing. With them it is two passes over
    ``sources`` (folders are read twice, never held): the first scores every unit without positions, to
    learn which units cannot be scored and the values to rank; the second scores, with the positions among
    the units that can be scored, only those units (the others keep their first error). The collector is
    managed for batch work meanwhile (``batch_gc``). Any fault of one unit, a bug included, stays with it.

    A rulebook that allows cross-unit records (``charged_to: true``) adds a pass before these: every unit's
    ``offer`` (its records with a 计入单位), so that each unit is then scored with its ``Share``
    (``_attribute.attribute_offers``).

    ``units``: when given, ``(position, unit id, unit name)`` is appended for every unit whose evidence
    was read (scored or not), so that a caller can refuse the same unit twice (``unique_units``).
    """
    with batch_gc():
        yield from _scored(rulebook, sources, executor, isolate, progress, units)


def _scored(rulebook: Rulebook, sources: Iterable[Source], executor: Executor | None, isolate: bool,
            progress: Callable[[str], None] | None,
            units: list[tuple[int, str, str]] | None) -> Iterator[tuple[int, ScoreResult | ScoringError]]:
    plan = plan_of(rulebook)
    rank_nodes = [n for n in plan.nodes() if n.spec.rank is not None]

    def tell(src: Source) -> None:
        if progress is not None:
            progress(src.name if isinstance(src, Path) else src.unit.id)

    def seen(i: int, who: tuple[str, str] | None) -> None:
        if units is not None and who is not None:
            units.append((i, *who))

    failed: dict[int, ScoringError] = {}

    def collect(job: str, todo: Iterable[Item], note: bool) -> dict[int, Any]:
        """A first pass (``offer``, ``values``): each unit's outcome kept, its error noted in ``failed``."""
        got: dict[int, Any] = {}
        for i, out, err, who in outcomes(rulebook, job, todo, executor):
            if note:  # the first pass that reads a unit's evidence names it
                seen(i, who)
            if err is not None:
                if not isolate:
                    raise err
                failed[i] = err
            else:
                got[i] = out
        return got

    crossing = cross_unit(rulebook)
    shares: dict[int, Share] = {}
    srcs: Iterable[Source] = sources
    if crossing:  # one more pass first: where each record with a 计入单位 is scored (engine/_attribute.py)
        srcs = list(sources)
        offers = collect("offer", ((i, s, None, None) for i, s in enumerate(srcs)), True)
        shares = dict(zip(sorted(offers), attribute_offers([offers[i] for i in sorted(offers)]), strict=True))
    if not rank_nodes:
        ranks: dict[int, dict[str, tuple[int, int, Decimal]]] = {}
    else:
        srcs = list(srcs)
        first = ((i, s, None, shares.get(i)) for i, s in enumerate(srcs) if i not in failed)
        values: dict[int, dict[str, Decimal]] = collect("values", first, not crossing)
        live = sorted(values)
        ranks = {i: {} for i in live}
        for node in rank_nodes:
            assert node.spec.rank is not None
            vals_ = [values[i][node.id] for i in live]
            pos = positions(vals_, descending=node.spec.rank.order == "desc", ties=plan.rulebook.ranking.ties)
            for i, p, v in zip(live, pos, vals_, strict=True):
                ranks[i][node.id] = (p, len(live), v)
    listed: deque[tuple[int, Source]] = deque()  # submitted (or failed before), until its outcome is yielded

    def items() -> Iterator[Item]:
        for i, s in enumerate(srcs):
            listed.append((i, s))
            if i not in failed:
                yield i, s, ranks.get(i) or None, shares.get(i)

    def failed_before(upto: int | None) -> Iterator[tuple[int, ScoringError]]:
        """The units that failed the first pass, each in its place among the others."""
        while listed and (upto is None or listed[0][0] < upto):
            k, src = listed.popleft()
            tell(src)
            yield k, failed[k]

    for i, result, err, who in outcomes(rulebook, "score", items(), executor):
        yield from failed_before(i)
        tell(listed.popleft()[1])
        if not rank_nodes and not crossing:
            seen(i, who)
        if err is not None:
            if not isolate:
                raise err
            yield i, err
        else:
            yield i, result
    yield from failed_before(None)


_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN, "up": ROUND_UP}


def score_rate(r: ScoreResult) -> Fraction:
    """得分率, exactly: the total ÷ the unit's maximum (0 for a unit whose maximum is 0)."""
    return Fraction(r.total) / Fraction(r.max_total) if r.max_total else Fraction(0)


def standing(rulebook: Rulebook, r: ScoreResult) -> Standing:
    """One unit's line of the leaderboard (its rank as ``r`` has it): total, maximum, 得分率 rounded for display
    (``ranking.rate_places`` of a percentage, the rulebook's rounding mode), vetoes, outcomes and rewards."""
    places = Decimal(1).scaleb(-(rulebook.ranking.rate_places + 2))  # of the fraction: 2 places of a % = 4 here
    rate = score_rate(r)
    return Standing(unit_id=r.unit.id, name=r.unit.name, total=r.total, grade=r.grade, rank=r.rank,
                    vetoed=[v.id for v in r.vetoes if v.fired], excluded_from_ranking=r.excluded_from_ranking,
                    max_total=r.max_total,
                    rate=(Decimal(rate.numerator) / Decimal(rate.denominator)).quantize(
                        places, rounding=_MODES[rulebook.rounding.mode]) if r.max_total else None,
                    outcomes=[o.id for o in r.granted], rewards=r.rewards)


def ranking_keys(rulebook: Rulebook, ranked: Sequence[ScoreResult | Standing]) -> Sequence[Decimal] | Sequence[Fraction]:
    """What the leaderboard ranks: the totals, or (``ranking.by: rate``) the exact score rates."""
    if rulebook.ranking.by == "rate":
        return [Fraction(x.total) / Fraction(x.max_total) if x.max_total else Fraction(0) for x in ranked]
    return [x.total for x in ranked]


def leaderboard(rulebook: Rulebook, results: list[ScoreResult], errors: list[UnitError] | None = None) -> BatchResult:
    """Rank the totals, or (``ranking.by: rate``) the exact score rates; ties as ``ranking.ties`` says."""
    plan = plan_of(rulebook)
    ranking = plan.rulebook.ranking
    ranked = [r for r in results if not r.excluded_from_ranking]
    pos = positions(ranking_keys(plan.rulebook, ranked), ties=ranking.ties)
    rank_of = {id(r): p for r, p in zip(ranked, pos, strict=True)}
    final = [r.model_copy(update={"rank": rank_of.get(id(r))}) for r in results]
    board = [standing(plan.rulebook, r) for r in final]
    board.sort(key=lambda s: (s.rank is None, s.rank or 0, s.unit_id))
    return BatchResult(rulebook=rulebook_ref(plan), results=final, leaderboard=board, errors=errors or [],
                       ranked_by=ranking.by)


def score_folder(rulebook: Rulebook, root: str | Path, progress: Callable[[str], None] | None = None, *,
                 executor: Executor | None = None, jobs: int | None = None) -> BatchResult:
    """Every unit folder under ``root`` (see ``scoring.evidence.unit_folders``). A broken unit is reported, not fatal.

    Each folder is read, checked and scored in turn (by ``executor``'s workers when given: any
    ``concurrent.futures.Executor``). ``jobs``: without an executor, that many worker processes
    (``jobs=0``: as many as the machine has cores; ``None`` or ``1``: in this process).
    """
    folders = unit_folders(root)
    errors: list[UnitError] = []
    results: list[ScoreResult] = []
    units: list[tuple[int, str, str]] = []
    own = default_executor(jobs or None) if executor is None and jobs is not None and jobs != 1 else None
    try:
        with batch_gc():
            for i, r in scored(rulebook, folders, executor=executor or own, progress=progress, units=units):
                if isinstance(r, ScoreResult):
                    results.append(r)
                else:
                    errors.append(_unit_error(folders[i], r))
            warnings = (batch_problems(folders, units) + [p.info() for p in not_units(root)]
                        + charged_warnings(t for r in results for t in r.passed_on))
            errors.sort(key=lambda u: u.path)
            return leaderboard(rulebook, results, errors).model_copy(update={"warnings": warnings})
    finally:
        if own is not None:
            own.shutdown()


def batch_problems(folders: list[Path], units: list[tuple[int, str, str]]) -> list[ErrorInfo]:
    """The batch's warnings (the same name in two folders); the same unit id in two folders refuses the
    whole batch (it would be ranked twice), naming both folders (``unique_units``)."""
    problems = unique_units([(folders[i], uid, name) for i, uid, name in sorted(units)])
    refused = [p for p in problems if p.severity == "error"]
    if refused:
        raise refused[0] if len(refused) == 1 else EvidenceErrors(refused)
    return [p.info() for p in problems]


def _unit_error(folder: Path, e: ScoringError) -> UnitError:
    errs = flatten(e)
    return UnitError(unit=folder.name, path=str(folder), errors=[str(x) for x in errs],
                     details=[x.info() for x in errs])

