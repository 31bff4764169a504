"""Large-neighbourhood search by groups of neighbouring routes: which routes a group takes, what
comes back, and that a group's re-solve keeps every customer and never lengthens the routes."""

import random
import time
from datetime import date

from routing import week_model
from routing.instance import build_instance
from routing.locate import resolve_locations
from routing.route_groups import GroupSearch, improve_by_groups, routes_near
from routing.schedule import Home
from routing.trips import Trip, trips_of_week, weeks
from routing.vrptw import VrptwInstance, _solve_whole, improve_by_route_groups, route_distance
from routing.week_model import WeekModel, _group_model


def test_a_group_is_the_routes_passing_nearest_a_point_that_fit_its_stops():
    """Around the origin: route 2 passes 1 away, route 3 2 away (its centre is farther than route
    1's, but it passes closer); route 0 (3 away) no longer fits in 12 stops; the empty route
    never joins."""
    places = [[(3.0, 0.0), (4.0, 0.0)], [(5.0, 0.0)] * 4, [(1.0, 0.0)] * 4, [(0.0, 2.0), (0.0, 90.0)] * 2, []]
    assert routes_near(places, (0.0, 0.0), 12) == [2, 3, 0]
    assert routes_near(places, (0.0, 0.0), 9) == [2, 3]
    assert routes_near(places, (0.0, 0.0), 1) == [2]  # the nearest, even over the size


def test_groups_take_a_third_of_the_whole_at_most_and_need_a_large_fleet_and_time():
    """Solomon's 100 customers make groups of 33; 80 stops would make groups too small to move
    in; three vans' weeks (12 trips) and a 2 s search stay whole."""
    search = GroupSearch(stops=60, seconds=0.3)
    assert (search.sized_for(100).stops, search.sized_for(400).stops) == (33, 60)
    assert search.worth_it(100, 25, 10.0)
    assert not search.worth_it(80, 25, 10.0)
    assert not search.worth_it(400, 12, 10.0)
    assert not search.worth_it(400, 25, 2.0)


def test_long_routes_are_searched_whole():
    """Groups of 33 stops suit routes of 11 stops or fewer on average (three to a group), not
    Solomon's type-2 routes of 33 and more; vehicles without stops do not count."""
    search = GroupSearch(stops=33)
    assert search.suits([10, 12, 9, 0, 0])
    assert not search.suits([34, 33, 33, 0])


def test_each_group_brings_one_empty_vehicle_and_its_result_replaces_its_routes():
    """The re-solve sees the current routes and the group's vehicles; what it returns is written
    back vehicle by vehicle, so the next group starts from it."""
    routes = [[1, 2], [3], [], []]
    seen: list[list[int]] = []

    def merge(current: list[list[int]], vehicles: list[int], seconds: float) -> list[list[int]]:
        seen.append(vehicles)
        stops = sorted(s for v in vehicles for s in current[v])
        return [stops] + [[] for _ in vehicles[1:]]

    result = improve_by_groups(
        routes, lambda r: [(float(s), 0.0) for s in r], merge, time.perf_counter() + 0.15, GroupSearch(stops=10)
    )
    assert seen[0] in ([0, 1, 2], [1, 0, 2])
    assert sorted(map(sorted, result)) == [[], [], [], [1, 2, 3]]


def _clustered_instance(customers: int, vehicles: int, seed: int = 7) -> VrptwInstance:
    """Customers in four clusters, each with a two-hour window somewhere in a ten-hour day."""
    rng = random.Random(seed)
    centres = [(20, 20), (80, 20), (20, 80), (80, 80)]
    points = [(50.0, 50.0)]
    for k in range(customers):
        cx, cy = centres[k % 4]
        points.append((round(cx + rng.uniform(-15, 15)), round(cy + rng.uniform(-15, 15))))
    ready = [0.0] + [float(rng.randrange(0, 480, 10)) for _ in range(customers)]
    return VrptwInstance(
        "CLUSTERS",
        vehicles,
        100,
        tuple(p[0] for p in points),
        tuple(p[1] for p in points),
        (0,) + (10,) * customers,
        tuple(ready),
        (600.0, *(r + 120 for r in ready[1:])),
        (0.0,) + (10.0,) * customers,
    )


def test_route_groups_keep_every_customer_and_shorten_the_routes():
    """160 customers, 30 vehicles: from a quick whole-instance start, two seconds of group
    re-solves serve every customer within the windows and shorten the start (by 3-4% here)."""
    instance = _clustered_instance(160, 30)
    start = [r for r in _solve_whole(instance, 0.5, None, True) if r]
    improved = improve_by_route_groups(instance, start, time.perf_counter() + 2.0, GroupSearch(stops=40, seconds=0.2))
    assert route_distance(instance, improved) < route_distance(instance, start)


def test_a_group_of_trips_takes_their_visits_and_the_unserved_ones_they_may_serve():
    """Trips 0 and 2 of three: their own visits, plus unserved visit 5 (allowed on trip 2); not
    visit 3, which trip 1 serves, nor unserved visit 6, allowed on trip 1 only."""
    trips = [Trip(f"van{k}", (date(2027, 3, 2), date(2027, 3, 3))) for k in range(3)]
    allowed = {1: [0, 1], 2: [2], 3: [0, 1, 2], 4: [2], 5: [1, 2], 6: [1]}
    days = {v: [date(2027, 3, 2)] for v in allowed}
    model = WeekModel(
        trips, list(allowed), allowed, {v: 100 * v for v in allowed}, [10, 20, 30], days, {4}, {2: {4}, 1: {3}}
    )
    part = _group_model(model, [[1], [3], [2, 4]], [0, 2])
    assert part.candidates == [1, 2, 4, 5]
    assert part.allowed == {1: [0], 2: [1], 4: [1], 5: [1]}
    assert (part.night_cost, part.pinned, part.unwished) == ([10, 30], {4}, {1: {4}})
    assert [t.van for t in part.trips] == ["van0", "van2"]


def test_a_national_week_is_improved_a_group_of_trips_at_a_time(build, make_visit, monkeypatch):
    """Fourteen vans on one day, 100 visits of 45 minutes around Seoul (at most nine a van, so
    short routes): the week is searched in groups of trips, and every visit is served once."""
    rng = random.Random(3)
    visits = [
        make_visit(f"V{k:02d}", duration_minutes=45, earliest_date="2027-03-02", latest_date="2027-03-02")
        | {"lat": 37.55 + rng.uniform(-0.1, 0.1), "lon": 126.98 + rng.uniform(-0.1, 0.1)}
        for k in range(100)
    ]
    vans = [{"id": f"VAN-{k:02d}", "seats": 10} for k in range(14)]
    instance = build_instance(resolve_locations(build(visits, vans=vans, end="2027-03-02")))
    week = weeks(instance)[0]
    trips = trips_of_week(instance, week)
    every = list(range(100))
    allowed = {v: list(range(len(trips))) for v in every}
    days = {v: [week[0]] for v in every}
    model = WeekModel(trips, every, allowed, dict.fromkeys(every, 10**9), [0] * 14, days, set())
    groups: list[int] = []
    spy = week_model.improve_by_groups

    def counting(*args, **kwargs):
        groups.append(1)
        return spy(*args, **kwargs)

    monkeypatch.setattr(week_model, "improve_by_groups", counting)
    found = week_model.solve_week(instance, model, 4.0)
    assert groups, "the week was searched whole"
    served = [v for sequence in found for v in sequence if not isinstance(v, Home)]
    assert sorted(served) == every
