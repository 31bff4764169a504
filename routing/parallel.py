"""Work planned side by side, one process per core, each holding the instance.

OR-Tools keeps Python's global lock while it searches (two threads solving a Solomon instance
for 4 s each took 8 s here), so a second core needs a second process. Each worker receives the
instance once, when it starts; a task's arguments and its result are small documents.

A task is a module-level function called as task(instance, stopped, *args): `stopped()` says
the solve was stopped (cancelled, or the runner closed) and the task should end with what it has.
"""

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context
from types import TracebackType
from typing import Any, TypeVar

from routing.instance import Instance
from routing.schedule import Home
from routing.trips import Trip
from routing.week_plan import WeekResult, plan_week

Result = TypeVar("Result")
MOST_PROCESSES = 4  # more weeks in flight at once split the open visits too finely between them


@dataclass(frozen=True)
class WeekJob:
    """One week to plan: its trips, the visits offered to it and what each is worth."""

    days: tuple[date, ...]
    trips: list[Trip]
    candidates: list[int]
    value: dict[int, float]
    time_limit: float
    seed: int
    initial: list[list[int | Home]] | None = None
    crews: list[tuple[str, ...]] | None = None  # route for these crews; None chooses crews anew


def run_week(instance: Instance, stopped: Callable[[], bool], job: WeekJob) -> WeekResult:
    """The task of planning one week (it runs to its time limit: a week is short)."""
    return plan_week(
        instance, job.trips, job.candidates, job.value, job.time_limit, job.seed, initial=job.initial, crews=job.crews
    )


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_processes() -> int:
    return max(1, min(MOST_PROCESSES, cores()))


_held: Instance | None = None  # the instance of this worker process
_stop: Any = None  # the runner's stop event, shared with every worker


def _hold(instance: Instance, stop: Any, parent: int) -> None:
    """A worker's start. `parent` is the solve's process id, taken before the worker was spawned: a
    worker still starting when its solve was killed would read its new parent here and wait on it."""
    global _held, _stop
    _held, _stop = instance, stop
    threading.Thread(target=_end_with_parent, args=(parent,), daemon=True).start()


def _end_with_parent(parent: int) -> None:
    """A worker whose solve's process was killed (a server stopping ends its jobs so) has no one to
    answer: it ends too, at the latest once the task it runs is done, instead of idling for ever."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _call_held(task: Callable[..., Result], args: tuple) -> Result:
    assert _held is not None, "a runner's worker starts with its instance"
    return task(_held, _stop.is_set, *args)


def _ready() -> None:
    """Nothing: sent once per worker so that every worker starts at once."""


@dataclass(frozen=True)
class Flight:
    """A task sent off, and its result to come."""

    task: Callable[..., Any]
    args: tuple
    future: "Future[Any]"


class WeekRunner:
    """Runs tasks: here, one at a time, with one process; else in a pool of worker processes.

    `slots` is how many tasks may run at once. Results come back the same way either way, so the
    solver has one code path for both. If a worker dies (killed, out of memory), its task and all
    later ones run here instead: the solve goes on, on one core.
    """

    def __init__(self, instance: Instance, processes: int = 1, should_stop: Callable[[], bool] | None = None) -> None:
        self.instance = instance
        self.slots = max(1, processes)
        self._should_stop = should_stop or (lambda: False)
        self._pool: ProcessPoolExecutor | None = None
        self._running: list[Future[Any]] = []  # tasks sent to workers and perhaps not done
        if self.slots > 1:
            # spawn, not fork: the API's worker threads may hold locks a forked child would inherit
            context = get_context("spawn")
            self._stop = context.Event()
            self._pool = ProcessPoolExecutor(
                self.slots, mp_context=context, initializer=_hold, initargs=(instance, self._stop, os.getpid())
            )
            for _ in range(self.slots):  # start the workers now, while the first weeks are planned here
                self._pool.submit(_ready)

    def stopped(self) -> bool:
        return self._should_stop() or (self._pool is not None and self._stop.is_set())

    def call(self, task: Callable[..., Result], *args: Any, here: bool = False) -> Flight:
        """Send task(instance, stopped, *args) to a worker, or with `here` (or no workers) run it now."""
        if self._pool is not None and not here:
            try:
                sent = self._pool.submit(_call_held, task, args)
                self._running = [f for f in self._running if not f.done()] + [sent]
                return Flight(task, args, sent)
            except BrokenProcessPool:
                self._pool = None
        future: Future[Result] = Future()
        try:
            future.set_result(task(self.instance, self.stopped, *args))
        except Exception as error:  # re-raised by result(), as a worker's would be
            future.set_exception(error)
        return Flight(task, args, future)

    def submit(self, job: WeekJob, here: bool = False) -> Flight:
        return self.call(run_week, job, here=here)

    def result(self, flight: Flight) -> Any:
        """The task's result, waiting for it if need be."""
        try:
            return flight.future.result()
        except BrokenProcessPool:
            self._pool = None
            return flight.task(self.instance, self.stopped, *flight.args)

    def close(self) -> None:
        """Tell the tasks still running to stop, and take no more; their results are dropped.

        With none running, wait for the workers to end: one still starting when its solve ends (a
        small problem is planned before the workers are up) would find the shared locks gone and
        print a traceback. A stopped solve's tasks may search for seconds more: not waited for."""
        if self._pool is not None:
            self._stop.set()
            busy = any(not f.done() for f in self._running)
            self._pool.shutdown(wait=not busy, cancel_futures=True)

    def __enter__(self) -> "WeekRunner":
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
