"""The re-plan benchmark counts what a coordinator would have to tell people."""

from benchmarks.replan import measure
from models.changes import Changes
from routing.locate import resolve_locations
from routing.solver import SolveOptions, solve


def test_counts_the_visits_and_weeks_a_replan_changes(build, make_visit, make_consultant):
    """A plan with its two vans swapped: re-planned from it nothing changes; afresh, the solver's
    own choice of vans moves every visit, and the counts say so."""
    visits = [make_visit(f"V{k}", ("suwon", "cheonan", "daejeon")[k % 3]) for k in range(8)]
    vans = [{"id": "VAN-1", "seats": 10}, {"id": "VAN-2", "seats": 10}]
    people = [make_consultant("C01"), make_consultant("C02")]
    problem = resolve_locations(build(visits, people, vans))
    plan = solve(problem, SolveOptions(time_limit=2))
    other = {"VAN-1": "VAN-2", "VAN-2": "VAN-1"}
    swapped = plan.model_copy(update={"routes": tuple(r.model_copy(update={"van": other[r.van]}) for r in plan.routes)})
    options = SolveOptions(time_limit=2)
    kept = measure(problem, swapped, "nothing", Changes(), options, fresh=False)
    assert (kept.visits_changed, kept.weeks_changed, kept.rider_days_changed, kept.violations) == (0, 0, 0, 0)
    anew = measure(problem, swapped, "nothing", Changes(), options, fresh=True)
    assert anew.visits_changed == anew.served == len(visits) and anew.weeks_changed == 1 and anew.violations == 0
