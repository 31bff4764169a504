"""A re-plan starts from the earlier plan: weeks a change leaves intact stay exactly as they were."""

from datetime import date

import pytest

from models.changes import Changes, ConsultantAway
from routing.check import check_plan
from routing.instance import build_instance
from routing.locate import resolve_locations
from routing.replan import apply_changes, replan
from routing.solver import SolveOptions, solve
from routing.trips import weeks
from routing.warm import routes_by_week, week_holds

START, END = "2027-03-02", "2027-03-19"  # three working weeks (1 March is a holiday)
WEEKS = (
    (date(2027, 3, 2), date(2027, 3, 5)),
    (date(2027, 3, 8), date(2027, 3, 12)),
    (date(2027, 3, 15), date(2027, 3, 19)),
)
FIRST_DAY = date(2027, 3, 2)
AGAIN = SolveOptions(time_limit=3)


def _week(d: date) -> int:
    return next(k for k, (a, b) in enumerate(WEEKS) if a <= d <= b)


@pytest.fixture(scope="module")
def three_weeks(build, make_visit, make_consultant):
    """Thirty visits a day-trip away, each to be served in two of the three weeks or any of them,
    three consultants who could all serve them, two vans alike; and a plan for them the solver
    would not make itself (its vans swapped, as a coordinator may have swapped them), so that
    what a re-plan keeps can only come from the earlier plan."""
    places = ("suwon", "cheonan", "daejeon", "daegu", "gwangju")
    dates = [(WEEKS[0][0], WEEKS[1][1]), (WEEKS[1][0], WEEKS[2][1]), (WEEKS[0][0], WEEKS[2][1])]
    visits = [
        make_visit(f"V{n:02}", places[n % 5], earliest_date=str(dates[n // 10][0]), latest_date=str(dates[n // 10][1]))
        for n in range(30)
    ]
    people = [make_consultant(c) for c in ("C01", "C02", "C03")]
    vans = [{"id": "VAN-1", "seats": 10}, {"id": "VAN-2", "seats": 10}]
    problem = resolve_locations(build(visits, people, vans, start=START, end=END))
    plan = solve(problem, SolveOptions(time_limit=3))
    other = {"VAN-1": "VAN-2", "VAN-2": "VAN-1"}
    routes = sorted((r.model_copy(update={"van": other[r.van]}) for r in plan.routes), key=lambda r: (r.date, r.van))
    swapped = plan.model_copy(update={"routes": tuple(routes)})
    assert check_plan(problem, swapped) == [] and swapped.routes != plan.routes
    return problem, swapped


def _in_week(plan, k):
    return sorted((r for r in plan.routes if _week(r.date) == k), key=lambda r: (r.date, r.van))


def test_a_replan_without_changes_keeps_the_plan(three_weeks):
    """Nothing changed, every visit served: the re-plan is the earlier plan, route for route."""
    problem, before = three_weeks
    assert before.kpis.visits_served == len(problem.visits)
    after = replan(problem, before, FIRST_DAY, AGAIN)
    assert all(_in_week(after, k) == _in_week(before, k) for k in range(3))


def test_illness_changes_only_its_week(three_weeks):
    """A consultant riding in the second week falls ill that week: the first and third weeks stay
    as they were, the second is planned again without them, and every visit is still served."""
    problem, before = three_weeks
    ill = _in_week(before, 1)[0].crew[0]
    away = ConsultantAway(consultant=ill, start=WEEKS[1][0], end=WEEKS[1][1])
    changed = apply_changes(problem, Changes(consultants_away=(away,)))
    after = replan(changed, before, FIRST_DAY, AGAIN)
    assert check_plan(changed, after) == []
    assert _in_week(after, 0) == _in_week(before, 0) and _in_week(after, 2) == _in_week(before, 2)
    assert all(ill not in r.crew for r in _in_week(after, 1))
    assert after.kpis.visits_served == len(problem.visits)


def test_a_replan_stopped_at_once_hands_out_no_broken_week(three_weeks):
    """Cancelled before any week is planned again: the intact weeks as they were, the broken one
    empty (its visits reported as not fitted), never its old routes with the ill consultant."""
    problem, before = three_weeks
    ill = _in_week(before, 1)[0].crew[0]
    away = ConsultantAway(consultant=ill, start=WEEKS[1][0], end=WEEKS[1][1])
    changed = apply_changes(problem, Changes(consultants_away=(away,)))
    after = replan(changed, before, FIRST_DAY, AGAIN, should_stop=lambda: True)
    assert check_plan(changed, after) == []
    assert _in_week(after, 0) == _in_week(before, 0) and _in_week(after, 1) == []
    assert {u.visit for u in after.unassigned} == {s.visit for r in _in_week(before, 1) for s in r.stops}
    assert all(u.detail.startswith("the solve was stopped before it was placed") for u in after.unassigned)


def test_a_new_request_is_fitted_into_its_week(three_weeks, make_visit):
    """A request for the third week is served there; the weeks outside its dates do not move."""
    problem, before = three_weeks
    new = make_visit("NEW", "cheonan", earliest_date="2027-03-15", latest_date="2027-03-19")
    changed = apply_changes(problem, Changes(add_visits=(type(problem.visits[0]).model_validate(new),)))
    after = replan(resolve_locations(changed), before, FIRST_DAY, AGAIN)
    assert check_plan(changed, after) == []
    assert any(s.visit == "NEW" for r in _in_week(after, 2) for s in r.stops)
    assert _in_week(after, 0) == _in_week(before, 0) and _in_week(after, 1) == _in_week(before, 1)


def test_a_full_week_makes_room_by_moving_a_visit_to_the_next(build, make_visit, make_consultant):
    """The second week is full (ten visits of four hours, two a day); they may now also be served
    the week after, and a request arrives that only the second week can serve: one of the ten
    moves on to the third week, every visit is served, and the first week, outside every changed
    visit's dates, stays as it was."""
    second, third = WEEKS[1], WEEKS[2]
    long = {"duration_minutes": 240}
    booked = [
        make_visit(f"V{n:02}", earliest_date=str(second[0]), latest_date=str(second[1]), **long) for n in range(10)
    ]
    early = [make_visit("EARLY", "cheonan", latest_date=str(WEEKS[0][1]))]
    people = [make_consultant("C01")]
    problem = resolve_locations(build(early + booked, people, start=START, end=END))
    before = solve(problem, SolveOptions(time_limit=3))
    assert before.kpis.visits_served == 11 and len([s for r in _in_week(before, 1) for s in r.stops]) == 10
    widened = [{**v, "latest_date": str(third[1])} for v in booked]
    urgent = make_visit("NEW", earliest_date=str(second[0]), latest_date=str(second[1]), **long)
    changed = resolve_locations(build(early + widened + [urgent], people, start=START, end=END))
    after = replan(changed, before, FIRST_DAY, AGAIN)
    assert check_plan(changed, after) == []
    assert after.kpis.visits_served == 12
    assert _in_week(after, 0) == _in_week(before, 0)
    assert any(s.visit == "NEW" for r in _in_week(after, 1) for s in r.stops)


def test_fresh_replan_still_keeps_every_rule(three_weeks):
    """Planned anew on request (`fresh`), the plan after the freeze date is the solver's own."""
    problem, before = three_weeks
    after = replan(problem, before, WEEKS[1][0], SolveOptions(time_limit=3), fresh=True)
    assert check_plan(problem, after) == []
    assert _in_week(after, 0) == _in_week(before, 0)
    assert after.kpis.visits_served == len(problem.visits)


def test_routes_fall_into_their_weeks(three_weeks):
    problem, before = three_weeks
    calendar = weeks(build_instance(problem))
    grouped = routes_by_week(calendar, before.routes)
    assert [len(g) for g in grouped] == [len(_in_week(before, k)) for k in range(3)]
    assert all(r.date in calendar[k] for k, g in enumerate(grouped) for r in g)


def test_a_week_holds_until_a_rider_is_away(three_weeks):
    problem, before = three_weeks
    calendar = weeks(build_instance(problem))
    routes = routes_by_week(calendar, before.routes)[1]
    assert week_holds(problem, routes, calendar[1])
    rider, day = routes[0].crew[0], routes[0].date
    changed = apply_changes(problem, Changes(consultants_away=(ConsultantAway(consultant=rider, start=day, end=day),)))
    assert not week_holds(changed, routes, calendar[1])


def test_a_week_breaks_when_one_of_its_visits_is_cancelled(three_weeks):
    problem, before = three_weeks
    calendar = weeks(build_instance(problem))
    routes = routes_by_week(calendar, before.routes)[0]
    gone = next(s.visit for r in routes for s in r.stops)
    assert not week_holds(apply_changes(problem, Changes(cancel_visits=(gone,))), routes, calendar[0])
