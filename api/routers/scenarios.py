"""Scenarios: a problem document each; solve and what-if start jobs on one."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Response, UploadFile
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.deps import SessionDep, wake_dispatcher
from api.errors import fail, input_errors
from api.limits import MAX_ID, MAX_TIME_LIMIT, MIN_TIME_LIMIT, RowId, problem_size_errors
from api.queue import enqueue
from api.responses import QUEUED, queued
from api.schemas import Created, JobPublic, PlanSummary, ScenarioPublic, ScenarioSummary, WhatIfBody
from api.store import add_scenario
from api.tables import PlanRow, ScenarioRow
from api.uploads import import_uploads
from models import Problem
from routing.locate import resolve_locations
from routing.whatif import apply_variant

router = APIRouter(prefix="/api/scenarios", tags=["scenarios"])


def summary(session: Session, row: ScenarioRow) -> ScenarioSummary:
    published = session.scalar(select(PlanRow.id).where(PlanRow.scenario_id == row.id, PlanRow.published))
    problem = row.problem
    return ScenarioSummary(
        id=row.id,
        name=row.name,
        created=row.created,
        visits=len(problem.get("visits", [])),
        consultants=len(problem.get("consultants", [])),
        vans=len(problem.get("vans", [])),
        published_plan=published,
    )


def scenario_or_404(session: Session, scenario_id: int) -> ScenarioRow:
    row = session.get(ScenarioRow, scenario_id)
    if row is None:
        fail(404, f"scenario {scenario_id} not found")
    return row


def _store(session: Session, problem: Problem, response: Response) -> Created:
    if too_big := problem_size_errors(problem):
        fail(413, *too_big)
    with input_errors():
        resolve_locations(problem)  # a visit that cannot be placed is an input error now, not in a job
    row = add_scenario(session, problem)
    session.commit()
    response.headers["Location"] = f"/api/scenarios/{row.id}"
    return Created(id=row.id)


@router.post("", status_code=201)
def create_scenario(problem: Problem, session: SessionDep, response: Response) -> Created:
    """Store a problem document (the contract's format); 422 lists every field in error."""
    return _store(session, problem, response)


@router.post("/import", status_code=201)
def import_scenario(
    visits: Annotated[UploadFile, File(description="visit requests, .csv or .xlsx")],
    consultants: Annotated[UploadFile, File()],
    vans: Annotated[UploadFile, File()],
    start: Annotated[date, Form()],
    end: Annotated[date, Form()],
    session: SessionDep,
    response: Response,
    name: Annotated[str | None, Form()] = None,
) -> Created:
    """Build a scenario from the coordinators' spreadsheets (`movable import` columns); 422 lists bad rows."""
    files = {k: (f.filename, f.file) for k, f in (("visits", visits), ("consultants", consultants), ("vans", vans))}
    with input_errors():
        problem = import_uploads(files, start, end, name)
    return _store(session, problem, response)


@router.get("")
def list_scenarios(session: SessionDep) -> list[ScenarioSummary]:
    return [summary(session, row) for row in session.scalars(select(ScenarioRow).order_by(ScenarioRow.id))]


@router.get("/{scenario_id}")
def get_scenario(scenario_id: RowId, session: SessionDep) -> ScenarioPublic:
    row = scenario_or_404(session, scenario_id)
    plans = session.scalars(select(PlanRow).where(PlanRow.scenario_id == scenario_id).order_by(PlanRow.id))
    listed = [PlanSummary.model_validate({**_columns(p), "kpis": p.plan["kpis"]}) for p in plans]
    return ScenarioPublic(**summary(session, row).model_dump(), problem=row.problem, plans=listed)


def _columns(plan: PlanRow) -> dict[str, object]:
    return {k: getattr(plan, k) for k in ("id", "version", "published", "parent_plan_id", "created")}


@router.post("/{scenario_id}/solve", status_code=202, responses=QUEUED, dependencies=[Depends(wake_dispatcher)])
def solve_scenario(
    scenario_id: RowId,
    session: SessionDep,
    response: Response,
    time_limit: Annotated[float, Query(ge=MIN_TIME_LIMIT, le=MAX_TIME_LIMIT, description="seconds (wall-clock)")] = 60,
    seed: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> JobPublic:
    """Queue a solve; a worker process runs it. GET the job for progress, DELETE it to stop and keep the best."""
    scenario_or_404(session, scenario_id)
    job = enqueue(session, "solve", scenario_id, {"time_limit": time_limit, "seed": seed})
    session.commit()
    return queued(response, session, job.id)


@router.post("/{scenario_id}/what-if", status_code=202, responses=QUEUED, dependencies=[Depends(wake_dispatcher)])
def whatif_scenario(scenario_id: RowId, body: WhatIfBody, session: SessionDep, response: Response) -> JobPublic:
    """Queue a what-if: every variant solved in parallel; the job's result holds the comparison rows."""
    problem = Problem.model_validate(scenario_or_404(session, scenario_id).problem)
    with input_errors():
        for variant in body.variants:
            apply_variant(problem, variant)  # unknown consultants and the like: 422 now
    params = {
        "variants": [v.model_dump(mode="json") for v in body.variants],
        "time_limit": body.time_limit,
        "seed": body.seed,
    }
    job = enqueue(session, "whatif", scenario_id, params)
    session.commit()
    return queued(response, session, job.id)
