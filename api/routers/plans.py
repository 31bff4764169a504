"""Plans: read, publish, compare, and re-plan from a date (with optimistic locking on the version)."""

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Header, Query, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.deps import SessionDep, wake_dispatcher
from api.errors import fail, input_errors
from api.limits import MAX_ID, RowId, problem_size_errors
from api.prepared import warm_published
from api.queue import enqueue
from api.responses import QUEUED, queued
from api.schemas import JobPublic, PlanPublic, PlanSummary, ReplanBody
from api.store import bump_version, plan_of, problem_of, publish, published_plan
from api.tables import PlanRow
from models.io import InputError
from routing.diff import PlanDiff, plan_diff
from routing.locate import resolve_locations
from routing.replan import apply_changes, freeze_errors, frozen_conflicts

router = APIRouter(prefix="/api/plans", tags=["plans"])
IfMatch = Annotated[str | None, Header(description='the plan\'s version from its ETag, e.g. "3"')]


def plan_or_404(session: Session, plan_id: int) -> PlanRow:
    row = session.get(PlanRow, plan_id)
    if row is None:
        fail(404, f"plan {plan_id} not found")
    return row


def etag(version: int) -> str:
    return f'"{version}"'


def _made_from(session: Session, plan: PlanRow, ancestor: int) -> bool:
    """Whether `ancestor` is among the plans this one was re-planned from, however far back."""
    parent = plan.parent_plan_id
    while parent is not None:
        if parent == ancestor:
            return True
        parent = session.scalar(select(PlanRow.parent_plan_id).where(PlanRow.id == parent))  # not its documents
    return False


def _first_given(*versions: int | None) -> int:
    """The first version given: 0 is a version (an If-Match of "0" must not mean 'any')."""
    return next(v for v in versions if v is not None)


def version_from(if_match: str | None) -> int | None:
    """'"3"', 'W/"3"' or '3' -> 3; anything else is a client error."""
    if if_match is None:
        return None
    text = if_match.strip().removeprefix("W/").strip('"')
    if not text.isdigit() or int(text) > MAX_ID:
        fail(422, f"If-Match: '{if_match}' is not a plan version such as \"3\"")
    return int(text)


def stale(row: PlanRow, expected: int) -> None:
    fail(
        409,
        f"plan {row.id} is at version {row.version}, not {expected}: it was re-planned or published "
        "meanwhile; reload it and try again (계획이 변경되었습니다. 새로 고친 뒤 다시 시도하세요)",
    )


def summary_of(row: PlanRow) -> PlanSummary:
    return PlanSummary(
        id=row.id,
        version=row.version,
        published=row.published,
        parent_plan_id=row.parent_plan_id,
        created=row.created,
        kpis=row.plan["kpis"],
    )


@router.get("/{plan_id}")
def get_plan(plan_id: RowId, session: SessionDep, response: Response) -> PlanPublic:
    """The plan document with its version (also the ETag, for If-Match on publish and re-plan)."""
    row = plan_or_404(session, plan_id)
    response.headers["ETag"] = etag(row.version)
    return PlanPublic(
        **summary_of(row).model_dump(exclude={"kpis"}),
        scenario_id=row.scenario_id,
        own_problem=row.problem is not None,
        plan=plan_of(row),
    )


@router.post("/{plan_id}/publish")
def publish_plan(
    plan_id: RowId,
    session: SessionDep,
    response: Response,
    request: Request,
    after: BackgroundTasks,
    if_match: IfMatch = None,
    replace: Annotated[bool, Query(description="publish even if not made from the published plan")] = False,
) -> PlanSummary:
    """Make this the scenario's published plan (the one consultants see); the one before is unpublished.

    A plan not made from the published one (re-planned from an older plan, or solved afresh)
    would drop what was re-planned since, another coordinator's say: 409 unless `replace`."""
    row = plan_or_404(session, plan_id)
    current = published_plan(session, row.scenario_id)
    if current is not None and current.id != row.id and not replace and not _made_from(session, row, current.id):
        fail(
            409,
            f"plan {row.id} was not made from the published plan {current.id}: publishing it would drop what "
            f"was planned since (게시된 계획에서 만든 계획이 아닙니다). Re-plan from plan {current.id}, "
            "or publish with ?replace=true",
        )
    expected = _first_given(version_from(if_match), row.version)
    if not publish(session, row, expected):
        session.rollback()
        stale(plan_or_404(session, plan_id), expected)
    session.commit()
    after.add_task(warm_published, request.app.state.db, plan_id)  # for the consultants' morning
    response.headers["ETag"] = etag(row.version)
    return summary_of(row)


@router.get("/{plan_id}/diff/{other_id}")
def diff_plans(plan_id: RowId, other_id: RowId, session: SessionDep) -> PlanDiff:
    """What changed from plan `other_id` to plan `plan_id`, per visit and per consultant."""
    after, before = plan_or_404(session, plan_id), plan_or_404(session, other_id)
    if after.scenario_id != before.scenario_id:  # every visit would read as added or dropped
        fail(
            422,
            f"plans {plan_id} and {other_id} belong to scenarios {after.scenario_id} and {before.scenario_id}: "
            "compare plans of one scenario (서로 다른 시나리오의 계획입니다)",
        )
    return plan_diff(plan_of(before), plan_of(after))


@router.post("/{plan_id}/replan", status_code=202, responses=QUEUED, dependencies=[Depends(wake_dispatcher)])
def replan_plan(
    plan_id: RowId, body: ReplanBody, session: SessionDep, response: Response, if_match: IfMatch = None
) -> JobPublic:
    """Queue a re-plan from `freeze_until`; of two coordinators holding the same version, one gets 409."""
    row = plan_or_404(session, plan_id)
    with input_errors():  # unknown ids, unplaceable or clashing visits, a bad freeze, broken promises: 422 now
        changed = resolve_locations(apply_changes(problem_of(session, row), body.changes))
        if errors := freeze_errors(changed, body.freeze_until) or frozen_conflicts(
            changed, plan_of(row), body.freeze_until
        ):
            raise InputError(errors)
    if too_big := problem_size_errors(changed):
        fail(413, *too_big)
    expected = _first_given(body.expected_version, version_from(if_match), row.version)
    if not bump_version(session, plan_id, expected):
        session.rollback()
        stale(plan_or_404(session, plan_id), expected)
    params = {
        "base_plan": plan_id,
        "base_version": expected,
        "freeze_until": body.freeze_until.isoformat(),
        "changes": body.changes.model_dump(mode="json"),
        "time_limit": body.time_limit,
        "seed": body.seed,
        "fresh": body.fresh,
    }
    job = enqueue(session, "replan", row.scenario_id, params)
    session.commit()
    return queued(response, session, job.id)
