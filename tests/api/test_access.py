"""The role table: every route has a rule, and every rule holds for every role."""

from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api.access import RULES, Rule, allowed, authorize
from api.app import create_app
from api.keys import Principal
from api.settings import Settings
from tests.api.support import make_keys

try:  # FastAPI from 0.12x keeps included routers as branches; older versions list their routes flat
    from fastapi.routing import iter_route_contexts
except ImportError:  # pragma: no cover
    iter_route_contexts = None


def routes() -> list[Any]:
    app = create_app(Settings("sqlite://", dispatch=False))
    return list(iter_route_contexts(app.routes)) if iter_route_contexts else list(app.routes)


def test_every_route_has_a_rule():
    """Enumerating the app's routes finds none missing from api.access.RULES (a new route must get a rule)."""
    missing = [f"{r.methods} {r.path} ({r.name})" for r in routes() if r.name not in RULES]
    assert missing == []


def test_no_rule_without_a_route():
    """Every rule of the table names a route that exists (no stale, misspelt entries)."""
    names = {r.name for r in routes()}
    assert sorted(set(RULES) - names) == []


def test_every_api_route_runs_the_authorize_dependency():
    """The app-wide dependency is in every FastAPI route's dependency tree."""
    api_routes = [r for r in routes() if isinstance(getattr(r, "original_route", r), APIRoute)]
    assert api_routes
    for route in api_routes:
        dependant = getattr(route, "original_route", route).dependant
        calls = {d.call for d in dependant.dependencies}
        effective = getattr(route, "dependant", dependant)
        calls |= {d.call for d in effective.dependencies}
        assert authorize in calls, route.name


def test_route_names_are_unique():
    """The table is keyed by route name, so no two routes may share one (they would share a rule)."""
    names = [r.name for r in routes()]
    assert len(names) == len(set(names))


def test_unknown_route_name_is_refused():
    """A route missing from the table is allowed to nobody, not to everybody (fail closed)."""
    coordinator = Principal(1, "coordinator", None)
    assert not allowed(RULES.get("no_such_route", Rule()), coordinator, None)


def test_consultant_rule_needs_their_own_id():
    """A consultant key passes an own-day rule for its own id only."""
    rule, me = RULES["consultant_day"], Principal(3, "consultant", "C01")
    assert allowed(rule, me, "C01")
    assert not allowed(rule, me, "C02")
    assert not allowed(RULES["plan_page"], me, None)


def paths(seeded: Any) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """A concrete request for every route name, against the seeded scenario and plan."""
    s, p, day = seeded.scenario, seeded.plan, first_day(seeded, "C01")
    replan = {"json": {"freeze_until": "2027-03-09", "time_limit": 1}}
    return {
        "openapi": ("GET", "/openapi.json", {}),
        "swagger_ui_html": ("GET", "/docs", {}),
        "swagger_ui_redirect": ("GET", "/docs/oauth2-redirect", {}),
        "redoc_html": ("GET", "/redoc", {}),
        "create_scenario": ("POST", "/api/scenarios", {"json": {}}),
        "import_scenario": ("POST", "/api/scenarios/import", {}),
        "list_scenarios": ("GET", "/api/scenarios", {}),
        "get_scenario": ("GET", f"/api/scenarios/{s}", {}),
        "solve_scenario": ("POST", f"/api/scenarios/{s}/solve?time_limit=1", {}),
        "whatif_scenario": ("POST", f"/api/scenarios/{s}/what-if", {"json": {"variants": [{"name": "x"}]}}),
        "list_jobs": ("GET", "/api/jobs", {}),
        "get_job": ("GET", "/api/jobs/999", {}),
        "cancel_job": ("DELETE", "/api/jobs/999", {}),
        "get_plan": ("GET", f"/api/plans/{p}", {}),
        "diff_plans": ("GET", f"/api/plans/{p}/diff/{p}", {}),
        "publish_plan": ("POST", f"/api/plans/{p}/publish", {}),
        "replan_plan": ("POST", f"/api/plans/{p}/replan", replan),
        "home": ("GET", "/", {}),
        "consultant_day": ("GET", f"/consultants/C01/day/{day}", {}),
        "consultant_day_map": ("GET", f"/consultants/C01/day/{day}/map", {}),
        "consultant_calendar": ("GET", "/consultants/C01/calendar.ics", {}),
        "plan_page": ("GET", f"/plans/{p}", {}),
        "plan_map": ("GET", f"/plans/{p}/map", {}),
        "plan_provinces_map": ("GET", f"/plans/{p}/provinces", {}),
        "van_day_page": ("GET", f"/plans/{p}/vans/VAN-1/{day}", {}),
        "whatif_page": ("GET", f"/scenarios/{s}/what-if/999", {}),
        "import_form": ("GET", "/import", {}),
        "import_submit": ("POST", "/import", {}),
        "export_xlsx": ("GET", f"/plans/{p}/export.xlsx", {}),
        "export_csv": ("GET", f"/plans/{p}/export.csv", {}),
        "export_geojson": ("GET", f"/plans/{p}/export.geojson", {}),
        "vendor_asset": ("GET", "/static/vendor/leaflet/leaflet.js", {}),
    }


def first_day(seeded: Any, consultant: str) -> str:
    return next(str(r.date) for r in seeded.document.routes if consultant in r.crew)


def call(client: TestClient, request: tuple[str, str, dict[str, Any]], key: str | None) -> int:
    method, path, extra = request
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.request(method, path, headers=headers, **extra).status_code


def test_the_request_list_covers_every_rule(seeded):
    """The role-matrix test below exercises every route of the table."""
    assert set(paths(seeded)) == set(RULES)


@pytest.mark.parametrize("role", ["coordinator", "planner", "consultant"])
def test_role_matrix(seeded, role):
    """Each route answers 403 exactly when the table denies the role (C01's key, on C01's pages)."""
    key = seeded.keys[role]
    principal = Principal(0, role, "C01" if role == "consultant" else None)
    for name, request in paths(seeded).items():
        status = call(seeded.client, request, key)
        rule = RULES[name]
        if rule.public or allowed(rule, principal, "C01"):
            assert status not in (401, 403), (name, status)
        else:
            assert status == 403, (name, status)


def test_no_key_is_401_except_public_routes(seeded):
    """Without a key every non-public route answers 401 with a Bearer challenge."""
    for name, request in paths(seeded).items():
        status = call(seeded.client, request, None)
        assert (status == 401) == (not RULES[name].public), (name, status)
    response = seeded.client.get("/api/scenarios")
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_wrong_key_is_401(seeded):
    """A made-up key, or a real id with a wrong secret, is refused like no key."""
    real = seeded.keys["coordinator"]
    forged = "_".join(real.split("_", 2)[:2]) + "_" + "x" * 43
    for key in ("nonsense", forged):
        assert seeded.client.get("/api/scenarios", headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_consultant_opens_own_day_not_another(seeded):
    """C01's key opens C01's day, map and calendar; C02's day gets 403; so does the API."""
    day = first_day(seeded, "C01")
    assert seeded.get(f"/consultants/C01/day/{day}", "consultant").status_code == 200
    assert seeded.get(f"/consultants/C01/day/{day}/map", "consultant").status_code == 200
    assert seeded.get("/consultants/C01/calendar.ics", "consultant").status_code == 200
    assert seeded.get(f"/consultants/C02/day/{day}", "consultant").status_code == 403
    assert seeded.get("/consultants/C02/calendar.ics", "consultant").status_code == 403
    assert seeded.get(f"/consultants/C01/day/{day}", "other_consultant").status_code == 403
    assert seeded.get("/api/scenarios", "consultant").status_code == 403


def test_pages_take_the_key_in_the_query_and_remember_it(seeded):
    """?key= opens a page and sets a cookie, so the day page's map frame loads without the key in its URL."""
    day = first_day(seeded, "C01")
    client = seeded.client
    client.cookies.clear()
    response = client.get(f"/consultants/C01/day/{day}", params={"key": seeded.keys["consultant"]})
    assert response.status_code == 200
    assert "movable_key" in response.cookies
    assert client.get(f"/consultants/C01/day/{day}/map").status_code == 200
    client.cookies.clear()


def test_the_api_ignores_keys_in_the_query(seeded):
    """Keys in URLs end up in logs: the API takes the Authorization header only."""
    seeded.client.cookies.clear()
    assert seeded.client.get("/api/scenarios", params={"key": seeded.keys["coordinator"]}).status_code == 401


def test_planner_may_cancel_only_whatif_jobs(seeded):
    """A planner's key cancels a what-if but gets 403 for a solve."""
    solve = seeded.post(f"/api/scenarios/{seeded.scenario}/solve?time_limit=1").json()
    whatif = seeded.post(f"/api/scenarios/{seeded.scenario}/what-if", "planner", json={"variants": [{"name": "a"}]})
    assert seeded.delete(f"/api/jobs/{solve['id']}", "planner").status_code == 403
    assert seeded.delete(f"/api/jobs/{whatif.json()['id']}", "planner").status_code == 202


def test_a_route_without_a_rule_is_refused_at_run_time(start_app, db_url):
    """Even a coordinator gets 403 from a route someone added without a rule (and the enumeration test fails)."""
    client = start_app(db_url, dispatch=False)
    client.app.add_api_route("/api/unruled", lambda: {"open": True}, name="unruled")
    key = make_keys(client)["coordinator"]
    assert client.get("/api/unruled", headers={"Authorization": f"Bearer {key}"}).status_code == 403
