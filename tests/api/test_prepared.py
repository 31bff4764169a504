"""A published plan is prepared before the morning: its consultants' pages need no parsing on request."""

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

import api.prepared
from api.store import add_plan
from models import Plan
from tests.api.support import Seeded, bearer, database, make_keys


def _refuse_work(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("parsed or rendered on request, not prepared")

    monkeypatch.setattr(api.prepared, "_parse", refuse)
    monkeypatch.setattr(api.prepared, "consultant_ics", refuse)


def _first_day(plan: Plan, consultant: str) -> str:
    return next(r.date.isoformat() for r in plan.routes if consultant in r.crew)


def test_published_through_the_api_serves_pages_without_parsing(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    with database(seeded.client).transaction() as session:
        again = add_plan(session, seeded.scenario, seeded.document).id
    assert seeded.post(f"/api/plans/{again}/publish?replace=true").status_code == 200
    _refuse_work(monkeypatch)

    day = seeded.get(f"/consultants/C01/day/{_first_day(seeded.document, 'C01')}", role="consultant")
    calendar = seeded.get("/consultants/C01/calendar.ics", role="consultant")

    assert day.status_code == 200 and calendar.status_code == 200
    assert calendar.text.count("BEGIN:VEVENT") == sum(
        "C01" in stop.consultants for route in seeded.document.routes for stop in route.stops
    ) + sum("C01" in route.crew for route in seeded.document.routes)  # and a day event per ride


def test_published_plans_are_prepared_when_the_server_starts(
    seeded: Seeded, start_app: Callable[..., TestClient], db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded.client.__exit__(None, None, None)  # a restart: the new process knows nothing yet
    restarted = start_app(db_url, dispatch=False)
    _refuse_work(monkeypatch)
    key = make_keys(restarted)["consultant"]

    response = restarted.get(f"/consultants/C01/day/{_first_day(seeded.document, 'C01')}", headers=bearer(key))

    assert response.status_code == 200
    name = next(c.name for c in seeded.problem.consultants if c.id == "C01")
    assert name in response.text


def test_a_plan_parsed_on_request_does_not_hold_up_other_phones(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With more plans in use than memory keeps, a day page parses its plan again: on a worker thread,
    so the server answers other requests meanwhile instead of queueing them behind the parse."""
    monkeypatch.setattr(api.prepared, "_DOCUMENTS", api.prepared._Memo(8))  # the plan dropped out of memory
    parse = api.prepared._parse

    def slow_parse(*args: object) -> object:
        time.sleep(1.5)  # a large plan on a busy machine
        return parse(*args)

    monkeypatch.setattr(api.prepared, "_parse", slow_parse)
    day_page = f"/consultants/C01/day/{_first_day(seeded.document, 'C01')}"
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(seeded.get, day_page, role="consultant")
        time.sleep(0.3)
        started = time.monotonic()
        other = seeded.get("/openapi.json")
        waited = time.monotonic() - started
        assert not slow.done()
        assert slow.result().status_code == 200
    assert other.status_code == 200 and waited < 1.0
