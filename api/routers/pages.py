"""Pages for people: a consultant's day, a plan, a what-if comparison, the import form.

Rendering lives in views/ and maps/; these routes only find the data and pick the response.
A consultant's pages show the published plan of `?scenario=N`, or without it the published
plan of the newest scenario that has one.
"""

from datetime import date
from html import escape
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from api.deps import SessionDep
from api.errors import fail
from api.limits import MAX_ID, RowId, problem_size_errors
from api.prepared import calendar_soon, documents, documents_soon
from api.responses import attachment, html
from api.routers.jobs import job_or_404
from api.routers.plans import plan_or_404
from api.schemas import PAGE_ERRORS
from api.store import add_scenario, published_plan
from api.tables import PlanRow
from api.uploads import import_uploads
from maps.overview import plan_map as overview_map
from maps.provinces import province_map
from maps.render import page_html
from maps.van_day import van_day_map
from models.io import InputError
from views.day import consultant_day_html
from views.import_page import import_html
from views.lookup import route_of
from views.messages import with_korean
from views.plan_page import plan_html
from views.whatif_page import whatif_html

router = APIRouter(tags=["pages"], default_response_class=HTMLResponse, responses=PAGE_ERRORS)
ScenarioQuery = Annotated[
    int | None, Query(ge=1, le=MAX_ID, description="scenario whose published plan to show; default: newest")
]


# The form's own 422 and 413 list the errors on the form (HTML); a request it cannot read gets JSON.
FORM_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {
        **PAGE_ERRORS[code],
        "content": {**PAGE_ERRORS[code]["content"], "text/html": {"schema": {"type": "string"}}},
    }
    for code in (413, 422)
}


def published(session: Session, scenario: int | None) -> PlanRow:
    row = published_plan(session, scenario)
    if row is None:
        where = f"scenario {scenario}" if scenario is not None else "any scenario"
        fail(404, f"no published plan for {where} (게시된 계획이 없습니다)")
    return row


def _scenario_query(scenario: int | None) -> str:
    return f"?scenario={scenario}" if scenario is not None else ""


# an unknown consultant gets a page (a person on a phone opened the link); other 404s stay JSON
_DAY_NOT_FOUND = {
    404: {
        "description": PAGE_ERRORS[404]["description"],
        "content": {**PAGE_ERRORS[404]["content"], "text/html": {"schema": {"type": "string"}}},
    }
}


@router.get("/consultants/{consultant_id}/day/{day}", responses=_DAY_NOT_FOUND)
async def consultant_day(
    consultant_id: str, day: date, session: SessionDep, scenario: ScenarioQuery = None
) -> Response:
    """The consultant's day in the published plan: where the van goes, their visits, who rides along."""

    problem, plan = await documents_soon(session, published(session, scenario))
    map_url = f"/consultants/{quote(consultant_id)}/day/{day}/map{_scenario_query(scenario)}"
    try:
        return html(consultant_day_html(problem, plan, consultant_id, day, map_url))
    except LookupError as error:  # a phone opening a wrong link gets a page, not JSON
        return html(_not_found(with_korean(str(error))), status=404)


@router.get("/consultants/{consultant_id}/day/{day}/map")
def consultant_day_map(consultant_id: str, day: date, session: SessionDep, scenario: ScenarioQuery = None) -> Response:

    problem, plan = documents(session, published(session, scenario))
    route = route_of(plan, consultant_id, day)
    if route is None:
        fail(404, f"{consultant_id} rides no van on {day} (이 날 배정된 차량이 없습니다)")
    return html(page_html(van_day_map(route, problem)))


@router.get("/consultants/{consultant_id}/calendar.ics", response_class=Response)
async def consultant_calendar(consultant_id: str, session: SessionDep, scenario: ScenarioQuery = None) -> Response:
    """The consultant's visits in the published plan as an iCalendar file (subscribe from a phone)."""

    row = published(session, scenario)
    try:
        body = await calendar_soon(session, row, consultant_id)
    except LookupError as error:
        fail(404, str(error))
    return Response(body, media_type="text/calendar; charset=utf-8", headers=attachment(f"{consultant_id}.ics"))


@router.get("/plans/{plan_id}")
def plan_page(plan_id: RowId, session: SessionDep) -> Response:

    problem, plan = documents(session, plan_or_404(session, plan_id))
    van_day = f"/plans/{plan_id}/vans/{{van}}/{{date}}"
    return html(plan_html(problem, plan, f"/plans/{plan_id}/map", van_day_url=van_day))


@router.get("/plans/{plan_id}/map")
def plan_map(plan_id: RowId, session: SessionDep) -> Response:

    problem, plan = documents(session, plan_or_404(session, plan_id))
    return html(page_html(overview_map(plan, problem)))


@router.get("/plans/{plan_id}/provinces")
def plan_provinces_map(plan_id: RowId, session: SessionDep) -> Response:
    """Requests and served share per province, as circles on a map."""

    problem, plan = documents(session, plan_or_404(session, plan_id))
    return html(page_html(province_map(problem, plan)))


@router.get("/plans/{plan_id}/vans/{van}/{day}")
def van_day_page(plan_id: RowId, van: str, day: date, session: SessionDep) -> Response:
    """One van-day of a plan on a map (the plan page's grid links here)."""

    problem, plan = documents(session, plan_or_404(session, plan_id))
    route = next((r for r in plan.routes if r.van == van and r.date == day), None)
    if route is None:
        fail(404, f"van {van} has no route on {day} in plan {plan_id}")
    return html(page_html(van_day_map(route, problem)))


@router.get("/scenarios/{scenario_id}/what-if/{job_id}")
def whatif_page(scenario_id: RowId, job_id: RowId, session: SessionDep) -> Response:
    """The variants side by side once the job is done; until then a page that refreshes itself."""

    job = job_or_404(session, job_id)
    if job.kind != "whatif" or job.scenario_id != scenario_id:
        fail(404, f"job {job_id} is not a what-if of scenario {scenario_id}")
    rows = (job.result or {}).get("comparison")
    if rows is None:
        return html(_waiting(job.status, job.progress, job.error))
    cut_short = None
    if job.status == "cancelled":
        planned = {row.get("variant") for row in rows}
        cut_short = [v["name"] for v in job.params.get("variants", []) if v.get("name") not in planned]
    return html(whatif_html([_entry(row) for row in rows], cut_short))


def _not_found(message: str) -> str:
    return (
        '<!doctype html><html lang="ko"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>404</title></head>'
        f"<body><h1>찾을 수 없습니다 <small>Not found</small></h1><p>{escape(message)}</p></body></html>"
    )


def _entry(row: dict[str, Any]) -> dict[str, Any]:
    # routing.whatif.comparison_row names the variant "variant" and gives one overall utilisation.
    return {**row, "name": row.get("variant"), "utilisation": row.get("consultant_utilisation")}


def _waiting(status: str, progress: dict[str, Any], error: str | None) -> str:
    done, total = progress.get("variants_done", 0), progress.get("variants", "?")
    refresh = '<meta http-equiv="refresh" content="3">' if status in ("queued", "running") else ""
    detail = f"<pre>{escape(error)}</pre>" if error else ""
    return (
        f'<!doctype html><html lang="ko"><head><meta charset="utf-8">{refresh}<title>What-if</title></head>'
        f"<body><h1>비교 계산 중 (what-if {escape(status)})</h1><p>{done} / {total} 안 (variants)</p>"
        f"{detail}</body></html>"
    )


@router.get("/import")
def import_form() -> Response:

    return html(import_html(action="/import"))


@router.post("/import", responses=FORM_ERRORS)
def import_submit(
    visits: Annotated[UploadFile, File()],
    consultants: Annotated[UploadFile, File()],
    vans: Annotated[UploadFile, File()],
    start: Annotated[date, Form()],
    end: Annotated[date, Form()],
    session: SessionDep,
    name: Annotated[str | None, Form()] = None,
) -> Response:
    """The form's post: the errors listed by row and column, or the new scenario."""

    files = {k: (f.filename, f.file) for k, f in (("visits", visits), ("consultants", consultants), ("vans", vans))}
    values = {"start": start.isoformat(), "end": end.isoformat(), "name": name or ""}
    try:
        problem = import_uploads(files, start, end, name)
    except InputError as error:
        return html(import_html(error.messages, action="/import", values=values), status=422)
    if too_big := problem_size_errors(problem):
        return html(import_html(too_big, action="/import", values=values), status=413)
    row = add_scenario(session, problem)
    session.commit()
    result = {"name": problem.name, "visits": len(problem.visits), "consultants": len(problem.consultants)}
    result |= {"vans": len(problem.vans), "start": values["start"], "end": values["end"], "url": "/"}
    return html(import_html(result={**result, "id": row.id}, action="/import"), status=201)
