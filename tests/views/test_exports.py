"""Exports: CSV and Excel rows per stop (formula-safe), GeoJSON geometry, the consultant's ICS calendar."""

import csv
import io
import json
from datetime import datetime, timedelta

import icalendar
import openpyxl
import pytest

from models.clock import format_clock
from views.exports import (
    STOP_COLUMNS,
    UNASSIGNED_SHEET,
    consultant_ics,
    plan_to_csv,
    plan_to_excel,
    plan_to_geojson,
    safe_cell,
    sheet_title,
)

from .conftest import HOSTILE


def _stops(plan):
    return [(r, n, s) for r in sorted(plan.routes, key=lambda r: (r.date, r.van)) for n, s in enumerate(r.stops, 1)]


def test_safe_cell_prefixes_formula_starts() -> None:
    """Text starting with = + - @ tab or CR gets an apostrophe; numbers and plain text pass."""
    for risky in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert safe_cell(risky) == "'" + risky
    assert safe_cell("(주)한빛") == "(주)한빛"
    assert safe_cell(-3.5) == -3.5


def test_csv_has_a_row_per_stop(example) -> None:
    """A BOM, bilingual headers, then one row per stop in date order with the plan's times."""
    problem, plan = example
    text = plan_to_csv(problem, plan)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == [label for _, label in STOP_COLUMNS]
    body = rows[1:]
    assert [(r[0], r[1], r[3], r[7]) for r in body] == [
        (route.van, route.date.isoformat(), s.visit, format_clock(s.start)) for route, _, s in _stops(plan)
    ]


def test_csv_keeps_hostile_company_as_inert_text(hostile) -> None:
    """The hostile name comes back from the CSV, apostrophe-prefixed because it starts with '='."""
    problem, plan, visit = hostile
    rows = list(csv.reader(io.StringIO(plan_to_csv(problem, plan, bom=False))))
    row = next(r for r in rows if r[3] == visit)
    assert row[4] == "'" + HOSTILE


def test_excel_has_a_sheet_per_van_and_unassigned(example) -> None:
    """Sheets per van with their stops, then 미배정 Unassigned with every reason."""
    problem, plan = example
    book = openpyxl.load_workbook(io.BytesIO(plan_to_excel(problem, plan)))
    assert book.sheetnames == [v.id for v in problem.vans] + [UNASSIGNED_SHEET]
    for van in problem.vans:
        rows = list(book[van.id].iter_rows(min_row=2, values_only=True))
        assert [r[3] for r in rows] == [s.visit for route, _, s in _stops(plan) if route.van == van.id]
    unassigned = list(book[UNASSIGNED_SHEET].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[4]) for r in unassigned] == [(u.visit, u.reason) for u in plan.unassigned]


def test_excel_hostile_company_is_a_string_not_a_formula(hostile) -> None:
    """The hostile cell is stored as text with a leading apostrophe."""
    problem, plan, visit = hostile
    book = openpyxl.load_workbook(io.BytesIO(plan_to_excel(problem, plan)))
    cells = [row[4] for sheet in book.worksheets for row in sheet.iter_rows(min_row=2) if row[3].value == visit]
    assert len(cells) == 1
    assert cells[0].data_type == "s" and cells[0].value == "'" + HOSTILE


def test_sheet_titles_follow_excel_rules() -> None:
    """Forbidden characters replaced, 31 characters at most, unique."""
    used: set[str] = set()
    first = sheet_title("VAN/1:[x]" + "y" * 40, used)
    second = sheet_title("VAN/1:[x]" + "y" * 40, used)
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert not set("[]:*?/\\") & set(first + second)


def test_geojson_is_a_feature_collection_in_lon_lat(example) -> None:
    """A LineString per van-day and a Point per stop, coordinates [lon, lat], serialisable."""
    problem, plan = example
    collection = json.loads(json.dumps(plan_to_geojson(problem, plan)))
    assert collection["type"] == "FeatureCollection"
    lines = [f for f in collection["features"] if f["geometry"]["type"] == "LineString"]
    points = [f for f in collection["features"] if f["geometry"]["type"] == "Point"]
    assert len(lines) == len(plan.routes)
    assert [p["geometry"]["coordinates"] for p in points] == [[s.lon, s.lat] for _, _, s in _stops(plan)]
    assert [p["properties"]["visit"] for p in points] == [s.visit for _, _, s in _stops(plan)]
    for line, route in zip(lines, sorted(plan.routes, key=lambda r: (r.date, r.van)), strict=True):
        coordinates = line["geometry"]["coordinates"]
        assert coordinates[0] == [route.start.lon, route.start.lat]
        assert coordinates[-1] == [route.end.lon, route.end.lat]
        assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in coordinates)


def test_ics_has_an_event_per_stop_at_seoul_times(example) -> None:
    """The calendar parses back; one event per stop of the consultant, Asia/Seoul start and end."""
    problem, plan = example
    for consultant in problem.consultants:
        calendar = icalendar.Calendar.from_ical(consultant_ics(problem, plan, consultant.id))
        events = [e for e in calendar.walk("VEVENT") if "/ride/" not in str(e["uid"])]
        mine = [(r, s) for r, _, s in _stops(plan) if consultant.id in s.consultants]
        assert len(events) == len(mine)
        for event, (route, stop) in zip(events, mine, strict=True):
            start, end = event.decoded("dtstart"), event.decoded("dtend")
            midnight = datetime.combine(route.date, datetime.min.time())
            assert str(start.tzinfo) == "Asia/Seoul" and start.utcoffset() == timedelta(hours=9)
            assert start.replace(tzinfo=None) == midnight + timedelta(minutes=stop.start)
            assert end.replace(tzinfo=None) == midnight + timedelta(minutes=stop.end)
            assert str(event["summary"]).startswith("방문: ")
            assert "DTSTART;TZID=Asia/Seoul" in event.to_ical().decode()


def test_ics_has_each_day_in_a_van_from_its_departure(example) -> None:
    """Every day the consultant rides, with a visit of their own or not, is an event from the van's
    departure to its end, saying where it leaves from and where it ends."""
    problem, plan = example
    for consultant in problem.consultants:
        calendar = icalendar.Calendar.from_ical(consultant_ics(problem, plan, consultant.id))
        rides = [e for e in calendar.walk("VEVENT") if "/ride/" in str(e["uid"])]
        days = sorted((r for r in plan.routes if consultant.id in r.crew), key=lambda r: r.date)
        assert len(rides) == len(days)
        for event, route in zip(rides, days, strict=True):
            midnight = datetime.combine(route.date, datetime.min.time())
            assert event.decoded("dtstart").replace(tzinfo=None) == midnight + timedelta(minutes=route.start.time)
            assert event.decoded("dtend").replace(tzinfo=None) == midnight + timedelta(minutes=route.end.time)
            assert str(event["summary"]).startswith(f"차량 {route.van} ")
            assert "출발 Leaves" in str(event["description"])


def test_ics_names_company_skills_and_team(hostile) -> None:
    """Summary carries the company as plain text; the description lists skills and the team."""
    problem, plan, visit = hostile
    stop = next(s for r in plan.routes for s in r.stops if s.visit == visit)
    calendar = icalendar.Calendar.from_ical(consultant_ics(problem, plan, stop.consultants[0]))
    event = next(e for e in calendar.walk("VEVENT") if visit in str(e["description"]))
    assert str(event["summary"]) == f"방문: {HOSTILE}"
    assert "역량 Skills" in str(event["description"]) and "팀 Team" in str(event["description"])


def test_ics_unknown_consultant_is_a_lookup_error(example) -> None:
    """An id the problem lacks raises LookupError."""
    problem, plan = example
    with pytest.raises(LookupError):
        consultant_ics(problem, plan, "NOBODY")
