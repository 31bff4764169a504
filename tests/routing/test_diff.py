"""Tests for routing.diff: every consultant with a call to get is listed, and why."""

from routing.diff import plan_diff


def test_a_retimed_or_moved_visit_is_its_consultants_change(example):
    """A stop 30 minutes later, and a route given to the other van: the visits show it, and so
    do the consultants (before, only days and visits gained or lost counted for them)."""
    _, plan = example
    k = next(i for i, r in enumerate(plan.routes) if r.stops)
    route = plan.routes[k]
    stop = route.stops[0]
    later = stop.model_copy(update={"arrival": stop.arrival + 30, "start": stop.start + 30, "end": stop.end + 30})
    other_van = next(r.van for r in plan.routes if r.van != route.van)
    moved = route.model_copy(update={"stops": (later, *route.stops[1:]), "van": other_van})
    after = plan.model_copy(update={"routes": (*plan.routes[:k], moved, *plan.routes[k + 1 :])})
    diff = plan_diff(plan, after)
    assert {c.visit: c.change for c in diff.visits}[stop.visit] == "moved"
    by_person = {c.consultant: c for c in diff.consultants}
    assert set(route.crew) <= set(by_person)
    assert all(by_person[c].dates_changed == [route.date] for c in route.crew)
    assert all(stop.visit in by_person[c].visits_changed for c in stop.consultants)
    assert plan_diff(plan, plan).consultants == []
