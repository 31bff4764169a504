"""Response helpers shared by the routers."""

from urllib.parse import quote

from fastapi import Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from api.schemas import JobPublic
from api.tables import JobRow

QUEUED = {202: {"description": "queued; follow the Location header to the job"}}


def queued(response: Response, session: Session, job_id: int) -> JobPublic:
    """The 202 of a route that queued a job: the job, and where to poll it."""
    response.headers["Location"] = f"/api/jobs/{job_id}"
    return JobPublic.model_validate(session.get_one(JobRow, job_id))


def html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status)


def attachment(filename: str) -> dict[str, str]:
    """A download with the given name (RFC 6266, so Korean names survive)."""
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"}
