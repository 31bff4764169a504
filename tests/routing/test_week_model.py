"""The week's routing model: a re-solve starts from the plan it is given, nights at home included;
a short search of a few visits starts from the better first routes."""

from ortools.constraint_solver import routing_enums_pb2

from routing.instance import build_instance
from routing.locate import resolve_locations
from routing.schedule import Home
from routing.trips import trips_of_week, weeks
from routing.week_model import WeekModel, search_parameters, solve_week
from routing.week_plan import plan_week


def test_a_warm_start_keeps_the_nights_at_home(build, make_visit):
    """Two days of visits near the depot: the van sleeps at home (a drive of minutes against three
    people's lodging). A re-solve from that plan starts from it, night at home and all, instead of
    from a start that spends the night out and must find the drive home again."""
    visits = [
        make_visit(f"V{k}", "suwon", earliest_date=day, latest_date=day, duration_minutes=300)
        for k, day in enumerate(["2027-03-02", "2027-03-03"])
    ]
    instance = build_instance(resolve_locations(build(visits, end="2027-03-03")))
    week = weeks(instance)[0]
    trips = trips_of_week(instance, week)
    value = {0: 1.0, 1: 1.0}
    plan = plan_week(instance, trips, [0, 1], value, 1.0, seed=0)
    assert all(r.end.kind == "depot" for r in plan.routes)

    start: list[list[int | Home]] = [[0, Home(1), 1]]
    model = WeekModel(
        trips, [0, 1], {0: [0], 1: [0]}, {0: 10**9, 1: 10**9}, [240_000], {0: [week[0]], 1: [week[1]]}, set()
    )
    costs: list[int] = []
    found = solve_week(instance, model, 0.3, initial=start, on_solution=costs.append)
    assert found == [[0, Home(1), 1]]
    assert costs[0] == min(costs)  # the start was already the best plan: no night's lodging in it


def test_the_first_routes_fit_the_time_there_is_for_each_visit() -> None:
    """A province plan's week of 45 visits routed in half a second starts from local cheapest
    insertion; a first-pass week of 220 from savings; either, given time, from parallel cheapest
    insertion's better first routes."""
    strategies = routing_enums_pb2.FirstSolutionStrategy
    assert search_parameters(0.5, visits=45).first_solution_strategy == strategies.LOCAL_CHEAPEST_INSERTION
    assert search_parameters(0.5, visits=220).first_solution_strategy == strategies.SAVINGS
    assert search_parameters(2.0, visits=45).first_solution_strategy == strategies.PARALLEL_CHEAPEST_INSERTION
    assert search_parameters(10.0, visits=220).first_solution_strategy == strategies.PARALLEL_CHEAPEST_INSERTION
