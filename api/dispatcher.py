"""The dispatcher: a thread in the app that hands queued jobs to worker processes, N at a time.

The queue is the jobs table. At start the dispatcher re-queues jobs a dead server left
'running' (they are run again from the start; finished jobs and their plans are untouched),
so run exactly one dispatcher per database.
"""

import logging
import threading
from multiprocessing import get_context
from multiprocessing.process import BaseProcess

from api.db import Database
from api.queue import claim_next, finish, requeue, requeue_orphans
from api.tables import JobRow
from api.worker import run_job
from routing.parallel import default_processes

log = logging.getLogger("movable.dispatcher")


class Dispatcher:
    def __init__(self, db: Database, max_workers: int = 1, poll_seconds: float = 1.0) -> None:
        self.db = db
        self.max_workers = max_workers
        self.poll_seconds = poll_seconds
        # spawn, not fork: a forked copy of a threaded web server (and its DB pool) is unsafe.
        self._context = get_context("spawn")
        self._running: dict[int, BaseProcess] = {}
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="movable-dispatcher", daemon=True)

    def start(self) -> list[int]:
        with self.db.transaction() as session:
            requeued = requeue_orphans(session)
        if requeued:
            log.warning("re-queued jobs left running by a stopped server: %s", requeued)
        self._thread.start()
        return requeued

    def wake(self) -> None:
        """A job was queued: look now rather than at the next poll."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop dispatching; jobs still running are ended and queued again for the next start."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)
        for job_id, process in list(self._running.items()):
            process.terminate()
            process.join(timeout)
            self._requeue(job_id)
        self._running.clear()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()  # before looking, so a job queued while we look wakes the next round
            try:
                self._reap()
                self._fill()
            except Exception:  # the database may be briefly unreachable: keep dispatching
                log.exception("dispatcher step failed")
            self._wake.wait(self.poll_seconds)

    def _reap(self) -> None:
        for job_id, process in list(self._running.items()):
            if process.is_alive():
                continue
            process.join()
            del self._running[job_id]
            self._record_exit(job_id, process.exitcode)

    def _record_exit(self, job_id: int, code: int | None) -> None:
        """A worker records its own outcome; if it was killed or crashed first, say so (a no-op otherwise)."""
        with self.db.transaction() as session:
            finish(session, job_id, "failed", error=f"the worker process ended early (exit code {code})")

    def _fill(self) -> None:
        while len(self._running) < self.max_workers and not self._stop.is_set():
            with self.db.transaction() as session:
                job_id = claim_next(session)
            if job_id is None:
                return
            # the cores shared between the solves that may run at once
            processes = max(1, default_processes() // self.max_workers)
            process = self._context.Process(
                target=run_job, args=(self.db.url, job_id, processes), name=f"movable-job-{job_id}"
            )
            process.start()
            self._running[job_id] = process

    def _requeue(self, job_id: int) -> None:
        with self.db.transaction() as session:
            job = session.get(JobRow, job_id)
            if job is not None and job.status == "running":
                requeue(job, "the server stopped while it ran")
