"""A plan as files: Excel for coordinators, CSV for any tool, GeoJSON for GIS."""

import json

from fastapi import APIRouter
from fastapi.responses import Response

from api.deps import SessionDep
from api.limits import RowId
from api.prepared import documents
from api.responses import attachment
from api.routers.plans import plan_or_404
from api.schemas import PAGE_ERRORS
from views.exports import plan_to_csv, plan_to_excel, plan_to_geojson

router = APIRouter(prefix="/plans/{plan_id}", tags=["exports"], default_response_class=Response, responses=PAGE_ERRORS)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/export.xlsx")
def export_xlsx(plan_id: RowId, session: SessionDep) -> Response:
    problem, plan = documents(session, plan_or_404(session, plan_id))
    return Response(plan_to_excel(problem, plan), media_type=XLSX, headers=attachment(f"plan-{plan_id}.xlsx"))


@router.get("/export.csv")
def export_csv(plan_id: RowId, session: SessionDep) -> Response:
    problem, plan = documents(session, plan_or_404(session, plan_id))
    body = plan_to_csv(problem, plan).encode("utf-8")  # with a BOM, so Korean Excel opens it as UTF-8
    return Response(body, media_type="text/csv; charset=utf-8", headers=attachment(f"plan-{plan_id}.csv"))


@router.get("/export.geojson")
def export_geojson(plan_id: RowId, session: SessionDep) -> Response:
    problem, plan = documents(session, plan_or_404(session, plan_id))
    body = json.dumps(plan_to_geojson(problem, plan), ensure_ascii=False).encode("utf-8")
    return Response(body, media_type="application/geo+json", headers=attachment(f"plan-{plan_id}.geojson"))
