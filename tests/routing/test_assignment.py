"""The province plan: which week serves each visit, before any week is routed."""

from typing import Any

from models import Problem
from routing.assignment import FILL, LOCAL_HOP_MINUTES, assign_weeks, trip_riders
from routing.instance import build_instance
from routing.locate import resolve_locations
from routing.trips import trips_of_week, weeks

THREE_WEEKS = {"start": "2027-03-02", "end": "2027-03-19"}  # Tue 2 March to Fri 19 March
WEEK_1, WEEK_3 = {"latest_date": "2027-03-05"}, {"earliest_date": "2027-03-15", "latest_date": "2027-03-19"}
ANY_WEEK = {"latest_date": "2027-03-19"}


def week_of(problem: Problem) -> dict[str, int]:
    instance = build_instance(resolve_locations(problem))
    chosen = assign_weeks(instance, list(range(len(problem.visits))), weeks(instance))
    return {problem.visits[v].id: k for v, k in chosen.items()}


def visits(*specs: tuple[str, str, dict[str, Any]], make_visit: Any) -> list[dict[str, Any]]:
    return [make_visit(vid, place, **fields) for vid, place, fields in specs]


def test_a_far_request_waits_for_the_trip_its_neighbour_needs(build, make_visit):
    """Busan is a night away: the request that could go any week waits for the one due in week 3."""
    far = visits(("FLEX", "busan", ANY_WEEK), ("DUE", "busan", WEEK_3), make_visit=make_visit)
    assert week_of(build(far, **THREE_WEEKS)) == {"FLEX": 2, "DUE": 2}


def test_a_request_about_to_lapse_gets_a_trip_however_far(build, make_visit):
    far = visits(("SOON", "busan", WEEK_1), make_visit=make_visit)
    assert week_of(build(far, **THREE_WEEKS)) == {"SOON": 0}


def test_open_requests_ride_along_where_a_trip_goes_anyway(build, make_visit):
    near = visits(("DUE", "daegu", WEEK_1), ("FLEX", "daegu", ANY_WEEK), make_visit=make_visit)
    assert week_of(build(near, **THREE_WEEKS)) == {"DUE": 0, "FLEX": 0}


def test_a_trip_takes_no_more_visits_than_its_hours_allow(build, make_visit):
    """Twelve 3-hour Busan visits due in one 4-day week: the plan counts on no more than the trip's hours."""
    many = [make_visit(f"B{i:02}", "busan", duration_minutes=180, **WEEK_1) for i in range(12)]
    problem = build(many, **THREE_WEEKS)
    placed = week_of(problem)
    workday = problem.policy.workday.end - problem.policy.workday.start
    assert 0 < len(placed) < 12
    assert len(placed) * (180 + LOCAL_HOP_MINUTES) <= FILL * 4 * workday


def test_with_one_trip_for_two_lapsing_provinces_it_goes_where_fewer_consultants_sleep_out(
    build, make_visit, make_consultant
):
    """Gwangju is the shorter drive, but its two requests need two consultants for three nights;
    Busan's need one: one rider's nights cost more than the extra 130 km."""
    requests = visits(
        ("B1", "busan", {"skills": ["certification"]}),
        ("B2", "busan", {"skills": ["certification"]}),
        ("G1", "gwangju", {"skills": ["certification"]}),
        ("G2", "gwangju", {"skills": ["trade_finance"]}),
        make_visit=make_visit,
    )
    people = [make_consultant("C01", ("certification",)), make_consultant("C02", ("trade_finance",))]
    assert week_of(build(requests, people)) == {"B1": 0, "B2": 0}


def test_a_trip_counts_the_consultants_its_visits_need(build, make_visit, make_consultant):
    """One rider when one consultant holds every skill; a team of two needs two; a consultant
    away on every day of the trip cannot ride, so another must."""
    people = [
        make_consultant("C01", ("certification", "trade_finance")),
        make_consultant("C02", ("certification",)),
        make_consultant(
            "C03", ("ip_protection",), unavailable_dates=["2027-03-02", "2027-03-03", "2027-03-04", "2027-03-05"]
        ),
        make_consultant("C04", ("ip_protection",)),
    ]
    requests = [
        make_visit("CERT", "busan", skills=["certification"]),
        make_visit("FIN", "busan", skills=["trade_finance"]),
        make_visit("PAIR", "busan", skills=["certification"], team_size=2),
        make_visit("IP", "busan", skills=["ip_protection"]),
    ]
    instance = build_instance(resolve_locations(build(requests, people)))
    (trip,) = trips_of_week(instance, weeks(instance)[0])
    assert trip_riders(instance, trip, [0, 1], [0, 1, 2, 3]) == 1
    assert trip_riders(instance, trip, [0, 1, 2], [0, 1, 2, 3]) == 2
    assert trip_riders(instance, trip, [0, 3], [0, 1, 2, 3]) == 2  # C01 and C04, not C03 on leave
