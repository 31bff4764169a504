"""What-if variants solved side by side: plain JSON in and out, so any process or Dask worker can run one.

OR-Tools models cannot be pickled, so nothing but documents crosses a process boundary.
"""

import os
import time
import uuid
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any

from models import Problem
from models.changes import Variant
from routing.parallel import cores
from routing.solver import SolveOptions, solve
from routing.whatif import apply_variant, comparison_row

Row = dict[str, Any]
POLL_SECONDS = 0.5  # how often the job looks at its Dask futures and its cancel flag


def whatif_row(
    problem: dict[str, Any],
    variant: dict[str, Any],
    time_limit: float,
    seed: int,
    cancel: tuple[str, int] | str | None = None,
) -> Row | None:
    """Solve one variant of the problem and return its comparison row (the unit of work of a what-if).

    `cancel` is the job's (database URL, id) in a process of our own, or the name of a Dask
    event on a cluster's worker (which may not reach our database)."""
    from api.cancel import CancelFlag, DaskCancelFlag

    chosen = Variant.model_validate(variant)
    varied = apply_variant(Problem.model_validate(problem), chosen)
    flag = DaskCancelFlag(cancel) if isinstance(cancel, str) else CancelFlag(*cancel) if cancel else None
    try:
        if flag is not None and flag():  # cancelled before this variant began: it is not run
            return None
        plan = solve(varied, SolveOptions(time_limit=time_limit, seed=seed), should_stop=flag)
    finally:
        if flag is not None:
            flag.close()
    return comparison_row(chosen, varied, plan)


@dataclass(frozen=True)
class Batch:
    """The what-if of one job: the base problem, its variants, and how to solve each."""

    problem: dict[str, Any]
    variants: list[dict[str, Any]]
    time_limit: float
    seed: int


@dataclass
class Outcome:
    rows: list[Row | None]
    backend: str
    workers: int


def run_batch(
    batch: Batch,
    cancel: tuple[str, int],
    should_stop: Callable[[], bool],
    on_row: Callable[[int], None],
) -> Outcome:
    """Every variant solved in parallel: on the Dask cluster MOVABLE_DASK_SCHEDULER names, else a process pool."""
    address = os.environ.get("MOVABLE_DASK_SCHEDULER")
    if address:
        return _on_dask(address, batch, should_stop, on_row)
    return _on_pool(batch, cancel, should_stop, on_row)


def _on_pool(
    batch: Batch, cancel: tuple[str, int], should_stop: Callable[[], bool], on_row: Callable[[int], None]
) -> Outcome:
    # Never more solves than cores: time limits are wall-clock, so sharing a core halves a solve.
    workers = max(1, min(len(batch.variants), cores()))
    rows: list[Row | None] = [None] * len(batch.variants)
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        futures = {
            pool.submit(whatif_row, batch.problem, v, batch.time_limit, batch.seed, cancel): k
            for k, v in enumerate(batch.variants)
        }
        _collect(futures, rows, should_stop, on_row)
    return Outcome(rows, "process-pool", workers)


def _collect(
    futures: dict[Future[Row | None], int],
    rows: list[Row | None],
    should_stop: Callable[[], bool],
    on_row: Callable[[int], None],
) -> None:
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
        for future in done:
            if not future.cancelled():
                rows[futures[future]] = future.result()
        on_row(sum(r is not None for r in rows))
        if should_stop():  # variants not started are dropped; running ones see the flag and stop early
            for future in pending:
                future.cancel()


def _on_dask(address: str, batch: Batch, should_stop: Callable[[], bool], on_row: Callable[[int], None]) -> Outcome:
    from dask.distributed import Client, Event

    rows: list[Row | None] = [None] * len(batch.variants)
    with Client(address, timeout=30) as client:
        # The cluster's workers may not reach our database: a cancel reaches them as a Dask event.
        cancel = Event(f"movable-whatif-{uuid.uuid4().hex}", client=client)
        futures = [
            client.submit(whatif_row, batch.problem, v, batch.time_limit, batch.seed, cancel.name, pure=False)
            for v in batch.variants
        ]
        workers = len(client.scheduler_info()["workers"])
        pending, cancelled = set(range(len(futures))), False
        while pending:
            time.sleep(POLL_SECONDS)
            for k in [k for k in pending if futures[k].done()]:
                pending.discard(k)
                rows[k] = futures[k].result()  # a variant's error is raised, as from the process pool
            on_row(sum(r is not None for r in rows))
            if not cancelled and should_stop():  # variants not begun are skipped; running ones stop early
                cancel.set()
                cancelled = True
        cancel.clear()  # the scheduler forgets an event that is clear and awaited by no one
    return Outcome(rows, "dask", workers)
