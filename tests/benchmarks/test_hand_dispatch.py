"""The hand-dispatch baseline keeps every contract rule, pins included."""

from pathlib import Path

from benchmarks.hand_dispatch import day_trips_only, hand_dispatch
from models.io import load_problem
from routing.check import check_plan
from routing.locate import resolve_locations

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo-problem.json"


def _small(build, make_visit, make_consultant, **policy):  # type: ignore[no-untyped-def]
    v = make_visit
    late = {"start": "16:00", "end": "18:00"}  # too late to drive home from Busan: the van lodges
    return build(
        [
            v("V1", "suwon"),
            v("V2", "daejeon", skills=["certification"]),
            v("V3", "busan", earliest_date="2027-03-02", latest_date="2027-03-02", time_windows=[late]),
            v("V4", "busan", earliest_date="2027-03-03", latest_date="2027-03-03"),
            v("V5", "cheonan", pinned={"van": "VAN-2", "date": "2027-03-04", "consultants": ["C02"]}),
        ],
        consultants=[make_consultant("C01"), make_consultant("C02", ("certification", "buyer_matching"))],
        vans=[{"id": "VAN-1", "seats": 3}, {"id": "VAN-2", "seats": 3}],
        **policy,
    )


def test_small_problem_clean_with_a_night_out_and_the_pin_kept(build, make_visit, make_consultant):
    """All five visits served, the late Busan visit by lodging, the pinned one as pinned, 0 violations."""
    problem = _small(build, make_visit, make_consultant)
    plan = hand_dispatch(problem)
    assert check_plan(problem, plan) == []
    assert plan.kpis.visits_served == 5
    assert any(r.end.kind == "lodging" for r in plan.routes)
    pinned = next((r, s) for r in plan.routes for s in r.stops if s.visit == "V5")
    assert (pinned[0].van, str(pinned[0].date), pinned[1].consultants) == ("VAN-2", "2027-03-04", ("C02",))


def test_day_trips_only_never_lodges(build, make_visit, make_consultant):
    """With overnight trips off every van-day ends at the depot and the plan stays clean."""
    problem = day_trips_only(_small(build, make_visit, make_consultant))
    plan = hand_dispatch(problem)
    assert check_plan(problem, plan) == []
    assert all(r.end.kind == "depot" for r in plan.routes)
    assert "V3" in {u.visit for u in plan.unassigned}  # Busan at 16:00 cannot be a day trip


def test_demo_half_year_is_clean():
    """On the demo's 850 requests the baseline keeps every rule and serves most feasible visits."""
    problem = resolve_locations(load_problem(DEMO))
    plan = hand_dispatch(problem)
    assert check_plan(problem, plan) == []
    feasible = len(problem.visits) - sum(1 for u in plan.unassigned if u.reason != "CAPACITY")
    assert plan.kpis.visits_served >= 0.8 * feasible
