"""A batch written as it is scored: the same JSON bytes as ``to_json(score_folder(...))``, in constant memory.

Each unit's result is written, as soon as it is known, to a spool file beside the output with its rank
left open (``"rank": null``, the result's first ``rank`` key: the rulebook and unit references before it
have none), as UTF-8 bytes. Only what the leaderboard needs is kept: one ``Standing`` per unit. At the end the positions are
computed exactly as ``leaderboard`` computes them, and the output is assembled from the spool, each
result's rank filled in, in one atomic write. Peak memory: one unit's evidence and result, plus the
standings (about 200 bytes a unit), whatever the number of units.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from pathlib import Path
from typing import BinaryIO

from ..compile.plan import plan_of
from ..errors import ErrorInfo
from ..evidence import unit_folders
from ..files import check_output, write_atomic_with
from ..jsonio import dumps_exact
from ..models.result import BatchResult, ScoreResult, Standing, UnitError
from ..models.rulebook import Rulebook
from ._attribute import charged_warnings
from ._batch import _unit_error, batch_problems, positions, ranking_keys, scored, standing
from ._score import rulebook_ref

__all__ = ["write_folder_json"]

_OPEN = b'"rank": null'


def write_folder_json(rulebook: Rulebook, root: str | Path, output: str | Path, *,
                      executor: Executor | None = None, progress: Callable[[str], None] | None = None,
                      inputs: Iterable[str | Path] = (), protected: Iterable[str | Path] = (),
                      ) -> tuple[list[Standing], list[UnitError], list[ErrorInfo]]:
    """Score every unit folder under ``root`` and write the batch as JSON to ``output`` (atomically, as
    ``scoring.files.write_atomic`` writes: never over one of ``inputs`` nor inside ``protected``).

    Returns the leaderboard, the units that could not be scored and the batch's warnings (what ``rank``
    shows on screen). The same unit id in two folders refuses the batch (nothing is written)."""
    plan = plan_of(rulebook)
    folders = unit_folders(root)
    target = Path(output)
    check_output(target, inputs, protected)  # before the work, not after it
    standings: list[Standing] = []
    excluded: list[bool] = []
    spans: list[tuple[int, int, int]] = []  # per result: start, length, offset of its open rank (bytes)
    errors: list[UnitError] = []
    units: list[tuple[int, str, str]] = []
    charged: list[ErrorInfo] = []  # records charged to no unit of the batch, said as the results go by
    with tempfile.TemporaryFile("w+b", dir=target.parent if target.parent.is_dir() else None) as spool:
        at = 0
        for i, r in scored(rulebook, folders, executor=executor, progress=progress, units=units):
            if not isinstance(r, ScoreResult):
                errors.append(_unit_error(folders[i], r))
                continue
            # as it stands inside the batch's "results" list: every line two levels (four spaces) deeper
            text = dumps_exact(r.model_dump(mode="python")).replace("\n", "\n    ").encode("utf-8")
            spool.write(text)
            spans.append((at, len(text), text.index(_OPEN)))
            at += len(text)
            standings.append(standing(plan.rulebook, r))
            excluded.append(r.excluded_from_ranking)
            charged += charged_warnings(r.passed_on)
        warnings = batch_problems(folders, units) + charged
        errors.sort(key=lambda u: u.path)
        ranked = [k for k, x in enumerate(excluded) if not x]
        pos = positions(ranking_keys(plan.rulebook, [standings[k] for k in ranked]), ties=plan.rulebook.ranking.ties)
        rank_of = dict(zip(ranked, pos, strict=True))
        board = [s.model_copy(update={"rank": rank_of.get(k)}) for k, s in enumerate(standings)]
        board.sort(key=lambda s: (s.rank is None, s.rank or 0, s.unit_id))
        frame = dumps_exact(BatchResult(rulebook=rulebook_ref(plan), results=[], leaderboard=board,
                                        errors=errors, warnings=warnings,
                                        ranked_by=plan.rulebook.ranking.by).model_dump(mode="python")) + "\n"
        head, tail = frame.split('"results": []', 1)

        def write(f: BinaryIO) -> None:
            f.write((head + ('"results": [' if spans else '"results": []')).encode("utf-8"))
            spool.seek(0)
            for k, (_, length, open_at) in enumerate(spans):
                text = spool.read(length)  # spans are consecutive: the spool is read once, in order
                rank = rank_of.get(k)
                f.write(b"," if k else b"")
                f.write(b"\n    " + text[:open_at] + f'"rank": {"null" if rank is None else rank}'.encode()
                        + text[open_at + len(_OPEN):])
            f.write((("\n  ]" if spans else "") + tail).encode("utf-8"))

        write_atomic_with(target, write, inputs=inputs, protected=protected)
    return board, errors, warnings
