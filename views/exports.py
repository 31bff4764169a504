"""Plan exports: Excel (a sheet per van), CSV (a row per stop), GeoJSON, and a consultant's calendar (ICS).

Spreadsheet cells that start with = + - @ (or a tab / carriage return) get a
leading apostrophe, so a company name cannot run as a formula (CSV injection).
"""

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from models import Plan, Problem, Route, Stop
from models.clock import format_clock
from views.labels import reason_label, skills_text
from views.lookup import Lookup, route_points, van_ids

__all__ = ["consultant_ics", "plan_to_csv", "plan_to_excel", "plan_to_geojson", "safe_cell", "stop_rows"]

SEOUL = ZoneInfo("Asia/Seoul")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
STOP_COLUMNS = [
    ("van", "차량 Van"),
    ("date", "일자 Date"),
    ("order", "순번 Order"),
    ("visit", "방문 Visit"),
    ("company", "회사 Company"),
    ("address", "주소 Address"),
    ("arrival", "도착 Arrival"),
    ("start", "시작 Start"),
    ("end", "종료 End"),
    ("consultants", "컨설턴트 Consultants"),
    ("skills", "역량 Skills"),
    ("travel_km", "이동 km Travel km"),
    ("travel_minutes", "이동 분 Travel min"),
    ("lat", "위도 Lat"),
    ("lon", "경도 Lon"),
]
UNASSIGNED_SHEET = "미배정 Unassigned"


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def stop_rows(problem: Problem, plan: Plan) -> Iterator[dict[str, Any]]:
    """One dict per stop, keys as STOP_COLUMNS, routes by date then van."""
    lookup = Lookup.of(problem)
    for route in sorted(plan.routes, key=lambda r: (r.date, r.van)):
        for number, stop in enumerate(route.stops, start=1):
            yield _stop_row(route, number, stop, lookup)


def _stop_row(route: Route, number: int, stop: Stop, lookup: Lookup) -> dict[str, Any]:
    point = lookup.point(stop)
    return {
        "van": route.van,
        "date": route.date,
        "order": number,
        "visit": stop.visit,
        "company": lookup.company(stop),
        "address": lookup.address(stop.visit),
        "arrival": format_clock(stop.arrival),
        "start": format_clock(stop.start),
        "end": format_clock(stop.end),
        "consultants": lookup.people(stop.consultants),
        "skills": skills_text(lookup.skills(stop.visit)),
        "travel_km": stop.travel_km,
        "travel_minutes": stop.travel_minutes,
        "lat": point[0] if point else None,
        "lon": point[1] if point else None,
    }


# --- CSV ------------------------------------------------------------------


def plan_to_csv(problem: Problem, plan: Plan, bom: bool = True) -> str:
    """A row per stop with bilingual headers; a UTF-8 BOM first so Korean Excel reads the Hangul right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([label for _, label in STOP_COLUMNS])
    for row in stop_rows(problem, plan):
        writer.writerow([_csv_value(row[key]) for key, _ in STOP_COLUMNS])
    return ("\ufeff" if bom else "") + out.getvalue()


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    return safe_cell(value.isoformat() if hasattr(value, "isoformat") else value)


# --- Excel ----------------------------------------------------------------


def plan_to_excel(problem: Problem, plan: Plan) -> bytes:
    """A sheet per van (its stops by date and order), then the unassigned visits with reasons."""
    book = Workbook()
    book.remove(book.active)
    rows = list(stop_rows(problem, plan))
    used: set[str] = set()
    for van in van_ids(problem, (r.van for r in plan.routes)):
        sheet = book.create_sheet(sheet_title(van, used))
        mine = ([r[key] for key, _ in STOP_COLUMNS] for r in rows if r["van"] == van)
        _fill(sheet, [label for _, label in STOP_COLUMNS], mine)
        for cell in sheet["B"][1:]:
            cell.number_format = "yyyy-mm-dd"
    _unassigned_sheet(book.create_sheet(UNASSIGNED_SHEET), problem, plan)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_title(name: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique (case-insensitive)."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'")[:31] or "Van"
    title, k = base, 1
    while title.lower() in used or title == UNASSIGNED_SHEET:
        k += 1
        title = f"{base[: 31 - len(str(k)) - 1]}~{k}"
    used.add(title.lower())
    return title


def _fill(sheet: Worksheet, header: list[str], rows: Iterator[list[Any]]) -> None:
    sheet.append(header)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl stores text starting with '=' as a formula otherwise
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(48, max(8, width + 2))


def _unassigned_sheet(sheet: Worksheet, problem: Problem, plan: Plan) -> None:
    lookup = Lookup.of(problem)
    header = ["방문 Visit", "회사 Company", "주소 Address", "사유 Reason", "코드 Code", "상세 Detail"]
    rows = (
        [u.visit, _company(lookup, u.visit), lookup.address(u.visit), reason_label(u.reason), u.reason, u.detail]
        for u in plan.unassigned
    )
    _fill(sheet, header, rows)


def _company(lookup: Lookup, visit_id: str) -> str:
    visit = lookup.visits.get(visit_id)
    return visit.company if visit else ""


# --- GeoJSON --------------------------------------------------------------


def plan_to_geojson(problem: Problem, plan: Plan) -> dict[str, Any]:
    """A FeatureCollection: a LineString per van-day, a Point per stop; coordinates [lon, lat] (RFC 7946)."""
    lookup = Lookup.of(problem)
    features: list[dict[str, Any]] = []
    for route in sorted(plan.routes, key=lambda r: (r.date, r.van)):
        features.append(_route_feature(route, lookup))
        for row in (_stop_row(route, n, s, lookup) for n, s in enumerate(route.stops, start=1)):
            if row["lat"] is not None:
                features.append(_point_feature(row))
    return {"type": "FeatureCollection", "name": plan.problem, "features": features}


def _route_feature(route: Route, lookup: Lookup) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in route_points(route, lookup)]},
        "properties": {
            "kind": "route",
            "van": route.van,
            "date": route.date.isoformat(),
            "crew": list(route.crew),
            "stops": len(route.stops),
            "start": route.start.kind,
            "end": route.end.kind,
            "start_time": format_clock(route.start.time),
            "end_time": format_clock(route.end.time),
            "drive_km": route.drive_km,
            "drive_minutes": route.drive_minutes,
        },
    }


def _point_feature(row: dict[str, Any]) -> dict[str, Any]:
    properties = {k: v for k, v in row.items() if k not in ("lat", "lon")}
    properties["date"] = row["date"].isoformat()
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
        "properties": {"kind": "stop", **properties},
    }


# --- iCalendar ------------------------------------------------------------


def consultant_ics(problem: Problem, plan: Plan, consultant_id: str) -> bytes:
    """The consultant's days in a van (when and where it leaves, where it ends) and their visits, as
    calendar events in Asia/Seoul; raises LookupError for an unknown id. A day riding along
    without a visit of one's own is still a day away, and the van leaves long before the first visit."""
    if consultant_id not in {c.id for c in problem.consultants}:
        raise LookupError(f"unknown consultant '{consultant_id}'")
    lookup = Lookup.of(problem)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Movable KOTRA//plan//KO")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Movable · {lookup.person(consultant_id)}")
    calendar.add("x-wr-timezone", "Asia/Seoul")
    stamp = datetime.now(UTC)
    for route in sorted(plan.routes, key=lambda r: r.date):
        if consultant_id in route.crew:
            calendar.add_component(_ride(plan, route, consultant_id, lookup, stamp))
        for number, stop in enumerate(route.stops, start=1):
            if consultant_id in stop.consultants:
                calendar.add_component(_event(plan, route, number, stop, lookup, stamp))
    calendar.add_component(_seoul_timezone())  # so clients need no tz database
    return calendar.to_ical()


@cache
def _seoul_timezone() -> icalendar.Timezone:
    # Built once: deriving it from the tz database costs ~8 ms, more than the rest of a calendar.
    return icalendar.Timezone.from_tzid("Asia/Seoul")


def _event(plan: Plan, route: Route, number: int, stop: Stop, lookup: Lookup, stamp: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{plan.problem}/{route.van}/{route.date}/{stop.visit}@movable")
    event.add("dtstamp", stamp)
    event.add("dtstart", _at(route, stop.start))
    event.add("dtend", _at(route, stop.end))
    event.add("summary", f"방문: {lookup.company(stop)}")
    address = lookup.address(stop.visit)
    if address:
        event.add("location", address)
    point = lookup.point(stop)
    if point:
        event.add("geo", point)
    event.add("description", _description(route, number, stop, lookup))
    return event


def _at(route: Route, minutes: int) -> datetime:
    # Midnight plus minutes, not time(h, m): 24:00 is a valid contract time. Korea keeps no DST.
    return datetime.combine(route.date, time(0), tzinfo=SEOUL) + timedelta(minutes=minutes)


def _ride(plan: Plan, route: Route, consultant_id: str, lookup: Lookup, stamp: datetime) -> icalendar.Event:
    start, end = _place(route.start.kind), _place(route.end.kind)
    event = icalendar.Event()
    event.add("uid", f"{plan.problem}/{route.van}/{route.date}/ride/{consultant_id}@movable")
    event.add("dtstamp", stamp)
    event.add("dtstart", _at(route, route.start.time))
    event.add("dtend", _at(route, route.end.time))
    event.add("summary", f"차량 {route.van} {format_clock(route.start.time)} 출발 ({start} → {end})")
    event.add("geo", (route.start.lat, route.start.lon))
    companies = [lookup.company(stop) for stop in route.stops]
    lines = [
        f"출발 Leaves: {format_clock(route.start.time)}, {start}",
        f"도착 Ends: {format_clock(route.end.time)}, {end}",
        f"방문 Stops: {', '.join(companies) or '—'}",
        f"탑승 Crew: {lookup.people(route.crew)}",
    ]
    event.add("description", "\n".join(lines))
    return event


def _place(kind: str) -> str:
    return "본사 HQ" if kind == "depot" else "숙박 lodging"


def _description(route: Route, number: int, stop: Stop, lookup: Lookup) -> str:
    lines = [
        f"방문 Visit: {stop.visit} (#{number}, {route.van})",
        f"역량 Skills: {skills_text(lookup.skills(stop.visit)) or '—'}",
        f"팀 Team: {lookup.people(stop.consultants)}",
        f"탑승 Crew: {lookup.people(route.crew)}",
        f"도착 Arrival: {format_clock(stop.arrival)}",
    ]
    return "\n".join(lines)
