"""Re-planning keeps the past exactly, and the diff says what moved."""

from datetime import date
from pathlib import Path

import pytest

from models.changes import Changes, ConsultantAway, Variant
from models.io import InputError, load_problem
from routing.check import check_plan
from routing.diff import plan_diff
from routing.locate import resolve_locations
from routing.replan import apply_changes, replan
from routing.solver import SolveOptions, solve
from routing.whatif import apply_variant, comparison_row

EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "contract" / "example-problem.json"


@pytest.fixture(scope="module")
def example():
    if not EXAMPLE.exists():
        pytest.skip("shared example absent")
    problem = resolve_locations(load_problem(EXAMPLE))
    return problem, solve(problem, SolveOptions(time_limit=3))


def test_consultant_falls_ill_mid_horizon(example):
    """C03 ill from 9 March: routes before stay identical, C03 rides no more, the new plan passes the check."""
    problem, before = example
    ill = Changes(consultants_away=(ConsultantAway(consultant="C03", start=date(2027, 3, 9), end=date(2027, 3, 12)),))
    changed = apply_changes(problem, ill)
    after = replan(changed, before, date(2027, 3, 9), SolveOptions(time_limit=3))
    assert check_plan(changed, after) == []
    kept = [r for r in before.routes if r.date < date(2027, 3, 9)]
    assert [r for r in after.routes if r.date < date(2027, 3, 9)] == kept
    assert all("C03" not in r.crew for r in after.routes if r.date >= date(2027, 3, 9))


def test_diff_names_moved_visits_and_consultants(example):
    """The diff lists each visit that changed and each consultant whose days changed."""
    problem, before = example
    ill = Changes(consultants_away=(ConsultantAway(consultant="C03", start=date(2027, 3, 2), end=date(2027, 3, 12)),))
    after = replan(apply_changes(problem, ill), before, date(2027, 3, 2), SolveOptions(time_limit=3))
    diff = plan_diff(before, after)
    c03 = [c for c in diff.consultants if c.consultant == "C03"]
    assert c03 and not c03[0].dates_added and c03[0].dates_removed
    assert {v.visit for v in diff.visits} >= set(c03[0].visits_removed)


def test_cancelling_a_kept_visit_is_refused(example):
    """A visit already done before the freeze date cannot be cancelled."""
    problem, before = example
    done = next(s.visit for r in before.routes if r.date < date(2027, 3, 9) for s in r.stops)
    with pytest.raises(InputError, match="frozen part"):
        replan(
            apply_changes(problem, Changes(cancel_visits=(done,))), before, date(2027, 3, 9), SolveOptions(time_limit=1)
        )


def test_reasons_stay_facts_of_the_whole_problem(example):
    """Frozen from 11 March: Jeju's V010 stays UNREACHABLE and V012 (a weekend) NO_WORKING_DAY, as
    in the plan before; a new request whose dates have passed by the freeze date is CAPACITY, and
    says that the freeze shuts it out (its dates hold working days: NO_WORKING_DAY would be false)."""
    problem, before = example
    late = problem.visits[0].model_copy(
        update={"id": "V900", "earliest_date": date(2027, 3, 2), "latest_date": date(2027, 3, 5), "pinned": None}
    )
    changed = apply_changes(problem, Changes(add_visits=(late,)))
    after = replan(changed, before, date(2027, 3, 11), SolveOptions(time_limit=2))
    reasons = {u.visit: u for u in after.unassigned}
    earlier = {u.visit: u.reason for u in before.unassigned}
    assert {v: reasons[v].reason for v in earlier} == earlier
    assert reasons["V900"].reason == "CAPACITY"
    assert "freeze date 2027-03-11" in reasons["V900"].detail
    assert check_plan(changed, after) == []


def test_a_freeze_date_past_the_horizon_is_refused(example):
    """Freezing after the last day would keep everything and plan nothing: a slip of the year, refused."""
    problem, before = example
    with pytest.raises(InputError, match="freeze_until: 2030-01-01 is after the horizon's last day"):
        replan(problem, before, date(2030, 1, 1), SolveOptions(time_limit=1))


def test_unknown_ids_in_changes_are_named(example):
    """Changes naming unknown visits, consultants or vans are input errors that name them."""
    problem, _ = example
    bad = Changes(
        cancel_visits=("V999",),
        consultants_away=(ConsultantAway(consultant="C99", start=date(2027, 3, 2), end=date(2027, 3, 2)),),
    )
    with pytest.raises(InputError) as error:
        apply_changes(problem, bad)
    assert "V999" in str(error.value) and "C99" in str(error.value)


def test_whatif_variant_is_a_copy(example):
    """A variant with one van and no overnight leaves the scenario untouched and plans within its rules."""
    problem, _ = example
    variant = Variant(name="1 van, day trips", vans=1, overnight_allowed=False, extra_consultants=2)
    changed = apply_variant(problem, variant)
    assert len(problem.vans) == 2 and len(changed.vans) == 1 and len(changed.consultants) == 6
    plan = solve(changed, SolveOptions(time_limit=2))
    assert check_plan(changed, plan) == []
    row = comparison_row(variant, changed, plan)
    assert row["vans"] == 1 and row["visits_served"] == plan.kpis.visits_served
    assert all(r.end.kind == "depot" for r in plan.routes)
