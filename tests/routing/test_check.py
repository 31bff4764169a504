"""The independent check catches each broken plan rule, naming van, date and visit."""

from typing import Any

import pytest

from models import Plan, Route, Stop
from routing.check import check_plan
from routing.locate import resolve_locations
from routing.solver import SolveOptions, solve


@pytest.fixture(scope="module")
def solved(build, make_visit, make_consultant) -> tuple[Any, Plan]:
    v = make_visit
    late = {"start": "16:00", "end": "18:00"}  # too late to drive home from Busan: the van lodges
    problem = build(
        [
            v("V1", "suwon"),
            v("V2", "daejeon", skills=["certification"]),
            v("V3", "busan", earliest_date="2027-03-02", latest_date="2027-03-02", time_windows=[late]),
            v("V4", "busan", earliest_date="2027-03-03", latest_date="2027-03-03"),
        ],
        consultants=[make_consultant("C01"), make_consultant("C02", ("certification",))],
        vans=[{"id": "VAN-1", "seats": 3}],
    )
    problem = resolve_locations(problem)
    return problem, solve(problem, SolveOptions(time_limit=3))


def with_route(plan: Plan, index: int, **changes: Any) -> Plan:
    routes = list(plan.routes)
    routes[index] = routes[index].model_copy(update=changes)
    return plan.model_copy(update={"routes": tuple(routes)})


def with_stop(plan: Plan, index: int, **changes: Any) -> Plan:
    route = plan.routes[index]
    stops = (route.stops[0].model_copy(update=changes), *route.stops[1:])
    return with_route(plan, index, stops=stops)


def first_with_stops(plan: Plan) -> int:
    return next(i for i, r in enumerate(plan.routes) if r.stops)


def violations(problem: Any, plan: Plan, needle: str) -> list[str]:
    found = check_plan(problem, plan)
    assert any(needle in line for line in found), found
    return found


def test_solved_plan_is_clean(solved):
    """The solver's plan for the fixture keeps every rule and serves all four visits."""
    problem, plan = solved
    assert check_plan(problem, plan) == []
    assert plan.kpis.visits_served == 4
    assert any(r.end.kind == "lodging" for r in plan.routes), "a late visit in Busan means a night away"


def test_missing_visit(solved):
    """A visit neither served nor unassigned is reported."""
    problem, plan = solved
    i = first_with_stops(plan)
    dropped = with_route(plan, i, stops=plan.routes[i].stops[1:])
    violations(problem, dropped, "neither served nor unassigned")


def test_visit_twice(solved):
    """A visit both served and unassigned is reported."""
    problem, plan = solved
    from models import Unassigned

    stop = plan.routes[first_with_stops(plan)].stops[0]
    extra = plan.model_copy(update={"unassigned": (Unassigned(visit=stop.visit, reason="CAPACITY"),)})
    violations(problem, extra, "appears 2 times")


def test_weekend_route(solved):
    """A route on a Saturday is not on a working day."""
    problem, plan = solved
    from datetime import date

    violations(problem, with_route(plan, 0, date=date(2027, 3, 6)), "not a working day")


def test_crew_over_seats(solved):
    """Three consultants in a 3-seat van whose driver takes a seat is too many."""
    problem, plan = solved
    violations(problem, with_route(plan, 0, crew=("C01", "C02", "C03")), "exceeds 2 seats")


def test_consultant_not_in_crew(solved):
    """A stop's consultant who is not riding in the van is reported."""
    problem, plan = solved
    i = first_with_stops(plan)
    violations(problem, with_route(plan, i, crew=()), "is not in the crew")


def test_team_lacks_skill(solved):
    """A team without the visit's skill is reported with the missing skill."""
    problem, plan = solved
    i = next(i for i, r in enumerate(plan.routes) for s in r.stops if s.visit == "V2")
    route = plan.routes[i]
    stops = tuple(s.model_copy(update={"consultants": ("C01",)}) if s.visit == "V2" else s for s in route.stops)
    violations(problem, with_route(plan, i, stops=stops, crew=("C01", "C02")), "lacks skills certification")


def test_arrival_not_departure_plus_travel(solved):
    """An arrival that does not follow from the previous departure is reported."""
    problem, plan = solved
    i = first_with_stops(plan)
    stop = plan.routes[i].stops[0]
    violations(problem, with_stop(plan, i, arrival=stop.arrival + 5, start=stop.start + 5, end=stop.end + 5), "arrival")


def test_stop_outside_window(solved):
    """A visit moved to 07:00 is in none of its time windows."""
    problem, plan = solved
    i = first_with_stops(plan)
    violations(problem, with_stop(plan, i, start=7 * 60, end=9 * 60), "none of its time windows")


def test_too_short_leg(solved):
    """A leg shorter than the straight-line distance is reported."""
    problem, plan = solved
    i = first_with_stops(plan)
    violations(problem, with_stop(plan, i, travel_km=0.1), "shorter than")


def test_over_daily_driving(solved):
    """More than max_drive_minutes_per_day of driving is reported."""
    problem, plan = solved
    route = plan.routes[0]
    end = route.end.model_copy(update={"travel_minutes": 600})
    violations(problem, with_route(plan, 0, end=end, drive_minutes=route.drive_minutes + 600), "over the daily limit")


def test_start_away_from_depot(solved):
    """A first route that does not start at the depot is reported."""
    problem, plan = solved
    start = plan.routes[0].start.model_copy(update={"lat": 35.0, "kind": "depot"})
    violations(problem, with_route(plan, 0, start=start), "does not start at the depot")


def test_lodging_before_weekend(solved):
    """A van left at a lodging on Friday night is reported."""
    problem, plan = solved
    from datetime import date

    last = max(range(len(plan.routes)), key=lambda i: plan.routes[i].date)
    end = plan.routes[last].end.model_copy(update={"kind": "lodging"})
    broken = with_route(plan, last, end=end, date=date(2027, 3, 5))
    violations(problem, broken, "must end at the depot")


def test_too_many_visits_in_a_day(solved):
    """A consultant with more visits than max_visits_per_day is reported."""
    problem, plan = solved
    i = first_with_stops(plan)
    route = plan.routes[i]
    copies = tuple(Stop(**{**route.stops[0].model_dump(), "visit": route.stops[0].visit}) for _ in range(4))
    violations(problem, with_route(plan, i, stops=copies), "more than max_visits_per_day")


def test_pinned_visit_moved(build, make_visit):
    """A pinned visit served by other consultants than pinned is reported."""
    from datetime import date

    from models import Endpoint, Kpis

    pin = {"van": "VAN-1", "date": "2027-03-02", "consultants": ["C01"]}
    problem = build([make_visit("V1", pinned=pin)])
    stop = Stop(visit="V1", consultants=(), travel_km=30, travel_minutes=30, arrival=540, start=540, end=630)
    route = Route(
        van="VAN-1",
        date=date(2027, 3, 2),
        crew=("C01",),
        start=Endpoint(kind="depot", lat=37.4687, lon=127.0404, time=510),
        stops=(stop,),
        end=Endpoint(kind="depot", lat=37.4687, lon=127.0404, time=660, travel_km=30, travel_minutes=30),
        drive_km=60,
        drive_minutes=60,
    )
    kpis = Kpis(visits_total=1, visits_served=1, drive_km=60, person_nights=0, cost=0, solve_seconds=0)
    plan = Plan(problem="test", routes=(route,), kpis=kpis)
    violations(problem, plan, "not served as pinned")


def test_reasons_must_be_the_first_fact_that_holds(build, make_visit, make_consultant):
    """Rule 8: a weekend visit is NO_WORKING_DAY whatever else holds, a skill nobody has is
    NO_SKILLED_TEAM, a window shorter than the visit WINDOW_TOO_SHORT, and a visit for which none
    of these holds may not be given one of them (a re-plan once called Jeju's visit NO_WORKING_DAY)."""
    from models import Kpis, Unassigned

    short = [{"start": "09:00", "end": "09:30"}]
    problem = build(
        [
            make_visit("V1", "suwon", earliest_date="2027-03-06", latest_date="2027-03-07", skills=["ip_protection"]),
            make_visit("V2", "suwon", skills=["ip_protection"]),
            make_visit("V3", "suwon", time_windows=short),
            make_visit("V4", "suwon"),
            make_visit("V5", "suwon", team_size=3),
        ],
        consultants=[make_consultant("C01"), make_consultant("C02", ("certification",))],
    )
    kpis = Kpis(visits_total=5, visits_served=0, drive_km=0, person_nights=0, cost=0, solve_seconds=0)

    def plan(*reasons: str) -> Plan:
        entries = (Unassigned(visit=f"V{k}", reason=r) for k, r in enumerate(reasons, start=1))  # type: ignore[arg-type]
        return Plan(problem="test", routes=(), unassigned=tuple(entries), kpis=kpis)

    honest = plan("NO_WORKING_DAY", "NO_SKILLED_TEAM", "WINDOW_TOO_SHORT", "CAPACITY", "NO_SKILLED_TEAM")
    assert check_plan(problem, honest) == []
    wrong = plan("NO_SKILLED_TEAM", "CAPACITY", "WINDOW_TOO_SHORT", "NO_WORKING_DAY", "UNREACHABLE")
    assert check_plan(problem, wrong) == [
        "visit V1: reason NO_SKILLED_TEAM, but NO_WORKING_DAY holds and comes first",
        "visit V2: reason CAPACITY, but NO_SKILLED_TEAM holds and comes first",
        "visit V4: reason NO_WORKING_DAY does not hold",
        "visit V5: reason UNREACHABLE, but NO_SKILLED_TEAM holds and comes first",
    ]


def test_no_one_joins_or_leaves_the_van_at_a_lodging(solved):
    """The van sleeps in Busan: someone aboard the next day who was not the day before would join
    it 300 km from home; someone aboard the day before but not the next would be left there."""
    problem, plan = solved
    night = next(i for i, r in enumerate(plan.routes) if r.end.kind == "lodging")
    route, morning = plan.routes[night], plan.routes[night + 1]
    person = next(c for c in morning.crew if c in route.crew)
    joined = with_route(plan, night, crew=tuple(c for c in route.crew if c != person))
    violations(problem, joined, f"{person} joins the van at its lodging, not aboard the day before")
    left = with_route(plan, night + 1, crew=tuple(c for c in morning.crew if c != person))
    violations(problem, left, f"{person} is left at the lodging, not aboard the next day")
