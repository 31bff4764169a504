"""Pages, exports and map assets: the routes hand views/ and maps/ the right data and answer with the right type."""

import io
import json
from pathlib import Path

import openpyxl
from icalendar import Calendar

from maps.assets import vendor_files

IMPORT = Path(__file__).resolve().parents[1] / "data" / "import"


def first_day(seeded, consultant: str = "C01") -> str:
    return next(str(r.date) for r in seeded.document.routes if consultant in r.crew)


def test_landing_page_lists_scenarios_and_links(seeded):
    """GET / (Korean and English) links the scenario's plan, its map, exports and consultants' days."""
    seeded.client.cookies.clear()
    page = seeded.client.get("/", params={"key": seeded.keys["coordinator"]})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "시나리오" in page.text and "Scenarios" in page.text
    for link in (f"/plans/{seeded.plan}", f"/plans/{seeded.plan}/map", f"/plans/{seeded.plan}/export.xlsx"):
        assert f'href="{link}"' in page.text
    assert f"/consultants/C01/day/{first_day(seeded)}?scenario={seeded.scenario}" in page.text


def test_consultant_day_page_and_map(seeded):
    """The day page embeds the day's map route; the map page loads Leaflet from /static/vendor."""
    day = first_day(seeded)
    page = seeded.get(f"/consultants/C01/day/{day}", "consultant")
    assert page.status_code == 200
    assert f"/consultants/C01/day/{day}/map" in page.text
    chart = seeded.get(f"/consultants/C01/day/{day}/map?scenario={seeded.scenario}", "consultant")
    assert chart.status_code == 200 and "/static/vendor/leaflet/leaflet.js" in chart.text
    assert "cdn.jsdelivr" not in chart.text


def test_consultant_day_without_a_route_and_unknowns(seeded):
    """A day off still renders; an unknown consultant is 404, and so is the map of a day without a route."""
    assert seeded.get("/consultants/C01/day/2027-03-06").status_code == 200  # a Saturday
    assert seeded.get("/consultants/C01/day/2027-03-06/map").status_code == 404
    unknown = seeded.get("/consultants/C77/day/2027-03-02")
    assert unknown.status_code == 404 and unknown.headers["content-type"].startswith("text/html")
    assert "찾을 수 없습니다" in unknown.text and "unknown consultant &#x27;C77&#x27; (없는 컨설턴트)" in unknown.text
    assert seeded.get(f"/consultants/C01/day/2027-03-02?scenario={seeded.scenario + 5}").status_code == 404


def test_consultant_calendar(seeded):
    """calendar.ics is an iCalendar file with one event per visit of the consultant, and one per day in a van."""
    response = seeded.get("/consultants/C01/calendar.ics", "consultant")
    assert response.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    mine = [s for r in seeded.document.routes for s in r.stops if "C01" in s.consultants]
    rides = [r for r in seeded.document.routes if "C01" in r.crew]
    assert len(events) == len(mine) + len(rides)


def test_plan_page_and_maps(seeded):
    """The plan page, its overview map, the province map and a van-day map all render."""
    assert "<html" in seeded.get(f"/plans/{seeded.plan}").text.lower()
    route = seeded.document.routes[0]
    for path in (f"/plans/{seeded.plan}/map", f"/plans/{seeded.plan}/provinces"):
        response = seeded.get(path, "planner")
        assert response.status_code == 200 and "/static/vendor/" in response.text
    assert seeded.get(f"/plans/{seeded.plan}/vans/{route.van}/{route.date}").status_code == 200
    assert seeded.get(f"/plans/{seeded.plan}/vans/NO-VAN/{route.date}").status_code == 404
    assert seeded.get("/plans/999").status_code == 404


def test_exports(seeded):
    """Excel, CSV and GeoJSON downloads, with their content types and a file name."""
    xlsx = seeded.get(f"/plans/{seeded.plan}/export.xlsx")
    assert xlsx.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "plan-" in xlsx.headers["content-disposition"]
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames
    csv = seeded.get(f"/plans/{seeded.plan}/export.csv")
    assert csv.headers["content-type"].startswith("text/csv") and csv.content.startswith(b"\xef\xbb\xbf")
    geojson = seeded.get(f"/plans/{seeded.plan}/export.geojson")
    assert geojson.headers["content-type"] == "application/geo+json"
    assert json.loads(geojson.content)["type"] == "FeatureCollection"


def test_vendor_assets_by_name_only(seeded):
    """Every vendored file is served with its type; other names, traversal included, are 404."""
    for name in vendor_files():
        response = seeded.client.get(f"/static/vendor/{name}")
        assert response.status_code == 200 and response.content == vendor_files()[name]
    assert seeded.client.get("/static/vendor/leaflet/leaflet.css").headers["content-type"].startswith("text/css")
    assert seeded.client.get("/static/vendor/../../api/app.py").status_code == 404
    assert seeded.client.get("/static/vendor/%2e%2e/%2e%2e/pyproject.toml").status_code == 404


def test_import_page_shows_errors_then_imports(seeded):
    """GET /import is the form; a bad upload lists its row errors (422); a good one makes a scenario."""
    form = seeded.get("/import")
    assert form.status_code == 200 and 'action="/import"' in form.text
    files = {k: (f"{k}.csv", (IMPORT / f"{k}.csv").read_bytes()) for k in ("visits", "consultants", "vans")}
    bad = {**files, "vans": ("vans.csv", "차량ID,좌석수\nVAN-1,열\n".encode())}
    dates = {"start": "2027-03-02", "end": "2027-03-31"}
    failed = seeded.post("/import", files=bad, data=dates)
    assert failed.status_code == 422 and "vans.csv" in failed.text and "열" in failed.text
    done = seeded.post("/import", files=files, data={**dates, "name": "웹 가져오기"})
    assert done.status_code == 201 and "웹 가져오기" in done.text
    assert "웹 가져오기" in [s["name"] for s in seeded.get("/api/scenarios").json()]


def test_openapi_lists_the_api(seeded):
    """The OpenAPI document (behind /docs) describes the API routes and the bearer scheme."""
    spec = seeded.client.get("/openapi.json").json()
    assert "/api/plans/{plan_id}/replan" in spec["paths"]
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    assert seeded.client.get("/docs").status_code == 200
