"""The job queue lives in the jobs table, so it survives a restart and every process sees it."""

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from api.tables import FINISHED, JobRow, now


def enqueue(session: Session, kind: str, scenario_id: int, params: dict[str, Any]) -> JobRow:
    job = JobRow(kind=kind, scenario_id=scenario_id, params=params, status="queued")
    session.add(job)
    session.flush()
    return job


def claim_next(session: Session) -> int | None:
    """Mark the oldest queued job running and return its id; the guarded update makes a claim exclusive."""
    for job_id in session.scalars(select(JobRow.id).where(JobRow.status == "queued").order_by(JobRow.id).limit(5)):
        claimed = session.execute(
            update(JobRow).where(JobRow.id == job_id, JobRow.status == "queued").values(status="running", started=now())
        )
        if claimed.rowcount == 1:  # type: ignore[attr-defined]
            return job_id
    return None


def requeue_orphans(session: Session) -> list[int]:
    """Jobs left running by a server that died: queue them again, to be run from the start.

    Only the one dispatcher of a database calls this, at its start, so every running job is an orphan.
    """
    orphans = list(session.scalars(select(JobRow).where(JobRow.status == "running")))
    for job in orphans:
        requeue(job, "the server stopped while it ran")
    return [job.id for job in orphans]


def requeue(job: JobRow, why: str) -> None:
    """Back to the queue to run from the start, unless a cancel was asked: then it ends, without a plan."""
    if job.cancel_requested:
        job.status, job.finished, job.error = "cancelled", now(), f"cancelled: {why}"
        return
    job.status, job.started, job.progress, job.error = "queued", None, {}, f"re-queued: {why}"


def request_cancel(session: Session, job: JobRow) -> None:
    """A queued job is cancelled at once; a running one is told to stop and keeps its best plan."""
    if job.status == "queued":
        job.status, job.finished, job.cancel_requested = "cancelled", now(), True
    elif job.status == "running":
        job.cancel_requested = True


def cancel_requested(session: Session, job_id: int) -> bool:
    return bool(session.scalar(select(JobRow.cancel_requested).where(JobRow.id == job_id)))


def set_progress(session: Session, job_id: int, progress: dict[str, Any]) -> None:
    session.execute(update(JobRow).where(JobRow.id == job_id).values(progress=progress))


def finish(session: Session, job_id: int, status: str, **values: Any) -> None:
    """Record the outcome of a running job (never overwriting one already finished)."""
    if status != "failed":
        values.setdefault("error", None)  # a note such as "re-queued: ..." no longer applies
    session.execute(
        update(JobRow)
        .where(JobRow.id == job_id, JobRow.status.not_in(FINISHED))
        .values(status=status, finished=now(), **values)
    )
