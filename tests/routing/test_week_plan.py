"""Planning one week: re-solved with the crews kept, and within each consultant's daily limit."""

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


def test_a_consultant_two_visits_a_day_fills_the_whole_week(build, make_visit, make_consultant):
    """Ten visits near headquarters for one consultant who does two a day: all ten, two each day,
    Monday to Friday. (The routing packs the trip into as few days as the hours allow; the visits
    its daily limit drops are put back at the start of a day with room, not left for another week.)"""
    visits = [make_visit(f"V{k:02d}", earliest_date="2027-03-08", latest_date="2027-03-12") for k in range(10)]
    people = [make_consultant("C01", max_visits_per_day=2)]
    instance = build_instance(resolve_locations(build(visits, people, start="2027-03-08", end="2027-03-12")))
    week = weeks(instance)[0]
    result = plan_week(instance, trips_of_week(instance, week), list(range(10)), {v: 1.0 for v in range(10)}, 2.0, 1)
    assert len(result.served) == 10
    assert sorted(len(r.stops) for r in result.routes) == [2, 2, 2, 2, 2]
