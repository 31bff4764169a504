"""The cooperative cancel flag: the job row's cancel_requested, read by whichever process solves."""

import time

from api.db import Database
from api.queue import cancel_requested


class CancelFlag:
    """Callable as the solver's `should_stop`; reads the database at most once per `interval` seconds.

    Built from the URL inside the solving process (an engine cannot cross a process boundary),
    so the same flag works for the job's own process and for the processes of a what-if pool.
    """

    def __init__(self, database_url: str, job_id: int, interval: float = 1.0) -> None:
        self.database_url = database_url
        self.job_id = job_id
        self.interval = interval
        self.seen = False
        self._checked = float("-inf")
        self._db: Database | None = None

    def __call__(self) -> bool:
        if self.seen or time.monotonic() - self._checked < self.interval:
            return self.seen
        self._checked = time.monotonic()
        if self._db is None:
            self._db = Database(self.database_url)
        with self._db.transaction() as session:
            self.seen = cancel_requested(session, self.job_id)
        return self.seen

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
