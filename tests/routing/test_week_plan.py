"""A week's re-solve with the crews kept: the improvement phase's second way of re-solving a week."""

from routing.instance import build_instance
from routing.locate import resolve_locations
from routing.solver import _crews, _sequences
from routing.trips import trips_of_week, weeks
from routing.week_plan import plan_week


def test_kept_crews_keep_every_visit_of_the_start(build, make_visit, make_consultant):
    """Re-solved from its own routes with the crews that ride now, a week serves at least what it
    served, and nobody else is put in a van."""
    people = [make_consultant("C01"), make_consultant("C02", ("certification",)), make_consultant("C03")]
    places = ["suwon", "cheonan", "daejeon", "daegu", "busan", "gwangju"]
    visits = [
        make_visit(f"V{k:02d}", places[k % 6], skills=["certification" if k % 3 == 0 else "buyer_matching"])
        for k in range(12)
    ]
    instance = build_instance(resolve_locations(build(visits, consultants=people)))
    week = weeks(instance)[0]
    trips = trips_of_week(instance, week)
    value = {v: 1.0 for v in range(12)}
    start = plan_week(instance, trips, list(range(12)), value, 2.0, seed=1)
    crews = _crews(instance, trips, start.routes)
    again = plan_week(
        instance,
        trips,
        list(range(12)),
        value,
        2.0,
        seed=2,
        initial=_sequences(instance, trips, start.routes),
        crews=crews,
    )
    assert start.served and again.served >= start.served
    riding = {c for r in again.routes for c in r.crew}
    assert riding <= {c for crew in crews for c in crew}
