"""The cooperative cancel flag, read by whichever process solves: the job row's cancel_requested in
a process of our own, a named Dask event on a cluster's worker."""

import time

from api.db import Database
from api.queue import cancel_requested


class _Flag:
    """Callable as the solver's `should_stop`; reads its source at most once per `interval` seconds."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.seen = False
        self._checked = float("-inf")

    def __call__(self) -> bool:
        if self.seen or time.monotonic() - self._checked < self.interval:
            return self.seen
        self._checked = time.monotonic()
        self.seen = self._read()
        return self.seen

    def read_now(self) -> bool:
        """The source read at once, whenever it was last read: the last word when a job ends.

        A what-if's variants may all stop on the flag within one interval of the job's own last
        read; the job must still end as cancelled."""
        self._checked = float("-inf")
        return self()

    def _read(self) -> bool:
        raise NotImplementedError

    def close(self) -> None:
        """Let go of what the flag holds open."""


class CancelFlag(_Flag):
    """The job row's flag, from the database.

    Built from the URL inside the solving process (an engine cannot cross a process boundary),
    so the same flag works for the job's own process and for the processes of a what-if pool.
    """

    def __init__(self, database_url: str, job_id: int, interval: float = 1.0) -> None:
        super().__init__(interval)
        self.database_url = database_url
        self.job_id = job_id
        self._db: Database | None = None

    def _read(self) -> bool:
        if self._db is None:
            self._db = Database(self.database_url)
        with self._db.transaction() as session:
            return cancel_requested(session, self.job_id)

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()


class DaskCancelFlag(_Flag):
    """A Dask event set by the job when its cancel is asked (a cluster's worker may not reach our database)."""

    def __init__(self, event_name: str, interval: float = 1.0) -> None:
        super().__init__(interval)
        self.event_name = event_name

    def _read(self) -> bool:
        from dask.distributed import Event  # only on a Dask worker, where it is installed

        return Event(self.event_name).is_set()
