"""Score many units together: ranking clauses (A9) need every unit's value first, then a leaderboard."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from .._loader import plan_of
from ..errors import ErrorGroup, ScoringError
from ..expr import decimal_context
from ..models.evidence import EvidenceSet
from ..models.result import BatchResult, ScoreResult, Standing, UnitError
from ..models.rulebook import Rulebook
from ._context import UnitRun
from ._score import rulebook_ref, score

__all__ = ["leaderboard", "positions", "score_folder", "score_many"]


def positions(values: Sequence[Decimal], *, descending: bool = True, ties: str = "equal") -> list[int]:
    """Rank positions for ``values`` (1 = best). ``equal``: 1,1,3; ``dense``: 1,1,2."""
    order = sorted(range(len(values)), key=lambda i: values[i], reverse=descending)
    out = [0] * len(values)
    prev = None
    rank = 0
    for n, i in enumerate(order):
        if prev is None or values[i] != prev:
            rank = n + 1 if ties == "equal" else rank + 1
            prev = values[i]
        out[i] = rank
    return out


def score_many(rulebook: Rulebook, evidence: Iterable[EvidenceSet]) -> BatchResult:
    """Score every unit against one rulebook, apply ranking clauses, and rank the totals."""
    plan = plan_of(rulebook)
    sets = list(evidence)
    ranks: list[dict[str, tuple[int, int, Decimal]]] = [{} for _ in sets]
    rank_nodes = [n for n in plan.nodes() if n.spec.rank is not None]
    if rank_nodes and sets:
        with decimal_context():
            runs = [UnitRun(plan, ev, None) for ev in sets]
            for node in rank_nodes:
                assert node.spec.rank is not None
                vals = [r.eval(node.exprs["value"]) for r in runs]
                for r in runs:
                    r.touched()
                pos = positions(vals, descending=node.spec.rank.order == "desc", ties=plan.rulebook.ranking.ties)
                for i, p in enumerate(pos):
                    ranks[i][node.id] = (p, len(sets), vals[i])
    results = [score(rulebook, ev, ranks[i] or None) for i, ev in enumerate(sets)]
    return leaderboard(rulebook, results)


def leaderboard(rulebook: Rulebook, results: list[ScoreResult], errors: list[UnitError] | None = None) -> BatchResult:
    plan = plan_of(rulebook)
    ranked = [r for r in results if not r.excluded_from_ranking]
    pos = positions([r.total for r in ranked], ties=plan.rulebook.ranking.ties)
    rank_of = {id(r): p for r, p in zip(ranked, pos)}
    final = [r.model_copy(update={"rank": rank_of.get(id(r))}) for r in results]
    board = [
        Standing(unit_id=r.unit.id, name=r.unit.name, total=r.total, grade=r.grade, rank=r.rank,
                 vetoed=[v.id for v in r.vetoes if v.fired], excluded_from_ranking=r.excluded_from_ranking)
        for r in final
    ]
    board.sort(key=lambda s: (s.rank is None, s.rank or 0, s.unit_id))
    return BatchResult(rulebook=rulebook_ref(plan), results=final, leaderboard=board, errors=errors or [])


def score_folder(rulebook: Rulebook, root: str | Path,
                 progress: Callable[[str], None] | None = None) -> BatchResult:
    """Every unit folder under ``root`` (a folder with a unit file). A broken unit is reported, not fatal."""
    from ..evidence import load_evidence
    from ..evidence._folder import UNIT_FILES

    folders = sorted(p for p in Path(root).iterdir() if p.is_dir() and any((p / n).is_file() for n in UNIT_FILES))
    sets: list[EvidenceSet] = []
    errors: list[UnitError] = []
    for f in folders:
        if progress:
            progress(f.name)
        try:
            sets.append(load_evidence(f, rulebook))
        except ScoringError as e:
            errs = e.errors if isinstance(e, ErrorGroup) else [e]
            errors.append(UnitError(unit=f.name, path=str(f), errors=[str(x) for x in errs]))
    batch = score_many(rulebook, sets)
    return batch.model_copy(update={"errors": errors})
