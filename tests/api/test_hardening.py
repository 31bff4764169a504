"""Bad input, limits and security at the API: a clear 4xx naming the field, file or limit, and no partial write."""

import json
from collections.abc import Iterator
from typing import Any

import pytest

from api.limits import MAX_UPLOAD_BYTES, MAX_VISITS
from api.store import add_plan, publish
from api.throttle import KeyThrottle
from tests.api.support import Seeded, bearer, database

HOSTILE = "<script>alert('x')</script> \"quoted\" & 'single'"


def scenario_count(seeded: Seeded) -> int:
    return len(seeded.get("/api/scenarios").json())


def test_a_problem_over_the_visit_limit_is_refused_naming_it(seeded, example_raw):
    visit = example_raw["visits"][0]
    visits = [{**visit, "id": f"X{i:05}"} for i in range(MAX_VISITS + 1)]
    before = scenario_count(seeded)
    response = seeded.post("/api/scenarios", json={**example_raw, "visits": visits})
    assert response.status_code == 413
    assert response.json()["detail"] == [f"visits: at most {MAX_VISITS} visits (got {MAX_VISITS + 1})"]
    assert scenario_count(seeded) == before


@pytest.mark.parametrize("value", ["0.5", "3601", "nan", "abc"])
def test_time_limit_outside_1_to_3600_is_422_naming_it(seeded, value):
    response = seeded.post(f"/api/scenarios/{seeded.scenario}/solve?time_limit={value}")
    assert response.status_code == 422
    assert response.json()["detail"][0].startswith("query parameter time_limit:")


def test_body_time_limits_are_bounded_too(seeded):
    whatif = seeded.post(
        f"/api/scenarios/{seeded.scenario}/what-if", json={"variants": [{"name": "a"}], "time_limit": 0.5}
    )
    replan = seeded.post(f"/api/plans/{seeded.plan}/replan", json={"freeze_until": "2027-03-05", "time_limit": 4000})
    for response in (whatif, replan):
        assert response.status_code == 422 and response.json()["detail"][0].startswith("time_limit:"), response.text


def test_an_upload_over_the_size_limit_is_413_naming_the_file(seeded):
    files = {k: (f"{k}.csv", b"id\n") for k in ("consultants", "vans")}
    files["visits"] = ("방문.csv", b"x" * (MAX_UPLOAD_BYTES + 1))
    before = scenario_count(seeded)
    response = seeded.post("/api/scenarios/import", files=files, data={"start": "2027-03-02", "end": "2027-03-31"})
    assert response.status_code == 413
    assert response.json()["detail"] == ["방문.csv: at most 10.0 MB per file (got 10.0 MB)"]
    assert scenario_count(seeded) == before


def test_a_body_over_the_request_limit_is_413_before_it_is_read(seeded):
    response = seeded.post(
        "/api/scenarios", content=b" " * (32 * 1024 * 1024), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413 and "request body: at most" in response.json()["detail"][0]


def test_a_chunked_body_over_the_limit_is_413_too(seeded, example_raw):
    def chunks(count: int) -> Iterator[bytes]:
        yield from (b" " * (1024 * 1024) for _ in range(count))

    headers = {"Content-Type": "application/json"}
    response = seeded.post("/api/scenarios", content=chunks(40), headers=headers)
    assert response.status_code == 413 and "request body: at most" in response.json()["detail"][0]
    small = seeded.post("/api/scenarios", content=iter([json.dumps(example_raw).encode()]), headers=headers)
    assert small.status_code == 201, small.text


@pytest.mark.parametrize("path", ["/api/scenarios/9223372036854775808", "/api/jobs/0", "/plans/99999999999/export.csv"])
def test_ids_out_of_range_are_422_not_a_database_error(seeded, path):
    response = seeded.get(path)
    assert response.status_code == 422 and response.json()["detail"][0].startswith("path parameter")


def test_starlettes_own_errors_are_lists_too(seeded):
    assert seeded.get("/no/such/page").json() == {"detail": ["Not Found"]}
    response = seeded.post(
        "/api/scenarios/import", content=b"--x\r\nbroken", headers={"Content-Type": "multipart/form-data; boundary=x"}
    )
    assert 400 <= response.status_code < 500 and isinstance(response.json()["detail"], list)


def test_repeated_bad_keys_are_slowed_down(seeded):
    """After 5 bad keys from one address within a minute: 429 with Retry-After, even for a right key."""
    for _ in range(5):
        assert seeded.client.get("/api/scenarios", headers=bearer("mv_1_" + "x" * 43)).status_code == 401
    refused = seeded.client.get("/api/scenarios", headers=bearer("mv_1_" + "y" * 43))
    assert refused.status_code == 429 and 1 <= int(refused.headers["retry-after"]) <= 60
    assert seeded.get("/api/scenarios").status_code == 429, "no right-or-wrong answer while refused"
    assert seeded.client.get("/docs").status_code == 200, "public pages stay open"


def test_throttle_forgets_failures_after_the_window():
    now = [0.0]
    throttle = KeyThrottle(max_failures=2, window=60, clock=lambda: now[0])
    throttle.failed("a")
    throttle.failed("a")
    assert throttle.retry_after("a") == 60 and throttle.retry_after("b") == 0
    now[0] = 59.5
    assert throttle.retry_after("a") == 1
    now[0] = 60.0
    assert throttle.retry_after("a") == 0


def test_no_cors_by_default(seeded):
    """No Access-Control-Allow-Origin: a page on another site cannot read the API with a user's key."""
    origin = {"Origin": "https://evil.example"}
    simple = seeded.client.get("/api/scenarios", headers={**origin, **bearer(seeded.keys["coordinator"])})
    preflight = seeded.client.options(
        "/api/scenarios",
        headers={**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"},
    )
    for response in (simple, preflight):
        assert "access-control-allow-origin" not in response.headers
        assert "access-control-allow-credentials" not in response.headers


@pytest.mark.parametrize(
    "path",
    [
        "/static/vendor/../../etc/passwd",
        "/static/vendor/..%2f..%2f..%2fetc%2fpasswd",
        "/static/vendor/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/vendor/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
        "/static/vendor/....//....//etc/passwd",
        "/static/vendor//etc/passwd",
        "/static/vendor/leaflet/..%5c..%5c..%5cetc%5cpasswd",
    ],
)
def test_no_path_reaches_the_file_system(seeded, path):
    response = seeded.client.get(path)
    assert response.status_code == 404 and "root:" not in response.text


def _hostile(seeded: Seeded, example_raw: dict[str, Any]) -> tuple[int, str]:
    """The example again through the API, one company renamed HOSTILE, with the seeded plan published on it."""
    target = seeded.document.routes[0].stops[0].visit
    visits = [{**v, "company": HOSTILE} if v["id"] == target else v for v in example_raw["visits"]]
    created = seeded.post("/api/scenarios", json={**example_raw, "visits": visits})
    assert created.status_code == 201, created.text
    routes = [
        r.model_copy(
            update={
                "stops": tuple(s.model_copy(update={"company": HOSTILE}) if s.visit == target else s for s in r.stops)
            }
        )
        for r in seeded.document.routes
    ]
    with database(seeded.client).transaction() as session:
        row = add_plan(session, created.json()["id"], seeded.document.model_copy(update={"routes": tuple(routes)}))
        publish(session, row, row.version)
        return row.id, target


def test_hostile_company_names_are_text_in_pages_and_exports(seeded, example_raw):
    plan_id, target = _hostile(seeded, example_raw)
    route = next(r for r in seeded.document.routes if any(s.visit == target for s in r.stops))
    consultant, day = next(s.consultants[0] for s in route.stops if s.visit == target), route.date
    scenario = seeded.get(f"/api/plans/{plan_id}").json()["scenario_id"]
    pages = [
        f"/plans/{plan_id}",
        f"/plans/{plan_id}/map",
        f"/plans/{plan_id}/vans/{route.van}/{day}",
        f"/consultants/{consultant}/day/{day}?scenario={scenario}",
        f"/consultants/{consultant}/day/{day}/map?scenario={scenario}",
        "/",
    ]
    for path in pages:
        response = seeded.get(path)
        assert response.status_code == 200, path
        assert "<script>alert" not in response.text, path
    assert "&lt;script&gt;" in seeded.get(pages[3]).text, "shown, as text"
    geojson = seeded.get(f"/plans/{plan_id}/export.geojson").json()  # a JSON string: data, never markup
    assert HOSTILE in [f["properties"].get("company") for f in geojson["features"]]
