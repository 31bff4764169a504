"""The landing page: scenarios, their plans and the links into pages and exports."""

from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.deps import SessionDep
from api.schemas import PAGE_ERRORS
from api.tables import PlanRow, ScenarioRow

router = APIRouter(tags=["pages"], default_response_class=HTMLResponse, responses=PAGE_ERRORS)
templates = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parents[1] / "templates"),
    autoescape=select_autoescape(["html"]),  # scenario names are user text
)


def first_days(plan: dict[str, Any], limit: int = 8) -> list[tuple[str, date]]:
    """Each consultant's first day on the road, for a handful of consultants."""
    seen: dict[str, date] = {}
    for route in sorted(plan.get("routes", []), key=lambda r: r["date"]):
        for cid in route["crew"]:
            seen.setdefault(cid, date.fromisoformat(route["date"]))
    return sorted(seen.items())[:limit]


def scenario_view(session: Session, row: ScenarioRow) -> dict[str, Any]:
    plans = list(session.scalars(select(PlanRow).where(PlanRow.scenario_id == row.id).order_by(PlanRow.id)))
    published = next((p for p in plans if p.published), None)
    return {
        "id": row.id,
        "name": row.name,
        "visits": len(row.problem.get("visits", [])),
        "consultants": len(row.problem.get("consultants", [])),
        "vans": len(row.problem.get("vans", [])),
        "plans": [
            {
                "id": p.id,
                "version": p.version,
                "published": p.published,
                "served": p.plan["kpis"]["visits_served"],
                "total": p.plan["kpis"]["visits_total"],
            }
            for p in plans
        ],
        "days": first_days(published.plan) if published else [],
    }


@router.get("/")
def home(session: SessionDep) -> HTMLResponse:
    rows = session.scalars(select(ScenarioRow).order_by(ScenarioRow.id.desc()))
    page = templates.get_template("home.html").render(scenarios=[scenario_view(session, r) for r in rows])
    return HTMLResponse(page)
