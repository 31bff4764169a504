"""What the pages serve, prepared once per plan: its parsed documents and each consultant's calendar.

A plan row's documents never change once written (publishing and re-planning move only its version
and flag), so they are kept in memory, and the published plans are prepared before anyone asks.
"""

import gc
import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import Pool, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from api.db import Database
from api.store import plan_of, problem_of
from api.tables import PlanRow
from models import Plan, Problem
from models.io import InputError
from routing.locate import resolve_locations
from views.exports import consultant_ics
from views.templating import compile_templates

T = TypeVar("T")


class _Memo:
    """Values per database and key, the oldest dropped beyond `size`; safe across threads.

    Parsing a half-year's problem costs ~30 ms of CPU, a calendar ~6 ms: a morning of consultants
    opening their pages would queue on them. The models are frozen, so sharing them is safe.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: WeakKeyDictionary[Pool, dict[Hashable, Any]] = WeakKeyDictionary()
        self._lock = threading.Lock()
        self._making = threading.Lock()

    def ready(self, session: Session, key: Hashable) -> Any | None:
        """The value if it is made, else None: never waits on a value being made."""
        with self._lock:
            return self._values.get(session.get_bind().pool, {}).get(key)

    def get(self, session: Session, key: Hashable, make: Callable[[], T]) -> T:
        # Per connection pool, not engine: GET requests read through an option engine of the same pool.
        pool = session.get_bind().pool
        with self._lock:
            values = self._values.setdefault(pool, {})
            if key in values:
                return values[key]
        with self._making:  # one miss at a time: 50 threads parsing the same plan at once would take 50 times as long
            with self._lock:
                if key in values:
                    return values[key]
            value = make()
            with self._lock:
                values[key] = value
                while len(values) > self.size:
                    del values[next(iter(values))]  # the oldest
        return value


_DOCUMENTS = _Memo(8)  # a half-year's problem and plan are a few MB parsed
_CALENDARS = _Memo(512)  # a few kB each


def documents(session: Session, row: PlanRow) -> tuple[Problem, Plan]:
    """The plan and its problem, with every visit located (maps and pages need coordinates)."""
    return _DOCUMENTS.get(session, row.id, lambda: _parse(session, row))


async def documents_soon(session: Session, row: PlanRow) -> tuple[Problem, Plan]:
    """documents() for the pages served on the event loop: from memory at once; a plan not in memory
    (more than 8 in use) is parsed on a worker thread, so the other phones are served meanwhile."""
    found = _DOCUMENTS.ready(session, row.id)
    return found if found is not None else await run_in_threadpool(documents, session, row)


def warm(session: Session) -> None:
    """Prepare the pages and every published plan at start (see warm_plan)."""
    compile_templates()
    for row in session.scalars(select(PlanRow).where(PlanRow.published)):
        warm_plan(session, row)
    # The parsed plans are a few million objects that live as long as the server: leave them out of
    # the cyclic garbage collector's full passes, which otherwise stall a burst of page views ~130 ms.
    gc.freeze()


def warm_plan(session: Session, row: PlanRow) -> None:
    """Parse the plan and make each consultant's calendar before anyone asks: a morning's first
    burst would otherwise wait on 50 calendars (~6 ms each) made one after another."""
    problem, _ = documents(session, row)
    for consultant in problem.consultants:
        calendar(session, row, consultant.id)


def _parse(session: Session, row: PlanRow) -> tuple[Problem, Plan]:
    try:
        problem = resolve_locations(problem_of(session, row))
    except InputError:  # stored before a region was renamed, say: show what we can
        problem = problem_of(session, row)
    return problem, plan_of(row)


def calendar(session: Session, row: PlanRow, consultant_id: str) -> bytes:
    """The consultant's iCalendar file of this plan; raises LookupError for an unknown consultant."""
    make = lambda: consultant_ics(*documents(session, row), consultant_id)  # noqa: E731
    return _CALENDARS.get(session, (row.id, consultant_id), make)


async def calendar_soon(session: Session, row: PlanRow, consultant_id: str) -> bytes:
    """calendar() for the event loop, as documents_soon."""
    found = _CALENDARS.ready(session, (row.id, consultant_id))
    return found if found is not None else await run_in_threadpool(calendar, session, row, consultant_id)


def warm_published(db: Database, plan_id: int) -> None:
    """warm_plan in a session of its own, for after a response has gone (publishing)."""
    with db.readers() as session:
        if (row := session.get(PlanRow, plan_id)) is not None:
            warm_plan(session, row)
    gc.freeze()
