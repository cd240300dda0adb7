"""Many units on any ``concurrent.futures.Executor``, in order: a process pool, a dask cluster, or none.

The compiled rulebook is pickled once and sent with every task as the same bytes; each worker unpickles
it once (its conditions are rebuilt from their generated source, nothing is parsed) and keeps it. Units
go in chunks, as evidence sets or as folders the worker reads; results come
back in submission order, with at most a bounded number of chunks in flight, so memory does not grow with
the number of units. A unit that cannot be scored comes back as its error, not as an exception that
stops the others.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..collector import batch_gc
from ..compile.plan import plan_of
from ..errors import ScoringError
from ..evidence import load_evidence
from ..expr import decimal_context
from ..models.evidence import EvidenceSet
from ..models.rulebook import Rulebook
from ..models.transfer import Share
from ._attribute import offer
from ._context import UnitRun
from ._score import score

__all__ = ["CHUNK", "Item", "Ranks", "Shipped", "Source", "default_executor", "fault", "outcomes", "ship"]

Source = EvidenceSet | Path
"""One unit's evidence, or the folder to read it from (in the worker, so the parent holds nothing)."""

Ranks = dict[str, tuple[int, int, Decimal]]
Item = tuple[int, Source, Ranks | None, Share | None]
"""One unit's task: its position, its evidence (or folder), its ranking positions and its share of the batch's
cross-unit records (``_attribute``), the last two when known."""
CHUNK = 8
"""Units per task: enough to make the per-task cost small, few enough to keep every worker busy."""

_BOOKS: dict[str, Rulebook] = {}  # in each worker: the compiled rulebooks it has seen, by digest


@dataclass(frozen=True)
class Shipped:
    """The compiled rulebook, pickled once (its conditions travel as generated source and literals and are
    rebuilt, not re-parsed); each worker unpickles it once and keeps it by ``key``."""

    key: str
    blob: bytes


def ship(rulebook: Rulebook) -> Shipped:
    plan_of(rulebook)  # compiled here, once
    blob = pickle.dumps(rulebook, protocol=pickle.HIGHEST_PROTOCOL)
    return Shipped(key=hashlib.sha256(blob).hexdigest(), blob=blob)


def _book(where: Rulebook | Shipped) -> Rulebook:
    if isinstance(where, Rulebook):
        return where
    book = _BOOKS.get(where.key)
    if book is None:
        book = pickle.loads(where.blob)
        assert isinstance(book, Rulebook)
        if len(_BOOKS) >= 8:
            _BOOKS.clear()
        _BOOKS[where.key] = book
    return book


def _evidence(src: Source, book: Rulebook) -> EvidenceSet:
    if isinstance(src, EvidenceSet):
        return src
    return load_evidence(src, book)


Outcome = tuple[int, Any, ScoringError | None, tuple[str, str] | None]
"""(position in the batch, what the job produced or None, the unit's error or None, the unit's id and name
once its evidence was read)."""


def run_chunk(where: Rulebook | Shipped, job: str, items: list[Item]) -> list[Outcome]:
    """The worker's side: ``score`` each unit; or (``values``, the first of two passes for ranking clauses)
    score it without positions, so that a unit that cannot be scored is known, and return its ranked values;
    or (``offer``, before both when the rulebook allows cross-unit records) read it and return what the batch's
    attribution needs of it (``_attribute.offer``)."""
    book = _book(where)
    with batch_gc():
        return [_one(book, job, i, src, ranks, share) for i, src, ranks, share in items]


def _one(book: Rulebook, job: str, i: int, src: Source, ranks: Ranks | None, share: Share | None) -> Outcome:
    who = None
    try:
        ev = _evidence(src, book)
        who = (ev.unit.id, ev.unit.name)
        if job == "offer":
            return (i, offer(book, ev), None, who)
        result = score(book, ev, ranks, share=share)
        return (i, result if job == "score" else _rank_values(book, ev, share), None, who)
    except Exception as e:  # noqa: BLE001 - any fault of one unit, whatever it is, is reported for that unit
        return (i, None, fault(e), who)


def fault(e: BaseException) -> ScoringError:
    """``e`` as a ScoringError: itself, or (a fault of ours, e.g. a bug) a plain ``internal`` error for its unit."""
    if isinstance(e, ScoringError):
        return e
    return ScoringError(f"内部错误：{type(e).__name__}: {str(e)[:300]}", code="internal",
                        hint="这是本工具的缺陷，不是这个单位材料的问题；其他单位照常评分。请把这条消息发给维护人员")


def _rank_values(book: Rulebook, ev: EvidenceSet, share: Share | None) -> dict[str, Decimal]:
    plan = plan_of(book)
    values: dict[str, Decimal] = {}
    with decimal_context():
        run = UnitRun(plan, ev, None, share)
        for node in plan.nodes():
            if node.spec.rank is not None:
                assert node.value is not None  # the loader requires `value` with `rank`
                values[node.id] = run.eval(node.value)
                run.touched()
    return values


def default_executor(jobs: int | None = None) -> Executor:
    """A process pool sized to the machine (or ``jobs`` processes), its workers started by a fork server
    that has already imported the engine where the platform has one."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ctx: Any
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["scoring"])
    else:
        ctx = mp.get_context("spawn")
    return ProcessPoolExecutor(max_workers=jobs or os.cpu_count() or 1, mp_context=ctx)


def outcomes(book: Rulebook, job: str, items: Iterable[Item],
             executor: Executor | None, chunk: int = CHUNK) -> Iterator[Outcome]:
    """Every unit's outcome, in the order of ``items``, whoever computes it."""
    it = iter(items)

    def chunks() -> Iterator[list[Item]]:
        while True:
            part = [x for _, x in zip(range(chunk), it, strict=False)]
            if not part:
                return
            yield part

    if executor is None:
        for part in chunks():
            yield from run_chunk(book, job, part)
        return
    shipped: Any = ship(book)
    client = getattr(executor, "_client", None)  # dask.distributed's Client.get_executor()
    if client is not None and callable(getattr(client, "scatter", None)):
        # sent to every worker once and named in each task, instead of travelling with every task
        shipped = client.scatter(shipped, broadcast=True, hash=False)
    window: deque[Future[list[Outcome]]] = deque()
    depth = 4 * (getattr(executor, "_max_workers", None) or os.cpu_count() or 1)
    for part in chunks():
        window.append(executor.submit(run_chunk, shipped, job, part))
        if len(window) >= depth:
            yield from window.popleft().result()
    while window:
        yield from window.popleft().result()
