"""The consultant's day page: exactly their stops in order, times from the plan, a friendly empty day."""

from datetime import date

import pytest

from models.clock import format_clock
from views.day import consultant_day_html

from .conftest import HOSTILE, elements


def _busy_consultant(plan) -> tuple[str, date]:
    route = max(plan.routes, key=lambda r: len(r.stops))
    return route.stops[0].consultants[0], route.date


def test_lists_exactly_the_consultants_stops_in_order(example) -> None:
    """Each .stop is one of the consultant's stops that day, in the route's order, with the plan's times."""
    problem, plan = example
    for route in plan.routes:
        for consultant in route.crew:
            expected = [s for s in route.stops if consultant in s.consultants]
            stops = elements(consultant_day_html(problem, plan, consultant, route.date, None), "stop")
            assert [s["data-visit"] for s in stops] == [s.visit for s in expected]
            assert [s["data-start"] for s in stops] == [format_clock(s.start) for s in expected]
            assert [s["data-end"] for s in stops] == [format_clock(s.end) for s in expected]
            assert [s["data-arrival"] for s in stops] == [format_clock(s.arrival) for s in expected]


def test_shows_van_riders_skills_and_endpoints(example) -> None:
    """The page names the van, who rides along, Korean skill labels and the start and end times."""
    problem, plan = example
    consultant, day = _busy_consultant(plan)
    route = next(r for r in plan.routes if r.date == day and consultant in r.crew)
    html = consultant_day_html(problem, plan, consultant, day.isoformat(), None)
    names = {c.id: c.name for c in problem.consultants}
    assert elements(html, "summary")[0]["data-van"] == route.van
    for rider in route.crew:
        assert names[rider] in html
    skills = [e["data-skill"] for e in elements(html, "tag")]
    visits = {v.id: v for v in problem.visits}
    mine = [s for s in route.stops if consultant in s.consultants]
    assert skills == [code for s in mine for code in visits[s.visit].skills]
    assert elements(html, "start")[0]["data-time"] == format_clock(route.start.time)
    assert elements(html, "end")[0]["data-time"] == format_clock(route.end.time)
    assert [e["data-visit"] for e in elements(html, "van-stop")] == [s.visit for s in route.stops]


def test_phone_friendly_and_printable(example) -> None:
    """utf-8 charset, a viewport, and print CSS."""
    problem, plan = example
    consultant, day = _busy_consultant(plan)
    html = consultant_day_html(problem, plan, consultant, day, None)
    assert '<meta charset="utf-8">' in html
    assert 'name="viewport"' in html
    assert "@media print" in html


def test_embeds_the_map_only_when_given(example) -> None:
    """An iframe points at map_html_url; without one there is no map."""
    problem, plan = example
    consultant, day = _busy_consultant(plan)
    with_map = consultant_day_html(problem, plan, consultant, day, "/maps/van-day?van=V&d=1")
    assert elements(with_map, "map")[0]["src"] == "/maps/van-day?van=V&d=1"
    assert elements(consultant_day_html(problem, plan, consultant, day, None), "map") == []


def test_a_day_without_route_says_so(example) -> None:
    """A weekend, or a working day off the crews, shows the empty state and no stops."""
    problem, plan = example
    consultant = problem.consultants[0].id
    busy = {r.date for r in plan.routes if consultant in r.crew}
    idle = next(d for d in (date(2027, 3, k) for k in range(2, 13)) if d not in busy and d.weekday() < 5)
    for day in (date(2027, 3, 6), idle):
        html = consultant_day_html(problem, plan, consultant, day, "/m")
        assert "이 날은 일정이 없습니다" in html and "No route for you on this day" in html
        assert elements(html, "empty")[0]["data-empty"] == "true"
        assert elements(html, "stop") == [] and elements(html, "map") == []


def test_unknown_consultant_is_a_lookup_error(example) -> None:
    """An id the problem lacks raises LookupError (the API answers 404)."""
    problem, plan = example
    with pytest.raises(LookupError):
        consultant_day_html(problem, plan, "NOBODY", date(2027, 3, 2), None)


def test_hostile_company_is_text(hostile) -> None:
    """A company name with markup and quotes renders as text."""
    problem, plan, visit = hostile
    route = next(r for r in plan.routes if any(s.visit == visit for s in r.stops))
    consultant = next(s for s in route.stops if s.visit == visit).consultants[0]
    html = consultant_day_html(problem, plan, consultant, route.date, None)
    assert "<script>" not in html
    company = next(e for e in elements(html, "company"))
    assert company["text"] == HOSTILE
