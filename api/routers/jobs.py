"""Jobs: a solve, re-plan or what-if run by a worker process; poll it, or cancel it."""

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.access import PrincipalDep
from api.deps import SessionDep
from api.errors import fail
from api.limits import MAX_ID, RowId
from api.queue import request_cancel
from api.schemas import JobPublic, JobStatus
from api.tables import FINISHED, JobRow

router = APIRouter(prefix="/api/jobs", tags=["jobs"])
MAX_LISTED = 500


def job_or_404(session: Session, job_id: int) -> JobRow:
    job = session.get(JobRow, job_id)
    if job is None:
        fail(404, f"job {job_id} not found")
    return job


@router.get("")
def list_jobs(
    session: SessionDep,
    status: Annotated[JobStatus | None, Query(description="only jobs in this state")] = None,
    scenario: Annotated[int | None, Query(ge=1, le=MAX_ID, description="only jobs of this scenario")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LISTED)] = 50,
) -> list[JobPublic]:
    """The latest jobs first: what is queued, running or finished, with progress and outcome."""
    query = select(JobRow).order_by(JobRow.id.desc()).limit(limit)
    if status is not None:
        query = query.where(JobRow.status == status)
    if scenario is not None:
        query = query.where(JobRow.scenario_id == scenario)
    return [JobPublic.model_validate(job) for job in session.scalars(query)]


@router.get("/{job_id}")
def get_job(job_id: RowId, session: SessionDep) -> JobPublic:
    """Status, progress (phase — first plan, regroup, improve, done; start in a re-plan — and its
    week; served visits and cost of the best plan so far; seconds against the time limit) and, once
    there is one, the plan's id."""
    return JobPublic.model_validate(job_or_404(session, job_id))


@router.delete("/{job_id}", status_code=202)
def cancel_job(job_id: RowId, session: SessionDep, principal: PrincipalDep) -> JobPublic:
    """Stop a job: a queued one at once; a running solve at its next week, keeping the weeks planned so far."""
    job = job_or_404(session, job_id)
    if principal.role == "planner" and job.kind != "whatif":
        fail(403, "a planner may cancel what-if jobs only")
    if job.status in FINISHED:
        fail(409, f"job {job_id} is already {job.status}")
    request_cancel(session, job)
    session.commit()
    return JobPublic.model_validate(job)
