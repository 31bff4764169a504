"""Property: whatever the problem (impossible parts, tight windows, one van, no consultants),
the solver's plan passes the independent check, or the problem is refused as contradictory."""

from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import Problem
from models.io import InputError
from routing.check import check_plan
from routing.locate import resolve_locations
from routing.solver import SolveOptions, solve

START = date(2027, 4, 26)  # a fortnight with Children's Day (5 May) and a substitute holiday
DAYS = [START + timedelta(days=k) for k in range(14)]
SKILLS = ["buyer_matching", "certification", "trade_finance", "market:china"]
PLACES = [
    (37.2636, 127.0286),  # Suwon
    (36.3504, 127.3845),  # Daejeon
    (35.1796, 129.0756),  # Busan
    (35.1595, 126.8526),  # Gwangju
    (37.7519, 128.8761),  # Gangneung
    (33.4996, 126.5312),  # Jeju, ferry only
]


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    vans = [
        {
            "id": f"VAN-{k}",
            "seats": draw(st.integers(2, 10)),
            "unavailable_dates": draw(st.lists(st.sampled_from(DAYS), max_size=3, unique=True)),
        }
        for k in range(draw(st.integers(1, 2)))
    ]
    consultants = [
        {
            "id": f"C{k}",
            "skills": draw(st.lists(st.sampled_from(SKILLS), min_size=1, max_size=3, unique=True)),
            "unavailable_dates": draw(st.lists(st.sampled_from(DAYS), max_size=4, unique=True)),
            "max_visits_per_day": draw(st.integers(1, 4)),
        }
        for k in range(draw(st.integers(0, 4)))
    ]
    visits = [draw(visit(f"V{k}", vans, consultants)) for k in range(draw(st.integers(1, 8)))]
    policy = {
        "max_drive_minutes_per_day": draw(st.integers(200, 600)),
        "driver_takes_seat": draw(st.booleans()),
        "overnight": {"allowed": draw(st.booleans()), "max_consecutive_nights": draw(st.integers(0, 4))},
    }
    return Problem.model_validate(
        {
            "name": "property",
            "horizon": {"start": DAYS[0], "end": DAYS[-1], "holidays": "KR"},
            "depot": {"id": "HQ", "lat": 37.4687, "lon": 127.0404},
            "policy": policy,
            "vans": vans,
            "consultants": consultants,
            "visits": visits,
        }
    )


@st.composite
def visit(draw: st.DrawFn, vid: str, vans: list, consultants: list) -> dict[str, Any]:
    lat, lon = draw(st.sampled_from(PLACES))
    first = draw(st.sampled_from(DAYS))
    last = first + timedelta(days=draw(st.integers(0, 6)))
    opens = draw(st.integers(8, 16))
    fields: dict[str, Any] = {
        "id": vid,
        "lat": lat,
        "lon": lon,
        "duration_minutes": draw(st.sampled_from([60, 90, 120, 180])),
        "skills": draw(st.lists(st.sampled_from([*SKILLS, "market:africa"]), min_size=0, max_size=2, unique=True)),
        "team_size": draw(st.integers(1, 3)),
        "earliest_date": first,
        "latest_date": last,
        "time_windows": [{"start": f"{opens:02d}:00", "end": f"{min(24, opens + draw(st.integers(1, 6))):02d}:00"}],
        "priority": draw(st.integers(1, 5)),
    }
    if consultants and draw(st.integers(0, 5)) == 0:  # now and then a pin, possibly a contradictory one
        team = draw(st.lists(st.sampled_from([c["id"] for c in consultants]), min_size=1, max_size=2, unique=True))
        fields["pinned"] = {
            "van": draw(st.sampled_from(vans))["id"],
            "date": draw(st.sampled_from(DAYS)),
            "consultants": team,
        }
    return fields


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(problems())
def test_every_plan_passes_the_check(problem: Problem):
    """Random small problems: the plan keeps every rule and accounts for every visit once."""
    try:
        plan = solve(problem, SolveOptions(time_limit=1.0))
    except InputError as refused:  # only contradictory pins may be refused
        assert all(".pinned" in line or "is pinned to" in line for line in refused.messages)
        return
    assert check_plan(resolve_locations(problem), plan) == []
    assert plan.kpis.visits_served + len(plan.unassigned) == len(problem.visits)
